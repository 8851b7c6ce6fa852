import { rdsStorageFindings } from "../../review/rds-storage-check";
import { parseConfiguration } from "../../plan";

// Issue 27: CKPT-RDS-STORAGE at the edges RDS for PostgreSQL sets (rds/postgres-storage.ts: Amazon RDS User
// Guide CHAP_Storage and CreateDBInstance's Iops/StorageThroughput), on one aws_db_instance, no synth: each
// test catches a mutant of review/rds-storage-check.ts that survived the rest of the unit tier.
function storage(attributes: Record<string, unknown>, variables: Record<string, unknown> = {}) {
  const json = { variable: variables, resource: { aws_db_instance: { db: { engine: "postgres", ...attributes } } } };
  const config = parseConfiguration([{ file: "m.tf.json", text: JSON.stringify(json) }]);
  return rdsStorageFindings(config.resources[0]);
}
const fields = (attributes: Record<string, unknown>) => storage(attributes).map((f) => [f.attribute, f.found]);

describe("CKPT-RDS-STORAGE", () => {
  test("an engine it cannot read: cannot evaluate when storage is set, nothing to say when none is", () => {
    const variables = { engine: { type: "string" } };
    expect(storage({ engine: "${var.engine}", allocated_storage: 20 }, variables)).toEqual([{ address: "aws_db_instance.db",
      attribute: "engine", found: { unknown: "${var.engine}" }, required: "an engine, to know RDS's storage limits" }]);
    for (const name of ["storage_type", "iops", "storage_throughput"]) {
      expect(storage({ engine: "${var.engine}", [name]: name === "storage_type" ? "gp3" : 1000 }, variables)).toHaveLength(1);
    }
    expect(storage({ engine: "${var.engine}", allocated_storage: null }, variables)).toEqual([]);
  });

  test("another engine's storage, or one without an engine (a replica takes its source's), is not PostgreSQL's to judge", () => {
    expect(storage({ engine: "mysql", allocated_storage: 5 })).toEqual([]);
    expect(storage({ engine: null, replicate_source_db: "source-db", allocated_storage: 5 })).toEqual([]);
  });

  test.each([["allocated_storage", "allocated_storage"], ["storage_type", "storage_type"], ["iops", "iops"],
    ["storage_throughput", "storage_throughput"]])("%s from an expression it cannot read: cannot evaluate %s", (name, attribute) => {
    const findings = storage({ allocated_storage: 400, storage_type: "gp3", [name]: "${var.v}" }, { v: { type: "string" } });
    expect(findings).toEqual([expect.objectContaining({ attribute, found: { unknown: "${var.v}" }, required: "storage RDS for PostgreSQL accepts" })]);
  });

  test("no storage_type is the provider's default: io1 with iops, else gp2", () => {
    // io1 at 100 GiB takes 1000-5000 IOPS; gp2 would refuse any iops.
    expect(fields({ allocated_storage: 100, iops: 1000 })).toEqual([]);
    expect(fields({ allocated_storage: 20 })).toEqual([]);
    expect(fields({ allocated_storage: 20, storage_throughput: 125 })).toEqual([["storage_throughput", "125"]]);
    expect(storage({ allocated_storage: 20, storage_throughput: 125 })[0].required).toBe("not set: throughput is a gp3 setting");
  });

  test("a storage type RDS for PostgreSQL does not offer", () => {
    expect(storage({ allocated_storage: 20, storage_type: "standard" })).toEqual([expect.objectContaining({ attribute: "storage_type",
      found: "standard", required: "one of gp2, gp3, io1, io2 (RDS for PostgreSQL's current storage types)" })]);
  });

  test("no size: a replica or a restored snapshot takes its source's, anything else needs one", () => {
    expect(storage({})).toEqual([{ address: "aws_db_instance.db", attribute: "allocated_storage", found: "(not set)",
      required: "a size in GiB: RDS needs one to create an instance" }]);
    expect(fields({ replicate_source_db: "source-db" })).toEqual([]);
    expect(fields({ snapshot_identifier: "snap" })).toEqual([]);
    expect(fields({ replicate_source_db: null })).toEqual([["allocated_storage", "(not set)"]]);
  });

  test("gp2 and gp3 sizes: 20 to 65536 GiB", () => {
    for (const type of ["gp2", "gp3"]) {
      expect(fields({ storage_type: type, allocated_storage: 20 })).toEqual([]);
      expect(fields({ storage_type: type, allocated_storage: 65536 })).toEqual([]);
      expect(fields({ storage_type: type, allocated_storage: 19 })).toEqual([["allocated_storage", "19"]]);
      expect(fields({ storage_type: type, allocated_storage: 65537 })).toEqual([["allocated_storage", "65537"]]);
    }
    expect(storage({ storage_type: "gp2", allocated_storage: 19 })[0].required).toBe("20-65536 GiB for gp2 (RDS for PostgreSQL)");
  });

  test("io1 and io2: 100 GiB at least, and IOPS between 0.5 and 50 per GiB within 1000-256000", () => {
    for (const type of ["io1", "io2"]) {
      expect(fields({ storage_type: type, allocated_storage: 100, iops: 1000 })).toEqual([]);
      expect(fields({ storage_type: type, allocated_storage: 100, iops: 5000 })).toEqual([]);
      expect(fields({ storage_type: type, allocated_storage: 100, iops: 5001 })).toEqual([["iops", "5001"]]);
      expect(fields({ storage_type: type, allocated_storage: 100, iops: 999 })).toEqual([["iops", "999"]]);
      expect(fields({ storage_type: type, allocated_storage: 100 })).toEqual([["iops", "(not set)"]]);
      expect(fields({ storage_type: type, allocated_storage: 99, iops: 1000 })).toEqual([["allocated_storage", "99"]]);
    }
    // Below 100 GiB the range is still the 100 GiB one (1000-5000), beside the size finding.
    expect(fields({ storage_type: "io1", allocated_storage: 50, iops: 5000 })).toEqual([["allocated_storage", "50"]]);
    expect(storage({ storage_type: "io1", allocated_storage: 100, iops: 999 })[0].required)
      .toBe("1000-5000 for io1 at 100 GiB (1000-256000, 0.5-50 per GiB)");
    expect(storage({ storage_type: "io1", allocated_storage: 99, iops: 1000 })[0].required).toBe("100-65536 GiB for io1 (RDS for PostgreSQL)");
    // At 10000 GiB the per-GiB minimum (5000) is above the absolute one.
    expect(fields({ storage_type: "io2", allocated_storage: 10000, iops: 4999 })).toEqual([["iops", "4999"]]);
  });

  test("gp2 takes no iops and no throughput; io1 takes no throughput", () => {
    expect(storage({ storage_type: "gp2", allocated_storage: 20, iops: 3000 })).toEqual([expect.objectContaining({
      attribute: "iops", found: "3000", required: "not set: gp2's IOPS follow its size" })]);
    expect(fields({ storage_type: "io1", allocated_storage: 100, iops: 1000, storage_throughput: 1 })).toEqual([["storage_throughput", "1"]]);
  });

  test("gp3 below 400 GiB has a fixed baseline: neither iops nor throughput may be set", () => {
    expect(storage({ storage_type: "gp3", allocated_storage: 399, iops: 12000 })).toEqual([expect.objectContaining({
      attribute: "iops", found: "12000", required: "not set below 400 GiB: gp3 has a fixed baseline there" })]);
    expect(fields({ storage_type: "gp3", allocated_storage: 399, storage_throughput: 500 })).toEqual([["storage_throughput", "500"]]);
    expect(fields({ storage_type: "gp3", allocated_storage: 399, iops: 12000, storage_throughput: 500 })).toEqual([["iops", "12000"]]);
    expect(fields({ storage_type: "gp3", allocated_storage: 20 })).toEqual([]);
  });

  test("gp3 from 400 GiB: 12000-64000 IOPS, 500-4000 MiBps, at most 0.25 MiBps per IOPS", () => {
    const gp3 = (more: Record<string, unknown>) => fields({ storage_type: "gp3", allocated_storage: 400, ...more });
    expect(gp3({ iops: 12000 })).toEqual([]);
    expect(gp3({ iops: 64000 })).toEqual([]);
    expect(gp3({ iops: 11999 })).toEqual([["iops", "11999"]]);
    expect(gp3({ iops: 64001 })).toEqual([["iops", "64001"]]);
    expect(gp3({ storage_throughput: 500 })).toEqual([]);
    expect(gp3({ storage_throughput: 4000 })).toEqual([]);
    expect(gp3({ storage_throughput: 499 })).toEqual([["storage_throughput", "499"]]);
    expect(gp3({ storage_throughput: 4001 })).toEqual([["storage_throughput", "4001"]]);
    expect(gp3({ iops: 16000, storage_throughput: 4000 })).toEqual([]);
    expect(gp3({ iops: 15999, storage_throughput: 4000 })).toEqual([["storage_throughput", "4000"]]);
    expect(storage({ storage_type: "gp3", allocated_storage: 400, iops: 11999 })[0].required).toBe("12000-64000 for gp3");
    expect(storage({ storage_type: "gp3", allocated_storage: 400, storage_throughput: 499 })[0].required)
      .toBe("500-4000 MiBps for gp3, at most 0.25 MiBps per provisioned IOPS");
  });
});
