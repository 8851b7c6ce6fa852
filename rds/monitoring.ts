/**
 * RDS's monitoring settings: Enhanced Monitoring intervals and Performance Insights retention.
 * Sources, checked 2026-11-29: Amazon RDS API Reference, CreateDBInstance, MonitoringInterval ("Valid Values:
 * 0 | 1 | 5 | 10 | 15 | 30 | 60"; 0 turns it off) and PerformanceInsightsRetentionPeriod ("7, month * 31,
 * where month is a number of months from 1-23 ... 731"; 7 is the free tier).
 */
/**
 * The service principal Enhanced Monitoring assumes its role as, and the AWS-managed policy that role needs.
 * Source: Amazon RDS User Guide, "Setting up and enabling Enhanced Monitoring" (USER_Monitoring.OS.Enabling.html).
 */
export const MONITORING_SERVICE_PRINCIPAL = "monitoring.rds.amazonaws.com";
export const MONITORING_MANAGED_POLICY = "service-role/AmazonRDSEnhancedMonitoringRole";

export const MONITORING_INTERVALS: readonly number[] = [0, 1, 5, 10, 15, 30, 60];

export const PERFORMANCE_INSIGHTS_RETENTION_RULE = "7 (the free tier) or a multiple of 31 up to 713, or 731";

export function isPerformanceInsightsRetention(days: number): boolean {
  return days === 7 || days === 731 || (Number.isInteger(days) && days >= 31 && days <= 713 && days % 31 === 0);
}
