import { Construct } from "constructs";
import { LocalBackend, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DatabaseSettings, standardTags } from "../config/database-settings";
import { DatabaseInputs } from "./database-inputs";
import { DatabaseSecurityGroup } from "./database-security-group";
import { DatabaseSubnetGroup } from "./database-subnet-group";
import { CheckpointsDatabase } from "./database-instance";
import { DatabaseOutputs } from "./database-outputs";

/** Stack name of the production database; the synthesized plan lands in cdktf.out/stacks/<name>. */
export const PRODUCTION_STACK_NAME = "checkpoints-db";

export interface CheckpointsDbStackProps {
  readonly settings: DatabaseSettings;
}

/**
 * Path of the local state, relative to the stack's working directory (cdktf.out/stacks/<stack>): the
 * project root, where cdktf keeps it by default. Relative, because cdktf's default is an absolute path
 * and would make the JSON (and its snapshot) differ from machine to machine.
 */
export function localStatePath(stackName: string): string {
  return `../../../terraform.${stackName}.tfstate`;
}

/** The checkpoints PostgreSQL on RDS, its security group and subnet group: the design document's plan. */
export class CheckpointsDbStack extends TerraformStack {
  readonly inputs: DatabaseInputs;
  readonly securityGroup: DatabaseSecurityGroup;
  readonly subnetGroup: DatabaseSubnetGroup;
  readonly database: CheckpointsDatabase;

  constructor(scope: Construct, name: string, props: CheckpointsDbStackProps) {
    super(scope, name);
    const { settings } = props;

    new AwsProvider(this, "aws", { region: settings.region });
    new LocalBackend(this, { path: localStatePath(name) });

    this.inputs = new DatabaseInputs(this, "inputs");
    this.securityGroup = new DatabaseSecurityGroup(this, "security-group", {
      identifier: settings.identifier,
      vpcId: this.inputs.vpcId.stringValue,
      appSubnetCidr: this.inputs.appSubnetCidr.stringValue,
    });
    this.subnetGroup = new DatabaseSubnetGroup(this, "subnet-group", {
      identifier: settings.identifier,
      subnetIds: this.inputs.dbSubnetIds.listValue,
      tags: standardTags(settings, settings.identifier),
    });
    this.database = new CheckpointsDatabase(this, "database", {
      settings,
      password: this.inputs.dbPassword.stringValue,
      subnetGroupName: this.subnetGroup.subnetGroupName,
      securityGroupId: this.securityGroup.securityGroupId,
      tags: standardTags(settings, settings.identifier),
    });
    new DatabaseOutputs(this, "outputs", {
      instance: this.database.resource,
      securityGroup: this.securityGroup.resource,
    });
  }
}
