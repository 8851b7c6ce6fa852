// `--plan-json`: terraform show -json fixtures in Terraform's documented format
// (__tests__/fixtures/terraform-show-json/README.md says where the shape comes from).
import * as path from "node:path";
import { effectLines, jsonReport, reviewChange, scratch } from "./change-review-harness";

const FIXTURES = path.join(__dirname, "..", "fixtures", "terraform-show-json");
const PLAN_SECRET = "Pl4n-Secret-Never-Printed";
const { write } = scratch("plan-json");
const noAcks = write("acks.json", JSON.stringify({ acknowledgements: [] }));

function reviewPlan(fixture: string, format = "json", acks = noAcks) {
  return reviewChange(["--plan-json", path.join(FIXTURES, fixture), "--format", format, "--acknowledgements", acks]);
}

describe("terraform show -json", () => {
  test("create: a new log group passes, and the headline says it is created (not \"No change\")", () => {
    const run = reviewPlan("create.json");
    expect(run.code).toBe(0);
    expect(effectLines(jsonReport(run))).toEqual(["aws_cloudwatch_log_group.iam create none"]);
    expect(jsonReport(run).summary).toBe("1 resource created");
  });

  test("update: a class change on Multi-AZ fails over in the maintenance window; computed attributes are not changes", () => {
    const run = reviewPlan("update-class.json");
    expect(run.code).toBe(0);
    const report = jsonReport(run);
    expect(effectLines(report)).toEqual(["aws_db_instance.checkpoints update failover", "  instance_class failover"]);
    expect(report.summary).toBe("1 in-place change, applies in the maintenance window; Multi-AZ fails over (brief connection drop)");
  });

  test("delete: the database removed fails, with Terraform's reason and the safeguards", () => {
    const run = reviewPlan("delete.json");
    expect(run.code).toBe(1);
    const report = jsonReport(run);
    expect(report.summary).toBe("DELETES aws_db_instance.checkpoints: data loss");
    expect(report.stacks[0].resources[0].notes).toEqual([
      "Terraform's reason: delete_because_no_resource_config",
      "deletion_protection is on: terraform apply fails at the destroy (RDS refuses to delete a protected instance)",
      "a final snapshot (checkpoints-db-final) would be taken; restoring it makes a new instance and loses later writes",
    ]);
  });

  test("replace with replace_paths: the provider's verdict names the attribute", () => {
    const run = reviewPlan("replace-username.json");
    expect(run.code).toBe(1);
    const report = jsonReport(run);
    expect(report.summary).toBe("REPLACES aws_db_instance.checkpoints: data loss");
    const [resource] = report.stacks[0].resources;
    expect(resource.action).toBe("replace");
    expect(resource.attributes).toEqual([expect.objectContaining({ attribute: "username", before: "checkpoint_user", after: "app_owner", effect: "replaces",
      detail: "username forces replacement (the provider's replace_paths)" })]);
  });

  test("replace_paths on a security group (create_before_destroy) and the instance's unknown reference", () => {
    const run = reviewPlan("replace-paths-sg.json");
    expect(run.code).toBe(0);
    const report = jsonReport(run);
    expect(effectLines(report)).toEqual([
      "aws_security_group.checkpoints_db replace replaces", "  name replaces",
      "aws_db_instance.checkpoints update immediate", "  vpc_security_group_ids immediate",
    ]);
    expect(report.stacks[0].resources[1].attributes[0].after).toBe("(known after apply: computed by the provider)");
  });

  test("a moved resource (previous_address, no-op) is reported as moved, not as a change", () => {
    const run = reviewPlan("moved.json");
    expect(run.code).toBe(0);
    expect(jsonReport(run).stacks[0].resources).toEqual([expect.objectContaining({ address: "aws_db_instance.primary", previousAddress: "aws_db_instance.checkpoints", action: "move" })]);
  });

  test.each(["create.json", "update-class.json", "delete.json", "replace-username.json", "replace-paths-sg.json", "moved.json"])(
    "%s: the sensitive password never appears, in any format", (fixture) => {
      for (const format of ["table", "markdown", "json"]) {
        const run = reviewPlan(fixture, format);
        expect(run.stdout + run.stderr).not.toContain(PLAN_SECRET);
      }
    });

  test("a changed sensitive value shows as sensitive", () => {
    const plan = JSON.parse(require("node:fs").readFileSync(path.join(FIXTURES, "update-class.json"), "utf8"));
    plan.resource_changes[0].change.after.password = `${PLAN_SECRET}-2`;
    const run = reviewChange(["--plan-json", write("pw.json", JSON.stringify(plan)), "--format", "json", "--acknowledgements", noAcks]);
    const attrs = jsonReport(run).stacks[0].resources[0].attributes;
    expect(attrs.find((a) => a.attribute === "password")).toMatchObject({ before: "(sensitive value)", after: "(sensitive value)", effect: "immediate" });
    expect(run.stdout).not.toContain(PLAN_SECRET);
  });
});

