import * as fs from "node:fs";
import * as path from "node:path";
import { accountTotal, monthlyCostOfPlan, StackCostEstimate } from "../../cost/estimate";
import { formatJson, formatMarkdown, formatTable } from "../../cost/format-report";
import { main } from "../../cost/cli";
import { captureIo } from "../support/capture-io";
import { documentPlan, synthesizedPlanDir, synthProductionStack, TerraformJson } from "../support/synth-plan";

const AS_OF = "2026-12-06";
const estimate = (plan: TerraformJson, stack = "checkpoints-db", region?: string): StackCostEstimate =>
  monthlyCostOfPlan({ stack, json: plan }, { region, asOf: AS_OF });
/** The repository's staging environment: db.t4g.micro, Single-AZ (cdktf.json). */
const staging = () => estimate(synthProductionStack({ instanceClass: "db.t4g.micro", multiAz: false }).plan, "checkpoints-db-staging");

describe("the document's $35 is compared only with a complete total", () => {
  test("a region without offline prices: a floor, not \"$0.00 a month, $35.00 less than $35\"", () => {
    const e = estimate(documentPlan(), "checkpoints-db", "eu-west-2");
    expect(e.complete).toBe(false);
    expect(e.documentComparison).toMatchObject({ complete: false, differenceUsd: undefined });
    const table = formatTable([e]);
    expect(table).not.toMatch(/less than \$35/);
    expect(table).toContain(`This plan: at least $${e.monthlyUsd.toFixed(2)} a month, a floor (lines without a figure), so not compared with $35.`);
    expect(formatMarkdown([e])).not.toMatch(/less than \$35/);
  });

  test("a complete total is still compared", () => {
    expect(estimate(documentPlan()).documentComparison).toMatchObject({ complete: true, differenceUsd: expect.any(Number) });
  });
});

