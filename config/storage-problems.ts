import { DatabaseSettings } from "./database-settings";
import { SettingsProblem } from "./settings-problem";
import { GP3_STORAGE, PROVISIONED_IOPS_STORAGE, provisionedIopsRange } from "../rds/postgres-storage";

/** Where a field's value came from ("the defaults" when nothing set it). */
export type SourceOf = (field: keyof DatabaseSettings) => string;

/**
 * The storage type's rules for iops and storageThroughput, as RDS for PostgreSQL documents them
 * (rds/postgres-storage.ts): io1/io2 need iops within the range and the IOPS-per-GiB ratio; gp2 takes
 * neither; gp3 takes them only from 400 GiB. Each problem names the field to change. Pure.
 */
export function storageProblems(settings: DatabaseSettings, sourceOf: SourceOf): SettingsProblem[] {
  const { storageType: type, allocatedStorageGb: size, iops, storageThroughput: throughput } = settings;
  const problems: SettingsProblem[] = [];
  const typeNote = `storageType "${type}" from ${sourceOf("storageType")}`;

  if (type === "io1" || type === "io2") {
    const { storageGb, iops: iopsRange, iopsPerGb } = PROVISIONED_IOPS_STORAGE;
    if (size < storageGb.min) {
      problems.push({ field: "allocatedStorageGb", source: sourceOf("allocatedStorageGb"), found: `${size} (${typeNote})`,
        accepted: `at least ${storageGb.min} GiB for io1 and io2 (RDS for PostgreSQL Provisioned IOPS storage: ` +
          `${storageGb.min}-${storageGb.max} GiB), or storageType gp3` });
    }
    const range = provisionedIopsRange(Math.max(size, storageGb.min));
    const rule = `RDS for PostgreSQL: ${iopsRange.min}-${iopsRange.max} IOPS and ${iopsPerGb.min}-${iopsPerGb.max} IOPS per GiB`;
    if (iops === 0) {
      problems.push({ field: "iops", source: `the defaults; ${typeNote}`, found: `0 (not set; ${type} requires it)`,
        accepted: `for ${type} at ${size} GiB, a whole number of IOPS from ${range.min} to ${range.max} (${rule})` });
    } else if (size >= storageGb.min && (iops < range.min || iops > range.max)) {
      problems.push({ field: "iops", source: sourceOf("iops"),
        found: `${iops} (${+(iops / size).toFixed(2)} IOPS per GiB of allocatedStorageGb = ${size})`,
        accepted: `for ${type} at ${size} GiB, a whole number of IOPS from ${range.min} to ${range.max} (${rule})` });
    }
  }
  if (type === "gp2" && iops !== 0) {
    problems.push({ field: "iops", source: sourceOf("iops"), found: `${iops} (${typeNote})`,
      accepted: "0 (not set): gp2's IOPS follow its size; provisioned IOPS need io1, io2, " +
        `or gp3 from ${GP3_STORAGE.provisionableFromGb} GiB` });
  }
  if (type !== "gp3" && throughput !== 0) {
    problems.push({ field: "storageThroughput", source: sourceOf("storageThroughput"), found: `${throughput} (${typeNote})`,
      accepted: "0 (not set): storage throughput is a gp3 setting (RDS CreateDBInstance StorageThroughput)" });
  }
  if (type === "gp3") {
    const { provisionableFromGb: from, baselineBelowThreshold: base } = GP3_STORAGE;
    if (size < from) {
      const below = `allocatedStorageGb = ${size}, below ${from}`;
      const accepted = `0 (not set) below ${from} GiB: RDS for PostgreSQL gives gp3 a fixed ${base.iops} IOPS and ` +
        `${base.throughputMibps} MiBps there; set allocatedStorageGb to ${from} or more to provision them`;
      if (iops !== 0) problems.push({ field: "iops", source: sourceOf("iops"), found: `${iops} (${below})`, accepted });
      if (throughput !== 0) {
        problems.push({ field: "storageThroughput", source: sourceOf("storageThroughput"), found: `${throughput} (${below})`, accepted });
      }
    } else {
      const { iops: iopsRange, maxThroughputPerIops } = GP3_STORAGE;
      if (iops !== 0 && (iops < iopsRange.min || iops > iopsRange.max)) {
        problems.push({ field: "iops", source: sourceOf("iops"), found: `${iops} (storageType "gp3")`,
          accepted: `0 (not set) or, for gp3 from ${from} GiB, a whole number of IOPS from ${iopsRange.min} to ` +
            `${iopsRange.max} (RDS for PostgreSQL)` });
      } else if (iops !== 0 && throughput !== 0 && throughput / iops > maxThroughputPerIops) {
        problems.push({ field: "storageThroughput", source: sourceOf("storageThroughput"),
          found: `${throughput} (${+(throughput / iops).toFixed(3)} MiBps per IOPS with iops = ${iops})`,
          accepted: `at most ${maxThroughputPerIops} MiBps per provisioned IOPS (${Math.floor(iops * maxThroughputPerIops)} ` +
            `MiBps at ${iops} IOPS), or more iops` });
      }
    }
  }
  return problems;
}
