import * as fs from "node:fs";
import * as path from "node:path";
import { accountTotal, monthlyCostOfPlan, StackCostEstimate } from "../../cost/estimate";
import { formatJson, formatMarkdown, formatTable } from "../../cost/format-report";
import { main } from "../../cost/cli";
import priceFile from "../../cost/prices.json";
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
    expect(formatMarkdown(stacks)).toMatch(new RegExp(`\\*\\*All stacks \\(checkpoints-db, checkpoints-db-staging\\): \\$${total.toFixed(2)} a month` +
      "; on 1-year no-upfront reserved instances \\$\\d+\\.\\d\\d\\*\\*"));
    expect(JSON.parse(formatJson(stacks)).account).toMatchObject({ monthlyUsd: total, complete: true });
  });

  test("incomplete when any stack is", () => {
    const mixed = [stacks[0], estimate(documentPlan(), "checkpoints-db-eu", "eu-west-2")];
    expect(accountTotal(mixed).complete).toBe(false);
    expect(formatTable(mixed)).toMatch(/All stacks \(checkpoints-db, checkpoints-db-eu\): at least \$\d+\.\d\d a month: INCOMPLETE/);
  });
});

describe("reserved instances beside on-demand", () => {
  test("each instance line carries the 1-year no-upfront price from AWS's data and the 3-year reason, in every format", () => {
    const e = estimate(documentPlan());
    const instance = e.lines.find((l) => l.kind === "instance");
    expect(instance?.reserved?.map((r) => r.term)).toEqual(["1yr", "3yr"]);
    // AWS Pricing Calculator data, db.t4g.small Multi-AZ, 1 year No Upfront: $0.0465 an hour (cost/prices.json cites the file).
    const oneYear = Math.round(730 * 0.0465 * 100) / 100;
    expect(instance?.reserved?.[0]).toMatchObject({ term: "1yr", monthlyUsd: oneYear, unitPrice: { usd: 0.0465, origin: "data file",
      source: expect.stringMatching(/^yeo\/ec2\.shop data\/rds\/us-east-1-rds-postgresql-reservedinstance-multi-az-1y\.json @ [0-9a-f]{40} /) } });
    // AWS's own page decides (not a third party's summary of it): No Upfront is sold for a 1-year term only.
    expect(instance?.reserved?.[1].note).toBe("not offered: aws.amazon.com/rds/reserved-instances (AWS, read 2026-12-06): " +
      "No Upfront Reserved Instances are only available for one year term");
    const withReserved = Math.round((e.monthlyUsd - (instance?.monthlyUsd ?? 0) + oneYear) * 100) / 100;
    expect(e.reservedMonthlyUsd).toEqual({ "1yr": withReserved });
    const table = formatTable([e]);
    expect(table).toMatch(new RegExp(`\\n      reserved, no upfront: 1-year \\$${oneYear.toFixed(2)} a month \\(\\$0\\.0465/h\\) \\[(\\d+)\\]; 3-year not offered: `));
    const footnote = /1-year \$[\d.]+ a month \(\$0\.0465\/h\) \[(\d+)\]/.exec(table)?.[1];
    expect(table).toContain(`    [${footnote}] data file: yeo/ec2.shop data/rds/us-east-1-rds-postgresql-reservedinstance-multi-az-1y.json @ `);
    expect(table).toContain(`checkpoints-db (us-east-1): $${e.monthlyUsd.toFixed(2)} a month; on 1-year no-upfront reserved instances $${withReserved.toFixed(2)}`);
    expect(formatMarkdown([e])).toContain(`<sub>reserved, no upfront: 1-year $${oneYear.toFixed(2)} a month ($0.0465/h) [`);
    const json = JSON.parse(formatJson([e]));
    expect(json.estimates[0].lines[0].reserved[0]).toMatchObject({ term: "1yr", monthlyUsd: oneYear });
    expect(json.account.reservedMonthlyUsd).toEqual({ "1yr": withReserved });
  });

  test("a class AWS's reserved data does not hold says why, and the reserved total is then left out", () => {
    const e = estimate(synthProductionStack({ instanceClass: "db.m8g.large" }).plan);
    const instance = e.lines.find((l) => l.kind === "instance");
    expect(instance?.reserved?.[0].note).toMatch(new RegExp("^no price: no source that names itself and its date gives RDS for " +
      "PostgreSQL's us-east-1 1-year No Upfront rate for this class \\(searched 2026-12-06: .*yeo/ec2\\.shop.*\\); --live reads AWS's Reserved terms$"));
    expect(e.reservedMonthlyUsd).toBeUndefined();
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
    expect(prices.lookup("us-east-1", "instance/db.t4g.small/Multi-AZ")).toMatchObject({ usd: 0.065 });
    expect(prices.lookup("us-east-1", "instance/db.m8g.large/Multi-AZ")).toMatchObject({ usd: undefined, item: "instance/db.m8g.large/Multi-AZ" });
    expect(prices.lookup("eu-west-2", "instance/db.m7g.large/Multi-AZ")).toBeUndefined();
    expect(prices.lookup("us-east-1", "instance/db.x9z.large/Multi-AZ")).toBeUndefined();
  });

  test("priced offline from AWS's own price data, except the families it does not hold", () => {
    const unpriced = (item: (cls: string) => string) => (POSTGRES_INSTANCE_CLASSES as string[])
      .filter((cls) => prices.lookup("us-east-1", item(cls))?.usd === undefined).map((cls) => cls.split(".")[1]);
    const families = (list: string[]) => [...new Set(list)];
    for (const deployment of ["Single-AZ", "Multi-AZ"]) {
      expect(families(unpriced((cls) => `instance/${cls}/${deployment}`))).toEqual(["m7i", "m8g", "r7i", "r8g"]);
      expect(families(unpriced((cls) => `reserved-1yr-no-upfront/instance/${cls}/${deployment}`))).toEqual(["m7i", "m8g", "r7i", "r8g", "x2iedn"]);
    }
    // The README's example class, and the document's class at the rate infracost's golden test also shows (not a blog's 0.064).
    expect(prices.lookup("us-east-1", "instance/db.m7g.large/Single-AZ")?.usd).toBe(0.168);
    expect(prices.lookup("us-east-1", "instance/db.m7g.large/Multi-AZ")?.usd).toBe(0.337);
    expect(prices.lookup("us-east-1", "instance/db.t4g.medium/Multi-AZ")?.usd).toBe(0.129);
  });

  test("each instance and reserved price names its repository, file, commit and the date AWS published it", () => {
    const cited = /^yeo\/ec2\.shop data\/rds\/[a-z0-9-]+\.json @ [0-9a-f]{40} \(AWS Pricing Calculator data, RDS for PostgreSQL.*?, published (\d{4}-\d\d-\d\d)\): "[^"]+"/;
    for (const row of priceFile.prices.filter((p) => /^(instance|reserved-1yr-no-upfront\/instance)\/db\./.test(p.item))) {
      const match = cited.exec(row.source);
      expect([row.item, match?.[1]]).toEqual([row.item, row.date]);
    }
  });

  test("a class wildcard row with a figure is refused: it may say why, never price", () => {
    const { parsePriceRows } = jest.requireActual("../../cost/price-table");
    expect(() => parsePriceRows([{ region: "us-east-1", item: "instance/*/Multi-AZ", unit: "hour", usd: 0.1, source: "x", date: "2026-12-06" }]))
      .toThrow('cost/prices.json row 0: "instance/*/Multi-AZ" is a class wildcard: its "usd" must be null (a reason, never a price)');
  });
});
