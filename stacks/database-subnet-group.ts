import { Construct } from "constructs";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";

export interface DatabaseSubnetGroupProps {
  /** Names the group "<identifier>-subnets". */
  readonly identifier: string;
  /** Private subnets of the database (var.db_subnet_ids). */
  readonly subnetIds: string[];
  /** Tags in the document's style (Name, Environment, Terraform); Name is set here. */
  readonly tags: Record<string, string>;
}

/**
 * aws_db_subnet_group.checkpoints: the document references it (db_subnet_group_name) but never defines it.
 * It spans the database's private subnets, so the instance gets no public address and Multi-AZ has a
 * second zone to place the standby in.
 */
export class DatabaseSubnetGroup extends Construct {
  readonly resource: DbSubnetGroup;

  constructor(scope: Construct, id: string, props: DatabaseSubnetGroupProps) {
    super(scope, id);
    const name = `${props.identifier}-subnets`;
    this.resource = new DbSubnetGroup(this, "checkpoints", {
      name,
      description: "Private subnets of the checkpoints PostgreSQL instance",
      subnetIds: props.subnetIds,
      tags: { ...props.tags, Name: name },
    });
    this.resource.overrideLogicalId("checkpoints");
  }

  get subnetGroupName(): string {
    return this.resource.name;
  }
}
