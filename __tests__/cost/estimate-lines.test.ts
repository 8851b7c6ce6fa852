// cost/estimate.ts on hand-written inputs (no stack synthesized): each line's quantity and price, what makes a line
// unknown or "no price", and what makes a total complete. Prices are either a hand-written table (region "test-1",
// round figures, so each expected figure is quantity x price by hand) or rows of cost/prices.json read here.
// Billing rules: RDS bills instance hours per deployment (a Multi-AZ pair at its own Multi-AZ rate) and storage per
// GiB-month (Multi-AZ: both copies, AWS's Multi-AZ usage type); gp3 includes 3,000 IOPS / 125 MiB/s below 400 GiB and
// 12,000 / 500 from 400 GiB (Amazon RDS User Guide, gp3 storage; infracost internal/resources/aws/db_instance.go);
// io1/io2 bill every provisioned IOPS; Performance Insights' 7 days are free, longer retention is per vCPU-month;
// enhanced monitoring sends one event per interval to CloudWatch Logs; Extended Support bills per vCPU-hour on every
// instance of a Multi-AZ pair (Amazon RDS User Guide, "Amazon RDS Extended Support charges"); RDS sells No Upfront
// reservations for 1 year only (aws.amazon.com/rds/reserved-instances).
import priceFile from "../../cost/prices.json";
import {
  accountTotal, costDelta, CostLine, DOCUMENT_MONTHLY_USD, estimateStack, monthlyCostOfPlan, StackCostEstimate,
} from "../../cost/estimate";
import { Attr, DatabaseCostInputs, PlanCostInputs } from "../../cost/plan-inputs";
import { DEFAULT_ASSUMPTIONS } from "../../cost/assumptions";
import { dataFilePrices, priceTable, UnitPrice } from "../../cost/price-table";

const k = <T>(value: T): Attr<T> => ({ known: true, value });
const u = (shown: string): Attr<never> => ({ known: false, shown });
const row = (item: string, usd: number | undefined, extra: Partial<UnitPrice> = {}): UnitPrice =>
  ({ region: "test-1", item, unit: "u", usd, source: `source of ${item}`, date: "2026-01-01", origin: "data file", ...extra });

/** Round prices in region test-1. */
const TEST_ROWS: UnitPrice[] = [
  row("instance/db.m5.large/Single-AZ", 0.2), row("instance/db.m5.large/Multi-AZ", 0.4),
  row("reserved-1yr-no-upfront/instance/db.m5.large/Single-AZ", 0.1), row("reserved-1yr-no-upfront/instance/db.m5.large/Multi-AZ", 0.3),
  row("instance/db.t4g.small/Single-AZ", 0.05), row("instance/db.t4g.small/Multi-AZ", 0.1),
  row("storage/gp3/Single-AZ", 0.1), row("storage/gp3/Multi-AZ", 0.2),
  row("iops/gp3/Single-AZ", 0.02), row("iops/gp3/Multi-AZ", 0.04),
  row("throughput/gp3/Single-AZ", 0.1), row("throughput/gp3/Multi-AZ", 0.2),
  row("storage/io1/Single-AZ", 0.125), row("iops/io1/Single-AZ", 0.1),
  row("backup-storage", 0.1), row("performance-insights-retention/m5", 3), row("cloudwatch-logs-ingestion", 0.5),
  row("cloudwatch-logs-storage", 0.03), row("secrets-manager-secret", 0.4),
  row("extended-support/year-1-2", 0.1), row("extended-support/year-3", 0.2),
];
const TEST_PRICES = priceTable(TEST_ROWS, 730, "730 hours");
const HOURS = 730;

/** db.m5.large (2 vCPUs, 8 GiB), Single-AZ, 100 GiB gp3, 7-day backups, nothing else: instance, storage, backup, secret. */
function db(over: Partial<DatabaseCostInputs> = {}): DatabaseCostInputs {
  return {
    address: "aws_db_instance.db", engine: k("postgres"), instanceClass: k("db.m5.large"), multiAz: k(false), storageType: k("gp3"),
    allocatedStorageGib: k(100), maxAllocatedStorageGib: k(0), iops: k(0), storageThroughput: k(0), backupRetentionDays: k(7),
    performanceInsightsEnabled: k(false), performanceInsightsRetentionDays: k(7), monitoringIntervalSeconds: k(0),
    exportedLogs: k([]), passwordSource: "variable", ...over,
  };
}
const inputs = (...databases: DatabaseCostInputs[]): PlanCostInputs => ({ stack: "s", region: k("test-1"), databases });
const est = (d: DatabaseCostInputs | DatabaseCostInputs[], options: Parameters<typeof estimateStack>[2] = {}) =>
  estimateStack(inputs(...[d].flat()), TEST_PRICES, { asOf: "2026-12-06", ...options });
const linesOf = (e: StackCostEstimate, kind: CostLine["kind"]) => e.lines.filter((l) => l.kind === kind);
const one = (e: StackCostEstimate, kind: CostLine["kind"]) => {
  const found = linesOf(e, kind);
  expect(found).toHaveLength(1);
  return found[0];
};

