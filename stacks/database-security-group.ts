import { Construct } from "constructs";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { POSTGRES_PORT } from "../rds/postgres-port";

export interface DatabaseSecurityGroupProps {
  /** Names the group "<identifier>-sg", as the document does for checkpoints-db. */
  readonly identifier: string;
  /** VPC of the group (var.vpc_id). */
  readonly vpcId: string;
  /** The only source allowed in on 5432 (var.app_subnet_cidr). */
  readonly appSubnetCidr: string;
}

/** aws_security_group.checkpoints_db: PostgreSQL in from the application subnet only, as the document sets it. */
export class DatabaseSecurityGroup extends Construct {
  readonly resource: SecurityGroup;

  constructor(scope: Construct, id: string, props: DatabaseSecurityGroupProps) {
    super(scope, id);
    this.resource = new SecurityGroup(this, "checkpoints_db", {
      name: `${props.identifier}-sg`,
      description: "PostgreSQL access for checkpoint app servers",
      vpcId: props.vpcId,
      ingress: [{
        description: "PostgreSQL from the application subnet (app_subnet_cidr) only",
        fromPort: POSTGRES_PORT,
        toPort: POSTGRES_PORT,
        protocol: "tcp",
        cidrBlocks: [props.appSubnetCidr],
      }],
      egress: [{
        description: "All outbound",
        fromPort: 0,
        toPort: 0,
        protocol: "-1",
        cidrBlocks: ["0.0.0.0/0"],
      }],
    });
    this.resource.overrideLogicalId("checkpoints_db");
  }

  get securityGroupId(): string {
    return this.resource.id;
  }
}
