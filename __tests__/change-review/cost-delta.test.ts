import priceFile from "../../cost/prices.json";
import { describeDifference } from "../../change-review/cost-change";
import { comparePlans, jsonReport, productionPlan } from "./change-review-harness";
import { TerraformJson } from "../support/synth-plan";

/** A unit price from the committed data file, read here so the expected figures do not come from the code under test. */
function unitPrice(item: string): number {
  const row = priceFile.prices.find((p) => p.region === "us-east-1" && p.item === item);
  if (typeof row?.usd !== "number") throw new Error(`the test needs a price for ${item} in us-east-1`);
  return row.usd;
}
const money = (n: number) => `${n < 0 ? "-" : "+"}$${Math.abs(n).toFixed(2)}/month`;
const withClass = (instanceClass: string): TerraformJson => {
  const json = productionPlan();
  json.resource.aws_db_instance.checkpoints.instance_class = instanceClass;
  return json;
};
const costOf = (run: ReturnType<typeof comparePlans>) => (jsonReport(run) as unknown as { costs: { stack: string; text: string; deltaUsd?: number }[] }).costs;

describe("review:change adds the monthly delta of a change", () => {
  // The document's plan is Multi-AZ in us-east-1: the class's Multi-AZ hourly price x the data file's hours a month.
  const hours = priceFile.hoursPerMonth;
  const expected = Math.round((unitPrice("instance/db.t4g.medium/Multi-AZ") - unitPrice("instance/db.t4g.small/Multi-AZ")) * hours * 100) / 100;

  test("a class change: the instance line's delta from the data file's unit prices, in every format", () => {
    const line = `${money(expected)} (db.t4g.small → db.t4g.medium)`;
    const json = comparePlans(productionPlan(), withClass("db.t4g.medium"), ["--format", "json"]);
    expect(json.code).toBe(0);
    expect(costOf(json)).toEqual([expect.objectContaining({ stack: "checkpoints-db", text: line, deltaUsd: expected })]);
    expect(comparePlans(productionPlan(), withClass("db.t4g.medium")).stdout).toContain(`\n  monthly cost: ${line}\n`);
    expect(comparePlans(productionPlan(), withClass("db.t4g.medium"), ["--format", "markdown"]).stdout)
      .toContain(`- Monthly cost of \`checkpoints-db\`: **${line}**\n`);
  });

  test("the way back is the same figure, negative", () => {
    expect(costOf(comparePlans(withClass("db.t4g.medium"), productionPlan(), ["--format", "json"]))[0].text)
      .toBe(`${money(-expected)} (db.t4g.medium → db.t4g.small)`);
  });

  test("a class the data file has no price for says no price, never $0", () => {
    for (const unpriced of ["db.m8g.large", "db.x9z.large"]) {
      const [cost] = costOf(comparePlans(productionPlan(), withClass(unpriced), ["--format", "json"]));
      expect(cost.text).toMatch(new RegExp(`^no price: instance: .*\\(db\\.t4g\\.small → ${unpriced.replace(/\./g, "\\.")}\\)$`));
      expect(cost.text).not.toMatch(/\$0/);
      expect(cost.deltaUsd).toBeUndefined();
      const table = comparePlans(productionPlan(), withClass(unpriced)).stdout;
      expect(table).toContain("  monthly cost: no price: instance: ");
      expect(table).toContain(`    instance aws_db_instance.checkpoints: $${(unitPrice("instance/db.t4g.small/Multi-AZ") * hours).toFixed(2)} -> no price (no price: `);
      expect(table).not.toMatch(/monthly cost: [+-]?\$0/);
    }
  });

  test("an unpriced class beside a priced change: the priced part is shown as a part, never as the delta", () => {
    const head = withClass("db.m8g.large");
    const gib = head.resource.aws_db_instance.checkpoints.allocated_storage as number;
    head.resource.aws_db_instance.checkpoints.allocated_storage = gib * 2;
    const storage = Math.round(unitPrice("storage/gp3/Multi-AZ") * gib * 100) / 100;
    const [cost] = costOf(comparePlans(productionPlan(), head, ["--format", "json"]));
    expect(cost.deltaUsd).toBeUndefined();
    expect(cost.text).toMatch(/^no price: instance: .*\(db\.t4g\.small → db\.m8g\.large\); the priced lines alone: /);
    expect(cost.text.endsWith(`; the priced lines alone: ${money(storage)} (${gib} GiB → ${gib * 2} GiB)`)).toBe(true);
  });

  test("a change that does not touch the bill says so; the markdown comment leaves it out", () => {
    const head = productionPlan();
    head.resource.aws_db_instance.checkpoints.maintenance_window = "mon:04:30-mon:05:30";
    expect(costOf(comparePlans(productionPlan(), head, ["--format", "json"]))).toEqual([
      { stack: "checkpoints-db", text: "no change to the monthly cost", deltaUsd: 0, baseUsd: expect.any(Number), headUsd: expect.any(Number), lines: [] },
    ]);
    expect(comparePlans(productionPlan(), head, ["--format", "markdown"]).stdout).not.toContain("Monthly cost");
  });

  test("Multi-AZ off: the instance and the second copy of storage both drop, each line shown", () => {
    const head = productionPlan();
    head.resource.aws_db_instance.checkpoints.multi_az = false;
    const gib = head.resource.aws_db_instance.checkpoints.allocated_storage as number;
    const instance = (unitPrice("instance/db.t4g.small/Single-AZ") - unitPrice("instance/db.t4g.small/Multi-AZ")) * hours;
    const storage = (unitPrice("storage/gp3/Single-AZ") - unitPrice("storage/gp3/Multi-AZ")) * gib;
    const [cost] = costOf(comparePlans(productionPlan(), head, ["--format", "json"]));
    expect(cost.deltaUsd).toBeCloseTo(Math.round(instance * 100) / 100 + Math.round(storage * 100) / 100, 2);
    expect(cost.text).toMatch(/^-\$\d+\.\d\d\/month \(Multi-AZ → Single-AZ; - Multi-AZ: billed for both copies\)$/);
  });
});

describe("describeDifference: the part of two line descriptions that changed", () => {
  test.each([
    ["Instance hours (on-demand, Multi-AZ, db.t4g.small)", "Instance hours (on-demand, Multi-AZ, db.t4g.medium)", "db.t4g.small → db.t4g.medium"],
    ["Storage (gp3, 100 GiB)", "Storage (gp3, 200 GiB)", "100 GiB → 200 GiB"],
    [undefined, "Provisioned IOPS above the gp3 baseline of 12000", "+ Provisioned IOPS above the gp3 baseline of 12000"],
    ["Enhanced monitoring every 60 s (CloudWatch Logs ingestion)", undefined, "- Enhanced monitoring every 60 s (CloudWatch Logs ingestion)"],
  ])("%s / %s: %s", (before, after, expected) => {
    expect(describeDifference(before, after)).toBe(expected);
  });
});
