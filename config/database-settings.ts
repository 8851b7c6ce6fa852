import { DEFAULT_CA_CERTIFICATE } from "../rds/ca-certificates";
import { POSTGRES_STORAGE_TYPES } from "../rds/postgres-storage";

/**
 * Typed settings for the checkpoints database stack. Every default is the design document's value
 * (../shared/design/000_7ac16c52654f40e0.txt), so an empty configuration synthesizes the document's plan.
 */
export interface DatabaseSettings {
  /** AWS region the provider targets. @default "us-east-1" (the document's example endpoint) */
  readonly region: string;
  /** Environment name: the key in context.checkpoints.environments; the Environment tag. @default "production" */
  readonly environment: string;
  /** RDS instance identifier; also names the security group and subnet group. @default "checkpoints-db" */
  readonly identifier: string;
  /**
   * PostgreSQL engine version: a major ("15", RDS picks its current default minor and minor upgrades show no
   * drift) or MAJOR.MINOR. @default "15" (the document's "15.4" is a minor RDS no longer creates; see README)
   */
  readonly engineVersion: string;
  /** RDS instance class. @default "db.t4g.small" */
  readonly instanceClass: string;
  /** Storage allocated at creation, in GiB. @default 100 */
  readonly allocatedStorageGb: number;
  /** Upper bound for storage autoscaling, in GiB; 0 turns autoscaling off. @default 500 */
  readonly maxAllocatedStorageGb: number;
  /** EBS storage type. @default "gp3" */
  readonly storageType: StorageType;
  /** Provisioned IOPS: required for io1/io2; for gp3 only from 400 GiB; 0 leaves it to RDS. @default 0 */
  readonly iops: number;
  /** gp3 storage throughput in MiBps, only from 400 GiB; 0 leaves it to RDS. @default 0 */
  readonly storageThroughput: number;
  /** Days of automated backups; the document's minimum is 7. @default 7 */
  readonly backupRetentionDays: number;
  /** Daily UTC backup window "hh:mm-hh:mm", at least 30 minutes. @default "03:00-04:00" */
  readonly backupWindow: string;
  /** Standby in a second availability zone. @default true */
  readonly multiAz: boolean;
  /** Name of the database created on the instance. @default "checkpoints" */
  readonly databaseName: string;
  /** Master user name. @default "checkpoint_user" */
  readonly masterUsername: string;
  /** Extra tags on every taggable resource; Name, Environment and Terraform are set by the stack. @default {} */
  readonly extraTags: Readonly<Record<string, string>>;

  // Hardening the document's constraints ask for (IRREVERSIBLE, TRACE_REQUIRED, RESIDUE_FREE).

  /** Where the master password comes from. @default "variable" (the document's var.db_password) */
  readonly passwordSource: PasswordSource;
  /** Refuse to delete the instance: it becomes the source of truth. @default true */
  readonly deletionProtection: boolean;
  /** Take a final snapshot "<identifier>-final" when the instance is destroyed. @default true */
  readonly finalSnapshot: boolean;
  /** Keep automated backups after the instance is deleted, until their retention ends. @default true */
  readonly keepAutomatedBackups: boolean;
  /** Copy the instance's tags to its snapshots. @default true */
  readonly copyTagsToSnapshot: boolean;
  /** Log statements slower than this, in ms (log_min_duration_statement); -1 turns it off. @default 1000 */
  readonly logMinDurationStatementMs: number;
  /** Days the CloudWatch log groups keep the exported logs. @default 30 */
  readonly logRetentionDays: number;
  /** Performance Insights retention, in days: 7 is the free tier. @default 7 */
  readonly performanceInsightsRetentionDays: number;
  /**
   * KMS key (ARN) encrypting Performance Insights data; "" uses the AWS-managed key (checkov CKV_AWS_354 then
   * fails, suppressed in review/suppressions.json with the reason). @default ""
   */
  readonly performanceInsightsKmsKeyId: string;
  /** Enhanced monitoring interval, in seconds (0 turns it off). @default 60 */
  readonly monitoringIntervalSeconds: number;
  /** Allow IAM database authentication beside passwords. @default true */
  readonly iamDatabaseAuthentication: boolean;
  /** The RDS CA the server certificate is signed by. @default DEFAULT_CA_CERTIFICATE (rds/ca-certificates.ts) */
  readonly caCertIdentifier: string;
  /** Let RDS apply minor versions in the maintenance window. @default true */
  readonly autoMinorVersionUpgrade: boolean;
  /** Weekly UTC maintenance window "ddd:hh:mm-ddd:hh:mm", not overlapping the backup window. @default "sun:04:30-sun:05:30" */
  readonly maintenanceWindow: string;