test("attributes named like Object's own properties are compared as attributes, not crashes", () => {
  const plan = { format_version: "1.2", resource_changes: [{ address: "aws_db_instance.checkpoints", type: "aws_db_instance", name: "checkpoints", mode: "managed",
    change: { actions: ["update"], before: { toString: "a" }, after: { constructor: "b" }, after_unknown: {}, before_sensitive: {}, after_sensitive: {} } }] };
  const run = reviewChange(["--plan-json", write("proto.json", JSON.stringify(plan)), "--format", "json", "--acknowledgements", noAcks]);
  expect(run.code).toBe(1);
  expect(effectLines(jsonReport(run))).toEqual(["aws_db_instance.checkpoints update unknown", "  constructor unknown", "  toString unknown"]);
});

describe("unreadable plans exit 2 and never echo the file", () => {
  test.each([
    ["not JSON", "password=hunter2-do-not-echo\n", "is not JSON; write it with `terraform show -json PLANFILE >"],
    ["no format_version", JSON.stringify({ resource_changes: [] }), "has no format_version: it is not `terraform show -json` output"],
    ["a future major format", JSON.stringify({ format_version: "2.0", resource_changes: [] }), 'has format_version "2.0"; only 1.x is understood'],
    ["a state, not a plan", JSON.stringify({ format_version: "1.0", values: {} }), "is a state, not a plan"],
    ["an action Terraform does not document", JSON.stringify({ format_version: "1.2", resource_changes: [{ address: "aws_db_instance.x", type: "aws_db_instance", change: { actions: ["explode"] } }] }), 'has change.actions ["explode"]'],
  ])("%s", (_name, content, message) => {
    const file = write(`bad-${_name.replace(/\W/g, "-")}.json`, content);
    const run = reviewChange(["--plan-json", file, "--acknowledgements", noAcks]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toContain("hunter2");
  });

  test("a missing file", () => {
    const run = reviewChange(["--plan-json", "/nonexistent/plan.json", "--acknowledgements", noAcks]);
    expect(run).toMatchObject({ code: 2, stderr: "review:change: cannot read --plan-json /nonexistent/plan.json: ENOENT\n" });
  });
});

describe("issue 21: --plan-json inputs", () => {
  const fs = require("node:fs") as typeof import("node:fs");
  const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), "utf8"));

  // hashicorp/terraform internal/command/jsonplan/plan.go: `Errored bool json:"errored"` = plans.Plan.Errored,
  // set when planning failed part-way; resource_changes then lists only what was planned before the error.
  test("an errored plan is refused (exit 2), never \"No change to the database\"", () => {
    const plan = { ...fixture("create.json"), errored: true, resource_changes: [] };
    const run = reviewChange(["--plan-json", write("errored.json", JSON.stringify(plan)), "--format", "json", "--acknowledgements", noAcks]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain('is an errored plan ("errored": true): terraform plan failed before it planned every resource');
  });

  // hashicorp/terraform internal/plans/plan.go: Complete is false unless the plan "includes a planned action (even if
  // no-op) for every resource instance object" (-target, deferred changes); jsonplan writes it as "complete".
  test("an incomplete plan (-target) is refused: what it leaves out could be the database", () => {
    const plan = { ...fixture("create.json"), complete: false };
    const run = reviewChange(["--plan-json", write("incomplete.json", JSON.stringify(plan)), "--acknowledgements", noAcks]);
    expect(run).toMatchObject({ code: 2, stdout: "" });
    expect(run.stderr).toContain('is an incomplete plan ("complete": false: -target, or changes deferred)');
  });

  // jsonplan.Change.Actions lists ["create", "forget"]: a replacement whose old object is forgotten, not destroyed.
  test("[\"create\", \"forget\"] is read (a create; the old object is forgotten, not destroyed), not refused as undocumented", () => {
    const plan = fixture("replace-username.json");
    plan.resource_changes[0].change.actions = ["create", "forget"];
    const run = reviewChange(["--plan-json", write("create-forget.json", JSON.stringify(plan)), "--format", "json", "--acknowledgements", noAcks]);
    expect(run.stderr).toBe("");
    const [resource] = jsonReport(run).stacks[0].resources;
    expect(resource).toMatchObject({ action: "create" });
    expect(resource.notes).toContain("the old object is forgotten (removed from Terraform's state, not destroyed): it keeps running, unmanaged");
  });

  // What Windows PowerShell 5.1's `>` writes (UTF-16 LE with a BOM), PowerShell 7's `Out-File -Encoding utf8BOM`
  // (UTF-8 with a BOM), and UTF-16 BE: decoded as the same plan.
  const text = fs.readFileSync(path.join(FIXTURES, "delete.json"), "utf8");
  const utf16be = (s: string) => Buffer.from(s, "utf16le").swap16();
  test.each([
    ["UTF-8 with a BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")])],
    ["UTF-16 LE with a BOM", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])],
    ["UTF-16 BE with a BOM", Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)])],
  ])("%s is read as the plan it is", (name, bytes) => {
    const file = write(`encoded-${name.replace(/\W/g, "-")}.json`, "");
    fs.writeFileSync(file, bytes);
    const run = reviewChange(["--plan-json", file, "--format", "json", "--acknowledgements", noAcks]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    expect(jsonReport(run).summary).toBe("DELETES aws_db_instance.checkpoints: data loss");
  });

  test("UTF-16 without a byte-order mark is refused by name, with the fix", () => {
    const file = write("utf16-no-bom.json", "");
    fs.writeFileSync(file, Buffer.from(text, "utf16le"));
    const run = reviewChange(["--plan-json", file, "--acknowledgements", noAcks]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`review:change: --plan-json ${file} is UTF-16 or UTF-32 without a byte-order mark, not UTF-8: ` +
      "save it as UTF-8 (PowerShell: `terraform show -json PLANFILE | Out-File -Encoding utf8 FILE`)\n");
  });

  // A real replacement plans the new object: every Optional+Computed argument left unset is unknown in after_unknown,
  // ForceNew ones (availability_zone, kms_key_id, character_set_name, nchar_character_set_name, timezone) included.
  // jsonplan.Change.ReplacePaths: "the paths into the object value which resulted in the action being replace".
  test("a replacement is blamed on what replace_paths names only: a username change says to revert username", () => {
    const run = reviewPlan("replace-username-computed.json");
    expect(run.code).toBe(1);
    const report = jsonReport(run);
    const attributes = report.stacks[0].resources[0].attributes;
    expect(attributes.filter((a) => a.effect === "replaces").map((a) => a.attribute)).toEqual(["username"]);
    expect(attributes.find((a) => a.attribute === "availability_zone")).toMatchObject({ before: "us-east-1a", effect: "none",
      detail: "the new object's value, known after apply; not what forces the replacement" });
    expect(report.findings[0].message).toContain("REPLACED: username (checkpoint_user -> app_owner) cannot change in place");
    expect(report.findings[0].message).toContain("To avoid it, revert username (RDS cannot rename the master user).");
  });

  test("what replace_paths names is shown even when it is computed, unknown, or absent from before and after", () => {
    const plan = fixture("replace-username-computed.json");
    plan.resource_changes[0].change.replace_paths = [["kms_key_id"], ["resource_id"], ["password_wo"]];
    const run = reviewChange(["--plan-json", write("replace-kms.json", JSON.stringify(plan)), "--format", "json", "--acknowledgements", noAcks]);
    const attributes = jsonReport(run).stacks[0].resources[0].attributes;
    expect(attributes.filter((a) => a.effect === "replaces").map((a) => [a.attribute, a.after])).toEqual([
      ["kms_key_id", "(known after apply: computed by the provider)"],
      ["password_wo", "(not set)"], // write-only: null in every plan
      ["resource_id", "(known after apply: computed by the provider)"],
    ]);
    expect(attributes.find((a) => a.attribute === "username")).toMatchObject({ effect: "none", detail: "set on the new object; not what forces the replacement" });
  });

  test("the stack is named after the plan's stack folder, or the file, never \"plan\"", () => {
    const inStack = write("cdktf.out/stacks/checkpoints-db-staging/plan.json", fs.readFileSync(path.join(FIXTURES, "update-class.json"), "utf8"));
    expect(jsonReport(reviewChange(["--plan-json", inStack, "--format", "json", "--acknowledgements", noAcks])).stacks[0].stack).toBe("checkpoints-db-staging");
    expect(jsonReport(reviewPlan("update-class.json")).stacks[0].stack).toBe("update-class");
  });
});

describe("issue 21: wording", () => {
  const fs = require("node:fs") as typeof import("node:fs");
  test("a parameter group change needs a reboot RDS does not schedule, and does not also say the instance restarts", () => {
    const plan = JSON.parse(fs.readFileSync(path.join(FIXTURES, "update-class.json"), "utf8"));
    const change = plan.resource_changes[0].change;
    change.after.instance_class = change.before.instance_class;
    change.before.parameter_group_name = "checkpoints-postgres15";
    change.after.parameter_group_name = "checkpoints-postgres15-v2";
    const run = reviewChange(["--plan-json", write("pg-change.json", JSON.stringify(plan)), "--format", "json", "--acknowledgements", noAcks]);
    const [attribute] = jsonReport(run).stacks[0].resources[0].attributes;
    expect(attribute).toMatchObject({ attribute: "parameter_group_name", effect: "reboot",
      detail: "applies immediately (RDS ignores apply_immediately for it); the new group's parameters take effect only after a reboot, which RDS does not schedule" });
  });

  test("a plain delete does not speak of creating a new instance", () => {
    const report = jsonReport(reviewPlan("delete.json"));
    expect([...report.stacks[0].resources[0].notes, report.findings[0].message].join(" ")).not.toContain("creating the new instance");
  });
});