describe("each stack's explanation fits the stack", () => {
  test("staging (db.t4g.micro, Single-AZ) does not borrow production's sentence", () => {
    const reasons = staging().documentComparison?.reasons ?? [];
    expect(reasons.join("\n")).not.toContain("the document's \"$35 + storage\" is about this");
    expect(reasons).toEqual(expect.arrayContaining([
      expect.stringMatching(/^with 100 GiB of gp3, Single-AZ: \$\d+\.\d\d; the document's "\$35 \+ storage" is a db\.t4g\.small, and this stack runs db\.t4g\.micro \(a db\.t4g\.small is \$23\.36 a month of instance\)$/),
    ]));
    expect(reasons.some((r) => r.startsWith("Multi-AZ"))).toBe(false);
  });

  test("production (db.t4g.small) keeps it", () => {
    expect(estimate(documentPlan()).documentComparison?.reasons.join("\n")).toContain("the document's \"$35 + storage\" is about this");
  });
});

describe("a total across every stack, beside each stack's", () => {
  const stacks = [estimate(documentPlan()), staging()];
  const total = Math.round((stacks[0].monthlyUsd + stacks[1].monthlyUsd) * 100) / 100;

  test("in the table, markdown and JSON", () => {
    expect(accountTotal(stacks)).toMatchObject({ stacks: ["checkpoints-db", "checkpoints-db-staging"], monthlyUsd: total, complete: true });
    expect(formatTable(stacks)).toContain(`All stacks (checkpoints-db, checkpoints-db-staging): $${total.toFixed(2)} a month`);
    expect(formatMarkdown(stacks)).toContain(`**All stacks (checkpoints-db, checkpoints-db-staging): $${total.toFixed(2)} a month**`);
    expect(JSON.parse(formatJson(stacks)).account).toMatchObject({ monthlyUsd: total, complete: true });
  });

  test("incomplete when any stack is", () => {
    const mixed = [stacks[0], estimate(documentPlan(), "checkpoints-db-eu", "eu-west-2")];
    expect(accountTotal(mixed).complete).toBe(false);
    expect(formatTable(mixed)).toMatch(/All stacks \(checkpoints-db, checkpoints-db-eu\): at least \$\d+\.\d\d a month: INCOMPLETE/);
  });
});

describe("reserved instances beside on-demand", () => {
  test("each instance line carries both no-upfront terms; without a price, the reason, in every format", () => {
    const e = estimate(documentPlan());
    const instance = e.lines.find((l) => l.kind === "instance");
    expect(instance?.reserved?.map((r) => r.term)).toEqual(["1yr", "3yr"]);
    expect(instance?.reserved?.[0].note).toMatch(new RegExp("^no price: no source that names itself and its date gives RDS for " +
      "PostgreSQL's us-east-1 1-year No Upfront rate for this class \\(searched 2026-12-06: .*\\); --live reads AWS's Reserved terms$"));
    // AWS's own page decides (not a third party's summary of it): No Upfront is sold for a 1-year term only.
    expect(instance?.reserved?.[1].note).toBe("not offered: aws.amazon.com/rds/reserved-instances (AWS, read 2026-12-06): " +
      "No Upfront Reserved Instances are only available for one year term");
    expect(e.reservedMonthlyUsd).toBeUndefined();
    expect(formatTable([e])).toContain("      reserved, no upfront: 1-year no price: no source that names itself");
    expect(formatMarkdown([e])).toContain("<sub>reserved, no upfront: 1-year no price:");
    expect(JSON.parse(formatJson([e])).estimates[0].lines[0].reserved).toHaveLength(2);
  });
});

describe("what is not priced is said, with its reason and a rough size", () => {
  const e = estimate(documentPlan());
  const whats = e.notPriced.map((n) => n.what);

  test("cross-AZ transfer, t4g CPU credits, backups after deletion, CloudWatch's free tier", () => {
    expect(whats).toEqual([
      "Data transfer between the app and the database across Availability Zones",
      "CPU credits above the baseline of db.t4g.small (unlimited mode)",
      "Backups and the final snapshot after the instance is deleted",
      "CloudWatch Logs' free tier",
    ]);
    expect(e.notPriced.find((n) => n.what.startsWith("Backups"))?.roughSize).toContain("$9.50 a month per full copy (100 GiB x $0.095");
    expect(e.notPriced.find((n) => n.what.startsWith("CloudWatch"))?.roughSize).toBe("up to $2.50 a month less");
    expect(e.notPriced.find((n) => n.what.startsWith("CPU credits"))?.roughSize).toBe("$0 while average CPU stays at or under the " +
      "baseline; each 10 points above it on the primary for a month cost about $10.95 (2 vCPUs x 730 h x $0.075 x 10%)");
    expect(formatTable([e])).toContain("  Not priced:\n    - aws_db_instance.checkpoints: Data transfer between the app");
    expect(formatMarkdown([e])).toContain("<details><summary>Not priced</summary>");
    expect(JSON.parse(formatJson([e])).estimates[0].notPriced).toHaveLength(4);
  });

  test("no CPU-credit entry for a class that is not burstable", () => {
    const m7g = estimate(synthProductionStack({ instanceClass: "db.m7g.large" }).plan);
    expect(m7g.notPriced.map((n) => n.what)).not.toContain(expect.stringContaining("CPU credits"));
  });
});

test("--as-of prices another day; a date that does not exist is refused", async () => {
  const dir = synthesizedPlanDir({ engineVersion: "13" });
  const run = async (argv: string[]) => {
    const io = captureIo();
    const code = await main(argv, {}, io);
    return { code, out: io.out(), err: io.err() };
  };
  const ok = await run(["--plan-dir", dir, "--stack", "checkpoints-db", "--as-of", "2027-06-01"]);
  expect(ok.out).toContain("RDS Extended Support (PostgreSQL 13, Extended Support, year 1-2 rate, since 2026-03-01)");
  const bad = await run(["--plan-dir", dir, "--as-of", "2027-02-30"]);
  expect(bad).toMatchObject({ code: 2, out: "", err: "cost: --as-of must be a date, YYYY-MM-DD, not \"2027-02-30\"\n" });
  fs.rmSync(path.dirname(path.join(dir, "stacks")), { recursive: true, force: true });
});

test("every class rds/instance-classes.ts lists has an offline us-east-1 price or a stated reason, both deployments", () => {
  const { INSTANCE_CLASSES } = jest.requireActual("../../rds/instance-classes");
  const { dataFilePrices } = jest.requireActual("../../cost/price-table");
  const prices = dataFilePrices();
  for (const cls of INSTANCE_CLASSES.keys()) {
    for (const deployment of ["Single-AZ", "Multi-AZ"]) {
      const row = prices.lookup("us-east-1", `instance/${cls}/${deployment}`);
      expect([cls, deployment, row === undefined ? "missing" : row.usd !== undefined || /^no price: .+/.test(row.source)])
        .toEqual([cls, deployment, true]);
    }
  }
});

describe("every class the configuration accepts, offline, in us-east-1", () => {
  const { POSTGRES_INSTANCE_CLASSES } = jest.requireActual("../../rds/instance-classes");
  const { dataFilePrices } = jest.requireActual("../../cost/price-table");
  const prices = dataFilePrices();

  test("has an on-demand price or the reason for none, both deployments, and the same for the 1-year no-upfront term", () => {
    const missing: string[] = [];
    for (const cls of POSTGRES_INSTANCE_CLASSES as string[]) {
      for (const deployment of ["Single-AZ", "Multi-AZ"]) {
        for (const item of [`instance/${cls}/${deployment}`, `reserved-1yr-no-upfront/instance/${cls}/${deployment}`]) {
          const row = prices.lookup("us-east-1", item);
          if (!row || (row.usd === undefined && !/^no price: .+/.test(row.source)) || row.item !== item) missing.push(item);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  test("the reason row never shadows a class's own price, and stays in its region and with the classes RDS offers", () => {
    expect(prices.lookup("us-east-1", "instance/db.t4g.small/Multi-AZ")).toMatchObject({ usd: 0.064 });
    expect(prices.lookup("eu-west-2", "instance/db.m7g.large/Multi-AZ")).toBeUndefined();
    expect(prices.lookup("us-east-1", "instance/db.x9z.large/Multi-AZ")).toBeUndefined();
  });

  test("a class wildcard row with a figure is refused: it may say why, never price", () => {
    const { parsePriceRows } = jest.requireActual("../../cost/price-table");
    expect(() => parsePriceRows([{ region: "us-east-1", item: "instance/*/Multi-AZ", unit: "hour", usd: 0.1, source: "x", date: "2026-12-06" }]))
      .toThrow('cost/prices.json row 0: "instance/*/Multi-AZ" is a class wildcard: its "usd" must be null (a reason, never a price)');
  });
});
