/**
 * What the plan cannot say and the estimate must assume: usage. Each is a setting with a default,
 * printed with every estimate so a reader can see what the figure rests on.
 */
export interface CostAssumptions {
  /** GB a month the exported logs (postgresql, upgrade) send to CloudWatch, all logs of an instance together.
   * @default 1 (connection logging and statements slower than 1 s on a small service; not measured) */
  readonly exportedLogsGbPerMonth: number;
  /** Size of one enhanced-monitoring event in KB; RDS sends one per interval to CloudWatch Logs (RDSOSMetrics).
   * @default 5 (not measured: read the RDSOSMetrics log group's IncomingBytes to replace it) */
  readonly monitoringEventKb: number;
  /** Backup storage beyond the free allowance (backups up to 100% of the region's provisioned storage are free), GiB.
   * @default 0 (7-day backups of a database smaller than its allocation stay within the allowance) */
  readonly additionalBackupGib: number;
}

export const DEFAULT_ASSUMPTIONS: CostAssumptions = Object.freeze({
  exportedLogsGbPerMonth: 1,
  monitoringEventKb: 5,
  additionalBackupGib: 0,
});

/** The assumptions as report lines. */
export function describeAssumptions(a: CostAssumptions, hoursPerMonth: number, hoursSource: string): string[] {
  return [
    `${hoursPerMonth} hours a month, on-demand, no free tier or discounts (${hoursSource})`,
    `exported logs: ${a.exportedLogsGbPerMonth} GB a month ingested into CloudWatch (--logs-gb); stored size taken as ingested (CloudWatch bills it compressed, so an upper bound)`,
    `enhanced monitoring: ${a.monitoringEventKb} KB per event, one event per interval (--monitoring-event-kb); its 30-day log storage is not counted`,
    `backup storage beyond the free allowance: ${a.additionalBackupGib} GiB (--backup-gb); backups up to 100% of the region's provisioned storage are free`,
    "not counted: snapshots you take by hand, CloudWatch alarms and dashboards (what else is not priced is listed with its reason)",
  ];
}
