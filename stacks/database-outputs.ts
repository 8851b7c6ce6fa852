import { Construct } from "constructs";
import { TerraformOutput, Token } from "cdktf";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";

/**
 * Output names: an interface for deployers, who read them with `terraform output` after deploy (renaming one breaks
 * their scripts). No tool here reads them: verify and the review gate find the instance's attributes in the plan.
 */
export const OUTPUT_NAMES = {
  endpoint: "endpoint",
  address: "address",
  port: "port",
  databaseName: "db_name",
  username: "username",
  securityGroupId: "security_group_id",
  connectionUrl: "connection_url",
  masterUserSecretArn: "master_user_secret_arn",
} as const;

export interface DatabaseOutputsProps {
  readonly instance: DbInstance;
  readonly securityGroup: SecurityGroup;
  /** RDS manages the master password: publish the ARN of the secret it keeps (never the secret). */
  readonly rdsManagedPassword: boolean;
}

/**
 * What a deployer and the probe need to reach the database. The connection URL carries no password:
 * the document asks for the connection string to be "documented and secured", so the secret stays in
 * Secrets Manager and only the shape of the URL is published.
 */
export class DatabaseOutputs extends Construct {
  constructor(scope: Construct, id: string, props: DatabaseOutputsProps) {
    super(scope, id);
    const { instance, securityGroup } = props;
    const port = Token.asString(instance.port);
    const outputs: Array<[string, string | number, string]> = [
      [OUTPUT_NAMES.endpoint, instance.endpoint, "host:port of the instance, as RDS reports it"],
      [OUTPUT_NAMES.address, instance.address, "DNS name of the instance"],
      [OUTPUT_NAMES.port, instance.port, "PostgreSQL port"],
      [OUTPUT_NAMES.databaseName, instance.dbName, "Database name"],
      [OUTPUT_NAMES.username, instance.username, "Master user name"],
      [OUTPUT_NAMES.securityGroupId, securityGroup.id, "Security group that admits the application subnet on 5432"],
      [OUTPUT_NAMES.connectionUrl,
        `postgresql://${instance.username}@${instance.address}:${port}/${instance.dbName}`,
        "Connection URL without the password; take the password from Secrets Manager"],
    ];
    if (props.rdsManagedPassword) {
      outputs.push([OUTPUT_NAMES.masterUserSecretArn, instance.masterUserSecret.get(0).secretArn,
        "ARN of the Secrets Manager secret in which RDS keeps and rotates the master password"]);
    }
    for (const [name, value, description] of outputs) {
      new TerraformOutput(this, name, { value, description }).overrideLogicalId(name);
    }
  }
}
