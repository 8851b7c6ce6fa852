import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { mockClient } from "aws-sdk-client-mock";
import { GetProductsCommand, GetProductsCommandInput, PricingClient } from "@aws-sdk/client-pricing";
import priceFile from "../../cost/prices.json";
import { COST_HELP, main } from "../../cost/cli";
import { COST_EXIT } from "../../cost/exit-codes";
import { captureIo } from "../support/capture-io";
import { synthesizedPlanDir } from "../support/synth-plan";

/** Preloaded into the child: stops it (exit 97, one line) at its first non-loopback connection or lookup. */
const NO_NETWORK = path.join(__dirname, "..", "support", "no-network.cjs");

// The repository's own environments (production and staging), as `npm run synth` writes them.
const planDir = synthesizedPlanDir(JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "cdktf.json"), "utf8")).context.checkpoints);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-cost-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const FIXTURE = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "aws", "get-products-rds.json"), "utf8"));
/** A fixture response as the SDK hands it back: each PriceList entry a JSON string. */
const response = (name: "instance" | "storage" | "backup" | "extended-support-year-1-2") =>
  ({ ...FIXTURE[name], PriceList: FIXTURE[name].PriceList.map((p: unknown) => JSON.stringify(p)) });
const dataPrice = (item: string) => priceFile.prices.find((p) => p.region === "us-east-1" && p.item === item)?.usd as number;

async function cost(argv: string[], pricing?: PricingClient) {
  const io = captureIo();
  const code = await main(argv, { AWS_EC2_METADATA_DISABLED: "true" }, io, { pricing });
  return { code, stdout: io.out(), stderr: io.err() };
}

test("prints an itemised estimate for every stack, with assumptions, capacity and price dates", async () => {
  const run = await cost(["--plan-dir", planDir]);
  expect(run.code).toBe(0);
  expect(run.stderr).toBe("");
  expect(run.stdout).toMatch(/^checkpoints-db \(us-east-1\): \$\d+\.\d\d a month; on 1-year no-upfront reserved instances \$\d+\.\d\d$/m);
  expect(run.stdout).toMatch(/^checkpoints-db-staging \(us-east-1\): \$\d+\.\d\d a month; on 1-year no-upfront reserved instances \$\d+\.\d\d$/m);
  expect(run.stdout).toContain("Instance hours (on-demand, Single-AZ, db.t4g.micro)");
  expect(run.stdout).toContain("max_connections at most 112 by default on db.t4g.micro");
  expect(run.stdout).toContain("  Assumptions:\n    - 730 hours a month");
  expect(run.stdout).toContain("(2026-06)");
});

test("--format markdown fits a pull-request comment", async () => {
  const run = await cost(["--plan-dir", planDir, "--format", "markdown"]);
  expect(run.code).toBe(0);
  expect(run.stdout.startsWith("## Monthly cost and capacity\n")).toBe(true);
  expect(run.stdout).toContain("### `checkpoints-db` (us-east-1): $");
  expect(run.stdout).toContain("| resource | item | quantity | monthly | source |");
  expect(run.stdout).toContain("<details><summary>Assumptions and price sources</summary>");
  expect(run.stdout.length).toBeLessThan(65536); // GitHub's limit for a comment body
});

test("--format json: the estimates, each line with its status and unit price", async () => {
  const run = await cost(["--plan-dir", planDir, "--stack", "checkpoints-db", "--format", "json"]);
  const [e] = JSON.parse(run.stdout).estimates;
  expect(e.stack).toBe("checkpoints-db");
  expect(e.lines[0]).toMatchObject({ kind: "instance", status: "priced", unitPrice: { origin: "data file" } });
});

test("assumption flags change the assumed lines", async () => {
  const run = await cost(["--plan-dir", planDir, "--stack", "checkpoints-db", "--format", "json", "--logs-gb", "4", "--backup-gb", "10"]);
  const [e] = JSON.parse(run.stdout).estimates;
  const ofKind = (kind: string) => e.lines.find((l: { kind: string }) => l.kind === kind);
  expect(ofKind("logs-ingestion").monthlyUsd).toBe(4 * dataPrice("cloudwatch-logs-ingestion"));
  expect(ofKind("backup").monthlyUsd).toBe(Math.round(10 * dataPrice("backup-storage") * 100) / 100);
});

