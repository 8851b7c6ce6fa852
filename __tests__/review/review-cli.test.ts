import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../review/cli";
import { REVIEW_EXIT_TABLE } from "../../review/exit-codes";
import { ReviewedPlan } from "../../plan/reviewed-plan";
import { RULES } from "../../review/rules";
import { interpolations, knownAttributes, referencesIn } from "../../review/references";
import { documentPlan, planJsonFor, synthesizedPlanDir } from "../support/synth-plan";
import { captureIo } from "../support/capture-io";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-review-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function write(relative: string, content: string): string {
  const file = path.join(work, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

function review(argv: string[]) {
  const io = captureIo();
  const code = main(argv, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

const defaultPlanFile = path.dirname(write("out/stacks/checkpoints-db/cdk.tf.json", planJsonFor()));

const SUPPRESSED_IN_PRODUCTION = ["CKV_AWS_354", "CKV2_AWS_30", "CKV_AWS_382"];

describe("the default checkpoints-db stack under the gate", () => {
  test("passes every rule, but the three its suppressions accept with their reasons", () => {
    const run = review([defaultPlanFile, "--format", "json"]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.schema).toBe("checkpoints-review/report@2");
    const [stack] = report.stacks;
    const notPassing = stack.results.filter((r: { status: string }) => r.status !== "pass");
    expect(notPassing.map((r: { id: string; status: string }) => [r.id, r.status]))
      .toEqual(SUPPRESSED_IN_PRODUCTION.map((id) => [id, "suppressed"]).sort((a, b) =>
        stack.results.findIndex((r: { id: string }) => r.id === a[0]) - stack.results.findIndex((r: { id: string }) => r.id === b[0])));
    for (const r of notPassing) expect(r.suppression.length).toBeGreaterThan(40);
  });

  test("an error-severity failure fails the gate with exit 1, in every format", () => {
    const plan = documentPlan();
    plan.resource.aws_security_group.checkpoints_db.ingress[0].cidr_blocks = ["0.0.0.0/0"];
    const file = write("open/stacks/checkpoints-db/cdk.tf.json", JSON.stringify(plan));
    const table = review([file]);
    expect(table.code).toBe(1);
    expect(table.stdout).toContain("  FAIL       error   CKPT-SG-APP-SUBNET-ONLY");
    expect(table.stdout).toContain("aws_security_group.checkpoints_db.ingress[0] cidr_blocks: found [\"0.0.0.0/0\"]; " +
      "required only ${var.app_subnet_cidr}");
    expect(table.stdout).toMatch(/1 error, 0 warnings, 3 suppressed, \d+ passed: the gate FAILS\n$/);
    const markdown = review([file, "--format", "markdown"]);
    expect(markdown.code).toBe(1);
    expect(markdown.stdout).toContain("### Plan review: **fails**");
    expect(markdown.stdout).toContain("| ❌ | CKPT-SG-APP-SUBNET-ONLY | error |");
    expect(markdown.stdout).toContain("| ⏸️ | CKV_AWS_382 | warning |");
    expect(JSON.parse(review([file, "--format", "json"]).stdout).ok).toBe(false);
  });

  test("a directory is searched for every stack", () => {
    const run = review([path.join(work, "out"), path.join(work, "open"), "--format", "json"]);
    expect(JSON.parse(run.stdout).stacks.map((s: { file: string }) => path.relative(work, s.file)))
      .toEqual(["out/stacks/checkpoints-db", "open/stacks/checkpoints-db"]);
  });
});

describe("plans nobody here wrote: what used to pass and must not", () => {
  const db = { engine: "postgres", instance_class: "db.t4g.small", publicly_accessible: true, storage_encrypted: false, backup_retention_period: 0 };
  const ids = (stdout: string, status: string) => JSON.parse(stdout).stacks[0].results
    .filter((r: { status: string }) => r.status === status).map((r: { id: string }) => r.id);

  test("a public, unencrypted instance with 0-day backups in the array shape @cdktf/hcl2json writes fails", () => {
    const file = write("hcl2json/main.tf.json", JSON.stringify({ resource: [{ aws_db_instance: [{ db: [db] }] }] }));
    const run = review([file, "--format", "json", "--suppressions", write("none.json", "{}")]);
    expect(run.code).toBe(1);
    expect(ids(run.stdout, "fail")).toEqual(expect.arrayContaining(["CKPT-NOT-PUBLIC", "CKV_AWS_16", "CKPT-BACKUP-7D"]));
  });

  test("repeated resource keys both count", () => {
    const text = `{"resource": {"aws_db_instance": {"ok": ${JSON.stringify({ ...db, publicly_accessible: false })}}}, ` +
      `"resource": {"aws_db_instance": {"db": ${JSON.stringify(db)}}}}`;
    const run = review([write("repeated/main.tf.json", text), "--format", "json", "--suppressions", write("none.json", "{}")]);
    const notPublic = JSON.parse(run.stdout).stacks[0].results.find((r: { id: string }) => r.id === "CKPT-NOT-PUBLIC");
    expect(notPublic.findings).toEqual([{ address: "aws_db_instance.db", attribute: "publicly_accessible", found: "true", required: "false",
      location: { file: expect.stringMatching(/repeated\/main\.tf\.json$/), line: 1, column: expect.any(Number) } }]);
  });

  test.each([
    ["a string \"true\"", "true"], ["${true}", "${true}"],
  ])("publicly_accessible written %s fails with exit 1", (_what, written) => {
    const plan = documentPlan();
    plan.resource.aws_db_instance.checkpoints.publicly_accessible = written;
    const run = review([write(`public/${written.length}/checkpoints-db/cdk.tf.json`, JSON.stringify(plan)), "--format", "json"]);
    expect(run.code).toBe(1);
    expect(ids(run.stdout, "fail")).toEqual(["CKPT-NOT-PUBLIC"]);
  });

  test("an unknown value is reported as found {unknown}, and an error rule that needs it fails", () => {
    const plan = documentPlan();
    plan.variable.public = { type: "bool" };
    plan.resource.aws_db_instance.checkpoints.publicly_accessible = "${var.public}";
    const run = review([write("unknown/cdk.tf.json", JSON.stringify(plan)), "--format", "json"]);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout).stacks[0].results.find((r: { id: string }) => r.id === "CKPT-NOT-PUBLIC");
    expect(result.findings).toEqual([{ address: "aws_db_instance.checkpoints", attribute: "publicly_accessible",
      found: { unknown: "${var.public}" }, required: "false", location: expect.objectContaining({ line: expect.any(Number) }) }]);
    expect(review([path.join(work, "unknown/cdk.tf.json")]).stdout)
      .toContain("aws_db_instance.checkpoints cannot evaluate publicly_accessible: ${var.public}; required false");
  });

  test.each([
    ["no database at all", { resource: {} }, "CKPT-DATABASE-PRESENT"],
    ["a database in a module", { module: { db: { source: "terraform-aws-modules/rds/aws", publicly_accessible: true } } }, "CKPT-EVERYTHING-INSPECTED"],
  ])("%s fails", (_what, json, rule) => {
    const run = review([write(`absent/${rule}/main.tf.json`, JSON.stringify(json)), "--format", "json", "--suppressions", write("none.json", "{}")]);
    expect(run.code).toBe(1);
    expect(ids(run.stdout, "fail")).toContain(rule);
  });

  test("the module finding says what was not inspected", () => {
    const run = review([path.join(work, "absent/CKPT-EVERYTHING-INSPECTED"), "--suppressions", write("none.json", "{}")]);
    expect(run.stdout).toContain("module.db module: found not inspected: module.db; review that module's own plan;");
  });

  test("Terraform's own main.tf.json and several files in one folder are one stack", () => {
    const plan = documentPlan();
    const { output, variable, ...rest } = plan;
    write("split/checkpoints-db/main.tf.json", JSON.stringify(rest));
    write("split/checkpoints-db/outputs.tf.json", JSON.stringify({ output }));
    write("split/checkpoints-db/variables.tf.json", JSON.stringify({ variable }));
    const run = review([path.join(work, "split"), "--format", "json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).stacks.map((s: { stack: string }) => s.stack)).toEqual(["checkpoints-db"]);
  });
});

describe("bad input exits 2 with a message that says what to do", () => {
  test.each([
    ["a missing path", () => [path.join(work, "nowhere")],
      `review: ${path.join(work, "nowhere")} does not exist; run \`npm run synth\` first, or name a *.tf.json file or a directory holding some\n`],
    ["invalid JSON", () => [write("bad/cdk.tf.json", "{ nope")],
      `review: ${path.join(work, "bad/cdk.tf.json")}:1:3: expected a quoted object key\n`],
    ["a password file, never echoed", () => [write("passwd/main.tf.json", "root:x:0:0:root:/root:/bin/bash\n")],
      `review: ${path.join(work, "passwd/main.tf.json")}:1:1: not JSON: the file does not start with a JSON value\n`],
    ["a file nested 200,000 levels deep", () => [write("deep/main.tf.json", `{"locals": {"a": ${"[".repeat(200_000)}${"]".repeat(200_000)}}}`)],
      `review: ${path.join(work, "deep/main.tf.json")}:1:516: nested more than 500 levels deep; no Terraform configuration is\n`],
    ["JSON that is not a Terraform config", () => [write("other/cdk.tf.json", '{"name": "package"}')],
      `review: ${path.join(work, "other/cdk.tf.json")}:1:10: unsupported top-level key "name": Terraform accepts `],
    ["a directory without stacks", () => { fs.mkdirSync(path.join(work, "empty"), { recursive: true }); return [path.join(work, "empty")]; },
      `review: no *.tf.json found under ${path.join(work, "empty")}; run \`npm run synth\` first\n`],
    ["an unknown format", () => [defaultPlanFile, "--format", "html"], 'review: --format must be one of table, json, markdown, sarif, junit, not "html"\n'],
    ["an empty plan path (an unset shell variable)", () => [""],
      'review: a plan path is empty (""): name a *.tf.json file or a folder holding some, or leave it out for cdktf.out\n'],
    ["an unknown option", () => ["--strict"], "review: Unknown option '--strict'\n"],
    ["a suppression of an unknown rule", () => [defaultPlanFile, "--suppressions",
      write("s1.json", '{"checkpoints-db": [{"rule": "CKV_AWS_999", "reason": "we like it that way, really"}]}')],
      `review: invalid suppressions in ${path.join(work, "s1.json")}:\n  - stack "checkpoints-db" entry 0: unknown rule id "CKV_AWS_999"; known: `],
    ["a suppression without a reason", () => [defaultPlanFile, "--suppressions",
      write("s2.json", '{"checkpoints-db": [{"rule": "CKV_AWS_23"}]}')],
      `review: invalid suppressions in ${path.join(work, "s2.json")}:\n  - stack "checkpoints-db" entry 0: a suppression needs a written reason`],
    ["a suppression for a stack that does not exist", () => [defaultPlanFile, "--suppressions",
      write("s3.json", '{"checkpoints-db-stagin": [{"rule": "CKV_AWS_23", "reason": "a typo must not keep a check off"}]}')],
      `review: invalid suppressions in ${path.join(work, "s3.json")}:\n  - stack "checkpoints-db-stagin" is neither reviewed nor one of the app's stacks (checkpoints-db); fix the name or remove the entry\n`],
    ["a suppressions file that is not JSON, never echoed", () => [defaultPlanFile, "--suppressions", write("s4.json", "secret=hunter2")],
      `review: suppressions file is not valid JSON: ${path.join(work, "s4.json")}:1:1: not JSON: the file does not start with a JSON value\n`],
  ])("%s", (_case, args, message) => {
    const run = review(args());
    expect(run.code).toBe(2);
    expect(run.stderr.startsWith(message)).toBe(true);
    expect(run.stderr).not.toMatch(/root:x|hunter2|RangeError|\n    at /);
    expect(run.stdout).toBe("");
  });
});

test("the table's columns line up, whatever the length of a rule id (CKPT-KEEP-AUTOMATED-BACKUPS is 27 characters)", () => {
  const rows = review([defaultPlanFile]).stdout.split("\n")
    .map((line) => /^  (pass|FAIL|suppressed) +(error|warning) +(\S+) +/.exec(line)).filter((m) => m !== null);
  expect(rows.map((m) => m?.[3])).toContain("CKPT-KEEP-AUTOMATED-BACKUPS");
  expect(new Set(rows.map((m) => m?.[0].length))).toEqual(new Set([rows[0]?.[0].length]));
});

test("a bad CHECKPOINTS_* variable: the gate names it, and says nothing was reviewed (review synthesizes nothing)", () => {
  const io = captureIo();
  expect(main([defaultPlanFile], io, { CHECKPOINTS_BACKUP_RETENTION_DAYS: "3" })).toBe(2);
  expect(io.err()).toBe("review: cannot read minMaxConnections (CKPT-MAX-CONNECTIONS) from the app's settings:\n" +
    "Invalid checkpoints configuration (1 problem); nothing was reviewed.\n" +
    "  - backupRetentionDays = 3 (from environment variable CHECKPOINTS_BACKUP_RETENTION_DAYS)\n" +
    "    accepted: a whole number of days from 7 (the design document's minimum) to 35 (the RDS maximum)\n");
});

describe("a bug in a rule exits 3 with one line naming the rule and the input", () => {
  const broken = () => {
    const plan = documentPlan();
    return write("bug/main.tf.json", JSON.stringify(plan));
  };
  let spy: jest.SpyInstance;
  beforeEach(() => {
    spy = jest.spyOn(ReviewedPlan.prototype, "dbInstances").mockImplementation(() => { throw new TypeError("boom"); });
  });
  afterEach(() => spy.mockRestore());

  test("without DEBUG: one line, no stack", () => {
    const file = broken();
    const run = review([file]);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(`review: internal error in rule CKPT-DATABASE-PRESENT on ${file}: boom\n`);
  });

  test("with DEBUG=1: the stack follows", () => {
    const io = captureIo();
    expect(main([broken()], io, { DEBUG: "1" })).toBe(3);
    expect(io.err()).toMatch(/: boom\nTypeError: boom\n    at /);
  });
});

describe("the review gate's reference pages (docs/)", () => {
  const read = (page: string) => fs.readFileSync(path.join(__dirname, "..", "..", "docs", page), "utf8");
  const exitCodes = read("exit-codes.md");
  const section = exitCodes.slice(exitCodes.indexOf("### `npm run review`"), exitCodes.indexOf("### `npm run review:change`"));
  test.each(REVIEW_EXIT_TABLE.map((e) => [e.code, e.meaning]))("shows exit code %i as the gate's table does", (code, meaning) => {
    expect(section.replace(/`/g, "")).toContain(`| ${code} | ${meaning} |`);
  });
  test("names every rule the gate has", () => {
    const rules = read("review-rules.md");
    for (const rule of RULES) expect(rules).toContain(`| \`${rule.id}\` | ${rule.severity} |`);
  });
  test("--help shows the same exit codes", () => {
    const help = review(["--help"]).stdout;
    for (const e of REVIEW_EXIT_TABLE) expect(help).toContain(`${e.code}  ${e.meaning}`);
  });
});

describe("reference parsing", () => {
  test("finds references outside string literals and for-loop variables", () => {
    const [expression] = interpolations('${alltrue([for id in var.db_subnet_ids : can(regex("^subnet-{8}$", id))])}');
    expect(referencesIn(expression)).toEqual([["var", "db_subnet_ids"]]);
    expect(interpolations("a ${aws_x.y.id} b $${literal} ${var.z}")).toEqual(["aws_x.y.id", "var.z"]);
  });

  test("knows the provider's attributes for resources and data sources", () => {
    expect(knownAttributes("aws_db_instance", "resource")?.has("address")).toBe(true);
    expect(knownAttributes("aws_db_instance", "resource")?.has("hostname")).toBe(false);
    expect(knownAttributes("aws_vpc", "data")?.has("cidrBlock")).toBe(true);
    expect(knownAttributes("random_password", "resource")).toBeNull();
  });
});

describe("the repository's own app", () => {
  test("every stack it synthesizes (production and staging) passes the gate", () => {
    const cdktfJson = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "cdktf.json"), "utf8"));
    const planDir = synthesizedPlanDir(cdktfJson.context.checkpoints);
    const run = review([planDir, "--format", "json"]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.stacks.map((s: { stack: string }) => s.stack).sort()).toEqual(["checkpoints-db", "checkpoints-db-staging"]);
    expect(report.summary).toMatchObject({ errors: 0, warnings: 0, suppressed: 9 });
  });
});

describe("issue 21: the app's stacks come from cdktf's manifest.json beside the plans, not from config/", () => {
  // node_modules/cdktf/lib/manifest.js (cdktf 0.21.0): OUT/manifest.json is { version, stacks: { NAME: { name,
  // synthesizedStackPath: "stacks/NAME/cdk.tf.json", ... } } }.
  const synthesized = (name: string, stacks: string[]) => {
    const out = path.join(work, name);
    write(`${name}/stacks/checkpoints-db/cdk.tf.json`, planJsonFor());
    write(`${name}/manifest.json`, JSON.stringify({ version: "0.21.0", stacks: Object.fromEntries(stacks.map((s) =>
      [s, { name: s, synthesizedStackPath: `stacks/${s}/cdk.tf.json`, workingDirectory: `stacks/${s}` }])) }));
    return out;
  };

  test("an app that synthesized no staging stack: the committed suppressions' staging entry is an error", () => {
    const out = synthesized("prod-only", ["checkpoints-db"]);
    const run = review([out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('stack "checkpoints-db-staging" is neither reviewed nor one of the app\'s stacks (checkpoints-db); fix the name or remove the entry');
  });

  test("one stack's plan reviewed alone (as deploy does): the committed file's entries for other stacks do not apply", () => {
    const out = synthesized("prod-only-single", ["checkpoints-db"]);
    expect(review([path.join(out, "stacks", "checkpoints-db", "cdk.tf.json")]).code).toBe(0);
  });

  test("a stack in the manifest may be suppressed without being reviewed", () => {
    const out = synthesized("both", ["checkpoints-db", "checkpoints-db-staging"]);
    expect(review([path.join(out, "stacks", "checkpoints-db")]).code).toBe(0);
  });

  test("a manifest that is not cdktf's is bad input naming the file", () => {
    const out = synthesized("bad-manifest", ["checkpoints-db"]);
    write("bad-manifest/manifest.json", JSON.stringify({ version: "0.21.0" }));
    const run = review([out]);
    expect(run).toMatchObject({ code: 2, stdout: "" });
    expect(run.stderr).toBe(`review: ${path.join(out, "manifest.json")} has no "stacks" object: it is not cdktf's manifest; run \`npm run synth\` again\n`);
  });
});
