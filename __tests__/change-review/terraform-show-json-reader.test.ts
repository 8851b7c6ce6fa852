// The `terraform show -json` reader (change-review/terraform-show-json.ts) on its own: what it makes of each
// resource_changes entry. The shape is Terraform core's JSON output (hashicorp/terraform v1.11.4,
// internal/command/jsonplan/plan.go: Plan.ResourceChanges `json:"resource_changes,omitempty"`, Change.Actions,
// BeforeSensitive/AfterSensitive (`false`, or an object holding `true` where a value is sensitive), AfterUnknown,
// ReplacePaths, ActionReason `json:"action_reason,omitempty"`, PrevAddress `json:"previous_address,omitempty"`).
import { ChangeReviewInputError } from "../../change-review/input-error";
import { readTerraformShowJson, stackOfPlanFile } from "../../change-review/terraform-show-json";
import { scratch } from "./change-review-harness";

const { write } = scratch("plan-json-reader");
let fileNumber = 0;

/** A plan file holding these resource_changes (and whatever else `extra` adds), read by the reader. */
function read(resourceChanges: unknown, extra: Record<string, unknown> = {}) {
  const plan = { format_version: "1.2", terraform_version: "1.11.4", resource_changes: resourceChanges, ...extra };
  return readTerraformShowJson(write(`plan-${fileNumber++}.json`, JSON.stringify(plan)), "staging");
}
const readError = (text: string) => {
  try {
    readTerraformShowJson(write(`bad-${fileNumber++}.json`, text));
  } catch (error) {
    return error;
  }
  return undefined;
};
const db = (actions: string[], change: Record<string, unknown> = {}, entry: Record<string, unknown> = {}) => ({
  address: "aws_db_instance.checkpoints", mode: "managed", type: "aws_db_instance", name: "checkpoints",
  change: { actions, before: {}, after: {}, ...change }, ...entry,
});
const PROTECTED = { deletion_protection: true, skip_final_snapshot: false, final_snapshot_identifier: "checkpoints-db-final" };

describe("each action as Terraform writes it", () => {
  test("delete, replace and create carry their effect; no-op is not listed", () => {
    const { resources } = read([
      db(["delete"], { before: PROTECTED, after: null }),
      db(["create"], { before: null, after: { engine: "postgres" } }, { address: "aws_db_instance.new" }),
      db(["no-op"], { before: { engine: "postgres" }, after: { engine: "postgres" } }, { address: "aws_db_instance.same" }),
    ]);
    expect(resources.map((r) => `${r.address} ${r.action} ${r.effect}`)).toEqual([
      "aws_db_instance.checkpoints delete deletes", "aws_db_instance.new create none"]);
    const [replaced] = read([db(["create", "delete"], { before: { ...PROTECTED, engine: "postgres" }, after: { ...PROTECTED, engine: "mysql" }, replace_paths: [["engine"]] })]).resources;
    expect([replaced.action, replaced.effect]).toEqual(["replace", "replaces"]);
  });

  test("a replacement without replace_paths (tainted, -replace) still replaces, though no attribute is blamed", () => {
    const [tainted] = read([db(["delete", "create"], { before: { ...PROTECTED, engine: "postgres" }, after: { ...PROTECTED, engine: "postgres" } },
      { action_reason: "replace_because_tainted" })]).resources;
    expect([tainted.action, tainted.effect, tainted.attributes]).toEqual(["replace", "replaces", []]);
  });

  test("forget (a `removed` block with destroy = false) is not a change; create,forget creates and says the old object is kept", () => {
    expect(read([db(["forget"], { before: PROTECTED, after: null })]).resources).toEqual([]);
    const [created] = read([db(["create", "forget"], { before: PROTECTED, after: PROTECTED })]).resources;
    expect([created.action, created.effect]).toEqual(["create", "none"]);
    expect(created.notes).toEqual([expect.stringMatching(/forgotten .*keeps running, unmanaged/)]);
  });

  test("a no-op with a previous_address is a move with nothing else; a previous_address that is not an address is none", () => {
    expect(read([db(["no-op"], {}, { previous_address: "aws_db_instance.old" })]).resources).toEqual([
      { address: "aws_db_instance.checkpoints", previousAddress: "aws_db_instance.old", type: "aws_db_instance", action: "move", effect: "none", attributes: [], notes: [] }]);
    expect(read([db(["no-op"], {}, { previous_address: 7 })]).resources).toEqual([]);
  });

  test("an update that also moves keeps its previous address", () => {
    const [moved] = read([db(["update"], { before: { instance_class: "db.t4g.micro" }, after: { instance_class: "db.t4g.small" } }, { previous_address: "aws_db_instance.old" })]).resources;
    expect(moved).toMatchObject({ previousAddress: "aws_db_instance.old", action: "update" });
  });

  test("a data source read is not a change of the database", () => {
    expect(read([{ address: "data.aws_region.current", mode: "data", type: "aws_region", name: "current", change: { actions: ["read"], before: null, after: {} } }]).resources).toEqual([]);
  });
});