test("5: a region without prices prints the estimate and says it is incomplete", async () => {
  const run = await cost(["--plan-dir", planDir, "--stack", "checkpoints-db", "--region", "eu-west-2"]);
  expect(run.code).toBe(5);
  expect(run.stdout).toContain("checkpoints-db (eu-west-2): at least $0.00 a month: INCOMPLETE, 7 line(s) without a figure");
  expect(run.stdout).not.toMatch(/Instance hours.*\$0\.00/);
});

describe("bad input: exit 2, one clear line, nothing printed on stdout", () => {
  const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-cost-empty-"));
  afterAll(() => fs.rmSync(emptyDir, { recursive: true, force: true }));
  const notJson = path.join(work, "broken");
  fs.mkdirSync(path.join(notJson, "stacks", "broken"), { recursive: true });
  fs.writeFileSync(path.join(notJson, "stacks", "broken", "cdk.tf.json"), "{ not json");
  const noDb = path.join(work, "nodb");
  fs.mkdirSync(path.join(noDb, "stacks", "empty"), { recursive: true });
  fs.writeFileSync(path.join(noDb, "stacks", "empty", "cdk.tf.json"), JSON.stringify({ resource: {} }));

  test.each([
    [["--plan-dir", emptyDir], `cost: no synthesized plans under ${path.join(emptyDir, "stacks")}; run \`npm run synth\` first`],
    [["--plan-dir", planDir, "--stack", "nope"], `cost: no synthesized plan for stack "nope" at ${path.join(planDir, "stacks", "nope", "cdk.tf.json")}; ` +
      "run `npm run synth` first (stacks there: checkpoints-db, checkpoints-db-staging)"],
    [["--plan-dir", planDir, "--format", "xml"], 'cost: --format must be one of table, markdown, json, not "xml"'],
    [["--plan-dir", planDir, "--region", "mars"], 'cost: --region "mars" is not valid: an AWS region code such as us-east-1 or eu-west-2'],
    [["--plan-dir", planDir, "--logs-gb=-1"], 'cost: --logs-gb "-1" is not valid: a number of GB a month from 0 to 1000000 ' +
      "(1 PB a month: CloudWatch sets no limit, so more is a typo)"],
    // parseArgs alone calls "--logs-gb -1" ambiguous; the flag's own rule is said instead.
    [["--plan-dir", planDir, "--logs-gb", "-1"], 'cost: --logs-gb "-1" is not valid: a number of GB a month from 0 to 1000000 ' +
      "(1 PB a month: CloudWatch sets no limit, so more is a typo)"],
    [["--plan-dir", planDir, "--monitoring-event-kb", "lots"], 'cost: --monitoring-event-kb "lots" is not valid: a number of KB ' +
      "from 0 to 1024 (CloudWatch Logs' largest event, 1 MB)"],
    [["--plan-dir", planDir, "--backup-gb", ""], 'cost: --backup-gb "" is not valid: a number of GiB from 0 to 2293760 ' +
      "(a full 65536 GiB copy for each of 35 days of backups)"],
    // Echoed as typed, not as 1e20, and never priced ($9.5e18 before).
    [["--plan-dir", planDir, "--backup-gb", "99999999999999999999"], 'cost: --backup-gb "99999999999999999999" is not valid: ' +
      "a number of GiB from 0 to 2293760 (a full 65536 GiB copy for each of 35 days of backups)"],
    [["--plan-dir", planDir, "--backup-gb", "1e3"], 'cost: --backup-gb "1e3" is not valid: a number of GiB from 0 to 2293760 ' +
      "(a full 65536 GiB copy for each of 35 days of backups)"],
    [["--plan-dir", planDir, "--stack", "../etc"], 'cost: --stack "../etc" is not valid: a stack name such as checkpoints-db or ' +
      "checkpoints-db-staging (lowercase letters, digits, hyphens)"],
    [["--plan-dir", ""], 'cost: --plan-dir "" is not valid: a folder path, for example evidence/checkpoints-db'],
    [["--plan-dir", noDb], 'cost: stack "empty" has no aws_db_instance: nothing to price'],
    [["--plan-dir", planDir, "--frobnicate"], "cost: Unknown option '--frobnicate'"],
  ])("%j", async (argv, message) => {
    const run = await cost(argv as string[]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`${message}\n`);
    expect(run.stdout).toBe("");
  });

  test("a plan that is not JSON", async () => {
    const run = await cost(["--plan-dir", notJson]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^cost: .*broken\/cdk\.tf\.json is not valid JSON: /);
  });
});

