/**
 * Typed settings for the checkpoints database stack. Every default is the design document's value
 * (../shared/design/000_7ac16c52654f40e0.txt), so an empty configuration synthesizes the document's plan.
 */
export interface DatabaseSettings {
  /** AWS region the provider targets. @default "us-east-1" (the document's example endpoint) */
  readonly region: string;
  /** Environment name, written to the Environment tag. @default "production" */
  readonly environment: string;
  /** RDS instance identifier; also names the security group and subnet group. @default "checkpoints-db" */
  readonly identifier: string;
  /** PostgreSQL engine version. @default "15.4" (retired by RDS as a minor version; see README) */
  readonly engineVersion: string;
  /** RDS instance class. @default "db.t4g.small" */
  readonly instanceClass: string;
  /** Storage allocated at creation, in GiB. @default 100 */
  readonly allocatedStorageGb: number;
  /** Upper bound for storage autoscaling, in GiB; 0 turns autoscaling off. @default 500 */
  readonly maxAllocatedStorageGb: number;
  /** EBS storage type. @default "gp3" */
  readonly storageType: StorageType;
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
}

export const STORAGE_TYPES = ["gp2", "gp3", "io1", "io2"] as const;
export type StorageType = (typeof STORAGE_TYPES)[number];

/** PostgreSQL's port; the document opens exactly this one in the security group. */
export const POSTGRES_PORT = 5432;

/** The design document's values, attribute for attribute. */
export const DOCUMENT_DEFAULTS: DatabaseSettings = Object.freeze({
  region: "us-east-1",
  environment: "production",
  identifier: "checkpoints-db",
  engineVersion: "15.4",
  instanceClass: "db.t4g.small",
  allocatedStorageGb: 100,
  maxAllocatedStorageGb: 500,
  storageType: "gp3",
  backupRetentionDays: 7,
  backupWindow: "03:00-04:00",
  multiAz: true,
  databaseName: "checkpoints",
  masterUsername: "checkpoint_user",
  extraTags: Object.freeze({}),
});

/** The tags the document puts on the instance, in its order: Name, Environment, Terraform. */
export function standardTags(settings: DatabaseSettings, name: string): Record<string, string> {
  return { ...settings.extraTags, Name: name, Environment: settings.environment, Terraform: "true" };
}
