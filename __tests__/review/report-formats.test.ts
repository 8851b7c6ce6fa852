import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { DOMParser } from "@xmldom/xmldom";
import { main } from "../../review/cli";
import { documentPlan } from "../support/synth-plan";
import { captureIo } from "../support/capture-io";

/**
 * Issue 23: findings where reviewers look. --format sarif is validated against the official SARIF 2.1.0 schema
 * (__tests__/fixtures/sarif, from oasis-tcs/sarif-spec) with ajv, not by hand; --format junit is one test case
 * per rule and resource.
 */
const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "sarif", "sarif-schema-2.1.0.json"), "utf8"));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateSarif = ajv.compile(schema);

const work = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-formats-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** The document's plan with a 3-day retention, written pretty-printed as cdktf writes cdk.tf.json. */
function failingPlanFile(): string {
  const plan = documentPlan();
  plan.resource.aws_db_instance.checkpoints.backup_retention_period = 3;
  const file = path.join(work, "stacks", "checkpoints-db", "cdk.tf.json");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(plan, null, 2));
  return file;
}

function review(argv: string[]) {
  const io = captureIo();
  const cwd = process.cwd();
  process.chdir(work);
  try {
    return { code: main(argv, io), stdout: io.out(), stderr: io.err() };
  } finally {
    process.chdir(cwd);
  }
}

describe("--format sarif", () => {
  const file = failingPlanFile();
  const run = review([file, "--format", "sarif"]);
  const sarif = JSON.parse(run.stdout);

  test("validates against the SARIF 2.1.0 schema, and the gate's exit code is unchanged", () => {
    expect(run.code).toBe(1);
    const valid = validateSarif(sarif);
    expect(validateSarif.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  test("the validator refuses a log that breaks the schema (so the check above can fail)", () => {
    const broken = structuredClone(sarif);
    broken.runs[0].results[0].level = "fatal";
    delete broken.version;
    expect(validateSarif(broken)).toBe(false);
  });

  test("every rule carries help text and its level; a finding is at the line and column of the attribute in cdk.tf.json", () => {
    const rules = sarif.runs[0].tool.driver.rules;
    expect(rules.length).toBeGreaterThan(30);
    for (const rule of rules) {
      expect(rule.help.text.length).toBeGreaterThan(20);
      expect(["error", "warning"]).toContain(rule.defaultConfiguration.level);
    }
    const backup = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === "CKPT-BACKUP-7D");
    expect(backup.level).toBe("error");
    expect(rules[backup.ruleIndex].id).toBe("CKPT-BACKUP-7D");
    const { artifactLocation, region } = backup.locations[0].physicalLocation;
    expect(artifactLocation).toEqual({ uri: "stacks/checkpoints-db/cdk.tf.json", uriBaseId: "%SRCROOT%" });
    const line = fs.readFileSync(file, "utf8").split("\n")[region.startLine - 1];
    expect(line.slice(region.startColumn - 1)).toMatch(/^3,?$/);
    expect(line).toMatch(/"backup_retention_period": 3/);
  });

  test("a finding in a nested block is at that block's attribute (CKV_AWS_24 on ingress[0] -> its line in cdk.tf.json)", () => {
    const plan = documentPlan();
    const group = plan.resource.aws_security_group.checkpoints_db;
    group.ingress[0].cidr_blocks = ["0.0.0.0/0"];
    group.ingress[0].from_port = 22;
    group.ingress[0].to_port = 22;
    const nested = path.join(work, "nested", "cdk.tf.json");
    fs.mkdirSync(path.dirname(nested), { recursive: true });
    fs.writeFileSync(nested, JSON.stringify(plan, null, 2));
    const log = JSON.parse(review([nested, "--format", "sarif"]).stdout);
    const ssh = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === "CKV_AWS_24");
    const { region } = ssh.locations[0].physicalLocation;
    const lines = fs.readFileSync(nested, "utf8").split("\n");
    // The ingress block itself: the line opening its object, inside "ingress": [.
    expect(lines[region.startLine - 1].trim()).toBe("{");
    expect(lines.slice(0, region.startLine - 1).reverse().find((l) => l.includes("\""))).toMatch(/"ingress": \[/);
    expect(ssh.locations[0].logicalLocations[0].fullyQualifiedName).toBe("aws_security_group.checkpoints_db.ingress[0]");
  });

  test("a suppressed rule's findings are results marked suppressed, with the reason", () => {
    const suppressed = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === "CKV_AWS_382");
    expect(suppressed.suppressions).toEqual([expect.objectContaining({ kind: "external", justification: expect.stringMatching(/egress/) })]);
  });
});

describe("--format junit", () => {
  const run = review([failingPlanFile(), "--format", "junit"]);
  const doc = new DOMParser({ onError: (level, message) => { throw new Error(`${level}: ${message}`); } })
    .parseFromString(run.stdout, "text/xml");
  const cases = Array.from(doc.getElementsByTagName("testcase"));

  test("is well-formed XML: one suite per stack, one case per rule and resource, counts that add up", () => {
    expect(run.code).toBe(1);
    const suites = doc.getElementsByTagName("testsuite");
    expect(suites.length).toBe(1);
    expect(suites[0].getAttribute("name")).toBe("checkpoints-db");
    expect(Number(suites[0].getAttribute("tests"))).toBe(cases.length);
    const names = cases.map((c) => c.getAttribute("name"));
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(["CKPT-BACKUP-7D aws_db_instance.checkpoints", "CKV_AWS_16 aws_db_instance.checkpoints",
      "CKV_AWS_24 aws_security_group.checkpoints_db"]));
  });

  test("a failed rule's case fails with its severity and finding; a suppressed one is skipped with its reason", () => {
    const byName = (name: string) => cases.find((c) => c.getAttribute("name") === name)!;
    const failure = byName("CKPT-BACKUP-7D aws_db_instance.checkpoints").getElementsByTagName("failure")[0];
    expect(failure.getAttribute("type")).toBe("error");
    expect(failure.textContent).toMatch(/backup_retention_period: found 3; required >= 7/);
    expect(byName("CKV_AWS_16 aws_db_instance.checkpoints").childNodes.length).toBe(0);
    const skipped = cases.filter((c) => c.getElementsByTagName("skipped").length > 0);
    expect(skipped.map((c) => c.getAttribute("classname"))).toEqual(expect.arrayContaining(["checkpoints-db.CKV_AWS_382"]));
    expect(Number(doc.getElementsByTagName("testsuites")[0].getAttribute("failures")))
      .toBe(cases.filter((c) => c.getElementsByTagName("failure").length > 0).length);
  });
});

test("--format names the formats it accepts", () => {
  expect(review(["--format", "xml"]).stderr).toBe("review: --format must be one of table, json, markdown, sarif, junit, not \"xml\"\n");
});