  // Capacity: read by the review gate, not synthesized.

  /**
   * The fewest connections the app needs the instance to allow: the review gate warns (CKPT-MAX-CONNECTIONS)
   * when the plan's parameter group, or the default for its class, allows fewer. @default 100 (the document:
   * "PostgreSQL has connection limits (100 for t4g.small)", the figure its connection pooling is planned for)
   */
  readonly minMaxConnections: number;

  /**
   * Accept an instanceClass that rds/instance-classes.ts does not list (a class RDS added since): preflight then
   * asks RDS whether it is orderable. @default false (an unlisted class is refused, with the closest listed one)
   */
  readonly allowUnlistedInstanceClass: boolean;
  /** Accept a region that rds/aws-regions.ts does not list (a region AWS opened since). @default false */
  readonly allowUnlistedRegion: boolean;
}

export const PASSWORD_SOURCES = ["variable", "write-only", "rds-managed"] as const;
export type PasswordSource = (typeof PASSWORD_SOURCES)[number];

export const STORAGE_TYPES = POSTGRES_STORAGE_TYPES;
export type StorageType = (typeof STORAGE_TYPES)[number];

/** PostgreSQL's port (rds/postgres-port.ts); the document opens exactly this one in the security group. */
export { POSTGRES_PORT } from "../rds/postgres-port";

/** The design document's values, attribute for attribute. */
export const DOCUMENT_DEFAULTS: DatabaseSettings = Object.freeze({
  region: "us-east-1",
  environment: "production",
  identifier: "checkpoints-db",
  engineVersion: "15",
  instanceClass: "db.t4g.small",
  allocatedStorageGb: 100,
  maxAllocatedStorageGb: 500,
  storageType: "gp3",
  iops: 0,
  storageThroughput: 0,
  backupRetentionDays: 7,
  backupWindow: "03:00-04:00",
  multiAz: true,
  databaseName: "checkpoints",
  masterUsername: "checkpoint_user",
  extraTags: Object.freeze({}),
  passwordSource: "variable",
  deletionProtection: true,
  finalSnapshot: true,
  keepAutomatedBackups: true,
  copyTagsToSnapshot: true,
  logMinDurationStatementMs: 1000,
  logRetentionDays: 30,
  performanceInsightsRetentionDays: 7,
  performanceInsightsKmsKeyId: "",
  monitoringIntervalSeconds: 60,
  iamDatabaseAuthentication: true,
  caCertIdentifier: DEFAULT_CA_CERTIFICATE,
  autoMinorVersionUpgrade: true,
  maintenanceWindow: "sun:04:30-sun:05:30",
  minMaxConnections: 100,
  allowUnlistedInstanceClass: false,
  allowUnlistedRegion: false,
});

/** The production environment keeps the document's names; every other one gets its own. */
export const PRODUCTION = "production";

/** Defaults for one environment: the document's values, with names of its own outside production. */
export function environmentDefaults(environment: string): DatabaseSettings {
  if (environment === PRODUCTION) return DOCUMENT_DEFAULTS;
  return { ...DOCUMENT_DEFAULTS, environment, identifier: `${DOCUMENT_DEFAULTS.identifier}-${environment}` };
}

/** Where Terraform keeps each stack's state. */
export type StateBackendSettings =
  | { readonly type: "local" }
  | { readonly type: "s3"; readonly bucket: string; readonly region: string; readonly keyPrefix: string;
      /** Optional KMS key for the state objects; S3's own encryption otherwise. */
      readonly kmsKeyId?: string };

/** One environment's stack. */
export interface EnvironmentStack {
  readonly stackName: string;
  readonly settings: DatabaseSettings;
}

export interface AppSettings {
  readonly environments: readonly EnvironmentStack[];
  readonly stateBackend: StateBackendSettings;
}

/** Stack name of an environment: production keeps the document's "checkpoints-db". */
export function stackNameFor(environment: string): string {
  return environment === PRODUCTION ? "checkpoints-db" : `checkpoints-db-${environment}`;
}

/** The tags the document puts on the instance, in its order: Name, Environment, Terraform. */
export function standardTags(settings: DatabaseSettings, name: string): Record<string, string> {
  return { ...settings.extraTags, Name: name, Environment: settings.environment, Terraform: "true" };
}
