import { isRegion } from "../cli/value-parsers";
import { DatabaseSettings, PASSWORD_SOURCES, STORAGE_TYPES } from "./database-settings";
import { creatablePostgresVersions, isCreatablePostgresVersion } from "../rds/postgres-engine-versions";
import { GP3_STORAGE, POSTGRES_STORAGE_GB, PROVISIONED_IOPS_STORAGE } from "../rds/postgres-storage";
import { INSTANCE_IDENTIFIER_RULE, isInstanceIdentifier } from "../rds/instance-identifier";
import { DATABASE_NAME_RULE, isDatabaseName, isMasterUsername, MASTER_USERNAME_RULE } from "../rds/postgres-names";
import { isBackupWindow, isMaintenanceWindow } from "../rds/windows";
import { LOG_RETENTION_DAYS } from "../rds/cloudwatch-logs";
import { isPerformanceInsightsRetention, MONITORING_INTERVALS, PERFORMANCE_INSIGHTS_RETENTION_RULE } from "../rds/monitoring";
import { CURRENT_CA_CERTIFICATES } from "../rds/ca-certificates";
import { MAX_BACKUP_RETENTION_DAYS } from "../rds/backup-retention";
import { isInstanceClassName } from "../rds/instance-classes";
import { POSTGRES_MAX_BACKENDS } from "../rds/max-connections";

/** How a raw value (JSON from cdktf.json, or an environment variable's text) is read. */
export type FieldKind = "string" | "integer" | "boolean" | "tags";

/**
 * One configurable field: where it can be set, and what is accepted. The same table drives parsing,
 * validation messages and the README's configuration table, so the three cannot disagree.
 */
export interface SettingsField {
  readonly name: keyof DatabaseSettings;
  readonly kind: FieldKind;
  /**
   * Environment variable that overrides cdktf.json, for every environment ("CHECKPOINTS_REGION"), or
   * "CHECKPOINTS_<ENV>_..." for a field that may only be set per environment (an identifier names one instance).
   * Every field can also be set for one environment: CHECKPOINTS_<ENV>_<FIELD>.
   */
  readonly envVar: string;
  /** What is accepted, in words a user can act on. */
  readonly accepted: string;
  /** True when the (already well-typed) value is acceptable on its own. */
  readonly isValid: (value: never) => boolean;
}

export const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,31}$/;
const MAX_STORAGE_GB = POSTGRES_STORAGE_GB.max;

const isWholeNumber = (v: number, min: number, max: number) => Number.isInteger(v) && v >= min && v <= max;

/** Kept for callers of the configuration's exports; the facts live in rds/. */
export { windowMinutes, weeklyWindow, windowsOverlap } from "../rds/windows";
export { CURRENT_CA_CERTIFICATES };

/** The field's part of its variables' names: "INSTANCE_CLASS" for CHECKPOINTS_INSTANCE_CLASS. */
export function variableSuffix(field: SettingsField): string {
  return field.envVar.replace(/^CHECKPOINTS_(<ENV>_)?/, "");
}

/** True for a field set per environment only (no CHECKPOINTS_<FIELD> for all of them). */
export function perEnvironmentOnly(field: SettingsField): boolean {
  return field.envVar.startsWith("CHECKPOINTS_<ENV>_");
}

