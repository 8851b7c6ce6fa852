import { Construct } from "constructs";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DatabaseSettings } from "../config/database-settings";

export interface CheckpointsDatabaseProps {
  readonly settings: DatabaseSettings;
  /** Master password reference (var.db_password); never a literal. */
  readonly password: string;
  /** aws_db_subnet_group.checkpoints.name */
  readonly subnetGroupName: string;
  /** aws_security_group.checkpoints_db.id */
  readonly securityGroupId: string;
  /** Tags in the document's style (Name, Environment, Terraform). */
  readonly tags: Record<string, string>;
}

/** aws_db_instance.checkpoints: the document's instance, attribute for attribute, in the document's order. */
export class CheckpointsDatabase extends Construct {
  readonly resource: DbInstance;

  constructor(scope: Construct, id: string, props: CheckpointsDatabaseProps) {
    super(scope, id);
    const { settings } = props;
    this.resource = new DbInstance(this, "checkpoints", {
      identifier: settings.identifier,
      engine: "postgres",
      engineVersion: settings.engineVersion,
      instanceClass: settings.instanceClass,
      allocatedStorage: settings.allocatedStorageGb,
      storageType: settings.storageType,

      dbName: settings.databaseName,
      username: settings.masterUsername,
      password: props.password,

      backupRetentionPeriod: settings.backupRetentionDays,
      backupWindow: settings.backupWindow,

      dbSubnetGroupName: props.subnetGroupName,
      vpcSecurityGroupIds: [props.securityGroupId],
      publiclyAccessible: false,

      maxAllocatedStorage: settings.maxAllocatedStorageGb,
      storageEncrypted: true,
      multiAz: settings.multiAz,

      tags: props.tags,
    });
    this.resource.overrideLogicalId("checkpoints");
  }
}
