/**
 * CKPT-RDS-STORAGE: the storage RDS for PostgreSQL accepts, per storage type (rds/postgres-storage.ts). The AWS
 * provider validates none of allocated_storage, storage_type, iops or storage_throughput (provider-validations.ts,
 * UNVALIDATED_ARGUMENTS): terraform plan passes what CreateDBInstance then refuses at apply, so the gate checks it.
 */
import { cannotEvaluate, Finding, finding } from "./findings";
import { readNumber, readString, ResourceInstance } from "../plan";
import { GP3_STORAGE, POSTGRES_STORAGE_GB, POSTGRES_STORAGE_TYPES, PROVISIONED_IOPS_STORAGE, provisionedIopsRange,
  UNSET_STORAGE_TYPE } from "../rds/postgres-storage";

const isSet = (r: ResourceInstance, name: string) => { const v = r.attributes.get(name); return v !== undefined && v.kind !== "null"; };

export function rdsStorageFindings(db: ResourceInstance): Finding[] {
  const engine = readString(db.attributes.get("engine"));
  const storageArguments = ["allocated_storage", "storage_type", "iops", "storage_throughput"].filter((a) => isSet(db, a));
  if (engine.state === "unknown") {
    return storageArguments.length > 0 ? [cannotEvaluate(db, "engine", engine.expression, "an engine, to know RDS's storage limits")] : [];
  }
  if (engine.state !== "known" || engine.value !== "postgres") return []; // RDS's limits here are PostgreSQL's
  const reads = { size: readNumber(db.attributes.get("allocated_storage")), type: readString(db.attributes.get("storage_type")),
    iops: readNumber(db.attributes.get("iops")), throughput: readNumber(db.attributes.get("storage_throughput")) };
  const unknown = Object.entries(reads).find(([, r]) => r.state === "unknown");
  if (unknown) {
    const [name, read] = unknown as [string, { state: "unknown"; expression: string }];
    return [cannotEvaluate(db, { size: "allocated_storage", type: "storage_type", iops: "iops", throughput: "storage_throughput" }[name] ?? name,
      read.expression, "storage RDS for PostgreSQL accepts")];
  }
  const iops = reads.iops.state === "known" ? reads.iops.value : 0;
  const throughput = reads.throughput.state === "known" ? reads.throughput.value : 0;
  // The provider's documented default: io1 when iops is set, else gp2 (rds/postgres-storage.ts UNSET_STORAGE_TYPE).
  const type = reads.type.state === "known" ? reads.type.value : iops > 0 ? "io1" : UNSET_STORAGE_TYPE;
  if (!(POSTGRES_STORAGE_TYPES as readonly string[]).includes(type)) {
    return [finding(db, "storage_type", type, `one of ${POSTGRES_STORAGE_TYPES.join(", ")} (RDS for PostgreSQL's current storage types)`)];
  }
  if (reads.size.state !== "known") {
    if (isSet(db, "replicate_source_db") || isSet(db, "snapshot_identifier")) return [];
    return [finding(db, "allocated_storage", "(not set)", "a size in GiB: RDS needs one to create an instance")];
  }
  const size = reads.size.value;
  const findings: Finding[] = [];
  const provisioned = type === "io1" || type === "io2";
  const sizes = provisioned ? PROVISIONED_IOPS_STORAGE.storageGb : POSTGRES_STORAGE_GB;
  if (size < sizes.min || size > sizes.max) {
    findings.push(finding(db, "allocated_storage", String(size), `${sizes.min}-${sizes.max} GiB for ${type} (RDS for PostgreSQL)`));
  }
  if (provisioned) {
    const range = provisionedIopsRange(Math.max(size, sizes.min));
    if (iops < range.min || iops > range.max) {
      findings.push(finding(db, "iops", iops === 0 ? "(not set)" : String(iops), `${range.min}-${range.max} for ${type} at ${size} GiB ` +
        `(${PROVISIONED_IOPS_STORAGE.iops.min}-${PROVISIONED_IOPS_STORAGE.iops.max}, ${PROVISIONED_IOPS_STORAGE.iopsPerGb.min}-${PROVISIONED_IOPS_STORAGE.iopsPerGb.max} per GiB)`));
    }
  }
  if (type === "gp2" && iops > 0) findings.push(finding(db, "iops", String(iops), "not set: gp2's IOPS follow its size"));
  if (type !== "gp3" && throughput > 0) findings.push(finding(db, "storage_throughput", String(throughput), "not set: throughput is a gp3 setting"));
  if (type === "gp3" && (iops > 0 || throughput > 0)) {
    if (size < GP3_STORAGE.provisionableFromGb) {
      findings.push(finding(db, iops > 0 ? "iops" : "storage_throughput", String(iops > 0 ? iops : throughput),
        `not set below ${GP3_STORAGE.provisionableFromGb} GiB: gp3 has a fixed baseline there`));
    } else {
      if (iops > 0 && (iops < GP3_STORAGE.iops.min || iops > GP3_STORAGE.iops.max)) {
        findings.push(finding(db, "iops", String(iops), `${GP3_STORAGE.iops.min}-${GP3_STORAGE.iops.max} for gp3`));
      }
      if (throughput > 0 && (throughput < GP3_STORAGE.throughputMibps.min || throughput > GP3_STORAGE.throughputMibps.max
        || (iops > 0 && throughput / iops > GP3_STORAGE.maxThroughputPerIops))) {
        findings.push(finding(db, "storage_throughput", String(throughput), `${GP3_STORAGE.throughputMibps.min}-${GP3_STORAGE.throughputMibps.max} MiBps ` +
          `for gp3, at most ${GP3_STORAGE.maxThroughputPerIops} MiBps per provisioned IOPS`));
      }
    }
  }
  return findings;
}