describe("instance hours", () => {
  test("730 h x the deployment's own hourly rate; the 1-year no-upfront reservation beside it; 3 years not offered", () => {
    const single = one(est(db()), "instance");
    expect(single).toMatchObject({ status: "priced", quantity: HOURS, monthlyUsd: 146, unit: "hours",
      description: "Instance hours (on-demand, Single-AZ, db.m5.large)", item: "instance/db.m5.large/Single-AZ" });
    expect(single.reserved?.[0]).toMatchObject({ term: "1yr", monthlyUsd: 73 });
    expect(single.reserved?.[1]).toMatchObject({ term: "3yr" });
    expect(single.reserved?.[1].monthlyUsd).toBeUndefined();
    expect(single.reserved?.[1].note).toMatch(/^not offered: aws\.amazon\.com\/rds\/reserved-instances .*only available for one year term$/);
    const multi = one(est(db({ multiAz: k(true) })), "instance");
    expect(multi).toMatchObject({ monthlyUsd: 292, description: "Instance hours (on-demand, Multi-AZ, db.m5.large)" });
    expect(multi.reserved?.[0]).toMatchObject({ term: "1yr", monthlyUsd: 219 });
  });

  test("a 3-year no-upfront price in the table (--live) is shown rather than \"not offered\"", () => {
    const prices = priceTable([...TEST_ROWS, row("reserved-3yr-no-upfront/instance/db.m5.large/Single-AZ", 0.05)], 730, "");
    const line = one(estimateStack(inputs(db()), prices, { asOf: "2026-12-06" }), "instance");
    expect(line.reserved?.[1]).toMatchObject({ term: "3yr", monthlyUsd: 36.5 });
    expect(line.reserved?.[1].note).toBeUndefined();
  });

  test("a 1-year reservation the table lacks: no price, with the reason; a row without a figure: its own reason once", () => {
    const noRow = one(est(db({ instanceClass: k("db.t4g.small") })), "instance");
    expect(noRow.reserved?.[0]).toEqual({ term: "1yr", unitPrice: undefined,
      note: "no price: cost/prices.json holds no 1yr no-upfront reserved price for db.t4g.small Single-AZ in test-1; --live reads AWS's Reserved terms" });
    const prices = priceTable([...TEST_ROWS, row("reserved-1yr-no-upfront/instance/db.t4g.small/Single-AZ", undefined, { source: "no price: not sold" })], 730, "");
    const nullRow = one(estimateStack(inputs(db({ instanceClass: k("db.t4g.small") })), prices, {}), "instance");
    expect(nullRow.reserved?.[0]).toMatchObject({ term: "1yr", note: "no price: not sold" });
    expect(nullRow.reserved?.[0].monthlyUsd).toBeUndefined();
    const threeYears = nullRow.reserved?.[1];
    expect(threeYears?.note).toMatch(/^not offered: .*one year term$/);
  });

  test("a class or deployment that is not a literal: unknown, saying which", () => {
    expect(one(est(db({ instanceClass: u("${var.c}") })), "instance")).toMatchObject({ status: "unknown",
      description: "Instance hours (on-demand, Single-AZ, ?)", note: "unknown: instance_class is ${var.c}, not a literal the estimate can read" });
    expect(one(est(db({ multiAz: u("${var.m}") })), "instance")).toMatchObject({ status: "unknown",
      description: "Instance hours (on-demand, ?, db.m5.large)", note: "unknown: multi_az is ${var.m}, not a literal the estimate can read" });
  });

  test("an engine other than postgres, or one not a literal: no price (the data is PostgreSQL's), never priced as PostgreSQL", () => {
    expect(one(est(db({ engine: k("mysql") })), "instance").monthlyUsd).toBeUndefined();
    expect(one(est(db({ engine: k("mysql") })), "instance")).toMatchObject({ status: "no-price", quantity: HOURS,
      note: "no price: the price data is RDS for PostgreSQL's; engine is mysql" });
    expect(one(est(db({ engine: u("${var.e}") })), "instance")).toMatchObject({ status: "no-price",
      note: "no price: the price data is RDS for PostgreSQL's; engine is ${var.e}" });
  });

  test("no region, or a region without the row: no price, saying which", () => {
    const noRegion = estimateStack({ ...inputs(db()), region: u("(not set)") }, TEST_PRICES, {});
    expect(noRegion.region).toBeUndefined();
    expect(one(noRegion, "instance")).toMatchObject({ status: "no-price", note: "no region: the plan's provider sets none (pass --region)" });
    expect(one(noRegion, "instance").reserved?.[0].note).toBe("no price: cost/prices.json holds no 1yr no-upfront reserved price for db.m5.large Single-AZ; --live reads AWS's Reserved terms");
    const elsewhere = est(db(), { region: "eu-west-2" });
    expect(elsewhere.region).toBe("eu-west-2");
    expect(one(elsewhere, "instance")).toMatchObject({ status: "no-price", note: "no price: the price data has no \"instance/db.m5.large/Single-AZ\" in eu-west-2" });
  });

  test("a data-file price kept when --live found none says so", () => {
    const prices = TEST_PRICES.withOverrides([row("instance/db.m5.large/Single-AZ", undefined, { source: "GetProducts: no product", origin: "live" })]);
    const line = one(estimateStack(inputs(db()), prices, {}), "instance");
    expect(line).toMatchObject({ status: "priced", monthlyUsd: 146,
      note: "the data file's price: the AWS Price List API returned none (GetProducts: no product)" });
  });
});

describe("storage, IOPS and throughput", () => {
  test("GiB x the deployment's GiB-month rate (Multi-AZ bills both copies)", () => {
    expect(one(est(db()), "storage")).toMatchObject({ description: "Storage (gp3, 100 GiB)", quantity: 100, monthlyUsd: 10, unit: "GiB-month" });
    expect(one(est(db({ multiAz: k(true) })), "storage")).toMatchObject({
      description: "Storage (gp3, 100 GiB, Multi-AZ: billed for both copies)", monthlyUsd: 20 });
  });

  test("gp3 below 400 GiB: IOPS above 3,000 and throughput above 125 MiB/s are billed; at the baseline nothing", () => {
    expect(linesOf(est(db({ iops: k(3000), storageThroughput: k(125) })), "iops")).toEqual([]);
    expect(linesOf(est(db({ iops: k(3000), storageThroughput: k(125) })), "throughput")).toEqual([]);
    const e = est(db({ iops: k(3500), storageThroughput: k(150) }));
    expect(one(e, "iops")).toMatchObject({ quantity: 500, monthlyUsd: 10, description: "Provisioned IOPS above the gp3 baseline of 3000" });
    expect(one(e, "throughput")).toMatchObject({ quantity: 25, monthlyUsd: 2.5,
      description: "Provisioned throughput above the gp3 baseline of 125 MiB/s", unit: "MiBps-month" });
  });

  test("gp3 from 400 GiB: the baseline is 12,000 IOPS and 500 MiB/s", () => {
    const e = est(db({ allocatedStorageGib: k(400), iops: k(12001), storageThroughput: k(500), multiAz: k(true) }));
    expect(one(e, "iops")).toMatchObject({ quantity: 1, monthlyUsd: 0.04 });
    expect(linesOf(e, "throughput")).toEqual([]);
  });

  test("iops or throughput not a literal: unknown lines", () => {
    expect(one(est(db({ iops: u("${var.iops}") })), "iops")).toMatchObject({ status: "unknown",
      note: "unknown: iops is ${var.iops}, not a literal the estimate can read" });
    expect(one(est(db({ storageThroughput: u("${var.t}") })), "throughput")).toMatchObject({ status: "unknown",
      note: "unknown: storage_throughput is ${var.t}, not a literal the estimate can read" });
  });

  test("io1 bills every provisioned IOPS; io1 without iops is unknown", () => {
    const e = est(db({ storageType: k("io1"), iops: k(1000) }));
    expect(one(e, "iops")).toMatchObject({ quantity: 1000, monthlyUsd: 100, description: "Provisioned IOPS (io1)" });
    expect(one(e, "storage")).toMatchObject({ monthlyUsd: 12.5 });
    expect(one(est(db({ storageType: k("io2"), iops: k(0) })), "iops")).toMatchObject({ status: "unknown",
      note: "unknown: io2 storage needs iops, and the plan sets none" });
    expect(linesOf(est(db({ storageType: k("gp2"), iops: k(1000) })), "iops")).toEqual([]);
  });

  test("storage type, size or deployment not a literal: unknown", () => {
    expect(one(est(db({ storageType: u("${var.t}") })), "storage")).toMatchObject({ status: "unknown", description: "Storage (?, 100 GiB)" });
    expect(one(est(db({ multiAz: u("${var.m}") })), "storage")).toMatchObject({ status: "unknown",
      note: "unknown: multi_az is ${var.m}, not a literal the estimate can read" });
    expect(one(est(db({ allocatedStorageGib: u("${var.gib}") })), "storage")).toMatchObject({ status: "unknown", description: "Storage",
      note: "unknown: allocated_storage is ${var.gib}, not a literal the estimate can read" });
  });
});

