/**
 * Hardware of the RDS DB instance classes this project prices and sizes: vCPUs and memory (GiB).
 *
 * Source: Amazon RDS User Guide, "Hardware specifications for DB instance classes"
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Summary.html),
 * as published on 2026-11-29. The families are the ones the project's configuration and review gate
 * name (db.t4g, db.t3; db.m7g as the configuration's example) and their usual neighbours; a class not
 * listed here is "unknown", never guessed.
 */
export interface InstanceClassHardware {
  readonly vcpus: number;
  readonly memoryGib: number;
}

export const INSTANCE_CLASS_SOURCE =
  "Amazon RDS User Guide, Hardware specifications for DB instance classes (Concepts.DBInstanceClass.Summary), 2026-11-29";

const burstable = { micro: [2, 1], small: [2, 2], medium: [2, 4], large: [2, 8], xlarge: [4, 16], "2xlarge": [8, 32] };
const general = { large: [2, 8], xlarge: [4, 16], "2xlarge": [8, 32], "4xlarge": [16, 64] };
const memory = { large: [2, 16], xlarge: [4, 32], "2xlarge": [8, 64], "4xlarge": [16, 128] };

function family(name: string, sizes: Record<string, number[]>): [string, InstanceClassHardware][] {
  return Object.entries(sizes).map(([size, [vcpus, memoryGib]]) => [`db.${name}.${size}`, { vcpus, memoryGib }]);
}

export const INSTANCE_CLASSES: ReadonlyMap<string, InstanceClassHardware> = new Map([
  ...family("t4g", burstable), ...family("t3", burstable),
  ...family("m7g", general), ...family("m6g", general), ...family("m5", general),
  ...family("r7g", memory), ...family("r6g", memory), ...family("r5", memory),
]);

/** The hardware of a class, or undefined when the table does not know it. */
export function instanceClassHardware(instanceClass: string): InstanceClassHardware | undefined {
  return INSTANCE_CLASSES.get(instanceClass);
}

/** db.FAMILY.SIZE, as RDS names instance classes (db.t4g.small, db.m7g.large). */
const INSTANCE_CLASS_NAME = /^db\.[a-z][a-z0-9-]*\.[a-z0-9]+$/;

/** Is this spelled as an RDS instance class? (Whether RDS offers it in a region is preflight's question.) */
export function isInstanceClassName(instanceClass: string): boolean {
  return INSTANCE_CLASS_NAME.test(instanceClass);
}

/** "db.t4g.small" -> "t4g": the family Performance Insights and price lists key on. */
export function instanceFamily(instanceClass: string): string | undefined {
  return /^db\.([a-z0-9-]+)\.[a-z0-9]+$/.exec(instanceClass)?.[1];
}

/** The class and every class with the same vCPUs and memory, the class itself first: "equivalent" sizes. */
export function classesLike(instanceClass: string): string[] {
  const hardware = INSTANCE_CLASSES.get(instanceClass);
  if (!hardware) return [instanceClass];
  return [instanceClass, ...[...INSTANCE_CLASSES].filter(([name, h]) => name !== instanceClass &&
    h.vcpus === hardware.vcpus && h.memoryGib === hardware.memoryGib).map(([name]) => name)];
}

/**
 * Every DB instance class name RDS for PostgreSQL offers, family by family: the names this project accepts
 * without allowUnlistedInstanceClass. Source: Amazon RDS User Guide, "Supported DB engines for DB instance
 * classes" (Concepts.DBInstanceClass.Support), RDS for PostgreSQL column, and "Hardware specifications for DB
 * instance classes" (Concepts.DBInstanceClass.Summary); transcribed 2026-12-06 (no network here to re-read the
 * pages: a class they list and this table lacks is a bug in the table). Which classes a region orders for a
 * version is preflight's question (rds:DescribeOrderableDBInstanceOptions).
 */
export const POSTGRES_INSTANCE_CLASS_LIST = {
  source: "Amazon RDS User Guide, Supported DB engines for DB instance classes (Concepts.DBInstanceClass.Support), " +
    "RDS for PostgreSQL; Hardware specifications for DB instance classes (Concepts.DBInstanceClass.Summary)",
  checked: "2026-12-06",
} as const;

const BURSTABLE = ["micro", "small", "medium", "large", "xlarge", "2xlarge"];
const TO_16X = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"];
const TO_24X = [...TO_16X, "24xlarge"];
const TO_32X = [...TO_24X, "32xlarge"];
const TO_48X = [...TO_24X, "48xlarge"];

const FAMILY_SIZES: Readonly<Record<string, readonly string[]>> = {
  t3: BURSTABLE, t4g: BURSTABLE,
  m5: TO_24X, m5d: TO_24X, m6g: TO_16X, m6gd: TO_16X, m6i: TO_32X, m6id: TO_32X, m6in: TO_32X, m6idn: TO_32X,
  m7g: TO_16X, m7i: TO_48X, m8g: TO_48X,
  r5: TO_24X, r5b: TO_24X, r5d: TO_24X, r6g: TO_16X, r6gd: TO_16X, r6i: TO_32X, r6id: TO_32X, r6in: TO_32X, r6idn: TO_32X,
  r7g: TO_16X, r7i: TO_48X, r8g: TO_48X,
  x2g: TO_16X, x2iedn: ["xlarge", "2xlarge", "4xlarge", "8xlarge", "16xlarge", "24xlarge", "32xlarge"],
};

export const POSTGRES_INSTANCE_CLASSES: readonly string[] = Object.entries(FAMILY_SIZES)
  .flatMap(([family, sizes]) => sizes.map((size) => `db.${family}.${size}`));

/** Is this a class RDS for PostgreSQL offers, per the table above? */
export function isKnownInstanceClass(instanceClass: string): boolean {
  return POSTGRES_INSTANCE_CLASSES.includes(instanceClass);
}
