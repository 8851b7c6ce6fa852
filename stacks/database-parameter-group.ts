import { Construct } from "constructs";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DatabaseSettings } from "../config/database-settings";
import { postgresParameterGroupFamily } from "../rds/postgres-engine-versions";

export interface DatabaseParameterGroupProps {
  readonly settings: DatabaseSettings;
  readonly tags: Record<string, string>;
}

/**
 * aws_db_parameter_group.checkpoints: TRACE_REQUIRED (log every connection and disconnection, and slow
 * statements) and TLS only (rds.force_ssl=1). A name prefix with create_before_destroy lets a major
 * upgrade bring a new family's group in before the old one goes.
 */
export class DatabaseParameterGroup extends Construct {
  readonly resource: DbParameterGroup;

  constructor(scope: Construct, id: string, props: DatabaseParameterGroupProps) {
    super(scope, id);
    const { settings } = props;
    this.resource = new DbParameterGroup(this, "checkpoints", {
      namePrefix: `${settings.identifier}-`,
      family: postgresParameterGroupFamily(settings.engineVersion),
      description: `checkpoints PostgreSQL: connection logging, slow statements, TLS only (${settings.environment})`,
      parameter: [
        { name: "log_connections", value: "1" },
        { name: "log_disconnections", value: "1" },
        { name: "log_min_duration_statement", value: String(settings.logMinDurationStatementMs) },
        { name: "rds.force_ssl", value: "1" },
      ],
      tags: props.tags,
      lifecycle: { createBeforeDestroy: true },
    });
    this.resource.overrideLogicalId("checkpoints");
  }
}