describe("notes: Terraform's reason and the safeguards", () => {
  test("action_reason is quoted when there is one, and nothing is invented when it is left out", () => {
    expect(read([db(["delete"], { before: PROTECTED }, { action_reason: "delete_because_no_resource_config" })]).resources[0].notes[0])
      .toBe("Terraform's reason: delete_because_no_resource_config");
    expect(read([db(["delete"], { before: PROTECTED })]).resources[0].notes.join("\n")).not.toMatch(/Terraform's reason/);
  });

  test("a replacement gets the safeguard notes, reading the new object (deletion_protection turned off by the change)", () => {
    const [replaced] = read([db(["delete", "create"], { before: PROTECTED, after: { ...PROTECTED, deletion_protection: false }, replace_paths: [["engine"]] })]).resources;
    expect(replaced.notes).toContain("this change also turns deletion_protection off: nothing stops the old instance being destroyed");
  });

  test("an in-place update gets no destroy safeguard notes", () => {
    const [updated] = read([db(["update"], { before: { ...PROTECTED, instance_class: "db.t4g.micro" }, after: { ...PROTECTED, instance_class: "db.t4g.small" } })]).resources;
    expect(updated.notes).toEqual([]);
  });
});

describe("values: sensitive and unknown marks", () => {
  const update = (change: Record<string, unknown>) => read([db(["update"], change)]).resources[0].attributes;

  test("before_sensitive/after_sensitive false: values are shown; true at the top: every value is hidden", () => {
    const change = { before: { instance_class: "db.t4g.micro" }, after: { instance_class: "db.t4g.small" } };
    expect(update({ ...change, before_sensitive: false, after_sensitive: false })[0]).toMatchObject({ before: "db.t4g.micro", after: "db.t4g.small" });
    expect(update({ ...change, before_sensitive: true, after_sensitive: true })[0]).toMatchObject({ before: "(sensitive value)", after: "(sensitive value)" });
  });

  test("a true inside an attribute's marks hides it; an empty object of marks does not", () => {
    const change = { before: { tags: { team: "a" } }, after: { tags: { team: "b" } } };
    expect(update({ ...change, before_sensitive: { tags: { team: true } }, after_sensitive: { tags: { team: true } } })[0])
      .toMatchObject({ before: "(sensitive value)", after: "(sensitive value)" });
    expect(update({ ...change, before_sensitive: { tags: {} }, after_sensitive: { tags: {} } })[0])
      .toMatchObject({ before: JSON.stringify({ team: "a" }), after: JSON.stringify({ team: "b" }) });
  });

  test("an argument the provider marks sensitive (password) is hidden even without marks in the plan", () => {
    const [password] = update({ before: { password: "Old-Secret-1" }, after: { password: "New-Secret-2" } });
    expect(password).toMatchObject({ attribute: "password", before: "(sensitive value)", after: "(sensitive value)" });
  });

  test("a plan without after_unknown or sensitive marks is read (they are omitted when empty)", () => {
    const [attribute] = update({ before: { instance_class: "db.t4g.micro" }, after: { instance_class: "db.t4g.small" } });
    expect(attribute).toMatchObject({ attribute: "instance_class", before: "db.t4g.micro", after: "db.t4g.small" });
  });
});

describe("what is not a plan, or not a whole one, is refused (ChangeReviewInputError, exit 2)", () => {
  test("JSON that is not an object, a format_version other than 1.x", () => {
    expect(readError("null")).toEqual(expect.objectContaining({ name: "ChangeReviewInputError", message: expect.stringMatching(/no format_version/) }));
    for (const version of ["2.1.0", "11.0"]) {
      expect(readError(JSON.stringify({ format_version: version, resource_changes: [] }))).toEqual(
        expect.objectContaining({ name: "ChangeReviewInputError", message: expect.stringMatching(/only 1\.x is understood/) }));
    }
  });

  test("an incomplete plan names -target; resource_changes that is not a list; a state", () => {
    expect(readError(JSON.stringify({ format_version: "1.2", complete: false, resource_changes: [] }))).toEqual(
      expect.objectContaining({ message: expect.stringMatching(/incomplete plan .*Plan without -target/) }));
    expect(readError(JSON.stringify({ format_version: "1.2", resource_changes: {} }))).toEqual(
      expect.objectContaining({ name: "ChangeReviewInputError", message: expect.stringMatching(/resource_changes must be a list/) }));
    expect(readError(JSON.stringify({ format_version: "1.0", values: { root_module: {} } }))).toEqual(
      expect.objectContaining({ message: expect.stringMatching(/is a state, not a plan/) }));
  });

  test("a plan with no change has planned_values and no resource_changes (omitempty): nothing to review", () => {
    expect(readTerraformShowJson(write("empty.json", JSON.stringify({ format_version: "1.2", planned_values: { root_module: {} } })), "s"))
      .toEqual({ stack: "s", resources: [] });
  });

  test("an entry without a string address, a string type, or a change object is refused, never skipped", () => {
    const entry = db(["update"], { before: { instance_class: "a" }, after: { instance_class: "b" } });
    for (const broken of [{ ...entry, address: undefined }, { ...entry, address: 7 }, { ...entry, type: undefined }, { ...entry, type: 7 },
      { ...entry, change: undefined }, { ...entry, change: [] }]) {
      expect(() => read([broken])).toThrow(ChangeReviewInputError);
      expect(() => read([broken])).toThrow(/a resource_changes entry lacks address, type or change/);
    }
  });

  test("an entry that is not an object is refused, never skipped (a skipped entry would read as no change)", () => {
    for (const broken of [42, "aws_db_instance.checkpoints", null, [db(["delete"])]]) {
      expect(() => read([broken])).toThrow(ChangeReviewInputError);
      expect(() => read([broken])).toThrow(/resource_changes\[0\] is not an object/);
    }
  });

  test("a file that cannot be read names its error code", () => {
    expect(() => readTerraformShowJson("/nonexistent/plan.json")).toThrow(/cannot read --plan-json \/nonexistent\/plan\.json: ENOENT/);
  });
});

describe("stackOfPlanFile", () => {
  test("the cdktf stack folder, else the file's name without .json or .plan.json", () => {
    expect(stackOfPlanFile("cdktf.out/stacks/checkpoints-db-staging/plan.json")).toBe("checkpoints-db-staging");
    expect(stackOfPlanFile("plans/checkpoints-db-staging.plan.json")).toBe("checkpoints-db-staging");
    expect(stackOfPlanFile("plans/staging.json.d/production.json")).toBe("production");
    expect(stackOfPlanFile("plans/staging.jsonnet.json")).toBe("staging.jsonnet");
  });
});