describe("storage autoscaling", () => {
  test("the range from the allocated size to the maximum, storage and IOPS above baseline at each end", () => {
    const e = est(db({ maxAllocatedStorageGib: k(500) }));
    expect(e.storageAutoscaling).toEqual([{ resource: "aws_db_instance.db", fromGib: 100, toGib: 500, storageUsd: [10, 50] }]);
    expect(e.totalRangeUsd).toEqual([e.monthlyUsd, Math.round((e.monthlyUsd + 40) * 100) / 100]);
    // The at-maximum lines are not in the bill.
    expect(linesOf(e, "storage")).toHaveLength(1);
  });

  test("no autoscaling (0, or not above the allocation): no range", () => {
    expect(est(db()).totalRangeUsd).toBeUndefined();
    expect(est(db({ maxAllocatedStorageGib: k(100) })).storageAutoscaling).toEqual([]);
  });

  test("a maximum that is not a literal, or an end without a price: no range, never a range of floors", () => {
    expect(est(db({ maxAllocatedStorageGib: u("${var.max}") })).totalRangeUsd).toBeUndefined();
    const e = est(db({ maxAllocatedStorageGib: k(500), storageThroughput: k(600) }), {});
    expect(e.totalRangeUsd).toBeDefined();
    const noThroughputPrice = priceTable(TEST_ROWS.filter((r) => r.item !== "throughput/gp3/Single-AZ"), 730, "");
    const partial = estimateStack(inputs(db({ maxAllocatedStorageGib: k(500), storageThroughput: k(600) })), noThroughputPrice, {});
    expect(partial.storageAutoscaling[0].storageUsd).toBeUndefined();
    expect(partial.totalRangeUsd).toBeUndefined();
  });

  test("two instances: both ranges added", () => {
    const e = est([db({ maxAllocatedStorageGib: k(200) }), db({ address: "aws_db_instance.b", maxAllocatedStorageGib: k(300) })]);
    expect(e.totalRangeUsd).toEqual([e.monthlyUsd, Math.round((e.monthlyUsd + 10 + 20) * 100) / 100]);
  });
});

describe("backups, Performance Insights, monitoring, logs, the secret", () => {
  test("backups beyond the free allowance: the assumed GiB x the price; none kept (0 days): no line; unknown retention: unknown", () => {
    const e = est(db(), { assumptions: { ...DEFAULT_ASSUMPTIONS, additionalBackupGib: 50 } });
    expect(one(e, "backup")).toMatchObject({ quantity: 50, monthlyUsd: 5,
      note: "7-day retention; 50 GiB assumed beyond the free allowance (--backup-gb)" });
    expect(linesOf(est(db({ backupRetentionDays: k(0) })), "backup")).toEqual([]);
    expect(one(est(db({ backupRetentionDays: u("${var.b}") })), "backup")).toMatchObject({ status: "unknown" });
  });

  test("Performance Insights: off, no line; 7 days free; longer, vCPUs x the family's rate", () => {
    expect(linesOf(est(db()), "performance-insights")).toEqual([]);
    expect(one(est(db({ performanceInsightsEnabled: k(true) })), "performance-insights")).toMatchObject({ status: "free", monthlyUsd: 0 });
    expect(one(est(db({ performanceInsightsEnabled: k(true), performanceInsightsRetentionDays: k(8) })), "performance-insights"))
      .toMatchObject({ status: "priced", quantity: 2, monthlyUsd: 6, item: "performance-insights-retention/m5",
        description: "Performance Insights, 8 days retention (beyond the 7-day free tier)" });
  });

  test("Performance Insights not a literal, or on a class whose vCPUs are not known: unknown", () => {
    expect(one(est(db({ performanceInsightsEnabled: u("${var.pi}") })), "performance-insights")).toMatchObject({ status: "unknown" });
    expect(one(est(db({ performanceInsightsEnabled: k(true), performanceInsightsRetentionDays: u("${var.d}") })), "performance-insights"))
      .toMatchObject({ status: "unknown", description: "Performance Insights retention" });
    expect(one(est(db({ performanceInsightsEnabled: k(true), performanceInsightsRetentionDays: k(731), instanceClass: k("db.zz9.huge") })),
      "performance-insights")).toMatchObject({ status: "unknown", note: "unknown: the vCPUs of db.zz9.huge are not in rds/instance-classes.ts" });
    expect(one(est(db({ performanceInsightsEnabled: k(true), performanceInsightsRetentionDays: k(731), instanceClass: u("${var.c}") })),
      "performance-insights")).toMatchObject({ status: "unknown", note: "unknown: instance_class is ${var.c}, not a literal the estimate can read" });
  });

  test("enhanced monitoring: one event per interval, 730 h, x KB per event, at the ingestion price", () => {
    expect(linesOf(est(db()), "monitoring")).toEqual([]);
    const line = one(est(db({ monitoringIntervalSeconds: k(1) })), "monitoring");
    const gb = (730 * 3600 * 5) / 1e6; // 13.14 GB
    expect(line.quantity).toBeCloseTo(gb, 10);
    expect(line).toMatchObject({ monthlyUsd: 6.57, note: "2628000 events x 5 KB assumed (--monitoring-event-kb)" });
    expect(one(est(db({ monitoringIntervalSeconds: u("${var.i}") })), "monitoring")).toMatchObject({ status: "unknown" });
  });

  test("exported logs: the assumed GB ingested, kept (longest retention / 30) months", () => {
    const logs = (retentions: Attr<number>[]) => db({ exportedLogs: k(retentions.map((retentionDays, i) => ({ name: `log${i}`, retentionDays }))) });
    const e = est(logs([k(30), k(90)]), { assumptions: { ...DEFAULT_ASSUMPTIONS, exportedLogsGbPerMonth: 2 } });
    expect(one(e, "logs-ingestion")).toMatchObject({ quantity: 2, monthlyUsd: 1, description: "Exported logs log0, log1 (CloudWatch Logs ingestion)",
      note: "2 GB a month assumed (--logs-gb)" });
    expect(one(e, "logs-storage")).toMatchObject({ quantity: 6, monthlyUsd: 0.18, description: "Exported logs kept (CloudWatch Logs storage), 90 days" });
    expect(linesOf(est(db()), "logs-ingestion")).toEqual([]);
  });

  test("a log kept forever, or a retention not a literal: storage unknown (it grows), ingestion still priced", () => {
    const forever = est(db({ exportedLogs: k([{ name: "a", retentionDays: k(30) }, { name: "b", retentionDays: k(0) }]) }));
    expect(one(forever, "logs-storage")).toMatchObject({ status: "unknown" });
    expect(one(forever, "logs-ingestion")).toMatchObject({ status: "priced", monthlyUsd: 0.5 });
    const unreadable = est(db({ exportedLogs: k([{ name: "a", retentionDays: u("${var.days}") }]) }));
    expect(one(unreadable, "logs-storage")).toMatchObject({ status: "unknown", note: "unknown: a log group's retention_in_days is ${var.days}" });
    expect(one(est(db({ exportedLogs: u("${var.logs}") })), "logs-ingestion")).toMatchObject({ status: "unknown" });
  });

  test("the secret: one a month, with why it is there", () => {
    expect(one(est(db()), "secret")).toMatchObject({ quantity: 1, monthlyUsd: 0.4 });
    expect(one(est(db({ passwordSource: "rds-managed" })), "secret").note).toBe("manage_master_user_password: RDS keeps the password in a secret it creates");
  });
});

