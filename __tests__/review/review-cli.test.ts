import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../review/cli";
import { interpolations, knownAttributes, referencesIn } from "../../review/references";
import { synthesizedPlanDir, synthProductionStack } from "../support/synth-plan";
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

const defaultPlanFile = write("out/stacks/checkpoints-db/cdk.tf.json", synthProductionStack().json);

describe("the default checkpoints-db stack under the gate", () => {
  test("passes every rule, warnings included", () => {
    const run = review([defaultPlanFile, "--format", "json"]);
    expect(run.code).toBe(0);
    const [stack] = JSON.parse(run.stdout).stacks;
    const statuses = Object.fromEntries(stack.results.map((r: { id: string; status: string }) => [r.id, r.status]));
    expect(statuses).toEqual({
      "CKPT-INSTANCE-CLASS": "pass",
      "CKPT-BACKUP-7D": "pass",
      "CKPT-SG-APP-SUBNET-ONLY": "pass",
      "CKPT-NOT-PUBLIC": "pass",
      "CKPT-PASSWORD-NOT-LITERAL": "pass",
      "CKPT-CONNECTION-OUTPUTS": "pass",
      "CKPT-REFERENCES-RESOLVE": "pass",
      // Major 15 alone: RDS creates its current 15.x (the document's 15.4 is retired).
      "CKPT-ENGINE-RETIRED": "pass",
      "CKPT-FINAL-SNAPSHOT": "pass",
      "CKPT-KEEP-AUTOMATED-BACKUPS": "pass",
      "CKPT-CONNECTION-LOGGING": "pass",
      "CKPT-LOG-RETENTION": "pass",
      "CKPT-MAINTENANCE-WINDOW": "pass",
      "CKV_AWS_16": "pass",
      "CKV_AWS_157": "pass",
      "CKV_AWS_129": "pass",
      "CKV_AWS_118": "pass",
      "CKV_AWS_161": "pass",
      "CKV_AWS_293": "pass",
      "CKV_AWS_226": "pass",
      "CKV_AWS_353": "pass",
      "CKV_AWS_211": "pass",
      "CKV2_AWS_60": "pass",
      "CKV2_AWS_69": "pass",
      "CKV_AWS_23": "pass",
    });
  });

  test("an error-severity failure fails the gate with exit 1, in every format", () => {
    const plan = JSON.parse(synthProductionStack().json);
    plan.resource.aws_security_group.checkpoints_db.ingress[0].cidr_blocks = ["0.0.0.0/0"];
    const file = write("open/stacks/checkpoints-db/cdk.tf.json", JSON.stringify(plan));
    const table = review([file]);
    expect(table.code).toBe(1);
    expect(table.stdout).toContain("  FAIL       error   CKPT-SG-APP-SUBNET-ONLY");
    expect(table.stdout).toContain("aws_security_group.checkpoints_db.ingress[0] cidr_blocks: found [\"0.0.0.0/0\"]; " +
      "required only ${var.app_subnet_cidr}");
    expect(table.stdout).toMatch(/1 error, 0 warnings, 0 suppressed, 24 passed: the gate FAILS\n$/);
    const markdown = review([file, "--format", "markdown"]);
    expect(markdown.code).toBe(1);
    expect(markdown.stdout).toContain("### Plan review: **fails**");
    expect(markdown.stdout).toContain("| ❌ | CKPT-SG-APP-SUBNET-ONLY | error |");
    expect(markdown.stdout).toContain("| ✅ | CKPT-ENGINE-RETIRED | warning |");
    expect(JSON.parse(review([file, "--format", "json"]).stdout).ok).toBe(false);
  });

  test("a directory is searched for every stack", () => {
    const run = review([path.join(work, "out"), path.join(work, "open"), "--format", "json"]);
    expect(JSON.parse(run.stdout).stacks.map((s: { file: string }) => path.relative(work, s.file)))
      .toEqual(["out/stacks/checkpoints-db/cdk.tf.json", "open/stacks/checkpoints-db/cdk.tf.json"]);
  });
});

describe("bad input exits 2 with a message that says what to do", () => {
  test.each([
    ["a missing path", () => [path.join(work, "nowhere")],
      `review: ${path.join(work, "nowhere")} does not exist; run \`npm run synth\` first, or name a cdk.tf.json or a directory holding some\n`],
    ["invalid JSON", () => [write("bad/cdk.tf.json", "{ nope")],
      `review: ${path.join(work, "bad/cdk.tf.json")} is not valid JSON: `],
    ["JSON that is not a Terraform config", () => [write("other/cdk.tf.json", '{"name": "package"}')],
      `review: ${path.join(work, "other/cdk.tf.json")} is not a Terraform JSON configuration: it has none of the blocks ` +
      "resource, data, variable, output, terraform, provider, locals, module; point the review at a synthesized cdk.tf.json\n"],
    ["a directory without stacks", () => { fs.mkdirSync(path.join(work, "empty"), { recursive: true }); return [path.join(work, "empty")]; },
      `review: no cdk.tf.json found under ${path.join(work, "empty")}; run \`npm run synth\` first\n`],
    ["an unknown format", () => [defaultPlanFile, "--format", "html"], 'review: --format must be one of table, json, markdown, not "html"\n'],
    ["an unknown option", () => ["--strict"], "review: Unknown option '--strict'\n"],
    ["a suppression of an unknown rule", () => [defaultPlanFile, "--suppressions",
      write("s1.json", '{"checkpoints-db": [{"rule": "CKV_AWS_999", "reason": "we like it that way, really"}]}')],
      `review: invalid suppressions in ${path.join(work, "s1.json")}:\n  - stack "checkpoints-db" entry 0: unknown rule id "CKV_AWS_999"; known: `],
    ["a suppression without a reason", () => [defaultPlanFile, "--suppressions",
      write("s2.json", '{"checkpoints-db": [{"rule": "CKV_AWS_23"}]}')],
      `review: invalid suppressions in ${path.join(work, "s2.json")}:\n  - stack "checkpoints-db" entry 0: a suppression needs a written reason`],
  ])("%s", (_case, args, message) => {
    const run = review(args());
    expect(run.code).toBe(2);
    expect(run.stderr.startsWith(message)).toBe(true);
    expect(run.stdout).toBe("");
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
    expect(report.summary).toEqual({ errors: 0, warnings: 0, suppressed: 2, passed: 48 });
  });
});
