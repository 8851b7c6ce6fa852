// compareConfigurations on hand-made stacks (change-review/compare-configurations.ts), called directly
// (issue 27, mutation testing): stacks paired by name, objects by address, removed blocks
// (hashicorp/terraform v1.11.4 context_plan.go findForgetTargets: destroy = false forgets), instances
// not known offline, implied moves, a deleted resource making its references unknown, and the order
// of what the report lists.
import { compareConfigurations } from "../../change-review/compare-configurations";
import { PlannedResource, PlannedStack } from "../../change-review/planned-configuration";

const r = (address: string, attributes: Record<string, unknown>, extra: Partial<PlannedResource> = {}): PlannedResource =>
  ({ address, type: address.split(".")[0], resource: address.replace(/\[.*$/, ""), attributes, ...extra });
const stack = (name: string, resources: PlannedResource[], extra: Partial<PlannedStack> = {}): PlannedStack => ({ stack: name,
  resources: new Map(resources.map((x) => [x.address, x])), moved: [], removed: [], inputs: new Map(), sensitiveVariables: new Set(), files: [], ...extra });
const key = r("aws_kms_key.db", { description: "k" });
const db = (attributes: Record<string, unknown> = {}, extra: Partial<PlannedResource> = {}) =>
  r("aws_db_instance.db", { identifier: "checkpoints", deletion_protection: true, final_snapshot_identifier: "final", ...attributes }, extra);
const only = (base: PlannedStack, head: PlannedStack) => compareConfigurations([base], [head])[0].resources;
const DELETE_NOTES = ["deletion_protection is on: terraform apply fails at the destroy (RDS refuses to delete a protected instance)",
  "a final snapshot (final) would be taken; restoring it makes a new instance and loses later writes"];

describe("stacks paired by name", () => {
  test("in name order; a stack on one side only is all deletes or all creates", () => {
    const result = compareConfigurations([stack("b", [key]), stack("a", [key])], [stack("a", [key]), stack("c", [key])]);
    expect(result.map((s) => [s.stack, s.resources.map((x) => `${x.address} ${x.action} ${x.effect}`)])).toEqual([
      ["a", []], ["b", ["aws_kms_key.db delete deletes"]], ["c", ["aws_kms_key.db create none"]]]);
  });

  test("a create says nothing more", () => {
    expect(only(stack("s", []), stack("s", [key]))).toEqual([{ address: "aws_kms_key.db", type: "aws_kms_key", action: "create", effect: "none", attributes: [], notes: [] }]);
  });
});

describe("deletes and removed blocks", () => {
  test("a deleted database carries its safeguards", () => {
    expect(only(stack("s", [db()]), stack("s", []))).toEqual([{ address: "aws_db_instance.db", type: "aws_db_instance", action: "delete", effect: "deletes",
      attributes: [], notes: DELETE_NOTES }]);
  });

  test.each([["the resource", "aws_db_instance.db"], ["the instance", "aws_db_instance.db[0]"]])("removed with destroy = false, naming %s: forgotten, not deleted", (_, from) => {
    const base = stack("s", [r("aws_db_instance.db[0]", {})]);
    expect(only(base, stack("s", [], { removed: [{ from, destroy: false }] }))).toEqual([{ address: "aws_db_instance.db[0]", type: "aws_db_instance", action: "forget",
      effect: "none", attributes: [], notes: ["a removed block with lifecycle { destroy = false }: Terraform forgets it; the object keeps running, no longer managed"] }]);
  });

  test("a removed block for another resource changes nothing: a delete", () => {
    expect(only(stack("s", [db()]), stack("s", [], { removed: [{ from: "aws_db_instance.other", destroy: false }] }))[0].action).toBe("delete");
  });

  test("removed with destroy not a literal: taken as destroy = true, and said", () => {
    expect(only(stack("s", [db()]), stack("s", [], { removed: [{ from: "aws_db_instance.db", destroy: "unknown" }] }))[0]).toMatchObject({ action: "delete",
      notes: ["a removed block whose lifecycle.destroy is not a literal: taken as destroy = true", ...DELETE_NOTES] });
  });

  test("a deleted resource makes what refers to it known only after apply; a forgotten one does not", () => {
    const user = db({ kms_key_id: "${aws_kms_key.db.arn}" });
    const deleted = only(stack("s", [key, user]), stack("s", [user]));
    expect(deleted.map((x) => `${x.address} ${x.action}`)).toEqual(["aws_db_instance.db replace", "aws_kms_key.db delete"]);
    expect(deleted[0].attributes[0]).toMatchObject({ attribute: "kms_key_id", after: "(known after apply: aws_kms_key.db is deleted)", effect: "replaces" });
    const forgotten = only(stack("s", [key, user]), stack("s", [user], { removed: [{ from: "aws_kms_key.db", destroy: false }] }));
    expect(forgotten.map((x) => `${x.address} ${x.action}`)).toEqual(["aws_kms_key.db forget"]);
  });
});

describe("instances not known offline", () => {
  test("reported once per resource, with how to review them", () => {
    const unknownCount = { notEvaluable: "count = var.n" };
    const head = stack("s", [r("aws_subnet.app[0]", {}, unknownCount), r("aws_subnet.app[1]", {}, unknownCount)]);
    expect(only(stack("s", []), head)).toEqual([{ address: "aws_subnet.app", type: "aws_subnet", action: "not-evaluable", effect: "unknown", attributes: [],
      notes: ["instances not known offline (count = var.n): review with --plan-json"] }]);
  });
});

describe("moves and updates", () => {
  test("count added: the implied move is said", () => {
    const base = stack("s", [r("aws_kms_key.db", { description: "k" })]);
    const head = stack("s", [r("aws_kms_key.db[0]", { description: "k2" }, { repetition: "count" })]);
    expect(only(base, head)[0]).toMatchObject({ address: "aws_kms_key.db[0]", previousAddress: "aws_kms_key.db", action: "update",
      notes: ["Terraform moves aws_kms_key.db to aws_kms_key.db[0] by itself (count added or removed)"] });
  });

  test("an update has no safeguard notes; its attributes are in name order, the spread ones too", () => {
    const user = (storage: string) => db({ storage_type: storage, kms_key_id: "${aws_kms_key.db.arn}" });
    const result = only(stack("s", [key, user("gp2")]), stack("s", [r("aws_kms_key.db", { description: "k", key_usage: "SIGN_VERIFY" }), user("gp3")]));
    expect(result.map((x) => [x.address, x.action, x.attributes.map((a) => a.attribute)])).toEqual([
      ["aws_db_instance.db", "replace", ["kms_key_id", "storage_type"]], ["aws_kms_key.db", "replace", ["key_usage"]]]);
    expect(only(stack("s", [user("gp2")]), stack("s", [user("gp3")]))[0]).toMatchObject({ action: "update", notes: [] });
  });

  test("a database read before a key that might be replaced, and then is: replaced, so prevent_destroy refuses the plan", () => {
    // The key has an argument the review cannot classify (it might be replaced), and its custom key store is
    // deleted: custom_key_store_id is ForceNew (provider v6.25.0 resourceKey), so the key is replaced, its arn
    // is unknown, and the database's ForceNew kms_key_id replaces it too (terraform-plugin-sdk schema.go
    // `d.RequiresNew = d.Old != d.New || d.NewComputed`). The database comes first in address order.
    const keyWith = (extra: Record<string, unknown>) => r("aws_kms_key.db", { description: "k", custom_key_store_id: "${aws_kms_custom_key_store.old.id}", ...extra });
    const user = db({ kms_key_id: "${aws_kms_key.db.arn}" }, { preventDestroy: true });
    const result = only(stack("s", [r("aws_kms_custom_key_store.old", {}), keyWith({}), user]), stack("s", [keyWith({ new_argument: 1 }), user]));
    expect(result.map((x) => `${x.address} ${x.action} ${x.effect}`)).toEqual(["aws_db_instance.db replace replaces",
      "aws_kms_custom_key_store.old delete deletes", "aws_kms_key.db replace replaces"]);
    expect(result[0].attributes.map((a) => `${a.attribute} ${a.after}`)).toEqual(["kms_key_id (known after apply: aws_kms_key.db is replaced)"]);
    expect(result[0].notes[0]).toBe("lifecycle.prevent_destroy is set: terraform plan refuses this replacement, so the pull request cannot be applied as it is");
  });

  test("the report does not depend on the order the configuration lists its resources in", () => {
    // The log group's name refers to two keys, both replaced in the end: one from the start (key_usage is
    // ForceNew), one only once its deleted key store is read. Which one the entry names depends on what was
    // read first; the changes are read in address order, so the same configuration always gives the same report.
    const store = r("aws_kms_custom_key_store.old", {});
    const later = (extra: Record<string, unknown>) => r("aws_kms_key.a", { description: "k", custom_key_store_id: "${aws_kms_custom_key_store.old.id}", ...extra });
    const first = (usage: string) => r("aws_kms_key.b", { key_usage: usage });
    const logs = r("aws_cloudwatch_log_group.x", { name: "${aws_kms_key.a.arn}-${aws_kms_key.b.arn}" });
    const report = (order: <T>(all: T[]) => T[]) =>
      only(stack("s", order([store, later({}), first("ENCRYPT_DECRYPT"), logs])), stack("s", order([later({ new_argument: 1 }), first("SIGN_VERIFY"), logs])));
    const inOrder = report((all) => all);
    expect(inOrder[0].attributes).toMatchObject([{ attribute: "name", after: "(known after apply: aws_kms_key.b is replaced)", effect: "replaces" }]);
    expect(report((all) => [...all].reverse())).toEqual(inOrder);
  });

  test("lifecycle.ignore_changes: no effect, and why", () => {
    expect(only(stack("s", [db({ allocated_storage: 100 })]), stack("s", [db({ allocated_storage: 200 }, { ignoreChanges: new Set(["allocated_storage"]) })]))[0].attributes)
      .toEqual([{ attribute: "allocated_storage", before: "100", after: "200", effect: "none", detail: "lifecycle.ignore_changes: Terraform keeps the current value" }]);
  });

  test("changes are listed in address order", () => {
    const result = only(stack("s", [r("aws_z.gone", {}), r("aws_a.kept", { description: "a" })]), stack("s", [r("aws_a.kept", { description: "b" })]));
    expect(result.map((x) => x.address)).toEqual(["aws_a.kept", "aws_z.gone"]);
  });

  test("a variable sensitive only on the base side is still never shown", () => {
    const base = stack("s", [db({ password: "${var.old_password}", tags: { url: "postgres://app:${var.old_password}@db" } })], { sensitiveVariables: new Set(["old_password"]) });
    const head = stack("s", [db({ password: "${var.old_password}", tags: { url: "postgres://app@db" } })]);
    expect(only(base, head)[0].attributes[0]).toMatchObject({ attribute: "tags", before: '{"url":"(sensitive: from var.old_password)"}' });
  });
});