describe("RDS Extended Support", () => {
  const pg = (version: string, over: Partial<DatabaseCostInputs> = {}) => db({ engineVersion: k(version), ...over });

  test("year 1-2: vCPUs x instances (a Multi-AZ standby too) x 730 h at the year 1-2 rate", () => {
    const line = one(est(pg("13", { multiAz: k(true) })), "extended-support");
    expect(line).toMatchObject({ status: "priced", quantity: 2 * 2 * 730, monthlyUsd: 292, item: "extended-support/year-1-2/postgres-13",
      description: "RDS Extended Support (PostgreSQL 13, Extended Support, year 1-2 rate, since 2026-03-01)" });
    expect(line.note).toBe("2 vCPUs x 2 instance(s) x 730 h; standard support ended 2026-02-28; billed from 2026-03-01, year 3 rate from " +
      "2028-03-01; reserved instances do not cover it; upgrading to a major in standard support stops it");
    expect(one(est(pg("13")), "extended-support")).toMatchObject({ quantity: 1460, monthlyUsd: 146 });
  });

  test("year 3 at the year 3 rate, from its own day", () => {
    expect(one(est(pg("12"), { asOf: "2027-03-01" }), "extended-support")).toMatchObject({ monthlyUsd: 292,
      description: "RDS Extended Support (PostgreSQL 12, Extended Support, year 3 rate, since 2027-03-01)" });
  });

  test("in standard support: no line, a fact; disabled in Extended Support: no line", () => {
    const e = est(pg("15"));
    expect(linesOf(e, "extended-support")).toEqual([]);
    expect(e.assumptions).toContain("RDS Extended Support: aws_db_instance.db runs PostgreSQL 15, in standard support until 2028-02-29 " +
      "(from 2028-03-01: $146.00 a month (2 vCPUs x 1 instance x 730 h x $0.1))");
    const disabled = est(pg("15", { engineLifecycleSupport: k("open-source-rds-extended-support-disabled") }));
    expect(disabled.assumptions).toContain("RDS Extended Support: aws_db_instance.db runs PostgreSQL 15, in standard support until 2028-02-29 " +
      "(from 2028-03-01: disabled by engine_lifecycle_support, RDS upgrades the instance instead)");
    expect(linesOf(est(pg("13", { engineLifecycleSupport: k("open-source-rds-extended-support-disabled") })), "extended-support")).toEqual([]);
  });

  test("a tier starting within 365 days is warned about with what it costs; 366 days is not", () => {
    // 2027-03-01 is 365 days after 2026-03-01 (PostgreSQL 14's year 1).
    expect(est(pg("14"), { asOf: "2026-03-01" }).warnings).toEqual(["aws_db_instance.db: from 2027-03-01 PostgreSQL 14 is billed RDS Extended " +
      "Support at its year-1-2 rate: $146.00 a month (2 vCPUs x 1 instance x 730 h x $0.1) on top of this estimate, unless upgraded before then " +
      "(standard support ends 2027-02-28)"]);
    expect(est(pg("14"), { asOf: "2026-02-28" }).warnings).toEqual([]);
    expect(est(pg("13", { multiAz: k(true) }), { asOf: "2027-03-02" }).warnings).toEqual(["aws_db_instance.db: from 2028-03-01 PostgreSQL 13 is " +
      "billed RDS Extended Support at its year-3 rate: $584.00 a month (2 vCPUs x 2 instances x 730 h x $0.2) on top of this estimate, unless " +
      "upgraded before then"]);
  });

  test("a warning that cannot be priced says why; disabled, it warns of the upgrade", () => {
    expect(est(pg("14", { instanceClass: k("db.zz9.huge") }), { asOf: "2026-06-01" }).warnings[0]).toContain(
      "a charge per vCPU-hour the estimate cannot price (the vCPUs of db.zz9.huge are unknown)");
    expect(est(pg("14"), { asOf: "2026-06-01", region: "eu-west-2" }).warnings[0]).toContain(
      "a charge per vCPU-hour the estimate cannot price (no price in this region)");
    expect(est(pg("14", { engineLifecycleSupport: k("open-source-rds-extended-support-disabled") }), { asOf: "2026-06-01" }).warnings).toEqual([
      "aws_db_instance.db: PostgreSQL 14's standard support ends 2027-02-28; engine_lifecycle_support disables Extended Support, so RDS " +
      "upgrades the instance to a major in standard support after that date (plan the upgrade)"]);
  });

  test("what cannot be priced is a line without a figure, and the estimate is incomplete", () => {
    const cases: [DatabaseCostInputs, string][] = [
      [pg("13", { instanceClass: k("db.zz9.huge") }), "unknown: the vCPUs of db.zz9.huge are not in rds/instance-classes.ts"],
      [pg("13", { instanceClass: u("${var.c}") }), "unknown: instance_class is ${var.c}, not a literal the estimate can read"],
      [pg("13", { multiAz: u("${var.m}") }), "unknown: multi_az is ${var.m}, not a literal the estimate can read"],
      [db({ engineVersion: u("${var.v}") }), "unknown: engine_version is ${var.v}, not a literal the estimate can read"],
      [db({ engineVersion: k("9.6") }), "unknown: engine_version 9.6 is not a PostgreSQL major in rds/postgres-engine-versions.ts"],
    ];
    for (const [input, note] of cases) {
      const e = est(input);
      expect(one(e, "extended-support")).toMatchObject({ status: "unknown", note });
      expect(one(e, "extended-support").monthlyUsd).toBeUndefined();
      expect(e.complete).toBe(false);
    }
  });

  test("no engine_version: no line, a fact; another engine: no Extended Support line", () => {
    const e = est(db());
    expect(linesOf(e, "extended-support")).toEqual([]);
    expect(e.assumptions).toContain("RDS Extended Support: aws_db_instance.db sets no engine_version, so RDS creates its default major, in standard support");
    expect(linesOf(est(db({ engine: k("mysql"), engineVersion: k("5.7") })), "extended-support")).toEqual([]);
  });

  test("with the data file: PostgreSQL 11 on db.t3.large in us-east-1 in its year 1-2 is 1,460 vCPU-hours at $0.100 (infracost's golden test: $146.00)", () => {
    const e = estimateStack({ stack: "s", region: k("us-east-1"), databases: [pg("11", { instanceClass: k("db.t3.large") })] }, dataFilePrices(),
      { asOf: "2025-01-01" });
    expect(one(e, "extended-support")).toMatchObject({ quantity: 1460, monthlyUsd: 146 });
    expect(priceFile.prices.find((p) => p.item === "extended-support/year-1-2")?.usd).toBe(0.1);
  });
});

