import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DatabaseSettings } from "../config/database-settings";
import { POSTGRES_EXPORTABLE_LOGS, rdsLogGroupName } from "../rds/cloudwatch-logs";

/** The logs RDS exports to CloudWatch: the server log (connections, slow statements) and upgrades. */
export const EXPORTED_LOGS = POSTGRES_EXPORTABLE_LOGS;

export interface DatabaseLogGroupsProps {
  readonly settings: DatabaseSettings;
  readonly tags: Record<string, string>;
}

/**
 * aws_cloudwatch_log_group.postgresql and .upgrade, created by the stack with a retention before the
 * instance exports to them: left to RDS, they would be created with no retention and grow forever
 * (RESIDUE_FREE), and outside Terraform's view.
 */
export class DatabaseLogGroups extends Construct {
  readonly groups: CloudwatchLogGroup[];

  constructor(scope: Construct, id: string, props: DatabaseLogGroupsProps) {
    super(scope, id);
    this.groups = EXPORTED_LOGS.map((log) => {
      const group = new CloudwatchLogGroup(this, log, {
        name: rdsLogGroupName(props.settings.identifier, log),
        retentionInDays: props.settings.logRetentionDays,
        tags: props.tags,
      });
      group.overrideLogicalId(log);
      return group;
    });
  }
}
