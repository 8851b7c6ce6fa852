// How one replacement causes others (change-review/replacement-spread.ts), called directly (issue 27,
// mutation testing). The rules are the module's sources: the SDK's `d.RequiresNew = d.Old != d.New ||
// d.NewComputed` (terraform-plugin-sdk helper/schema/schema.go) and replace_triggered_by
// (hashicorp/terraform v1.11.4 internal/terraform/eval_context_builtin.go:383-421).
import { AttributeChange } from "../../change-review/change-model";
import { PlannedResource } from "../../change-review/planned-configuration";
import { isIgnored, PairedChange, spreadReplacements } from "../../change-review/replacement-spread";

const r = (address: string, attributes: Record<string, unknown>, extra: Partial<PlannedResource> = {}): PlannedResource =>
  ({ address, type: address.split(".")[0], resource: address.replace(/\[.*$/, ""), attributes, ...extra });
const pair = (resource: PlannedResource, attributes: AttributeChange[] = []): PairedChange =>
  ({ address: resource.address, before: { ...resource }, after: resource, attributes });
const change = (attribute: string, effect: AttributeChange["effect"], before = "a", after = "b", detail = "d"): AttributeChange => ({ attribute, before, after, effect, detail });
const spread = (paired: PairedChange[], gone: string[] = []) => {
  spreadReplacements(paired, { gone: new Set(gone), headResources: new Map(paired.map((p) => [p.address, p.after])), headInputs: new Map(), sensitiveVariables: new Set() });
  return paired;
};
const lines = (p: PairedChange) => p.attributes.map((a) => `${a.attribute} ${a.effect} ${a.after}`);
const keyReplaced = () => pair(r("aws_kms_key.db", { key_usage: "SIGN_VERIFY" }), [change("key_usage", "replaces")]);
const keyUpdated = () => pair(r("aws_kms_key.db", { description: "b" }), [change("description", "none", "a", "b")]);
const keyUnclassified = () => pair(r("aws_kms_key.db", { mystery: 1 }), [change("mystery", "unknown")]);

describe("isIgnored", () => {
  test("ignore_changes: all, or the attribute named", () => {
    expect(isIgnored(r("aws_x.y", {}, { ignoreChanges: "all" }), "a")).toBe(true);
    expect(isIgnored(r("aws_x.y", {}, { ignoreChanges: new Set(["a"]) }), "a")).toBe(true);
    expect(isIgnored(r("aws_x.y", {}, { ignoreChanges: new Set(["b"]) }), "a")).toBe(false);
    expect(isIgnored(r("aws_x.y", {}), "a")).toBe(false);
  });
});

describe("a replaced or deleted resource's references are known only after apply", () => {
  test("a ForceNew reference replaces in turn, and that spreads further, whatever the order", () => {
    const logs = pair(r("aws_cloudwatch_log_group.db", { name: "${aws_db_instance.db.id}" }));
    const db = pair(r("aws_db_instance.db", { kms_key_id: "${aws_kms_key.db.arn}", identifier: "checkpoints" }));
    spread([logs, db, keyReplaced()]);
    expect(db.attributes).toEqual([{ attribute: "kms_key_id", before: "${aws_kms_key.db.arn}", after: "(known after apply: aws_kms_key.db is replaced)", effect: "replaces",
      detail: "aws_kms_key.db is replaced, so this reference is known only after apply; kms_key_id cannot change in place (ForceNew in the AWS provider's schema)" }]);
    expect(lines(logs)).toEqual(["name replaces (known after apply: aws_db_instance.db is replaced)"]);
  });

  test("a sensitive argument's value is not shown", () => {
    const db = pair(r("aws_db_instance.db", { password: "${aws_kms_key.db.arn}" }));
    spread([db, keyReplaced()]);
    expect(db.attributes[0]).toMatchObject({ attribute: "password", before: "(sensitive value)" });
  });

  test("a deleted resource: the same, said as deleted", () => {
    const db = pair(r("aws_db_instance.db", { kms_key_id: "${aws_kms_key.db.arn}" }));
    spread([db], ["aws_kms_key.db"]);
    expect(lines(db)).toEqual(["kms_key_id replaces (known after apply: aws_kms_key.db is deleted)"]);
  });

  test("an in-place reference is updated with its own effect", () => {
    const db = pair(r("aws_db_instance.db", { monitoring_role_arn: "${aws_iam_role.monitoring.arn}" }));
    spread([db, pair(r("aws_iam_role.monitoring", { name: "m2" }), [change("name", "replaces")])]);
    expect(lines(db)).toEqual(["monitoring_role_arn immediate (known after apply: aws_iam_role.monitoring is replaced)"]);
  });

  test("not an ignored attribute, not one already changed, not a reference to itself, not one to an unchanged resource", () => {
    const ignored = pair(r("aws_db_instance.db", { kms_key_id: "${aws_kms_key.db.arn}" }, { ignoreChanges: new Set(["kms_key_id"]) }));
    const already = pair(r("aws_db_instance.other", { kms_key_id: "${aws_kms_key.db.arn}" }), [change("kms_key_id", "none")]);
    const self = pair(r("aws_kms_key.db", { key_usage: "SIGN_VERIFY", description: "${aws_kms_key.db.arn}" }), [change("key_usage", "replaces")]);
    const unchangedRef = pair(r("aws_db_instance.third", { kms_key_id: "${aws_kms_key.other.arn}" }));
    spread([ignored, already, self, unchangedRef, pair(r("aws_kms_key.other", {}))]);
    expect([ignored, already, self, unchangedRef].map(lines)).toEqual([[], ["kms_key_id none b"], ["key_usage replaces b"], []]);
  });

  test("a block is replaced when any of its instances is; a reference to a block not paired (created) changes nothing", () => {
    const db = pair(r("aws_db_instance.db", { kms_key_id: "${aws_kms_key.db.arn}", monitoring_role_arn: "${aws_iam_role.created.arn}" }));
    spread([db, pair(r("aws_kms_key.db[0]", {})), pair(r("aws_kms_key.db[1]", { key_usage: "SIGN_VERIFY" }), [change("key_usage", "replaces")])]);
    expect(lines(db)).toEqual(["kms_key_id replaces (known after apply: aws_kms_key.db is replaced)"]);
    const uncertain = pair(r("aws_db_instance.db", { kms_key_id: "${aws_kms_key.db.arn}" }));
    spread([uncertain, pair(r("aws_kms_key.db[0]", {})), pair(r("aws_kms_key.db[1]", { mystery: 1 }), [change("mystery", "unknown")])]);
    expect(lines(uncertain)).toEqual(["kms_key_id unknown (known after apply if aws_kms_key.db is replaced)"]);
  });

  test("a resource with its own changes still gets the spread ones", () => {
    const db = pair(r("aws_db_instance.db", { kms_key_id: "${aws_kms_key.db.arn}", storage_type: "gp3" }), [change("storage_type", "maintenance-window")]);
    spread([db, keyReplaced()]);
    expect(lines(db)).toEqual(["storage_type maintenance-window b", "kms_key_id replaces (known after apply: aws_kms_key.db is replaced)"]);
  });

  test("an in-place update spread from a replacement fires a trigger read earlier in the same pass", () => {
    const logs = pair(r("aws_cloudwatch_log_group.db", {}, { replaceTriggeredBy: ["aws_db_instance.db"] }));
    const db = pair(r("aws_db_instance.db", { monitoring_role_arn: "${aws_kms_key.db.arn}" }));
    spread([logs, db, keyReplaced()]);
    expect(lines(logs)).toEqual(["lifecycle.replace_triggered_by replaces fires"]);
  });

  test("a reference to a resource the review cannot classify: a ForceNew one is unknown, an in-place one unchanged", () => {
    const db = pair(r("aws_db_instance.db", { kms_key_id: "${aws_kms_key.db.arn}", monitoring_role_arn: "${aws_kms_key.db.arn}" }));
    spread([db, keyUnclassified()]);
    expect(db.attributes).toEqual([{ attribute: "kms_key_id", before: "${aws_kms_key.db.arn}", after: "(known after apply if aws_kms_key.db is replaced)", effect: "unknown",
      detail: "aws_kms_key.db changes in a way the review cannot classify; if it is replaced, this ForceNew argument changes and replaces aws_db_instance.db" }]);
  });

  test("an unknown effect on an argument the schema lists as in-place cannot replace: no spread", () => {
    const db = pair(r("aws_db_instance.db", { kms_key_id: "${aws_kms_key.db.arn}" }));
    spread([db, pair(r("aws_kms_key.db", { description: "x" }), [change("description", "unknown")])]);
    expect(lines(db)).toEqual([]);
  });

  test("a reference first read while its resource only might be replaced, which the spread then replaces: replaced, whatever the order", () => {
    // The database might be replaced (an unclassified change), then is (its key is: d.NewComputed on a ForceNew
    // argument); its id is then unknown, so the log group's ForceNew name replaces it too. The order the
    // changes are read in decides nothing (Terraform plans each once, with its references' planned values).
    const result = (order: (all: PairedChange[]) => PairedChange[]) => {
      const logs = pair(r("aws_cloudwatch_log_group.db", { name: "${aws_db_instance.db.id}" }));
      const db = pair(r("aws_db_instance.db", { kms_key_id: "${aws_kms_key.db.arn}", mystery: 1 }), [change("mystery", "unknown")]);
      spread(order([logs, db, keyReplaced()]));
      return [lines(logs), lines(db)];
    };
    const expected = [["name replaces (known after apply: aws_db_instance.db is replaced)"],
      ["mystery unknown b", "kms_key_id replaces (known after apply: aws_kms_key.db is replaced)"]];
    expect(result((all) => all)).toEqual(expected);
    expect(result((all) => [...all].reverse())).toEqual(expected);
  });

  test("a replacement seen only through ignore_changes is none", () => {
    const db = pair(r("aws_db_instance.db", { kms_key_id: "${aws_kms_key.db.arn}" }));
    spread([db, pair(r("aws_kms_key.db", {}), [change("key_usage", "replaces", "a", "b", "lifecycle.ignore_changes: Terraform keeps the current value")])]);
    expect(lines(db)).toEqual([]);
  });
});

describe("replace_triggered_by", () => {
  const owner = (triggers: string[], address = "aws_db_instance.db") => pair(r(address, {}, { replaceTriggeredBy: triggers }));
  const TRIGGER = "lifecycle.replace_triggered_by";

  test("a resource updated in place fires it", () => {
    const db = owner(["aws_kms_key.db"]);
    spread([db, keyUpdated()]);
    expect(db.attributes).toEqual([{ attribute: TRIGGER, before: "aws_kms_key.db", after: "fires", effect: "replaces",
      detail: "aws_kms_key.db changes (updated in place): Terraform replaces aws_db_instance.db (replace_triggered_by)" }]);
  });

  test("a replaced resource fires it, said as replaced; an unchanged one does not", () => {
    const db = owner(["aws_kms_key.db"]);
    spread([db, keyReplaced()]);
    expect(db.attributes[0].detail).toBe("aws_kms_key.db changes (replaced): Terraform replaces aws_db_instance.db (replace_triggered_by)");
    const quiet = owner(["aws_kms_key.db"]);
    spread([quiet, pair(r("aws_kms_key.db", {}))]);
    expect(quiet.attributes).toEqual([]);
  });

  test("a resource the review cannot classify may fire it", () => {
    const db = owner(["aws_kms_key.db"]);
    spread([db, keyUnclassified()]);
    expect(db.attributes).toEqual([{ attribute: TRIGGER, before: "aws_kms_key.db", after: "may fire", effect: "unknown",
      detail: "aws_kms_key.db changes in a way the review cannot classify: if it is replaced or updated, Terraform replaces aws_db_instance.db (replace_triggered_by)" }]);
  });

  test("a trigger naming a resource with no change does not fire", () => {
    const db = owner(["aws_kms_key.other"]);
    spread([db, keyReplaced()]);
    expect(db.attributes).toEqual([]);
  });

  test("a trigger that may fire makes what references its owner uncertain too, even when listed before it", () => {
    // The log group comes first, so it is read before the database's trigger is found: only another pass
    // over the changes (the loop runs until nothing is added) carries the database's uncertainty to it.
    const logs = pair(r("aws_cloudwatch_log_group.db", { name: "${aws_db_instance.db.id}" }));
    const db = owner(["aws_kms_key.db"]);
    spread([logs, db, keyUnclassified()]);
    expect(lines(db)).toEqual([`${TRIGGER} unknown may fire`]);
    expect(lines(logs)).toEqual(["name unknown (known after apply if aws_db_instance.db is replaced)"]);
  });

  test("one attribute: fires when that attribute changes, not when another does or the change is ignored", () => {
    const fires = owner(["aws_kms_key.db.description"]);
    spread([fires, keyUpdated()]);
    expect(fires.attributes[0].detail).toBe("aws_kms_key.db.description changes (a -> b): Terraform replaces aws_db_instance.db (replace_triggered_by)");
    const other = owner(["aws_kms_key.db.policy"]);
    spread([other, pair(r("aws_kms_key.db", { description: "b", policy: "p" }), [change("description", "none")])]);
    expect(other.attributes).toEqual([]);
    const ignoredChange = owner(["aws_kms_key.db.description"]);
    spread([ignoredChange, pair(r("aws_kms_key.db", { description: "b" }), [change("description", "none", "a", "b", "lifecycle.ignore_changes: kept")])]);
    expect(ignoredChange.attributes).toEqual([]);
  });

  test("a computed attribute: unknown after a replacement, kept by an update, uncertain when the change is", () => {
    const replaced = owner(["aws_kms_key.db.arn"]);
    spread([replaced, keyReplaced()]);
    expect(replaced.attributes[0]).toMatchObject({ after: "fires", detail: "aws_kms_key.db is replaced: its arn is known only after apply: Terraform replaces aws_db_instance.db (replace_triggered_by)" });
    const updated = owner(["aws_kms_key.db.arn"]);
    spread([updated, keyUpdated()]);
    expect(updated.attributes).toEqual([]);
    const uncertain = owner(["aws_kms_key.db.arn"]);
    spread([uncertain, keyUnclassified()]);
    expect(uncertain.attributes[0]).toMatchObject({ after: "may fire", detail: expect.stringMatching(/^aws_kms_key.db might be replaced: if it is replaced or updated/) });
    const configured = owner(["aws_kms_key.db.key_usage"]);
    spread([configured, pair(r("aws_kms_key.db", { key_usage: "SIGN_VERIFY" }), [change("description", "replaces")])]);
    expect(configured.attributes).toEqual([]);
  });

  test("a trigger the review cannot read may fire", () => {
    const db = owner(["var.rotate"]);
    spread([db]);
    expect(db.attributes[0]).toMatchObject({ after: "may fire", effect: "unknown", detail: expect.stringMatching(/^var.rotate is not a resource reference the review reads: /) });
  });

  test("an instance key, and each.key naming the owner's own key", () => {
    const keyA = pair(r('aws_kms_key.db["alpha"]', { description: "b" }), [change("description", "none")]);
    const keyB = pair(r('aws_kms_key.db["beta"]', {}));
    const byKey = owner(["aws_kms_key.db[each.key]"], 'aws_db_instance.db["beta"]');
    const fixed = owner(['aws_kms_key.db["alpha"]'], "aws_db_instance.fixed");
    spread([byKey, fixed, keyA, keyB]);
    expect(byKey.attributes).toEqual([]);
    expect(fixed.attributes[0].detail).toBe('aws_kms_key.db["alpha"] changes (updated in place): Terraform replaces aws_db_instance.fixed (replace_triggered_by)');
  });

  test("each.key and count.index name the owner's own instance", () => {
    const byKey = owner(["aws_kms_key.db[each.key]"], 'aws_db_instance.db["alpha"]');
    const byIndex = owner(["aws_kms_key.db[count.index].description"], "aws_db_instance.db[12]");
    spread([byKey, byIndex, pair(r('aws_kms_key.db["alpha"]', { description: "b" }), [change("description", "none")]),
      pair(r("aws_kms_key.db[12]", { description: "b" }), [change("description", "none", "a", "b")])]);
    expect(byKey.attributes[0].detail).toBe('aws_kms_key.db["alpha"] changes (updated in place): Terraform replaces aws_db_instance.db["alpha"] (replace_triggered_by)');
    expect(byIndex.attributes[0].detail).toBe("aws_kms_key.db[12].description changes (a -> b): Terraform replaces aws_db_instance.db[12] (replace_triggered_by)");
  });

  test("an index names that instance only; the whole resource fires when any instance changes", () => {
    const first = owner(["aws_kms_key.db[0]"], "aws_db_instance.first");
    const whole = owner(["aws_kms_key.db"], "aws_db_instance.whole");
    spread([first, whole, pair(r("aws_kms_key.db[0]", {})), pair(r("aws_kms_key.db[1]", { description: "b" }), [change("description", "none")])]);
    expect(first.attributes).toEqual([]);
    expect(whole.attributes[0].detail).toBe("aws_kms_key.db changes (updated in place): Terraform replaces aws_db_instance.whole (replace_triggered_by)");
  });

  test("a known effect on an argument outside the schema's in-place list is an update, not an uncertain replacement", () => {
    const db = owner(["aws_kms_key.db"]);
    spread([db, pair(r("aws_kms_key.db", {}), [change("arn", "none")])]);
    expect(db.attributes[0]).toMatchObject({ after: "fires", detail: expect.stringContaining("(updated in place)") });
  });

  test("long names and two-digit indexes are read whole", () => {
    const byName = owner(["aws_kms_key.checkpoints"], "aws_db_instance.by_name");
    const byIndex = owner(["aws_kms_key.db[10]"], "aws_db_instance.by_index");
    spread([byName, byIndex, pair(r("aws_kms_key.checkpoints", { description: "b" }), [change("description", "none")]),
      pair(r("aws_kms_key.db[1]", { description: "b" }), [change("description", "none")]), pair(r("aws_kms_key.db[10]", {}))]);
    expect(lines(byName)).toEqual(["lifecycle.replace_triggered_by replaces fires"]);
    expect(byIndex.attributes).toEqual([]);
  });

  test("an attribute whose change is ignored does not fire, even beside other changes", () => {
    const db = owner(["aws_kms_key.db.description"]);
    spread([db, pair(r("aws_kms_key.db", { description: "b", policy: "p" }),
      [change("description", "none", "a", "b", "lifecycle.ignore_changes: Terraform keeps the current value"), change("policy", "immediate")])]);
    expect(db.attributes).toEqual([]);
  });

  test("an owner with its own in-place changes is still replaced by its trigger", () => {
    const db = pair(r("aws_db_instance.db", { storage_type: "gp3" }, { replaceTriggeredBy: ["aws_kms_key.db"] }), [change("storage_type", "maintenance-window")]);
    spread([db, keyUpdated()]);
    expect(lines(db)).toEqual(["storage_type maintenance-window b", "lifecycle.replace_triggered_by replaces fires"]);
  });

  test("an owner already replaced gets no trigger; only the first trigger that fires is said", () => {
    const replaced = pair(r("aws_db_instance.db", {}, { replaceTriggeredBy: ["aws_kms_key.db"] }), [change("username", "replaces")]);
    const two = owner(["aws_kms_key.db", "aws_kms_key.db.description"], "aws_db_instance.two");
    spread([replaced, two, keyUpdated()]);
    expect(lines(replaced)).toEqual(["username replaces b"]);
    expect(two.attributes.map((a) => a.before)).toEqual(["aws_kms_key.db"]);
  });

  test("a trigger first read while its resource only might be replaced, which the spread then replaces: fires, whatever the order", () => {
    const result = (order: (all: PairedChange[]) => PairedChange[]) => {
      const logs = owner(["aws_db_instance.db"], "aws_cloudwatch_log_group.db");
      const db = pair(r("aws_db_instance.db", { kms_key_id: "${aws_kms_key.db.arn}", mystery: 1 }), [change("mystery", "unknown")]);
      spread(order([logs, db, keyReplaced()]));
      return lines(logs);
    };
    expect(result((all) => all)).toEqual([`${TRIGGER} replaces fires`]);
    expect(result((all) => [...all].reverse())).toEqual([`${TRIGGER} replaces fires`]);
  });

  test("a trigger that fires after one that may: fires (Terraform replaces on the first reference that triggers)", () => {
    // hashicorp/terraform v1.11.4 internal/terraform/node_resource_plan_instance.go replaceTriggered: each
    // replace_triggered_by reference in turn, and a replacement on the first whose EvaluateReplaceTriggeredBy is true.
    const db = owner(["aws_kms_key.unclassified", "aws_kms_key.db"]);
    spread([db, keyUpdated(), pair(r("aws_kms_key.unclassified", { mystery: 1 }), [change("mystery", "unknown")])]);
    expect(db.attributes).toEqual([{ attribute: TRIGGER, before: "aws_kms_key.db", after: "fires", effect: "replaces",
      detail: "aws_kms_key.db changes (updated in place): Terraform replaces aws_db_instance.db (replace_triggered_by)" }]);
  });

  test("a trigger fired by a replacement spread from elsewhere", () => {
    const db = pair(r("aws_db_instance.db", { kms_key_id: "${aws_kms_key.db.arn}" }));
    const logs = owner(["aws_db_instance.db"], "aws_cloudwatch_log_group.db");
    spread([logs, db, keyReplaced()]);
    expect(lines(logs)).toEqual(["lifecycle.replace_triggered_by replaces fires"]);
  });
});