describe("totals: complete only when every line has a figure", () => {
  test("the sum of the lines, and complete", () => {
    const e = est(db());
    // instance 146 + storage 10 + backup 0 + secret 0.4
    expect(e.lines.map((l) => l.kind)).toEqual(["instance", "storage", "backup", "secret"]);
    expect(e.monthlyUsd).toBe(156.4);
    expect(e.complete).toBe(true);
    expect(e.hoursPerMonth).toBe(730);
    expect(e.stack).toBe("s");
  });

  test("a no-price line: the sum is a floor and not complete", () => {
    const e = est(db({ storageThroughput: k(600) }), { });
    expect(e.complete).toBe(true);
    const prices = priceTable(TEST_ROWS.filter((r) => r.item !== "throughput/gp3/Single-AZ"), 730, "");
    const floor = estimateStack(inputs(db({ storageThroughput: k(600) })), prices, {});
    expect(one(floor, "throughput").status).toBe("no-price");
    expect(floor.complete).toBe(false);
    expect(floor.monthlyUsd).toBe(156.4);
    expect(floor.reservedMonthlyUsd).toBeUndefined();
  });

  test("reserved totals: the bill with each instance line at its 1-year price; a term only when every instance has one", () => {
    const e = est([db(), db({ address: "aws_db_instance.b", multiAz: k(true) })]);
    // on-demand 146 + 292 = 438; 1-year 73 + 219 = 292: 146 less
    expect(e.reservedMonthlyUsd).toEqual({ "1yr": Math.round((e.monthlyUsd - 146) * 100) / 100 });
    expect(est([db(), db({ address: "aws_db_instance.b", instanceClass: k("db.t4g.small") })]).reservedMonthlyUsd).toBeUndefined();
    expect(est([]).reservedMonthlyUsd).toBeUndefined();
  });

  test("no database: nothing, and nothing compared", () => {
    const e = est([]);
    expect(e).toMatchObject({ lines: [], monthlyUsd: 0, complete: true, documentComparison: undefined, capacity: [], storageAutoscaling: [] });
  });

  test("the account: every stack's total, complete only when each is, reserved only when each has it", () => {
    const a = est(db());
    const b = { ...est(db({ multiAz: k(true) })), stack: "b" };
    expect(accountTotal([a, b])).toEqual({ stacks: ["s", "b"], monthlyUsd: Math.round((a.monthlyUsd + b.monthlyUsd) * 100) / 100, complete: true,
      reservedMonthlyUsd: { "1yr": Math.round((a.reservedMonthlyUsd!["1yr"]! + b.reservedMonthlyUsd!["1yr"]!) * 100) / 100 } });
    const floor = est(db({ engineVersion: u("${var.v}") }));
    expect(accountTotal([a, floor])).toMatchObject({ complete: false, reservedMonthlyUsd: undefined });
    expect(accountTotal([])).toEqual({ stacks: [], monthlyUsd: 0, complete: true, reservedMonthlyUsd: undefined });
  });
});

describe("against the document's $35", () => {
  test("a complete total is compared; a floor is not", () => {
    const e = est(db({ instanceClass: k("db.t4g.small") }));
    expect(e.documentComparison).toMatchObject({ documentUsd: DOCUMENT_MONTHLY_USD, planUsd: e.monthlyUsd, complete: true,
      differenceUsd: Math.round((e.monthlyUsd - 35) * 100) / 100 });
    const floor = est(db({ instanceClass: k("db.t4g.small"), engineVersion: u("${var.v}") }));
    expect(floor.documentComparison).toMatchObject({ complete: false, differenceUsd: undefined });
    expect(floor.documentComparison?.reasons).toContain("1 line(s) without a price are not in the figure: the plan costs at least this");
  });

  test("the reasons: Single-AZ figures, the standby and second copy, and the extras", () => {
    const e = est(db({ instanceClass: k("db.t4g.small"), multiAz: k(true), monitoringIntervalSeconds: k(60) }));
    expect(e.documentComparison?.reasons).toEqual([
      "db.t4g.small on its own, Single-AZ: $36.50 a month (730 h x $0.05)",
      "with 100 GiB of gp3, Single-AZ: $46.50: the document's \"$35 + storage\" is about this, a single instance and a single copy of storage",
      "Multi-AZ runs a standby: instance +$36.50",
      "Multi-AZ keeps a second copy of storage: +$10.00",
      `backups, enhanced monitoring, the secret: +$${(0 + Math.round(0.219 * 0.5 * 100) / 100 + 0.4).toFixed(2)}`,
    ]);
  });

  test("another class says it is not the document's, with the document class's price", () => {
    const reasons = est(db()).documentComparison?.reasons ?? [];
    expect(reasons[1]).toBe("with 100 GiB of gp3, Single-AZ: $156.00; the document's \"$35 + storage\" is a db.t4g.small, and this stack runs " +
      "db.m5.large (a db.t4g.small is $36.50 a month of instance)");
    const noPrice = est(db({ instanceClass: k("db.r5.large") })).documentComparison?.reasons ?? [];
    expect(noPrice[0]).toBe("the document's \"$35 + storage\" is a db.t4g.small; this stack runs db.r5.large, whose price the data does not hold here");
  });
});

