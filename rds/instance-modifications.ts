/**
 * When RDS applies a change to a DB instance setting, and what the database feels while it does.
 *
 * Source: Amazon RDS User Guide, "Settings for DB instances" (USER_ModifyInstance.Settings.html, the
 * "When the change occurs" and "Downtime notes" columns) and "Modifying an Amazon RDS DB instance"
 * (Overview.DBInstance.Modifying.html), read 2026-11-29. Keys are the aws_db_instance argument names of
 * the hashicorp/aws provider, whose `apply_immediately` defaults to false: RDS then defers what it may
 * defer to the next maintenance window.
 */

/**
 * deferred: next maintenance window unless apply_immediately; immediate: RDS ignores apply_immediately;
 * with-engine-version: sent to RDS only inside the request that changes engine_version (alone it sends nothing).
 */
export type ModificationTiming = "deferred" | "immediate" | "with-engine-version" | "not-sent-to-rds";

/**
 * none: no interruption; reboot: the instance restarts (an outage of minutes); class-change: an outage on
 * Single-AZ, a failover to the standby on Multi-AZ (connections drop, typically 60-120 seconds).
 */
export type ModificationDowntime = "none" | "reboot" | "class-change";

export interface InstanceModification {
  readonly timing: ModificationTiming;
  readonly downtime: ModificationDowntime;
  /** What a reviewer should know beyond timing and downtime. */
  readonly note?: string;
}

export const INSTANCE_MODIFICATIONS: Readonly<Record<string, InstanceModification>> = {
  allocated_storage: { timing: "deferred", downtime: "none", note: "storage optimization follows; performance may degrade while it runs" },
  auto_minor_version_upgrade: { timing: "immediate", downtime: "none" },
  backup_retention_period: { timing: "immediate", downtime: "none", note: "an outage occurs if it changes from 0 to non-zero or from non-zero to 0" },
  backup_window: { timing: "immediate", downtime: "none" },
  ca_cert_identifier: { timing: "deferred", downtime: "reboot", note: "RDS restarts the instance unless the engine version rotates certificates without a restart; clients must trust the new CA" },
  copy_tags_to_snapshot: { timing: "immediate", downtime: "none" },
  db_subnet_group_name: { timing: "deferred", downtime: "reboot", note: "moving the instance to another subnet group causes an outage" },
  deletion_protection: { timing: "immediate", downtime: "none" },
  enabled_cloudwatch_logs_exports: { timing: "immediate", downtime: "none" },
  engine_version: { timing: "deferred", downtime: "reboot", note: "an engine upgrade restarts the instance (both the primary and the standby on Multi-AZ)" },
  iam_database_authentication_enabled: { timing: "immediate", downtime: "none" },
  // RDS API reference, ModifyDBInstance NewDBInstanceIdentifier (@aws-sdk/client-rds 3.1169.0): "an instance reboot occurs
  // immediately if you enable ApplyImmediately, or will occur during the next maintenance window".
  identifier: { timing: "deferred", downtime: "reboot", note: "renaming the instance changes its endpoint's DNS name: app servers must use the new one" },
  instance_class: { timing: "deferred", downtime: "class-change" },
  iops: { timing: "deferred", downtime: "none" },
  maintenance_window: { timing: "immediate", downtime: "none", note: "pending restarts apply at once if the new window includes the current time" },
  manage_master_user_password: { timing: "immediate", downtime: "none", note: "the master password changes: clients must read the new secret" },
  max_allocated_storage: { timing: "immediate", downtime: "none" },
  monitoring_interval: { timing: "immediate", downtime: "none" },
  monitoring_role_arn: { timing: "immediate", downtime: "none" },
  multi_az: { timing: "deferred", downtime: "none", note: "a standby is created or removed; performance is affected while it syncs" },
  parameter_group_name: { timing: "immediate", downtime: "reboot", note: "the new group's parameters take effect only after a reboot, which RDS does not schedule" },
  password: { timing: "immediate", downtime: "none", note: "the master password changes: clients must use the new one" },
  password_wo_version: { timing: "immediate", downtime: "none", note: "the master password changes: clients must use the new one" },
  performance_insights_enabled: { timing: "immediate", downtime: "none" },
  performance_insights_retention_period: { timing: "immediate", downtime: "none" },
  performance_insights_kms_key_id: { timing: "immediate", downtime: "none", note: "once set, the key cannot be changed (RDS refuses the modification)" },
  port: { timing: "immediate", downtime: "reboot", note: "the instance restarts at once and clients must use the new port" },
  publicly_accessible: { timing: "immediate", downtime: "none", note: "who can reach the endpoint changes at once" },
  storage_throughput: { timing: "deferred", downtime: "none" },
  storage_type: { timing: "deferred", downtime: "none", note: "an outage occurs when changing from magnetic (standard) storage" },
  // RDS API Reference, ModifyDBInstance OptionGroupName (as @aws-sdk/client-rds 3.1169.0 carries it): no outage;
  // "applied during the next maintenance window unless the ApplyImmediately parameter is enabled".
  option_group_name: { timing: "deferred", downtime: "none", note: "permanent options cannot be removed once associated" },
  vpc_security_group_ids: { timing: "immediate", downtime: "none", note: "which clients may connect changes at once" },
  // The provider sends AllowMajorVersionUpgrade with every engine_version change, and never alone ("Having
  // allowing_major_version_upgrade by itself should not trigger ModifyDBInstance"): v6.25.0 resourceInstanceUpdate,
  // lonegunmanb/terraform-provider-aws-index@v6.25.0 index/internal/service/rds/func.resourceInstanceUpdate.goindex:70-79, 255-257.
  // RDS refuses a major upgrade without it (rds/engine-version-change.ts).
  allow_major_version_upgrade: { timing: "with-engine-version", downtime: "none", note: "RDS reads it with an engine_version change: a major version upgrade is refused without it" },
  // Read by Terraform at delete or apply time only: nothing is sent to the running instance.
  apply_immediately: { timing: "not-sent-to-rds", downtime: "none", note: "makes deferred changes apply at once" },
  delete_automated_backups: { timing: "not-sent-to-rds", downtime: "none", note: "used when the instance is deleted" },
  final_snapshot_identifier: { timing: "not-sent-to-rds", downtime: "none", note: "used when the instance is deleted" },
  skip_final_snapshot: { timing: "not-sent-to-rds", downtime: "none", note: "used when the instance is deleted" },
  tags: { timing: "immediate", downtime: "none", note: "tags only" },
};
