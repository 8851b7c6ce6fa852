/**
 * What the AWS provider does with a change to each argument of the resource types in our plans:
 * ForceNew (Terraform destroys and recreates the resource) or an in-place update.
 *
 * The pinned @cdktf/provider-aws 21.22.1 wraps hashicorp/aws 6.25.0 (its README's first line). The
 * schemas were read from github.com/hashicorp/terraform-provider-aws with the search tools on 2026-11-29;
 * the 6.25.0 tag itself was not in the store, so each type names the commit actually read and what was
 * checked against the CHANGELOG for the versions in between.
 */
export interface ResourceSchemaFacts {
  /** Source file and commit read. */
  readonly source: string;
  /** Arguments with ForceNew: true (dotted paths for nested blocks). */
  readonly forceNew: ReadonlySet<string>;
  /** Arguments known to update in place (everything else in the schema is "effect unknown"). */
  readonly inPlace: ReadonlySet<string>;
  /** Schema-sensitive arguments: their values are never shown. */
  readonly sensitive: ReadonlySet<string>;
}

const set = (...names: string[]): ReadonlySet<string> => new Set(names);

export const PROVIDER_SCHEMAS: Readonly<Record<string, ResourceSchemaFacts>> = {
  aws_db_instance: {
    source: "internal/service/rds/instance.go @552c04685ba292dfddee527549fd43a1fd5db195 (SDKv2 schema); " +
      "CHANGELOG 5.0.0 (#31232): identifier and identifier_prefix no longer force replacement",
    forceNew: set("availability_zone", "character_set_name", "custom_iam_instance_profile", "db_name", "engine",
      "kms_key_id", "name", "nchar_character_set_name", "restore_to_point_in_time", "s3_import", "snapshot_identifier",
      "storage_encrypted", "timezone", "username"),
    inPlace: set("allocated_storage", "allow_major_version_upgrade", "apply_immediately", "auto_minor_version_upgrade",
      "backup_retention_period", "backup_window", "ca_cert_identifier", "copy_tags_to_snapshot", "db_subnet_group_name",
      "delete_automated_backups", "deletion_protection", "enabled_cloudwatch_logs_exports", "engine_version",
      "final_snapshot_identifier", "iam_database_authentication_enabled", "identifier", "instance_class", "iops",
      "maintenance_window", "manage_master_user_password", "max_allocated_storage", "monitoring_interval",
      "monitoring_role_arn", "multi_az", "parameter_group_name", "password", "password_wo_version",
      "performance_insights_enabled", "performance_insights_kms_key_id", "performance_insights_retention_period", "port", "publicly_accessible",
      "skip_final_snapshot", "storage_throughput", "storage_type", "tags", "vpc_security_group_ids"),
    sensitive: set("password", "password_wo"),
  },
  aws_security_group: {
    source: "internal/service/ec2/vpc_security_group.go @01606926a0c0ab9174aec440f976a48b0baee722 (6.x: preIdentityVersion v6.7.0)",
    forceNew: set("description", "name", "name_prefix", "vpc_id"),
    inPlace: set("egress", "ingress", "revoke_rules_on_delete", "tags"),
    sensitive: set(),
  },
  aws_db_subnet_group: {
    source: "internal/service/rds/subnet_group.go @01c08000ddb14181b5bd19201d8fca311dc570e4, and its aws-sdk-go-v2 (names.Attr*) version in the store: " +
      "name and name_prefix ForceNew; description and subnet_ids through ModifyDBSubnetGroup",
    forceNew: set("name", "name_prefix"),
    inPlace: set("description", "subnet_ids", "tags"),
    sensitive: set(),
  },
  aws_db_parameter_group: {
    source: "internal/service/rds/parameter_group.go @01606926a0c0ab9174aec440f976a48b0baee722 (6.x)",
    forceNew: set("description", "family", "name", "name_prefix"),
    inPlace: set("parameter", "skip_destroy", "tags"),
    sensitive: set(),
  },
  aws_cloudwatch_log_group: {
    source: "internal/service/logs/group.go @0073593e7d6993ba482409f4dc35438daaa79bb3 (6.x: preIdentityVersion v6.7.0)",
    forceNew: set("log_group_class", "name", "name_prefix"),
    inPlace: set("kms_key_id", "retention_in_days", "skip_destroy", "tags"),
    sensitive: set(),
  },
  aws_iam_role: {
    source: "internal/service/iam/role.go (store's versions: name, name_prefix and path ForceNew in every one)",
    forceNew: set("name", "name_prefix", "path"),
    inPlace: set("assume_role_policy", "description", "force_detach_policies", "inline_policy", "managed_policy_arns",
      "max_session_duration", "permissions_boundary", "tags"),
    sensitive: set(),
  },
  // A customer key the instance may name in kms_key_id (issue 21): replacing it replaces the database.
  aws_kms_key: {
    source: "lonegunmanb/terraform-provider-aws-index@v6.25.0 index/internal/service/kms/func.resourceKey.goindex " +
      "(resourceKey schema, word for word): ForceNew custom_key_store_id, customer_master_key_spec, key_usage, multi_region, xks_key_id; " +
      "region ForceNew on every regional resource since 6.0",
    forceNew: set("custom_key_store_id", "customer_master_key_spec", "key_usage", "multi_region", "region", "xks_key_id"),
    inPlace: set("bypass_policy_lockout_safety_check", "deletion_window_in_days", "description", "enable_key_rotation", "is_enabled",
      "policy", "rotation_period_in_days", "tags"),
    sensitive: set(),
  },
  aws_iam_role_policy_attachment: {
    source: "internal/service/iam/role_policy_attachment.go: role and policy_arn are Required and ForceNew; no update function",
    forceNew: set("policy_arn", "role"),
    inPlace: set(),
    sensitive: set(),
  },
};

/** The provider's verdict on changing one top-level argument. */
export type SchemaVerdict = "force-new" | "in-place" | "unknown";

/** A table's own entry: never one inherited from Object ("constructor", "toString"...). */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

export function schemaVerdict(type: string, attribute: string): SchemaVerdict {
  const facts = ownEntry(PROVIDER_SCHEMAS, type);
  if (!facts) return "unknown";
  if (facts.forceNew.has(attribute)) return "force-new";
  return facts.inPlace.has(attribute) ? "in-place" : "unknown";
}

export function isSensitiveAttribute(type: string, attribute: string): boolean {
  return ownEntry(PROVIDER_SCHEMAS, type)?.sensitive.has(attribute) ?? false;
}

/** Resources whose data is lost with them: replacing or deleting one is an error finding. */
export const STATEFUL_TYPES: ReadonlySet<string> = set("aws_db_instance", "aws_cloudwatch_log_group");