describe("capacity", () => {
  test("the default max_connections bound on the class's memory; the parameter group's value wins; unknowns say why", () => {
    const [c] = est(db()).capacity;
    expect(c).toMatchObject({ instanceClass: "db.m5.large", memoryGib: 8, defaultAtMost: Math.min(Math.floor(8 * 1024 ** 3 / 9531392), 5000) });
    expect(est(db({ maxConnectionsParameter: k(300) })).capacity[0]).toMatchObject({ parameterGroupValue: 300,
      text: "max_connections = 300, set by the plan's parameter group" });
    expect(est(db({ maxConnectionsParameter: u("${var.mc}") })).capacity[0]).toMatchObject({
      text: "max_connections unknown: the plan's parameter group sets it to ${var.mc}" });
    expect(est(db({ instanceClass: u("${var.c}") })).capacity[0].text).toBe("max_connections unknown: instance_class is ${var.c}, not a literal the estimate can read");
    expect(est(db({ instanceClass: k("db.zz9.huge") })).capacity[0].text).toBe("max_connections unknown: the memory of db.zz9.huge is not in rds/instance-classes.ts");
  });
});

describe("the change from one estimate to another (review:change)", () => {
  test("only the lines whose figure or description changed, with the delta", () => {
    const base = est(db());
    const head = est(db({ multiAz: k(true) }));
    const delta = costDelta(base, head);
    expect(delta).toMatchObject({ stack: "s", baseUsd: base.monthlyUsd, headUsd: head.monthlyUsd,
      deltaUsd: Math.round((head.monthlyUsd - base.monthlyUsd) * 100) / 100, complete: true });
    expect(delta.lines.map((l) => [l.kind, l.baseUsd, l.headUsd, l.deltaUsd])).toEqual([["instance", 146, 292, 146], ["storage", 10, 20, 10]]);
    expect(costDelta(base, base).lines).toEqual([]);
  });

  test("a line only on one side, or without a figure: listed (absent is $0), a side without a figure makes its delta unknown and the whole incomplete", () => {
    const base = est(db());
    const head = est(db({ engineVersion: k("13"), iops: u("${var.iops}") }));
    const delta = costDelta(base, head);
    expect(delta.complete).toBe(false);
    expect(delta.lines).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: "extended-support", baseUsd: 0, headUsd: 146, deltaUsd: 146, base: undefined }),
      expect.objectContaining({ kind: "iops", baseUsd: 0, headUsd: undefined, deltaUsd: undefined, head: "Provisioned IOPS" }),
    ]));
  });
});

