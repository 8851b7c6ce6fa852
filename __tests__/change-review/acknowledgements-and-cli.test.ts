// Acknowledgements (accepted, stale, malformed), the command line's usage errors and formats, and that no
// secret reaches any output.
import { CHANGE_REVIEW_HELP } from "../../change-review/cli";
import { comparePlans, jsonReport, productionPlan, reviewChange, scratch } from "./change-review-harness";
import { TerraformJson } from "../support/synth-plan";

const { write } = scratch("acks");
const db = (p: TerraformJson) => p.resource.aws_db_instance.checkpoints;
const usernameChange = () => { const p = productionPlan(); db(p).username = "app_owner"; return p; };
const acks = (entries: unknown[]) => write(`acks-${Math.random().toString(36).slice(2)}.json`, JSON.stringify({ acknowledgements: entries }));
const REASON = "Rebuilding the instance under the new master user; data restored from snapshot checkpoints-db-2026-11-29.";

describe("acknowledgements", () => {
  test("an acknowledged replacement passes, and still says what happens", () => {
    const file = acks([{ stack: "checkpoints-db", address: "aws_db_instance.checkpoints", change: "replace", reason: REASON }]);
    const run = comparePlans(productionPlan(), usernameChange(), ["--acknowledgements", file, "--format", "json"]);
    expect(run.code).toBe(0);
    const report = jsonReport(run);
    expect(report.summary).toBe("REPLACES aws_db_instance.checkpoints (acknowledged)");
    expect(report.findings).toEqual([expect.objectContaining({ address: "aws_db_instance.checkpoints", change: "replace", acknowledged: REASON })]);
  });

  test("an acknowledgement without a stack is a usage error: it would cover production by omission", () => {
    const file = acks([{ address: "aws_db_instance.checkpoints", change: "replace", reason: REASON }]);
    const run = comparePlans(productionPlan(), usernameChange(), ["--acknowledgements", file]);
    expect(run).toMatchObject({ code: 2, stdout: "" });
    expect(run.stderr).toBe(`review:change: invalid acknowledgements in ${file}:\n  - entry 0: "stack" is required: the stack it covers ` +
      '(e.g. "checkpoints-db-staging"), or "*" for every stack, production included\n');
  });

  test("\"stack\": \"*\" covers every stack, written out", () => {
    const file = acks([{ stack: "*", address: "aws_db_instance.checkpoints", change: "replace", reason: REASON }]);
    expect(comparePlans(productionPlan(), usernameChange(), ["--acknowledgements", file]).code).toBe(0);
  });

  test("an acknowledgement for staging never covers production, and is itself stale there", () => {
    const file = acks([{ stack: "checkpoints-db-staging", address: "aws_db_instance.checkpoints", change: "replace", reason: REASON }]);
    const run = comparePlans(productionPlan(), usernameChange(), ["--acknowledgements", file, "--format", "json"]);
    expect(run.code).toBe(1);
    expect(jsonReport(run).findings.map((f) => [f.stack, f.change, f.acknowledged])).toEqual([
      ["checkpoints-db", "replace", undefined], ["checkpoints-db-staging", "stale-acknowledgement", undefined]]);
  });

  test("an acknowledgement of a different change does not cover this one, and is itself stale", () => {
    const file = acks([{ stack: "checkpoints-db", address: "aws_db_instance.checkpoints", change: "delete", reason: REASON }]);
    const run = comparePlans(productionPlan(), usernameChange(), ["--acknowledgements", file, "--format", "json"]);
    expect(run.code).toBe(1);
    expect(jsonReport(run).findings.map((f) => f.change)).toEqual(["replace", "stale-acknowledgement"]);
  });

  test("stale: an acknowledgement naming a change that no longer happens fails the review", () => {
    const file = acks([{ stack: "checkpoints-db", address: "aws_db_instance.checkpoints", change: "replace", reason: REASON }]);
    const run = comparePlans(productionPlan(), productionPlan(), ["--acknowledgements", file, "--format", "json"]);
    expect(run.code).toBe(1);
    const report = jsonReport(run);
    expect(report.summary).toBe("STALE acknowledgement for aws_db_instance.checkpoints");
    expect(report.findings[0].message).toBe("stale acknowledgement: aws_db_instance.checkpoints (replace) no longer happens in stack checkpoints-db; remove it from the acknowledgements file");
  });

  test("a malformed acknowledgement is a usage error naming every problem", () => {
    const file = acks([{ address: "", change: "rename", reason: "ok" }]);
    const run = comparePlans(productionPlan(), productionPlan(), ["--acknowledgements", file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('entry 0: "address" must name the resource');
    expect(run.stderr).toContain('entry 0: "change" must be one of replace, delete, effect-unknown');
    expect(run.stderr).toContain('entry 0: an acknowledgement needs a written "reason"');
  });

  test("an acknowledgements file saved by PowerShell (UTF-16 LE with a BOM) is read as the same acknowledgement", () => {
    const file = acks([]);
    const text = JSON.stringify({ acknowledgements: [{ stack: "checkpoints-db", address: "aws_db_instance.checkpoints", change: "replace", reason: REASON }] });
    require("node:fs").writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
    expect(comparePlans(productionPlan(), usernameChange(), ["--acknowledgements", file]).code).toBe(0);
  });

  test('a reason of 7 characters ("testing") is refused, and the message says the rule: at least 10 characters', () => {
    const file = acks([{ stack: "checkpoints-db", address: "aws_db_instance.checkpoints", change: "replace", reason: "testing" }]);
    const run = comparePlans(productionPlan(), productionPlan(), ["--acknowledgements", file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('entry 0: an acknowledgement needs a written "reason", at least 10 characters: why this change is safe');
  });

  test("the committed acknowledgements file is valid and empty: nothing is acknowledged on main", () => {
    const committed = require("../../change-review/acknowledgements.json");
    expect(committed.acknowledgements).toEqual([]);
  });
});

describe("the command line", () => {
  test("--help shows the sources, the effects and the exit codes", () => {
    const run = reviewChange(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(CHANGE_REVIEW_HELP);
    for (const text of ["--base REF", "--base-dir OLD [NEW]", "--plan-json FILE", "needs a reboot", "brief connection drop (Multi-AZ failover)", "   0  ", "   1  ", "   2  "]) {
      expect(run.stdout).toContain(text);
    }
  });

  test.each([
    [["--base-dir", "a", "--plan-json", "b"], "give exactly one of --base REF, --base-dir DIR or --plan-json FILE (see --help)"],
    [[], "give exactly one of --base REF, --base-dir DIR or --plan-json FILE (see --help)"],
    [["--bogus"], "Unknown option '--bogus'"],
    [["--plan-json", "x.json", "--format", "yaml"], '--format must be one of table, markdown, json, not "yaml"'],
    [["--base-dir", "/nonexistent/old", "/nonexistent/new"], "OLD /nonexistent/old does not exist: no plans; run `npm run synth`"],
  ])("%j is a usage error (exit 2)", (argv, message) => {
    const run = reviewChange(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe("");
  });

  test("markdown: the summary line comes first, then the table", () => {
    const head = productionPlan();
    db(head).instance_class = "db.t4g.medium";
    const run = comparePlans(productionPlan(), head, ["--format", "markdown"]);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toBe("**1 in-place change, applies in the maintenance window; Multi-AZ fails over (brief connection drop)**");
    expect(run.stdout).toContain("| `aws_db_instance.checkpoints` | update | instance_class | `db.t4g.small` | `db.t4g.medium` | **brief connection drop (Multi-AZ failover)**: applies at the next maintenance window (sun:04:30-sun:05:30 UTC)");
  });

  test("json carries its schema id", () => {
    expect(jsonReport(comparePlans(productionPlan(), productionPlan(), ["--format", "json"])).schema).toBe("checkpoints-change-review/report@1");
  });
});

describe("no secret in any output", () => {
  const LITERAL = "L1teral-Passw0rd-In-Plan";
  test.each(["table", "markdown", "json"])("%s: a literal password and a sensitive variable's default show by name only", (format) => {
    const base = productionPlan();
    db(base).password = LITERAL;
    base.variable.db_password.default = `${LITERAL}-default`;
    const head = productionPlan();
    db(head).password = `${LITERAL}-changed`;
    head.variable.db_password.default = `${LITERAL}-default-2`;
    db(head).tags.Secret = "${var.db_password}";
    const run = comparePlans(base, head, ["--format", format]);
    expect(run.stdout + run.stderr).not.toContain(LITERAL);
    expect(run.stdout).toContain("(sensitive value)");
    expect(run.stdout).toContain("var.db_password");
  });
});

describe("the examples in docs/change-review.md are this command's output", () => {
  const page = require("node:fs").readFileSync(require("node:path").join(__dirname, "..", "..", "docs", "change-review.md"), "utf8") as string;
  const blocks = [...page.matchAll(/```markdown\n([\s\S]*?)```/g)].map((m) => m[1]);
  const asInDocs = (stdout: string) => stdout.replace(/^Change review of .* -> .*: /m, (line) => line.replace(/of .* -> \S+:/, "of main -> working tree:")).trimEnd();

  test("the class change", () => {
    const head = productionPlan();
    db(head).instance_class = "db.t4g.medium";
    expect(blocks[0].trimEnd()).toBe(asInDocs(comparePlans(productionPlan(), head, ["--format", "markdown"]).stdout));
  });

  test("the username change (its findings part)", () => {
    const out = asInDocs(comparePlans(productionPlan(), usernameChange(), ["--format", "markdown"]).stdout);
    expect(out.startsWith(blocks[1].trimEnd())).toBe(true);
  });
});
