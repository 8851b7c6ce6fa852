/**
 * How long RDS keeps automated backups. Source: Amazon RDS API Reference, CreateDBInstance,
 * BackupRetentionPeriod ("Must be a value from 0 to 35"; 0 turns automated backups off). Checked 2026-11-29.
 */
export const MAX_BACKUP_RETENTION_DAYS = 35;
