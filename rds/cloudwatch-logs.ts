/**
 * Where RDS for PostgreSQL exports its logs, and how long CloudWatch Logs can keep them.
 * Sources, checked 2026-11-29:
 * - Amazon RDS User Guide, "Publishing PostgreSQL logs to Amazon CloudWatch Logs"
 *   (USER_LogAccess.Concepts.PostgreSQL.html#USER_LogAccess.Concepts.PostgreSQL.PublishtoCloudWatchLogs):
 *   the exportable logs are "postgresql" and "upgrade"; RDS writes to /aws/rds/instance/<identifier>/<log>.
 * - Amazon CloudWatch Logs API Reference, PutRetentionPolicy, retentionInDays ("Possible values are: 1, 3,
 *   5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, and 3653").
 */
export const POSTGRES_EXPORTABLE_LOGS = ["postgresql", "upgrade"] as const;
export type PostgresExportableLog = (typeof POSTGRES_EXPORTABLE_LOGS)[number];

export const LOG_RETENTION_DAYS: readonly number[] = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
  1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** The log group RDS exports an instance's log to. */
export function rdsLogGroupName(identifier: string, log: string): string {
  return `/aws/rds/instance/${identifier}/${log}`;
}
