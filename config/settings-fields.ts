import { DatabaseSettings, STORAGE_TYPES } from "./database-settings";

/** How a raw value (JSON from cdktf.json, or an environment variable's text) is read. */
export type FieldKind = "string" | "integer" | "boolean" | "tags";

/**
 * One configurable field: where it can be set, and what is accepted. The same table drives parsing,
 * validation messages and the README's configuration table, so the three cannot disagree.
 */
export interface SettingsField {
  readonly name: keyof DatabaseSettings;
  readonly kind: FieldKind;
  /** Environment variable that overrides cdktf.json. */
  readonly envVar: string;
  /** What is accepted, in words a user can act on. */
  readonly accepted: string;
  /** True when the (already well-typed) value is acceptable on its own. */
  readonly isValid: (value: never) => boolean;
}

const IDENTIFIER = /^[a-z](?!.*--)[a-z0-9-]{0,62}(?<!-)$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const ENVIRONMENT = /^[a-z][a-z0-9-]{0,31}$/;
const ENGINE_VERSION = /^\d{2}(\.\d{1,2})?$/;
const INSTANCE_CLASS = /^db\.[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const POSTGRES_NAME = /^[a-z][a-z0-9_]{0,62}$/;
const BACKUP_WINDOW = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;
/** Names RDS reserves for PostgreSQL master users. */
const RESERVED_USERNAMES = new Set(["postgres", "rdsadmin", "rdsrepladmin", "rds_superuser", "public"]);
const MAX_STORAGE_GB = 65536;

export function windowMinutes(window: string): number {
  const [start, end] = window.split("-").map((hhmm) => {
    const [h, m] = hhmm.split(":").map(Number);
    return h * 60 + m;
  });
  return (end - start + 24 * 60) % (24 * 60);
}

const isWholeNumber = (v: number, min: number, max: number) => Number.isInteger(v) && v >= min && v <= max;

export const SETTINGS_FIELDS: readonly SettingsField[] = [
  {
    name: "region", kind: "string", envVar: "CHECKPOINTS_REGION",
    accepted: "an AWS region code such as us-east-1 or eu-west-2",
    isValid: (v: string) => REGION.test(v),
  },
  {
    name: "environment", kind: "string", envVar: "CHECKPOINTS_ENVIRONMENT",
    accepted: "1-32 lowercase letters, digits or hyphens, starting with a letter (for example production)",
    isValid: (v: string) => ENVIRONMENT.test(v),
  },
  {
    name: "identifier", kind: "string", envVar: "CHECKPOINTS_IDENTIFIER",
    accepted: "an RDS identifier: 1-63 lowercase letters, digits or hyphens, starting with a letter, " +
      "no two hyphens in a row, not ending with a hyphen",
    isValid: (v: string) => IDENTIFIER.test(v),
  },
  {
    name: "engineVersion", kind: "string", envVar: "CHECKPOINTS_ENGINE_VERSION",
    accepted: "a PostgreSQL version as RDS spells it, MAJOR or MAJOR.MINOR (for example 15.4 or 15.13)",
    isValid: (v: string) => ENGINE_VERSION.test(v),
  },
  {
    name: "instanceClass", kind: "string", envVar: "CHECKPOINTS_INSTANCE_CLASS",
    accepted: "an RDS instance class, db.FAMILY.SIZE (for example db.t4g.small or db.m7g.large)",
    isValid: (v: string) => INSTANCE_CLASS.test(v),
  },
  {
    name: "allocatedStorageGb", kind: "integer", envVar: "CHECKPOINTS_ALLOCATED_STORAGE_GB",
    accepted: `a whole number of GiB from 20 (the RDS minimum for PostgreSQL) to ${MAX_STORAGE_GB}`,
    isValid: (v: number) => isWholeNumber(v, 20, MAX_STORAGE_GB),
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
    name: "backupRetentionDays", kind: "integer", envVar: "CHECKPOINTS_BACKUP_RETENTION_DAYS",
    accepted: "a whole number of days from 7 (the design document's minimum) to 35 (the RDS maximum)",
    isValid: (v: number) => isWholeNumber(v, 7, 35),
  },
  {
    name: "backupWindow", kind: "string", envVar: "CHECKPOINTS_BACKUP_WINDOW",
    accepted: 'a daily UTC window exactly "hh:mm-hh:mm" (24-hour clock), at least 30 minutes long, ' +
      'for example "03:00-04:00"',
    isValid: (v: string) => BACKUP_WINDOW.test(v) && windowMinutes(v) >= 30,
  },
  {
    name: "multiAz", kind: "boolean", envVar: "CHECKPOINTS_MULTI_AZ",
    accepted: "true or false",
    isValid: () => true,
  },
  {
    name: "databaseName", kind: "string", envVar: "CHECKPOINTS_DATABASE_NAME",
    accepted: "1-63 lowercase letters, digits or underscores, starting with a letter",
    isValid: (v: string) => POSTGRES_NAME.test(v),
  },
  {
    name: "masterUsername", kind: "string", envVar: "CHECKPOINTS_MASTER_USERNAME",
    accepted: "1-63 lowercase letters, digits or underscores, starting with a letter, " +
      "not a name RDS reserves (postgres, rdsadmin, rdsrepladmin, rds_superuser, public)",
    isValid: (v: string) => POSTGRES_NAME.test(v) && !RESERVED_USERNAMES.has(v),
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
];
