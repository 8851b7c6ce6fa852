/**
 * RDS for PostgreSQL storage limits: sizes, Provisioned IOPS and gp3's optional IOPS and throughput.
 * Imports nothing from the project.
 *
 * Sources, checked 2026-11-29:
 * - Amazon RDS User Guide, "Amazon RDS DB instance storage" (CHAP_Storage.html): Provisioned IOPS SSD for
 *   PostgreSQL, 100-65,536 GiB and 1,000-256,000 IOPS; General Purpose SSD gp3 for PostgreSQL, 20-65,536 GiB,
 *   below 400 GiB a fixed baseline of 3,000 IOPS and 125 MiBps, from 400 GiB a baseline of 12,000 IOPS and
 *   500 MiBps with 12,000-64,000 IOPS and 500-4,000 MiBps provisionable.
 * - Amazon RDS API Reference, CreateDBInstance, Iops: "For RDS for Db2, MariaDB, MySQL, Oracle, and
 *   PostgreSQL - Must be a multiple between .5 and 50 of the storage amount for the DB instance."
 * - Amazon RDS API Reference, CreateDBInstance, StorageThroughput: "This setting applies only to the gp3
 *   storage type"; ValidStorageOptions.StorageThroughputToIopsRatio, "for example, 0-0.25".
 */
export const POSTGRES_STORAGE_SOURCE = "Amazon RDS User Guide, DB instance storage (CHAP_Storage); " +
  "RDS API Reference, CreateDBInstance Iops and StorageThroughput; checked 2026-11-29";

export interface Range {
  readonly min: number;
  readonly max: number;
}

/**
 * The current-generation storage types (magnetic "standard" is kept by RDS for backward compatibility only).
 * Source: Amazon RDS API Reference, CreateDBInstance, StorageType ("Valid Values: gp2 | gp3 | io1 | io2 | standard").
 */
export const POSTGRES_STORAGE_TYPES = ["gp2", "gp3", "io1", "io2"] as const;

/**
 * The storage type an aws_db_instance gets when the plan sets none and no iops: the hashicorp/aws provider's
 * documented default (io1 with iops, else gp2; aws_db_instance storage_type). The RDS API reference now says gp3
 * for some calls: preflight asks AWS which types the class offers, so a wrong guess here fails there, loudly.
 */
export const UNSET_STORAGE_TYPE = "gp2";

/** Any storage type for PostgreSQL: gp2 and gp3 from 20 GiB, every type up to 65,536 GiB. */
export const POSTGRES_STORAGE_GB: Range = { min: 20, max: 65536 };

/** io1 and io2 for PostgreSQL. */
export const PROVISIONED_IOPS_STORAGE = {
  storageGb: { min: 100, max: POSTGRES_STORAGE_GB.max },
  iops: { min: 1000, max: 256000 },
  /** Provisioned IOPS per GiB of allocated storage. */
  iopsPerGb: { min: 0.5, max: 50 },
} as const;

/** gp3 for PostgreSQL. */
export const GP3_STORAGE = {
  storageGb: POSTGRES_STORAGE_GB,
  /** Below this size gp3's IOPS and throughput are fixed at the baseline; from it they can be provisioned. */
  provisionableFromGb: 400,
  baselineBelowThreshold: { iops: 3000, throughputMibps: 125 },
  iops: { min: 12000, max: 64000 },
  throughputMibps: { min: 500, max: 4000 },
  /** MiBps of throughput per provisioned IOPS, at most. */
  maxThroughputPerIops: 0.25,
} as const;

/** The IOPS RDS accepts for io1/io2 at a given size: the documented range cut by the per-GiB ratio. */
export function provisionedIopsRange(allocatedStorageGb: number): Range {
  const { iops, iopsPerGb } = PROVISIONED_IOPS_STORAGE;
  return {
    min: Math.max(iops.min, Math.ceil(allocatedStorageGb * iopsPerGb.min)),
    max: Math.min(iops.max, Math.floor(allocatedStorageGb * iopsPerGb.max)),
  };
}