describe("what every line says: its unit, and for a line without a figure which attribute or price is missing", () => {
  const NL = "not a literal the estimate can read";
  const cases: [string, DatabaseCostInputs, CostLine["kind"], Partial<CostLine>][] = [
    ["instance, class unknown", db({ instanceClass: u("${var.c}") }), "instance", { unit: "hours" }],
    ["instance, deployment unknown", db({ multiAz: u("${var.m}") }), "instance", { unit: "hours" }],
    ["instance, another engine", db({ engine: k("mysql") }), "instance", { unit: "hours" }],
    ["storage, type unknown", db({ storageType: u("${var.t}") }), "storage",
      { unit: "GiB-month", note: `unknown: storage_type is \${var.t}, ${NL}` }],
    ["storage, deployment unknown", db({ multiAz: u("${var.m}") }), "storage", { unit: "GiB-month" }],
    ["storage, size unknown", db({ allocatedStorageGib: u("${var.g}") }), "storage", { unit: "GiB-month" }],
    ["iops unknown", db({ iops: u("${var.i}") }), "iops", { unit: "IOPS-month", description: "Provisioned IOPS" }],
    ["gp3 IOPS above baseline", db({ iops: k(4000) }), "iops", { unit: "IOPS-month" }],
    ["throughput unknown", db({ storageThroughput: u("${var.t}") }), "throughput", { unit: "MiBps-month", description: "Provisioned throughput" }],
    ["io1 IOPS", db({ storageType: k("io1"), iops: k(1000) }), "iops", { unit: "IOPS-month" }],
    ["io2 without IOPS", db({ storageType: k("io2") }), "iops", { unit: "IOPS-month", description: "Provisioned IOPS (io2)" }],
    ["backup", db(), "backup", { unit: "GiB-month", description: "Backup storage beyond the free allowance" }],
    ["backup unknown", db({ backupRetentionDays: u("${var.b}") }), "backup", { unit: "GiB-month",
      description: "Backup storage beyond the free allowance", note: `unknown: backup_retention_period is \${var.b}, ${NL}` }],
    ["Performance Insights unknown", db({ performanceInsightsEnabled: u("${var.pi}") }), "performance-insights", { unit: "vCPU-month",
      description: "Performance Insights", note: `unknown: performance_insights_enabled is \${var.pi}, ${NL}` }],
    ["Performance Insights retention unknown", db({ performanceInsightsEnabled: k(true), performanceInsightsRetentionDays: u("${var.d}") }),
      "performance-insights", { unit: "vCPU-month", note: `unknown: performance_insights_retention_period is \${var.d}, ${NL}` }],
    ["Performance Insights free", db({ performanceInsightsEnabled: k(true) }), "performance-insights", { unit: "vCPU-month",
      description: "Performance Insights, 7 days retention", note: "7 days of retention is Performance Insights' free tier" }],
    ["Performance Insights, vCPUs unknown", db({ performanceInsightsEnabled: k(true), performanceInsightsRetentionDays: k(731), instanceClass: k("db.zz9.huge") }),
      "performance-insights", { unit: "vCPU-month" }],
    ["Performance Insights priced", db({ performanceInsightsEnabled: k(true), performanceInsightsRetentionDays: k(731) }),
      "performance-insights", { unit: "vCPU-month" }],
    ["monitoring unknown", db({ monitoringIntervalSeconds: u("${var.i}") }), "monitoring", { unit: "GB",
      description: "Enhanced monitoring (CloudWatch Logs ingestion)", note: `unknown: monitoring_interval is \${var.i}, ${NL}` }],
    ["monitoring", db({ monitoringIntervalSeconds: k(60) }), "monitoring", { unit: "GB",
      description: "Enhanced monitoring every 60 s (CloudWatch Logs ingestion)" }],
    ["logs unknown", db({ exportedLogs: u("${var.l}") }), "logs-ingestion", { unit: "GB",
      description: "Exported logs (CloudWatch Logs ingestion)", note: `unknown: enabled_cloudwatch_logs_exports is \${var.l}, ${NL}` }],
    ["logs ingestion", db({ exportedLogs: k([{ name: "a", retentionDays: k(7) }]) }), "logs-ingestion", { unit: "GB" }],
    ["logs storage", db({ exportedLogs: k([{ name: "a", retentionDays: k(7) }]) }), "logs-storage", { unit: "GB-month" }],
    ["logs storage, retention unknown", db({ exportedLogs: k([{ name: "a", retentionDays: u("${var.r}") }]) }), "logs-storage", { unit: "GB-month" }],
    ["logs kept forever", db({ exportedLogs: k([{ name: "a", retentionDays: k(0) }]) }), "logs-storage", { unit: "GB-month",
      note: "unknown: a log group keeps logs forever (no retention), so its storage grows every month" }],
    ["secret", db(), "secret", { unit: "secret-month", description: "Secrets Manager secret (master password)",
      note: "the master secret npm run secret:create stores (the README's deploy path); drop this line if the password lives elsewhere" }],
    ["Extended Support, version unknown", db({ engineVersion: u("${var.v}") }), "extended-support", { unit: "vCPU-hours", description: "RDS Extended Support" }],
    ["Extended Support, major unknown", db({ engineVersion: k("9.6") }), "extended-support", { unit: "vCPU-hours" }],
    ["Extended Support", db({ engineVersion: k("13") }), "extended-support", { unit: "vCPU-hours" }],
    ["Extended Support, vCPUs unknown", db({ engineVersion: k("13"), instanceClass: k("db.zz9.huge") }), "extended-support", { unit: "vCPU-hours" }],
    ["Extended Support, deployment unknown", db({ engineVersion: k("13"), multiAz: u("${var.m}") }), "extended-support", { unit: "vCPU-hours" }],
  ];
  test.each(cases)("%s", (_name, input, kind, expected) => {
    expect(one(est(input), kind)).toMatchObject(expected);
  });

  test("a line without a figure keeps the reason the price row gives, once", () => {
    const prices = priceTable([...TEST_ROWS.filter((r) => r.item !== "throughput/gp3/Single-AZ"),
      row("throughput/gp3/Single-AZ", undefined, { source: "no price: not found in the sources searched" }),
      row("storage/gp2/Single-AZ", undefined, { source: "not published" })], 730, "");
    const e = estimateStack(inputs(db({ storageThroughput: k(200) })), prices, {});
    expect(one(e, "throughput")).toMatchObject({ status: "no-price", note: "no price: not found in the sources searched",
      unitPrice: { usd: undefined } });
    expect(one(e, "throughput").monthlyUsd).toBeUndefined();
    expect(e.complete).toBe(false);
    expect(Number.isNaN(e.monthlyUsd)).toBe(false);
    expect(one(estimateStack(inputs(db({ storageType: k("gp2") })), prices, {}), "storage")).toMatchObject({ status: "no-price", note: "no price: not published" });
  });

  test("a line without a price keeps its own explanation after the reason", () => {
    const e = est(db({ engineVersion: k("13"), passwordSource: "rds-managed" }), { region: "eu-west-2" });
    expect(one(e, "secret").note).toBe("no price: the price data has no \"secrets-manager-secret\" in eu-west-2; " +
      "manage_master_user_password: RDS keeps the password in a secret it creates");
    expect(one(e, "extended-support").note).toBe("no price: the price data has no \"extended-support/year-1-2/postgres-13\" in eu-west-2; " +
      "standard support ended 2026-02-28; billed from 2026-03-01, year 3 rate from 2028-03-01; reserved instances do not cover it; " +
      "upgrading to a major in standard support stops it");
  });

  test("a 3-year row without a figure: still not offered, with the row's own reason", () => {
    const prices = priceTable([...TEST_ROWS, row("reserved-3yr-no-upfront/instance/db.m5.large/Single-AZ", undefined, { source: "GetProducts: none" })], 730, "");
    const line = one(estimateStack(inputs(db()), prices, {}), "instance");
    expect(line.reserved?.[1].note).toMatch(/^not offered: .*one year term; GetProducts: none$/);
    expect(line.reserved?.[1].monthlyUsd).toBeUndefined();
  });

  test("a line list holds only lines: nothing for 0-day backups, a major in standard support, or Extended Support disabled", () => {
    const kinds = (d: DatabaseCostInputs, asOf = "2026-12-06") => est(d, { asOf }).lines.map((l) => l.kind);
    expect(kinds(db({ backupRetentionDays: k(0) }))).toEqual(["instance", "storage", "secret"]);
    expect(kinds(db({ engineVersion: k("15") }))).toEqual(["instance", "storage", "backup", "secret"]);
    expect(kinds(db({ engineVersion: k("13"), engineLifecycleSupport: k("open-source-rds-extended-support-disabled") }))).toEqual(["instance", "storage", "backup", "secret"]);
  });

  test("the assumptions hold the usage ones and then only this plan's facts", () => {
    const facts = (d: DatabaseCostInputs) => est(d).assumptions.filter((a) => !est(db()).assumptions.includes(a) || a.startsWith("RDS Extended Support"));
    expect(est(db({ engineVersion: k("13") })).assumptions.filter((a) => a.startsWith("RDS Extended Support"))).toEqual([]);
    expect(est(db({ engineVersion: k("13") })).assumptions).toHaveLength(5); // hours, logs, monitoring, backups, what is not counted
    expect(est(db()).assumptions).toHaveLength(6);
    expect(facts(db({ engineVersion: k("15") }))).toHaveLength(1);
  });

  test("the warning for a class that is not a literal cannot price it", () => {
    expect(est(db({ engineVersion: k("14"), instanceClass: u("${var.c}") }), { asOf: "2026-06-01" }).warnings[0]).toContain(
      "a charge per vCPU-hour the estimate cannot price (the vCPUs of the class are unknown)");
  });

  test("Performance Insights' free tier counts as complete", () => {
    expect(est(db({ performanceInsightsEnabled: k(true) })).complete).toBe(true);
  });

  test("autoscaling on one instance and a maximum not a literal on another: no range", () => {
    expect(est([db({ maxAllocatedStorageGib: k(500) }), db({ address: "aws_db_instance.b", maxAllocatedStorageGib: u("${var.max}") })]).totalRangeUsd)
      .toBeUndefined();
  });

  test("the charges not priced are listed per instance", () => {
    const e = est([db(), db({ address: "aws_db_instance.b" })]);
    expect(e.notPriced.length).toBeGreaterThan(0);
    expect(new Set(e.notPriced.map((n) => n.resource))).toEqual(new Set(["aws_db_instance.db", "aws_db_instance.b"]));
    const backups = (x: StackCostEstimate) => x.notPriced.find((n) => /final snapshot/.test(n.what));
    expect(JSON.stringify(backups(e))).not.toEqual(JSON.stringify(backups(est([db(), db({ address: "aws_db_instance.b" })], { region: "eu-west-2" }))));
  });

  test("the day priced defaults to today (UTC), as YYYY-MM-DD", () => {
    // The day before the call and after it: a run across midnight (UTC) may have priced either.
    const today = () => new Date().toISOString().slice(0, 10);
    const before = today();
    const e = estimateStack(inputs(db()), TEST_PRICES);
    expect([before, today()]).toContain(e.asOf);
  });
});

