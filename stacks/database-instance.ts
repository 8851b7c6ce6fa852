import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { DbInstance, DbInstanceConfig } from "@cdktf/provider-aws/lib/db-instance";
import { DatabaseSettings } from "../config/database-settings";
import { EXPORTED_LOGS } from "./database-log-groups";

/** How the master password reaches RDS, one of the three password sources. */
export type MasterPassword =
  | { readonly source: "variable"; readonly password: string }
  | { readonly source: "write-only"; readonly password: string; readonly version: number }
  | { readonly source: "rds-managed" };

export interface CheckpointsDatabaseProps {
  readonly settings: DatabaseSettings;
  readonly masterPassword: MasterPassword;
  /** aws_db_subnet_group.checkpoints.name */
  readonly subnetGroupName: string;
  /** aws_security_group.checkpoints_db.id */
  readonly securityGroupId: string;
  /** aws_db_parameter_group.checkpoints.name */
  readonly parameterGroupName: string;
  /** aws_iam_role.monitoring.arn, when enhanced monitoring is on */
  readonly monitoringRoleArn?: string;
  /** The log groups must exist (with their retention) before RDS starts exporting. */
  readonly dependsOn: ITerraformDependable[];
  /** Tags in the document's style (Name, Environment, Terraform). */
  readonly tags: Record<string, string>;
}

function passwordAttributes(master: MasterPassword): Partial<DbInstanceConfig> {
  switch (master.source) {
    case "variable": return { password: master.password };
    case "write-only": return { passwordWo: master.password, passwordWoVersion: master.version };
    case "rds-managed": return { manageMasterUserPassword: true };
  }
}

/**
 * aws_db_instance.checkpoints: the document's instance, attribute for attribute in the document's order,
 * then the hardening its constraints ask for.
 */
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
      ...passwordAttributes(props.masterPassword),

      backupRetentionPeriod: settings.backupRetentionDays,
      backupWindow: settings.backupWindow,

      dbSubnetGroupName: props.subnetGroupName,
      vpcSecurityGroupIds: [props.securityGroupId],
      publiclyAccessible: false,

      maxAllocatedStorage: settings.maxAllocatedStorageGb,
      storageEncrypted: true,
      multiAz: settings.multiAz,

      tags: props.tags,

      // IRREVERSIBLE: the database becomes the source of truth, so nothing is lost by accident.
      deletionProtection: settings.deletionProtection,
      skipFinalSnapshot: !settings.finalSnapshot,
      ...(settings.finalSnapshot ? { finalSnapshotIdentifier: `${settings.identifier}-final` } : {}),
      copyTagsToSnapshot: settings.copyTagsToSnapshot,
      deleteAutomatedBackups: !settings.keepAutomatedBackups,

      // TRACE_REQUIRED: connection logs to CloudWatch, TLS only, metrics.
      parameterGroupName: props.parameterGroupName,
      enabledCloudwatchLogsExports: [...EXPORTED_LOGS],
      performanceInsightsEnabled: true,
      performanceInsightsRetentionPeriod: settings.performanceInsightsRetentionDays,
      ...(settings.performanceInsightsKmsKeyId ? { performanceInsightsKmsKeyId: settings.performanceInsightsKmsKeyId } : {}),
      monitoringInterval: settings.monitoringIntervalSeconds,
      ...(settings.monitoringIntervalSeconds > 0 && props.monitoringRoleArn ? { monitoringRoleArn: props.monitoringRoleArn } : {}),
      iamDatabaseAuthenticationEnabled: settings.iamDatabaseAuthentication,
      caCertIdentifier: settings.caCertIdentifier,
      autoMinorVersionUpgrade: settings.autoMinorVersionUpgrade,
      maintenanceWindow: settings.maintenanceWindow,

      dependsOn: props.dependsOn,
    });
    this.resource.overrideLogicalId("checkpoints");
  }
}