export const SETTINGS_FIELDS: readonly SettingsField[] = [
  {
    name: "region", kind: "string", envVar: "CHECKPOINTS_REGION",
    accepted: "an AWS region code such as us-east-1 or eu-west-2",
    isValid: (v: string) => isRegion(v),
  },
  {
    name: "identifier", kind: "string", envVar: "CHECKPOINTS_<ENV>_IDENTIFIER",
    accepted: `an RDS identifier: ${INSTANCE_IDENTIFIER_RULE}`,
    isValid: (v: string) => isInstanceIdentifier(v),
  },
  {
    name: "engineVersion", kind: "string", envVar: "CHECKPOINTS_ENGINE_VERSION",
    accepted: `a PostgreSQL version RDS creates (not the document's retired 15.4): ${creatablePostgresVersions()}; ` +
      "for example 15 or 15.15",
    isValid: (v: string) => isCreatablePostgresVersion(v),
  },
  {
    name: "instanceClass", kind: "string", envVar: "CHECKPOINTS_INSTANCE_CLASS",
    accepted: "an RDS instance class, db.FAMILY.SIZE (for example db.t4g.small or db.m7g.large)",
    isValid: (v: string) => isInstanceClassName(v),
  },
  {
    name: "allocatedStorageGb", kind: "integer", envVar: "CHECKPOINTS_ALLOCATED_STORAGE_GB",
    accepted: `a whole number of GiB from ${POSTGRES_STORAGE_GB.min} (the RDS minimum for PostgreSQL) to ${MAX_STORAGE_GB}`,
    isValid: (v: number) => isWholeNumber(v, POSTGRES_STORAGE_GB.min, MAX_STORAGE_GB),
  },
  {
    name: "maxAllocatedStorageGb", kind: "integer", envVar: "CHECKPOINTS_MAX_ALLOCATED_STORAGE_GB",
    accepted: `0 (autoscaling off) or a whole number of GiB from allocatedStorageGb to ${MAX_STORAGE_GB}`,
    isValid: (v: number) => isWholeNumber(v, 0, MAX_STORAGE_GB),
  },
  {
    name: "storageType", kind: "string", envVar: "CHECKPOINTS_STORAGE_TYPE",
    accepted: `one of ${STORAGE_TYPES.join(", ")}`,
    isValid: (v: string) => (STORAGE_TYPES as readonly string[]).includes(v),
  },
  {
    name: "iops", kind: "integer", envVar: "CHECKPOINTS_IOPS",
    accepted: `0 (not set) or a whole number of Provisioned IOPS from ${PROVISIONED_IOPS_STORAGE.iops.min} to ` +
      `${PROVISIONED_IOPS_STORAGE.iops.max} (io1, io2; gp3 from ${GP3_STORAGE.provisionableFromGb} GiB: ` +
      `${GP3_STORAGE.iops.min} to ${GP3_STORAGE.iops.max})`,
    isValid: (v: number) => v === 0 || isWholeNumber(v, PROVISIONED_IOPS_STORAGE.iops.min, PROVISIONED_IOPS_STORAGE.iops.max),
  },
  {
    name: "storageThroughput", kind: "integer", envVar: "CHECKPOINTS_STORAGE_THROUGHPUT",
    accepted: `0 (not set) or a whole number of MiBps from ${GP3_STORAGE.throughputMibps.min} to ` +
      `${GP3_STORAGE.throughputMibps.max} (gp3 from ${GP3_STORAGE.provisionableFromGb} GiB only)`,
    isValid: (v: number) => v === 0 || isWholeNumber(v, GP3_STORAGE.throughputMibps.min, GP3_STORAGE.throughputMibps.max),
  },
  {
    name: "backupRetentionDays", kind: "integer", envVar: "CHECKPOINTS_BACKUP_RETENTION_DAYS",
    accepted: `a whole number of days from 7 (the design document's minimum) to ${MAX_BACKUP_RETENTION_DAYS} (the RDS maximum)`,
    isValid: (v: number) => isWholeNumber(v, 7, MAX_BACKUP_RETENTION_DAYS),
  },
  {
    name: "backupWindow", kind: "string", envVar: "CHECKPOINTS_BACKUP_WINDOW",
    accepted: 'a daily UTC window exactly "hh:mm-hh:mm" (24-hour clock), at least 30 minutes long, ' +
      'for example "03:00-04:00"',
    isValid: (v: string) => isBackupWindow(v),
  },
  {
    name: "multiAz", kind: "boolean", envVar: "CHECKPOINTS_MULTI_AZ",
    accepted: "true or false",
    isValid: () => true,
  },
  {
    name: "databaseName", kind: "string", envVar: "CHECKPOINTS_DATABASE_NAME",
    accepted: DATABASE_NAME_RULE,
    isValid: (v: string) => isDatabaseName(v),
  },
  {
    name: "masterUsername", kind: "string", envVar: "CHECKPOINTS_MASTER_USERNAME",
    accepted: MASTER_USERNAME_RULE,
    isValid: (v: string) => isMasterUsername(v),
  },
  {
    name: "extraTags", kind: "tags", envVar: "CHECKPOINTS_EXTRA_TAGS",
    accepted: 'a JSON object of string tags, keys 1-128 characters, values up to 256, no "aws:" prefix, ' +
      "not Name, Environment or Terraform (the stack sets those)",
    isValid: (v: Record<string, string>) =>
      Object.entries(v).every(([key, value]) =>
        key.length >= 1 && key.length <= 128 && value.length <= 256 &&
        !key.toLowerCase().startsWith("aws:") && !["Name", "Environment", "Terraform"].includes(key)),
  },
  {
    name: "passwordSource", kind: "string", envVar: "CHECKPOINTS_PASSWORD_SOURCE",
    accepted: `one of ${PASSWORD_SOURCES.join(", ")}`,
    isValid: (v: string) => (PASSWORD_SOURCES as readonly string[]).includes(v),
  },
  {
    name: "deletionProtection", kind: "boolean", envVar: "CHECKPOINTS_DELETION_PROTECTION",
    accepted: "true or false", isValid: () => true,
  },
  {
    name: "finalSnapshot", kind: "boolean", envVar: "CHECKPOINTS_FINAL_SNAPSHOT",
    accepted: "true or false", isValid: () => true,
  },
  {
    name: "keepAutomatedBackups", kind: "boolean", envVar: "CHECKPOINTS_KEEP_AUTOMATED_BACKUPS",
    accepted: "true or false", isValid: () => true,
  },
  {
    name: "copyTagsToSnapshot", kind: "boolean", envVar: "CHECKPOINTS_COPY_TAGS_TO_SNAPSHOT",
    accepted: "true or false", isValid: () => true,
  },
  {
    name: "logMinDurationStatementMs", kind: "integer", envVar: "CHECKPOINTS_LOG_MIN_DURATION_STATEMENT_MS",
    accepted: "-1 (off) or a whole number of milliseconds from 0 to 2147483647",
    isValid: (v: number) => isWholeNumber(v, -1, 2147483647),
  },
  {
    name: "logRetentionDays", kind: "integer", envVar: "CHECKPOINTS_LOG_RETENTION_DAYS",
    accepted: `one of CloudWatch's retention periods: ${LOG_RETENTION_DAYS.join(", ")}`,
    isValid: (v: number) => LOG_RETENTION_DAYS.includes(v),
  },
  {
    name: "performanceInsightsRetentionDays", kind: "integer", envVar: "CHECKPOINTS_PERFORMANCE_INSIGHTS_RETENTION_DAYS",
    accepted: PERFORMANCE_INSIGHTS_RETENTION_RULE,
    isValid: (v: number) => isPerformanceInsightsRetention(v),
  },
  {
    name: "performanceInsightsKmsKeyId", kind: "string", envVar: "CHECKPOINTS_PERFORMANCE_INSIGHTS_KMS_KEY_ID",
    accepted: 'a KMS key ARN such as "arn:aws:kms:us-east-1:123456789012:key/<id>", or "" for the AWS-managed key',
    isValid: (v: string) => v === "" || /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(v),
  },
  {
    name: "monitoringIntervalSeconds", kind: "integer", envVar: "CHECKPOINTS_MONITORING_INTERVAL_SECONDS",
    accepted: `one of ${MONITORING_INTERVALS.join(", ")} (0 turns enhanced monitoring off)`,
    isValid: (v: number) => MONITORING_INTERVALS.includes(v),
  },
  {
    name: "iamDatabaseAuthentication", kind: "boolean", envVar: "CHECKPOINTS_IAM_DATABASE_AUTHENTICATION",
    accepted: "true or false", isValid: () => true,
  },
  {
    name: "caCertIdentifier", kind: "string", envVar: "CHECKPOINTS_CA_CERT_IDENTIFIER",
    accepted: `one of ${CURRENT_CA_CERTIFICATES.join(", ")}`,
    isValid: (v: string) => CURRENT_CA_CERTIFICATES.includes(v),
  },
  {
    name: "autoMinorVersionUpgrade", kind: "boolean", envVar: "CHECKPOINTS_AUTO_MINOR_VERSION_UPGRADE",
    accepted: "true or false", isValid: () => true,
  },
  {
    name: "maintenanceWindow", kind: "string", envVar: "CHECKPOINTS_MAINTENANCE_WINDOW",
    accepted: 'a weekly UTC window "ddd:hh:mm-ddd:hh:mm" (ddd: mon..sun), 30 minutes to 24 hours, ' +
      'not overlapping the backup window, for example "sun:04:30-sun:05:30"',
    isValid: (v: string) => isMaintenanceWindow(v),
  },
  {
    name: "minMaxConnections", kind: "integer", envVar: "CHECKPOINTS_MIN_MAX_CONNECTIONS",
    accepted: `a whole number of connections from 1 to ${POSTGRES_MAX_BACKENDS} (PostgreSQL's largest max_connections)`,
    isValid: (v: number) => isWholeNumber(v, 1, POSTGRES_MAX_BACKENDS),
  },
  {
    name: "allowUnlistedInstanceClass", kind: "boolean", envVar: "CHECKPOINTS_ALLOW_UNLISTED_INSTANCE_CLASS",
    accepted: "true or false: true accepts an instanceClass rds/instance-classes.ts does not list (a class RDS added since)",
    isValid: () => true,
  },
  {
    name: "allowUnlistedRegion", kind: "boolean", envVar: "CHECKPOINTS_ALLOW_UNLISTED_REGION",
    accepted: "true or false: true accepts a region rds/aws-regions.ts does not list (a region AWS opened since)",
    isValid: () => true,
  },
];