describe("the comparison with the document when a figure is missing: never NaN, never a wrong class", () => {
  const without = (...items: string[]) => priceTable(TEST_ROWS.filter((r) => !items.includes(r.item)), 730, "");
  const reasonsWith = (prices: ReturnType<typeof priceTable>, d: DatabaseCostInputs) => estimateStack(inputs(d), prices, {}).documentComparison?.reasons ?? [];

  test("no db.t4g.small price: the other class's sentence has no figure for it", () => {
    expect(reasonsWith(without("instance/db.t4g.small/Single-AZ"), db())[1]).toBe(
      "with 100 GiB of gp3, Single-AZ: $156.00; the document's \"$35 + storage\" is a db.t4g.small, and this stack runs db.m5.large");
  });

  test("no Single-AZ storage price, or a size not known: no Single-AZ total", () => {
    for (const reasons of [reasonsWith(without("storage/gp3/Single-AZ"), db({ multiAz: k(true) })), reasonsWith(TEST_PRICES, db({ allocatedStorageGib: u("${var.g}") }))]) {
      expect(reasons.join("\n")).not.toMatch(/NaN|undefined|with .* GiB/);
    }
  });

  test("the document's class without a price, or a class not known: not said to be another class", () => {
    expect(reasonsWith(TEST_PRICES, db({ instanceClass: k("db.t4g.small") })).join("\n")).not.toContain("this stack runs");
    expect(est(db({ instanceClass: k("db.t4g.small") }), { region: "eu-west-2" }).documentComparison?.reasons.join("\n")).not.toContain("this stack runs");
    expect(reasonsWith(TEST_PRICES, db({ instanceClass: u("${var.c}") })).join("\n")).not.toContain("this stack runs");
  });

  test("Single-AZ, or a deployment not known: no standby or second copy", () => {
    expect(reasonsWith(TEST_PRICES, db()).join("\n")).not.toContain("Multi-AZ");
    expect(reasonsWith(TEST_PRICES, db({ multiAz: u("${var.m}") })).join("\n")).not.toContain("Multi-AZ");
  });

  test("Multi-AZ with a price missing on either side: no standby or second-copy figure", () => {
    for (const missing of ["instance/db.m5.large/Multi-AZ", "instance/db.m5.large/Single-AZ", "storage/gp3/Multi-AZ", "storage/gp3/Single-AZ"]) {
      const reasons = reasonsWith(without(missing), db({ multiAz: k(true) })).join("\n");
      expect(reasons).not.toMatch(/NaN/);
      const side = missing.startsWith("instance") ? "runs a standby" : "second copy of storage";
      expect(reasons).not.toContain(side);
    }
    expect(reasonsWith(TEST_PRICES, db({ multiAz: k(true), allocatedStorageGib: u("${var.g}") })).join("\n")).not.toContain("second copy");
  });

  test("the extras are the compared instance's own", () => {
    const reasons = est([db({ instanceClass: k("db.t4g.small") }), db({ address: "aws_db_instance.b", monitoringIntervalSeconds: k(1) })])
      .documentComparison?.reasons ?? [];
    expect(reasons[reasons.length - 1]).toBe("backups, the secret: +$0.40");
  });
});

describe("capacity and review:change, the remaining cases", () => {
  test("a parameter group's value on a class whose memory is not known", () => {
    expect(est(db({ instanceClass: k("db.zz9.huge"), maxConnectionsParameter: k(300) })).capacity[0]).toMatchObject({
      instanceClass: "db.zz9.huge", parameterGroupValue: 300, memoryGib: undefined, defaultAtMost: undefined });
    expect(est(db()).capacity[0].text).toBe(`max_connections at most ${est(db()).capacity[0].defaultAtMost} by default on db.m5.large ` +
      "(LEAST({DBInstanceClassMemory/9531392}, 5000) with 8 GiB; RDS subtracts its own reserve from DBInstanceClassMemory, so the live value is lower: " +
      "the probe's evidence records it)");
  });

  test("a line removed by the change: listed at $0 after", () => {
    const delta = costDelta(est(db({ engineVersion: k("13") })), est(db()));
    expect(delta.lines).toEqual([expect.objectContaining({ kind: "extended-support", baseUsd: 146, headUsd: 0, deltaUsd: -146, head: undefined })]);
  });

  test("the same description at another price, or another description at the same price: listed", () => {
    const base = est(db());
    const dearer = { ...base, lines: base.lines.map((l) => (l.kind === "storage" ? { ...l, monthlyUsd: 11 } : l)) };
    expect(costDelta(base, dearer).lines).toEqual([expect.objectContaining({ kind: "storage", baseUsd: 10, headUsd: 11, deltaUsd: 1 })]);
    const renamed = { ...base, lines: base.lines.map((l) => (l.kind === "storage" ? { ...l, description: "Storage (gp3, 100 GiB, moved)" } : l)) };
    expect(costDelta(base, renamed).lines).toEqual([expect.objectContaining({ kind: "storage", baseUsd: 10, headUsd: 10, deltaUsd: 0,
      head: "Storage (gp3, 100 GiB, moved)" })]);
  });

  test("a line without a figure before and with one after: its delta unknown", () => {
    const delta = costDelta(est(db({ iops: u("${var.i}") })), est(db({ iops: k(4000) })));
    expect(delta.lines).toEqual([expect.objectContaining({ kind: "iops", baseUsd: undefined, headUsd: 20, deltaUsd: undefined })]);
  });

  test("monthlyCostOfPlan prices a plan with the data file unless prices are given", () => {
    const json = { provider: { aws: [{ region: "test-1" }] },
      resource: { aws_db_instance: { db: { engine: "postgres", instance_class: "db.m5.large", storage_type: "gp3", allocated_storage: 100, backup_retention_period: 7 } } } };
    expect(monthlyCostOfPlan({ stack: "s", json }, { prices: TEST_PRICES, asOf: "2026-12-06" })).toMatchObject({ monthlyUsd: 156.4, complete: true });
    const dataFile = monthlyCostOfPlan({ stack: "s", json }, { region: "us-east-1", asOf: "2026-12-06" });
    expect(one(dataFile, "instance").monthlyUsd).toBe(Math.round(730 * (priceFile.prices.find((p) => p.item === "instance/db.m5.large/Single-AZ")?.usd as number) * 100) / 100);
  });
});

describe("the data file's price table", () => {
  test("is checked and indexed once per process, and is the file's rows (review:change prices each stack twice)", () => {
    const table = dataFilePrices();
    expect(dataFilePrices()).toBe(table);
    const row = (priceFile.prices as Array<{ region: string; item: string; usd: number | null }>).find((r) => r.usd !== null);
    expect(table.lookup(row?.region ?? "", row?.item ?? "")?.usd).toBe(row?.usd);
    expect(table.withOverrides([])).not.toBe(table);
  });
});
