import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { MONITORING_MANAGED_POLICY, MONITORING_SERVICE_PRINCIPAL } from "../rds/monitoring";

export interface DatabaseMonitoringRoleProps {
  /** Names the role "<identifier>-monitoring". */
  readonly identifier: string;
  readonly tags: Record<string, string>;
}

/** aws_iam_role.monitoring: what enhanced monitoring assumes to publish OS metrics to CloudWatch. */
export class DatabaseMonitoringRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: DatabaseMonitoringRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, "monitoring", {
      name: `${props.identifier}-monitoring`,
      description: "RDS enhanced monitoring for the checkpoints database",
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: MONITORING_SERVICE_PRINCIPAL }, Action: "sts:AssumeRole" }],
      }),
      tags: props.tags,
    });
    this.role.overrideLogicalId("monitoring");
    // The partition (aws, aws-us-gov, aws-cn) comes from the account, so the ARN holds in every one.
    const partition = new DataAwsPartition(this, "current");
    partition.overrideLogicalId("current");
    const attachment = new IamRolePolicyAttachment(this, "monitoring-policy", {
      role: this.role.name,
      policyArn: `arn:${partition.partition}:iam::aws:policy/${MONITORING_MANAGED_POLICY}`,
    });
    attachment.overrideLogicalId("monitoring");
  }
}
