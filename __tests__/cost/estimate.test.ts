import * as fs from "node:fs";
import * as path from "node:path";
import priceFile from "../../cost/prices.json";
import { costDelta, CostLine, DOCUMENT_MONTHLY_USD, monthlyCostOfPlan, StackCostEstimate } from "../../cost/estimate";
import { formatMarkdown, formatTable } from "../../cost/format-report";
import { documentPlan, planFor, synthProductionStack, TerraformJson } from "../support/synth-plan";

/** A unit price straight from the data file (us-east-1): the expected figures are worked out from these. */
function unitPrice(item: string): number {
  const row = priceFile.prices.find((p) => p.region === "us-east-1" && p.item === item);
  if (!row || typeof row.usd !== "number") throw new Error(`the data file has no us-east-1 price for ${item}`);
  return row.usd;
}
const HOURS = priceFile.hoursPerMonth;
const cents = (n: number) => Math.round(n * 100) / 100;

function estimate(plan: TerraformJson, stack = "checkpoints-db", region?: string): StackCostEstimate {
  return monthlyCostOfPlan({ stack, json: plan }, { region });
}
const line = (e: StackCostEstimate, kind: CostLine["kind"]) => {
  const found = e.lines.filter((l) => l.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
};

describe("the design document's plan, priced in us-east-1 line by line", () => {
  const e = estimate(documentPlan());

  test("instance hours: db.t4g.small, Multi-AZ, 730 hours", () => {
    expect(HOURS).toBe(730);
    const instance = line(e, "instance");
    expect(instance.description).toBe("Instance hours (on-demand, Multi-AZ, db.t4g.small)");
    expect(instance.quantity).toBe(730);
    expect(instance.monthlyUsd).toBe(cents(730 * unitPrice("instance/db.t4g.small/Multi-AZ")));
  });

  test("storage: 100 GiB of gp3, both Multi-AZ copies", () => {
    const storage = line(e, "storage");
    expect(storage.description).toBe("Storage (gp3, 100 GiB, Multi-AZ: billed for both copies)");
    expect(storage.monthlyUsd).toBe(cents(100 * unitPrice("storage/gp3/Multi-AZ")));
  });

  test("no provisioned IOPS or throughput: the plan sets none, gp3 includes a baseline", () => {
    expect(e.lines.filter((l) => l.kind === "iops" || l.kind === "throughput")).toEqual([]);
  });

  test("backups: 7 days, nothing beyond the free allowance by default, the assumption stated", () => {
    const backup = line(e, "backup");
    expect(backup.quantity).toBe(0);
    expect(backup.monthlyUsd).toBe(0);
    expect(backup.unitPrice?.usd).toBe(unitPrice("backup-storage"));
    expect(backup.note).toContain("7-day retention; 0 GiB assumed beyond the free allowance");
  });

  test("Performance Insights: 7 days, the free tier, a stated zero", () => {
    const pi = line(e, "performance-insights");
    expect(pi).toMatchObject({ status: "free", monthlyUsd: 0, note: "7 days of retention is Performance Insights' free tier" });
  });

  test("enhanced monitoring every 60 s: 43,800 events of 5 KB into CloudWatch Logs", () => {
    const monitoring = line(e, "monitoring");
    const gb = (730 * 3600 / 60) * 5 / 1e6; // 0.219 GB
    expect(monitoring.quantity).toBeCloseTo(gb, 10);
    expect(monitoring.monthlyUsd).toBe(cents(gb * unitPrice("cloudwatch-logs-ingestion")));
  });

  test("exported logs: 1 GB ingested, kept 30 days", () => {
    expect(line(e, "logs-ingestion").monthlyUsd).toBe(cents(1 * unitPrice("cloudwatch-logs-ingestion")));
    const stored = line(e, "logs-storage");
    expect(stored.quantity).toBe(1); // 1 GB a month x 30 days / 30
    expect(stored.monthlyUsd).toBe(cents(1 * unitPrice("cloudwatch-logs-storage")));
  });

  test("the master password's secret", () => {
    expect(line(e, "secret").monthlyUsd).toBe(cents(unitPrice("secrets-manager-secret")));
  });

  test("the total is the sum of those lines, and complete", () => {
    const expected = cents(730 * unitPrice("instance/db.t4g.small/Multi-AZ")) + cents(100 * unitPrice("storage/gp3/Multi-AZ")) +
      0 + 0 + cents(0.219 * unitPrice("cloudwatch-logs-ingestion")) + cents(unitPrice("cloudwatch-logs-ingestion")) +
      cents(unitPrice("cloudwatch-logs-storage")) + cents(unitPrice("secrets-manager-secret"));
    expect(e.monthlyUsd).toBe(cents(expected));
    expect(e.complete).toBe(true);
    expect(e.lines).toHaveLength(8);
  });

  test("against the document's \"$35/month\": by how much, and why", () => {
    const d = e.documentComparison;
    expect(d?.documentUsd).toBe(DOCUMENT_MONTHLY_USD);
    expect(d?.differenceUsd).toBe(cents(e.monthlyUsd - 35));
    const standby = 730 * (unitPrice("instance/db.t4g.small/Multi-AZ") - unitPrice("instance/db.t4g.small/Single-AZ"));
    const secondCopy = 100 * (unitPrice("storage/gp3/Multi-AZ") - unitPrice("storage/gp3/Single-AZ"));
    const singleAz = 730 * unitPrice("instance/db.t4g.small/Single-AZ") + 100 * unitPrice("storage/gp3/Single-AZ");
    expect(d?.reasons).toEqual(expect.arrayContaining([
      `Multi-AZ runs a standby: instance +$${standby.toFixed(2)}`,
      `Multi-AZ keeps a second copy of storage: +$${secondCopy.toFixed(2)}`,
      `with 100 GiB of gp3, Single-AZ: $${singleAz.toFixed(2)}: the document's "$35 + storage" is about this, a single instance and a single copy of storage`,
    ]));
    expect(formatTable([e])).toContain(`This plan: $${e.monthlyUsd.toFixed(2)} a month, $${(e.monthlyUsd - 35).toFixed(2)} more than $35. Why:`);
    // The README quotes these two figures.
    const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
    expect(readme).toContain(`production is about $${Math.round(e.monthlyUsd)} a month`);
    expect(readme).toContain(`($${singleAz.toFixed(2)})`);
  });

  test("capacity: the class's default max_connections is in the report", () => {
    expect(e.capacity[0]).toMatchObject({ instanceClass: "db.t4g.small", memoryGib: 2, defaultAtMost: 225 });
    expect(formatTable([e])).toContain("max_connections at most 225 by default on db.t4g.small");
    expect(formatMarkdown([e])).toContain("- Capacity: aws_db_instance.checkpoints: max_connections at most 225");
  });
});

test("Multi-AZ bills the standby at its own rate (about twice Single-AZ) and both copies of storage", () => {
  const multi = estimate(documentPlan());
  const single = estimate(synthProductionStack({ multiAz: false }).plan);
  expect(line(single, "instance").description).toBe("Instance hours (on-demand, Single-AZ, db.t4g.small)");
  expect(line(single, "storage").description).toBe("Storage (gp3, 100 GiB)");
  expect(line(single, "instance").monthlyUsd).toBe(cents(730 * unitPrice("instance/db.t4g.small/Single-AZ")));
  expect(line(single, "storage").monthlyUsd).toBe(cents(100 * unitPrice("storage/gp3/Single-AZ")));
  // AWS prices a Multi-AZ pair on its own: db.t4g.small is $0.065 an hour, not 2 x $0.032.
  expect(line(multi, "instance").monthlyUsd).toBe(cents(730 * unitPrice("instance/db.t4g.small/Multi-AZ")));
  expect(line(multi, "instance").monthlyUsd).toBeGreaterThanOrEqual(cents(2 * (line(single, "instance").monthlyUsd ?? NaN)));
  expect(line(multi, "storage").monthlyUsd).toBe(cents(2 * (line(single, "storage").monthlyUsd ?? NaN)));
  expect(single.documentComparison?.reasons.some((r) => r.startsWith("Multi-AZ"))).toBe(false);
});

describe("storage autoscaling", () => {
  test("the range runs from the allocated size to max_allocated_storage", () => {
    const e = estimate(documentPlan());
    const perGib = unitPrice("storage/gp3/Multi-AZ");
    expect(e.storageAutoscaling).toEqual([{ resource: "aws_db_instance.checkpoints", fromGib: 100, toGib: 500,
      storageUsd: [cents(100 * perGib), cents(500 * perGib)] }]);
    expect(e.totalRangeUsd).toEqual([e.monthlyUsd, cents(e.monthlyUsd + 400 * perGib)]);
    expect(formatTable([e])).toContain(`storage autoscaling 100 -> 500 GiB: storage $${(100 * perGib).toFixed(2)} -> $${(500 * perGib).toFixed(2)}`);
  });

  test("gp3 IOPS above the baseline are billed; at 400 GiB and more the baseline is 12,000 and covers them", () => {
    const plan = documentPlan();
    plan.resource.aws_db_instance.checkpoints.iops = 5000;
    const e = estimate(plan);
    const iops = line(e, "iops");
    expect(iops.description).toBe("Provisioned IOPS above the gp3 baseline of 3000");
    expect(iops.monthlyUsd).toBe(cents(2000 * unitPrice("iops/gp3/Multi-AZ")));
    const perGib = unitPrice("storage/gp3/Multi-AZ");
    expect(e.storageAutoscaling[0].storageUsd).toEqual([cents(100 * perGib + 2000 * unitPrice("iops/gp3/Multi-AZ")), cents(500 * perGib)]);
  });

  test("autoscaling off (max 0): no range", () => {
    const e = estimate(synthProductionStack({ maxAllocatedStorageGb: 0 }).plan);
    expect(e.storageAutoscaling).toEqual([]);
    expect(e.totalRangeUsd).toBeUndefined();
  });
});

describe("what cannot be priced is never a zero", () => {
  test("an unknown class is a 'no price' line and the estimate is incomplete", () => {
    const e = estimate(synthProductionStack({ instanceClass: "db.x9z.large", allowUnlistedInstanceClass: true }).plan);
    const instance = line(e, "instance");
    expect(instance).toMatchObject({ status: "no-price", quantity: 730,
      note: 'no price: the price data has no "instance/db.x9z.large/Multi-AZ" in us-east-1' });
    expect(instance.monthlyUsd).toBeUndefined();
    expect(e.complete).toBe(false);
    expect(e.monthlyUsd).toBe(cents(e.lines.reduce((t, l) => t + (l.monthlyUsd ?? 0), 0)));
    const table = formatTable([e]);
    expect(table).toContain(`checkpoints-db (us-east-1): at least $${e.monthlyUsd.toFixed(2)} a month: INCOMPLETE, 1 line(s) without a figure`);
    expect(table).toMatch(/Instance hours \(on-demand, Multi-AZ, db\.x9z\.large\)\s+730 hours\s+no price/);
    expect(e.capacity[0].text).toBe("max_connections unknown: the memory of db.x9z.large is not in rds/instance-classes.ts");
  });

  test("a class the configuration accepts without an offline price says, once, what was searched and when", () => {
    const e = estimate(planFor({ instanceClass: "db.m8g.large" }));
    const instance = line(e, "instance");
    expect(instance.note).toMatch(new RegExp("^no price: no source that names itself and its date gives RDS for PostgreSQL's " +
      "us-east-1 on-demand rate for this class \\(searched 2026-12-06: .*yeo/ec2\\.shop.*infracost.*\\); use --live$"));
    expect(instance.unitPrice).toMatchObject({ item: expect.stringMatching(/^instance\/db\.m8g\.large\//), origin: "data file" });
    expect(instance.monthlyUsd).toBeUndefined();
    expect(e.complete).toBe(false);
  });

  test("an unknown region prices nothing", () => {
    const e = estimate(documentPlan(), "checkpoints-db", "eu-west-2");
    expect(e.lines.filter((l) => l.status === "priced")).toEqual([]);
    expect(e.monthlyUsd).toBe(0);
    expect(e.complete).toBe(false);
  });

  test("an attribute that is not a literal is 'unknown'", () => {
    const plan = documentPlan();
    plan.resource.aws_db_instance.checkpoints.instance_class = "${var.instance_class}";
    plan.resource.aws_db_instance.checkpoints.allocated_storage = "${var.storage}";
    const e = estimate(plan);
    expect(line(e, "instance")).toMatchObject({ status: "unknown",
      note: "unknown: instance_class is ${var.instance_class}, not a literal the estimate can read" });
    expect(line(e, "storage")).toMatchObject({ status: "unknown",
      note: "unknown: allocated_storage is ${var.storage}, not a literal the estimate can read" });
    expect(e.complete).toBe(false);
  });

  test("numbers as strings convert as Terraform converts them", () => {
    const plan = documentPlan();
    plan.resource.aws_db_instance.checkpoints.allocated_storage = "100";
    plan.resource.aws_db_instance.checkpoints.multi_az = "true";
    expect(estimate(plan).lines).toEqual(estimate(documentPlan()).lines);
  });

  test("a log group without retention grows forever: its storage is unknown", () => {
    const plan = documentPlan();
    delete plan.resource.aws_cloudwatch_log_group.postgresql.retention_in_days;
    expect(line(estimate(plan), "logs-storage").status).toBe("unknown");
  });
});

test("Performance Insights beyond 7 days is priced per vCPU of the family, or says it has no price", () => {
  const plan = documentPlan();
  const db = plan.resource.aws_db_instance.checkpoints;
  db.performance_insights_retention_period = 31;
  db.instance_class = "db.t3.large";
  db.multi_az = false;
  const pi = line(estimate(plan), "performance-insights");
  expect(pi).toMatchObject({ quantity: 2, monthlyUsd: cents(2 * unitPrice("performance-insights-retention/t3")) });
  db.instance_class = "db.t4g.small";
  expect(line(estimate(plan), "performance-insights").status).toBe("no-price");
});

test("the RDS-managed password's secret is RDS's own", () => {
  const e = estimate(synthProductionStack({ passwordSource: "rds-managed" }).plan);
  expect(line(e, "secret").note).toBe("manage_master_user_password: RDS keeps the password in a secret it creates");
});

test("a max_connections set in the plan's parameter group wins over the default", () => {
  const plan = documentPlan();
  const [group] = Object.values(plan.resource.aws_db_parameter_group) as { parameter: { name: string; value: string }[] }[];
  group.parameter.push({ name: "max_connections", value: "150" });
  expect(estimate(plan).capacity[0]).toMatchObject({ parameterGroupValue: 150, defaultAtMost: 225,
    text: "max_connections = 150, set by the plan's parameter group" });
});

describe("costDelta (for review:change)", () => {
  test("a class change: only the instance line moves, by the hourly difference", () => {
    const base = estimate(documentPlan());
    const head = estimate(synthProductionStack({ instanceClass: "db.t4g.medium" }).plan);
    const delta = costDelta(base, head);
    const expected = cents(730 * unitPrice("instance/db.t4g.medium/Multi-AZ")) - cents(730 * unitPrice("instance/db.t4g.small/Multi-AZ"));
    expect(delta.lines).toEqual([expect.objectContaining({ kind: "instance", deltaUsd: cents(expected),
      base: "Instance hours (on-demand, Multi-AZ, db.t4g.small)", head: "Instance hours (on-demand, Multi-AZ, db.t4g.medium)" })]);
    expect(delta.deltaUsd).toBe(cents(expected));
    expect(delta.complete).toBe(true);
  });

  test("a change to a class without a price leaves the delta incomplete, not zero", () => {
    const delta = costDelta(estimate(documentPlan()), estimate(planFor({ instanceClass: "db.m8g.large" })));
    expect(delta.complete).toBe(false);
    expect(delta.lines[0]).toMatchObject({ kind: "instance", deltaUsd: undefined });
  });
});

test("the plan is read by the project's Terraform JSON reader: another valid shape of the same plan prices the same", () => {
  const plan = documentPlan();
  const reshaped = JSON.parse(JSON.stringify(plan));
  // Terraform's JSON syntax: each label level may be an array of objects; numbers and bools may be strings.
  reshaped.resource = Object.entries(plan.resource).map(([type, byName]) => ({ [type]: [byName] }));
  const db = reshaped.resource.find((r: Record<string, unknown>) => "aws_db_instance" in r).aws_db_instance[0].checkpoints;
  db.allocated_storage = "100";
  db.multi_az = "true";
  const same = estimate(reshaped);
  expect(same.lines).toEqual(estimate(plan).lines);
  expect(same.monthlyUsd).toBe(estimate(plan).monthlyUsd);
  expect(same.complete).toBe(true);
});

// Issue 27: mutants of the estimate that survived the suite, each caught here.
describe("edges the estimate must get right", () => {
  test("gp3 IOPS exactly at the baseline cost nothing extra: no IOPS line", () => {
    const plan = documentPlan();
    plan.resource.aws_db_instance.checkpoints.iops = 3000;
    expect(estimate(plan).lines.filter((l) => l.kind === "iops")).toEqual([]);
    plan.resource.aws_db_instance.checkpoints.iops = 3001;
    expect(line(estimate(plan), "iops").quantity).toBe(1);
  });

  test("log storage is priced at the longest retention of the exported groups, not the shortest", () => {
    const plan = documentPlan();
    plan.resource.aws_cloudwatch_log_group.postgresql.retention_in_days = 90;
    plan.resource.aws_cloudwatch_log_group.upgrade.retention_in_days = 7;
    expect(line(estimate(plan), "logs-storage").description).toBe("Exported logs kept (CloudWatch Logs storage), 90 days");
    plan.resource.aws_cloudwatch_log_group.postgresql.retention_in_days = 7;
    plan.resource.aws_cloudwatch_log_group.upgrade.retention_in_days = 90;
    expect(line(estimate(plan), "logs-storage").description).toBe("Exported logs kept (CloudWatch Logs storage), 90 days");
  });

  test("backups of 1 day still keep a backup line; 0 days (backups off) has none", () => {
    const plan = documentPlan();
    plan.resource.aws_db_instance.checkpoints.backup_retention_period = 1;
    expect(line(estimate(plan), "backup").note).toContain("1-day retention");
    plan.resource.aws_db_instance.checkpoints.backup_retention_period = 0;
    expect(estimate(plan).lines.filter((l) => l.kind === "backup")).toEqual([]);
  });

  test("a value from a variable's default is not a literal: the deployer may set the variable", () => {
    const plan = documentPlan();
    (plan.variable as Record<string, unknown>).instance_class = { type: "string", default: "db.t4g.small" };
    plan.resource.aws_db_instance.checkpoints.instance_class = "${var.instance_class}";
    expect(line(estimate(plan), "instance")).toMatchObject({ status: "unknown" });
  });
});
