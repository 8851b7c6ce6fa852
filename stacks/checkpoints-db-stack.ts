import { Construct } from "constructs";
import { LocalBackend, S3Backend, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DatabaseSettings, StateBackendSettings, standardTags } from "../config/database-settings";
import { DatabaseInputs } from "./database-inputs";
import { DatabaseSecurityGroup } from "./database-security-group";
import { DatabaseSubnetGroup } from "./database-subnet-group";
import { DatabaseParameterGroup } from "./database-parameter-group";
import { DatabaseLogGroups } from "./database-log-groups";
import { DatabaseMonitoringRole } from "./database-monitoring-role";
import { CheckpointsDatabase, MasterPassword } from "./database-instance";
import { DatabaseOutputs } from "./database-outputs";
import { applyExtraTags } from "./extra-tags";

/** Stack name of the production database; the synthesized plan lands in cdktf.out/stacks/<name>. */
export const PRODUCTION_STACK_NAME = "checkpoints-db";

export interface CheckpointsDbStackProps {
  readonly settings: DatabaseSettings;
  /** @default local state */
  readonly stateBackend?: StateBackendSettings;
}

/**
 * Path of the local state, relative to the stack's working directory (cdktf.out/stacks/<stack>): the
 * project root, where cdktf keeps it by default. Relative, because cdktf's default is an absolute path
 * and would make the JSON (and its snapshot) differ from machine to machine.
 */
export function localStatePath(stackName: string): string {
  return `../../../terraform.${stackName}.tfstate`;
}

function configureBackend(stack: TerraformStack, name: string, backend: StateBackendSettings): void {
  if (backend.type === "local") {
    new LocalBackend(stack, { path: localStatePath(name) });
    return;
  }
  const s3 = new S3Backend(stack, {
    bucket: backend.bucket,
    key: `${backend.keyPrefix}${name}/terraform.tfstate`,
    region: backend.region,
    encrypt: true,
    ...(backend.kmsKeyId ? { kmsKeyId: backend.kmsKeyId } : {}),
  });
  // S3-native state locking (Terraform 1.10+); cdktf 0.21's S3Backend has no field for it yet.
  s3.addOverride("use_lockfile", true);
}

/** The checkpoints PostgreSQL on RDS: the design document's plan, hardened as its constraints ask. */
export class CheckpointsDbStack extends TerraformStack {
  readonly inputs: DatabaseInputs;
  readonly securityGroup: DatabaseSecurityGroup;
  readonly subnetGroup: DatabaseSubnetGroup;
  readonly database: CheckpointsDatabase;

  constructor(scope: Construct, name: string, props: CheckpointsDbStackProps) {
    super(scope, name);
    const { settings } = props;
    const tags = (resourceName: string) => standardTags(settings, resourceName);

    new AwsProvider(this, "aws", { region: settings.region });
    configureBackend(this, name, props.stateBackend ?? { type: "local" });

    this.inputs = new DatabaseInputs(this, "inputs", settings.passwordSource);
    this.securityGroup = new DatabaseSecurityGroup(this, "security-group", {
      identifier: settings.identifier,
      vpcId: this.inputs.vpcId.stringValue,
      appSubnetCidr: this.inputs.appSubnetCidr.stringValue,
    });
    this.subnetGroup = new DatabaseSubnetGroup(this, "subnet-group", {
      identifier: settings.identifier,
      subnetIds: this.inputs.dbSubnetIds.listValue,
      tags: tags(settings.identifier),
    });
    const parameterGroup = new DatabaseParameterGroup(this, "parameter-group", { settings, tags: tags(settings.identifier) });
    const logGroups = new DatabaseLogGroups(this, "log-groups", { settings, tags: tags(settings.identifier) });
    const monitoring = settings.monitoringIntervalSeconds > 0
      ? new DatabaseMonitoringRole(this, "monitoring", { identifier: settings.identifier, tags: tags(`${settings.identifier}-monitoring`) })
      : undefined;

    this.database = new CheckpointsDatabase(this, "database", {
      settings,
      masterPassword: this.masterPassword(settings),
      subnetGroupName: this.subnetGroup.subnetGroupName,
      securityGroupId: this.securityGroup.securityGroupId,
      parameterGroupName: parameterGroup.resource.name,
      monitoringRoleArn: monitoring?.role.arn,
      dependsOn: logGroups.groups,
      tags: tags(settings.identifier),
    });
    applyExtraTags(this, settings.extraTags);
    new DatabaseOutputs(this, "outputs", {
      instance: this.database.resource,
      securityGroup: this.securityGroup.resource,
      rdsManagedPassword: settings.passwordSource === "rds-managed",
    });
  }

  private masterPassword(settings: DatabaseSettings): MasterPassword {
    const { dbPassword, dbPasswordVersion } = this.inputs;
    if (settings.passwordSource === "rds-managed" || !dbPassword) return { source: "rds-managed" };
    if (settings.passwordSource === "write-only" && dbPasswordVersion) {
      return { source: "write-only", password: dbPassword.stringValue, version: dbPasswordVersion.numberValue };
    }
    return { source: "variable", password: dbPassword.stringValue };
  }
}