test("--help shows the exit codes", async () => {
  const run = await cost(["--help"]);
  expect(run.code).toBe(0);
  expect(run.stdout).toBe(COST_HELP);
  expect(COST_HELP).toContain("   5  printed, but incomplete");
});

describe("--live, with the Price List API mocked", () => {
  const pricing = mockClient(PricingClient);
  afterEach(() => pricing.reset());
  afterAll(() => pricing.restore());
  const field = (input: GetProductsCommandInput, name: string) => input.Filters?.find((f) => f.Field === name)?.Value;

  test("refreshes instance, storage and backup prices and says which lines came from where", async () => {
    const asked: GetProductsCommandInput[] = [];
    pricing.on(GetProductsCommand).callsFake((input: GetProductsCommandInput) => {
      asked.push(input);
      const family = field(input, "productFamily");
      return family === "Database Instance" ? response("instance") : family === "Database Storage" ? response("storage") : response("backup");
    });
    const run = await cost(["--plan-dir", planDir, "--stack", "checkpoints-db", "--live", "--format", "json"],
      new PricingClient({ region: "us-east-1" }));
    expect(run.code).toBe(0);
    expect(asked.map((i) => [i.ServiceCode, field(i, "productFamily"), field(i, "regionCode")])).toEqual([
      ["AmazonRDS", "Database Instance", "us-east-1"], ["AmazonRDS", "Database Storage", "us-east-1"], ["AmazonRDS", "Storage Snapshot", "us-east-1"]]);
    expect(asked[0].Filters).toEqual(expect.arrayContaining([{ Type: "TERM_MATCH", Field: "instanceType", Value: "db.t4g.small" },
      { Type: "TERM_MATCH", Field: "databaseEngine", Value: "PostgreSQL" }, { Type: "TERM_MATCH", Field: "deploymentOption", Value: "Multi-AZ" }]));
    const [e] = JSON.parse(run.stdout).estimates;
    const ofKind = (kind: string) => e.lines.find((l: { kind: string }) => l.kind === kind);
    // The fixture's prices, not the data file's: $0.066 an hour and $0.24 a GiB-month.
    expect(ofKind("instance")).toMatchObject({ monthlyUsd: Math.round(730 * 0.066 * 100) / 100,
      unitPrice: { origin: "live", usd: 0.066, date: "2026-11-01" } });
    expect(ofKind("storage")).toMatchObject({ monthlyUsd: 24, unitPrice: { origin: "live", usd: 0.24 } });
    expect(ofKind("backup").unitPrice.origin).toBe("live");
    expect(ofKind("secret").unitPrice).toMatchObject({ origin: "data file", usd: dataPrice("secrets-manager-secret") });
    expect(run.stderr).toBe("cost: 3 line(s) priced from the AWS Price List API, 4 from cost/prices.json\n");
  });

  test("a product the API does not return keeps the data file's price, says so, and is not counted as live", async () => {
    pricing.on(GetProductsCommand).callsFake((input: GetProductsCommandInput) =>
      field(input, "productFamily") === "Database Instance" ? response("instance") : { FormatVersion: "aws_v1", PriceList: [] });
    const run = await cost(["--plan-dir", planDir, "--stack", "checkpoints-db", "--live"], new PricingClient({ region: "us-east-1" }));
    expect(run.stdout).toContain("[1] live: AWS Price List API, GetProducts regionCode=us-east-1 productFamily=Database Instance " +
      "instanceType=db.t4g.small databaseEngine=PostgreSQL deploymentOption=Multi-AZ (2026-11-01)");
    // AWS listing no product for storage or backups: the data file's valid price stays, and the line says which source it used.
    const storage = `$${(100 * dataPrice("storage/gp3/Multi-AZ")).toFixed(2)}`;
    expect(run.stdout).toMatch(new RegExp(`Storage \\(gp3, 100 GiB, Multi-AZ: billed for both copies\\)\\s+100 GiB-month x \\$${dataPrice("storage/gp3/Multi-AZ")}\\s+\\${storage}\\s+\\[3\\]`));
    expect(run.stdout).toContain("the data file's price: the AWS Price List API returned none (AWS Price List API, GetProducts " +
      "regionCode=us-east-1 productFamily=Database Storage");
    expect(run.stdout).toMatch(/\[3\] data file: infracost.* kept because the AWS Price List API returned no price/);
    // The reserved price the API did not return stays too, with its own footnote.
    expect(run.stdout).toMatch(/1-year \$33\.95 a month \(\$0\.0465\/h\) \[2\].*\n[^]*\[2\] data file: yeo\/ec2\.shop .* kept because the AWS Price List API returned no price/);
    expect(run.code).toBe(0);
    // Exact: one line's figure came from the API; storage and backups came from the data file.
    expect(run.stderr).toBe("cost: 1 line(s) priced from the AWS Price List API, 6 from cost/prices.json " +
      "(2 of them because the API returned no price)\n");
  });

  test("the instance's no-upfront reserved terms come from the same products' Reserved terms", async () => {
    const withReserved = response("instance");
    const entry = JSON.parse(withReserved.PriceList[0]);
    // A Reserved term as the price list file spells it (terms.Reserved.<sku>.<offerTermCode>, termAttributes); 4NA7Y494T4 is
    // 1-year No Upfront's offer term code (the rate codes in yeo/ec2.shop data/rds/us-east-1-rds-postgresql-reservedinstance-*-1y.json).
    entry.terms.Reserved = { "AAAAAAAAAAAAAAAA.4NA7Y494T4": { sku: "AAAAAAAAAAAAAAAA", offerTermCode: "4NA7Y494T4",
      effectiveDate: "2026-11-01T00:00:00Z", termAttributes: { LeaseContractLength: "1yr", OfferingClass: "standard", PurchaseOption: "No Upfront" },
      priceDimensions: { "AAAAAAAAAAAAAAAA.4NA7Y494T4.6YS6EN2CT7": { unit: "Hrs", beginRange: "0", endRange: "Inf",
        description: "RDS db.t4g.small Multi-AZ PostgreSQL reserved instance applied", pricePerUnit: { USD: "0.0460000000" } } } } };
    withReserved.PriceList = [JSON.stringify(entry)];
    pricing.on(GetProductsCommand).callsFake((input: GetProductsCommandInput) =>
      field(input, "productFamily") === "Database Instance" ? withReserved : { FormatVersion: "aws_v1", PriceList: [] });
    const run = await cost(["--plan-dir", planDir, "--stack", "checkpoints-db", "--live", "--format", "json"],
      new PricingClient({ region: "us-east-1" }));
    const [e] = JSON.parse(run.stdout).estimates;
    const instance = e.lines.find((l: { kind: string }) => l.kind === "instance");
    expect(instance.reserved[0]).toMatchObject({ term: "1yr", monthlyUsd: Math.round(730 * 0.046 * 100) / 100, unitPrice: { origin: "live" } });
    expect(instance.reserved[1]).toMatchObject({ term: "3yr" });
    expect(instance.reserved[1].monthlyUsd).toBeUndefined();
    expect(instance.reserved[1].note).toMatch(/^not offered: aws\.amazon\.com\/rds\/reserved-instances \(AWS, read 2026-12-06\): .*only available for one year term; AWS Price List API, .*Reserved 3yr standard No Upfront: no product matched$/);
    expect(e.reservedMonthlyUsd).toEqual({ "1yr": Math.round((e.monthlyUsd - instance.monthlyUsd + 730 * 0.046) * 100) / 100 });
  });

  test("RDS Extended Support: asked for the plan's major and the year it is in; without an answer the data file's rate stays", async () => {
    const dir = synthesizedPlanDir({ engineVersion: "13" });
    const asked: GetProductsCommandInput[] = [];
    const answer = (withExtendedSupport: boolean) => pricing.on(GetProductsCommand).callsFake((input: GetProductsCommandInput) => {
      asked.push(input);
      if (field(input, "extendedSupportPricingYear")) return withExtendedSupport ? response("extended-support-year-1-2") : { FormatVersion: "aws_v1", PriceList: [] };
      return field(input, "productFamily") === "Database Instance" ? response("instance") : { FormatVersion: "aws_v1", PriceList: [] };
    });
    const extendedSupport = async () => {
      const run = await cost(["--plan-dir", dir, "--stack", "checkpoints-db", "--live", "--format", "json", "--as-of", "2026-12-06"],
        new PricingClient({ region: "us-east-1" }));
      return { run, line: JSON.parse(run.stdout).estimates[0].lines.find((l: { kind: string }) => l.kind === "extended-support") };
    };
    answer(true);
    const live = await extendedSupport();
    expect(asked.find((i) => field(i, "extendedSupportPricingYear"))?.Filters).toEqual([
      { Type: "TERM_MATCH", Field: "regionCode", Value: "us-east-1" }, { Type: "TERM_MATCH", Field: "databaseEngine", Value: "PostgreSQL" },
      { Type: "TERM_MATCH", Field: "engineMajorVersion", Value: "13" }, { Type: "TERM_MATCH", Field: "extendedSupportPricingYear", Value: "Year 1, Year 2" }]);
    // 2 vCPUs x 2 instances (Multi-AZ) x 730 h at the fixture's $0.105, not the data file's $0.1.
    expect(live.line).toMatchObject({ item: "extended-support/year-1-2/postgres-13", monthlyUsd: Math.round(2 * 2 * 730 * 0.105 * 100) / 100,
      unitPrice: { origin: "live", usd: 0.105 } });
    expect(live.run.stderr).toBe("cost: 2 line(s) priced from the AWS Price List API, 6 from cost/prices.json (2 of them because the API returned no price)\n");
    pricing.reset();
    answer(false);
    const kept = await extendedSupport();
    expect(kept.line).toMatchObject({ monthlyUsd: 2 * 2 * 730 * dataPrice("extended-support/year-1-2"), unitPrice: { origin: "data file",
      usd: dataPrice("extended-support/year-1-2"), liveMiss: expect.stringMatching(/extendedSupportPricingYear=Year 1, Year 2: no on-demand product matched$/) } });
    expect(kept.line.note).toMatch(/^the data file's price: the AWS Price List API returned none/);
    fs.rmSync(path.dirname(path.join(dir, "stacks")), { recursive: true, force: true });
  });

  test("4: access denied", async () => {
    pricing.on(GetProductsCommand).rejects(Object.assign(new Error("User is not authorized to perform: pricing:GetProducts"),
      { name: "AccessDeniedException" }));
    const run = await cost(["--plan-dir", planDir, "--live"], new PricingClient({ region: "us-east-1" }));
    expect(run.code).toBe(4);
    expect(run.stderr).toBe("cost: AccessDeniedException: User is not authorized to perform: pricing:GetProducts; " +
      "the caller needs pricing:GetProducts; or drop --live\n");
    expect(run.stdout).toBe("");
  });
});

test("3: --live without credentials fails at once, without a network connection (no instance-metadata lookup)", () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "no-aws-"));
  const run = spawnSync(process.execPath, ["--require", NO_NETWORK, path.join(__dirname, "..", "..", "tools", "run-ts.cjs"),
    path.join(__dirname, "..", "..", "cost", "cli.ts"), "--plan-dir", planDir, "--live"],
  { encoding: "utf8", env: { PATH: process.env.PATH, HOME: home, AWS_EC2_METADATA_DISABLED: "true" } });
  fs.rmSync(home, { recursive: true, force: true });
  expect(run.status).toBe(3);
  expect(run.stderr).toContain("cost: CredentialsProviderError: Could not load credentials from any providers; no AWS credentials");
  expect(run.stdout).toBe("");
  expect(run.stderr).not.toContain("no-network guard:");
});

test("the exit table in docs/exit-codes.md is the code's", () => {
  const page = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "exit-codes.md"), "utf8");
  const table = ["### `npm run cost`", "", "From `cost/exit-codes.ts`, the table its `--help` prints.", "",
    "| code | meaning |", "| --- | --- |", ...Object.values(COST_EXIT).map((e) => `| ${e.code} | ${e.meaning} |`)].join("\n");
  expect(page).toContain(table);
});
