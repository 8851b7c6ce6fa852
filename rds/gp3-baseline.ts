import { GP3_STORAGE } from "./postgres-storage";

/**
 * gp3 storage on RDS includes a baseline of IOPS and throughput in the storage price; only what is
 * provisioned above it is billed. The thresholds are rds/postgres-storage.ts's (below 400 GiB, 3,000 IOPS and
 * 125 MiB/s; from 400 GiB, 12,000 IOPS and 500 MiB/s); the same thresholds are in infracost/infracost
 * internal/resources/aws/db_instance.go (commit 02a71da).
 */
export const GP3_BASELINE_SOURCE = "Amazon RDS User Guide, gp3 storage (CHAP_Storage), 2026-11-29";
export const GP3_LARGE_VOLUME_GIB = GP3_STORAGE.provisionableFromGb;

export interface Gp3Baseline {
  readonly iops: number;
  readonly throughputMiBps: number;
}

export function gp3Baseline(allocatedGib: number): Gp3Baseline {
  return allocatedGib >= GP3_LARGE_VOLUME_GIB
    ? { iops: GP3_STORAGE.iops.min, throughputMiBps: GP3_STORAGE.throughputMibps.min }
    : { iops: GP3_STORAGE.baselineBelowThreshold.iops, throughputMiBps: GP3_STORAGE.baselineBelowThreshold.throughputMibps };
}
