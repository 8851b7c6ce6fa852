// What Terraform or AWS refuses at apply (change-review/apply-refusals.ts), called directly (issue 27,
// mutation testing). The sources are the module's: hashicorp/terraform v1.11.4 checkPreventDestroy and
// ForcedCBDTransformer; ModifyDBInstance (no downgrade; AllowMajorVersionUpgrade for a major one); the AWS
// provider v6.25.0 delete functions and the APIs' duplicate-name errors.
import { FromVariable } from "../../change-review/attribute-values";
import { applyRefusals } from "../../change-review/apply-refusals";
import { ResourceAction, ResourceChange } from "../../change-review/change-model";
import { Located } from "../../change-review/instance-moves";
import { PlannedResource } from "../../change-review/planned-configuration";

const planned = (address: string, attributes: Record<string, unknown>, extra: Partial<PlannedResource> = {}): PlannedResource =>
  ({ address, type: address.split(".")[0], resource: address.replace(/\[.*$/, ""), attributes, ...extra });
const change = (address: string, action: ResourceAction): ResourceChange =>
  ({ address, type: address.split(".")[0], action, effect: action === "replace" ? "replaces" : "immediate", attributes: [], notes: [] });
const byAddress = <T extends PlannedResource>(...rs: T[]) => new Map(rs.map((r) => [r.address, r]));

/** The refusals applyRefusals attaches to the first change. */
function refusals(first: ResourceChange, before: Located[], after: PlannedResource[], others: ResourceChange[] = []): readonly string[] {
  const [result] = applyRefusals([first, ...others], byAddress(...before), byAddress(...after), new Map());
  return result.refusals ?? [];
}

describe("prevent_destroy", () => {
  const db = planned("aws_db_instance.db", {}, { preventDestroy: true });

  test("a replacement of a protected resource: Terraform refuses the plan", () => {
    expect(refusals(change("aws_db_instance.db", "replace"), [db], [db])).toEqual(['Terraform refuses the plan ("Instance cannot be destroyed"): ' +
      "aws_db_instance.db has lifecycle.prevent_destroy set and the plan replaces it. Avoid the replacement, or remove prevent_destroy on purpose first."]);
  });

  test("an instance of a protected block deleted (count lowered): refused as a destroy", () => {
    const kept = planned("aws_db_instance.db[0]", {}, { preventDestroy: true });
    expect(refusals(change("aws_db_instance.db[1]", "delete"), [kept, planned("aws_db_instance.db[1]", {})], [kept])).toEqual([
      'Terraform refuses the plan ("Instance cannot be destroyed"): aws_db_instance.db[1] has lifecycle.prevent_destroy set and the plan destroys it. ' +
      "Avoid the destroy, or remove prevent_destroy on purpose first."]);
  });

  test("an update, or a resource without prevent_destroy, is not refused", () => {
    expect(refusals(change("aws_db_instance.db", "update"), [db], [db])).toEqual([]);
    expect(refusals(change("aws_db_instance.db", "delete"), [db], [planned("aws_db_instance.db", {})])).toEqual([]);
    expect(refusals(change("aws_db_instance.db", "delete"), [db], [planned("aws_db_instance.other", {}, { preventDestroy: true })])).toEqual([]);
  });
});

describe("engine_version changes RDS refuses", () => {
  const db = (version: unknown, allow?: unknown) => planned("aws_db_instance.db", { engine_version: version, ...(allow === undefined ? {} : { allow_major_version_upgrade: allow }) });
  const update = change("aws_db_instance.db", "update");

  test("a downgrade", () => {
    expect(refusals(update, [db("15.4")], [db("14.9")])).toEqual(["RDS cannot downgrade aws_db_instance.db from engine_version 15.4 to 14.9: " +
      "ModifyDBInstance only upgrades, so apply fails. Keep the current version; going back means restoring a dump into a new instance."]);
    expect(refusals(update, [db(16)], [db("15.4")])[0]).toMatch(/^RDS cannot downgrade aws_db_instance.db from engine_version 16 to 15.4/);
  });

  test.each([[undefined], [false], ["false"], ["${var.allow}"]])("a major upgrade with allow_major_version_upgrade = %p", (allow) => {
    expect(refusals(update, [db("15.4")], [db("16.1", allow)])[0]).toMatch(/^RDS refuses the major version upgrade of aws_db_instance.db \(15.4 -> 16.1\) without allow_major_version_upgrade = true/);
  });

  test("a major upgrade without allow_major_version_upgrade: the whole message, with the fix", () => {
    expect(refusals(update, [db("15.4")], [db("16.1")])).toEqual(["RDS refuses the major version upgrade of aws_db_instance.db (15.4 -> 16.1) without " +
      "allow_major_version_upgrade = true (ModifyDBInstance: AllowMajorVersionUpgrade must be true for a different major version; the provider sends " +
      "the argument's value): apply fails. Set allow_major_version_upgrade = true in the same change, after checking the upgrade path and extensions."]);
  });

  test.each([[true], ["true"], [new FromVariable("allow", true)]])("a major upgrade with allow_major_version_upgrade = %p is accepted", (allow) => {
    expect(refusals(update, [db("15.4")], [db("16.1", allow)])).toEqual([]);
  });

  test("a minor upgrade; versions not known offline; other actions and types", () => {
    expect(refusals(update, [db("15.4")], [db("15.5")])).toEqual([]);
    expect(refusals(update, [db("15.4")], [db("${var.version}")])).toEqual([]);
    expect(refusals(update, [db(undefined)], [db("14.9")])).toEqual([]);
    expect(refusals(update, [db(new FromVariable("version", "15.4"))], [db("14.9")])).toHaveLength(1);
    expect(refusals(change("aws_db_instance.db", "replace"), [db("15.4")], [db("14.9")])).toEqual([]);
    expect(refusals(update, [], [db("14.9")])).toEqual([]);
    expect(refusals(update, [db("15.4")], [])).toEqual([]);
    const other = { ...change("aws_db_instance.db", "update"), type: "aws_rds_cluster" };
    expect(refusals(other, [db("15.4")], [db("14.9")])).toEqual([]);
  });
});

describe("destroy before create", () => {
  const sg = (attributes: Record<string, unknown> = { name: "db" }, extra: Partial<PlannedResource> = {}) => planned("aws_security_group.db", attributes, extra);
  const user = (extra: Partial<PlannedResource> = {}) => planned("aws_db_instance.db", { vpc_security_group_ids: ["${aws_security_group.db.id}"] }, extra);
  const replaceSg = change("aws_security_group.db", "replace");

  test("a security group replaced while an instance uses it: EC2 refuses the delete", () => {
    expect(refusals(replaceSg, [sg()], [sg(), user()])).toEqual(["aws_security_group.db is replaced without create_before_destroy: Terraform destroys the old one first, " +
      "while aws_db_instance.db still uses it: EC2 refuses to delete a group an instance's network interface still uses (DependencyViolation); the provider " +
      "retries until its 15-minute delete timeout, then apply fails. Add lifecycle { create_before_destroy = true } (with a name that can coexist: name_prefix " +
      "or a new name), or avoid the replacement."]);
  });

  test("not refused when the user is itself replaced or deleted, or nothing uses it, or it only waits for it", () => {
    expect(refusals(replaceSg, [sg()], [sg(), user()], [change("aws_db_instance.db", "replace")])).toEqual([]);
    expect(refusals(replaceSg, [sg()], [sg(), user()], [change("aws_db_instance.db", "delete")])).toEqual([]);
    expect(refusals(replaceSg, [sg()], [sg(), user()], [change("aws_db_instance.db", "update")])).toHaveLength(1);
    expect(refusals(replaceSg, [sg()], [sg()])).toEqual([]);
    expect(refusals(replaceSg, [sg()], [sg(), planned("aws_db_instance.db", {}, { dependsOn: ["aws_security_group.db"] })])).toEqual([]);
  });

  test("a type AWS deletes while in use, and a parameter group kept by skip_destroy, are not refused", () => {
    const key = planned("aws_kms_key.db", {});
    expect(refusals(change("aws_kms_key.db", "replace"), [key], [key, planned("aws_db_instance.db", { kms_key_id: "${aws_kms_key.db.arn}" })])).toEqual([]);
    const pg = (skip: unknown) => planned("aws_db_parameter_group.db", { name: "db", skip_destroy: skip });
    const member = planned("aws_db_instance.db", { parameter_group_name: "${aws_db_parameter_group.db.name}" });
    expect(refusals(change("aws_db_parameter_group.db", "replace"), [pg(true)], [pg(true), member])).toEqual([]);
    expect(refusals(change("aws_db_parameter_group.db", "replace"), [pg(false)], [pg(false), member])[0]).toContain("InvalidDBParameterGroupStateFault");
  });

  test("a subnet group in use, through a local", () => {
    const group = planned("aws_db_subnet_group.db", { name: "db" });
    const db = planned("aws_db_instance.db", { db_subnet_group_name: "${local.group}" });
    const [result] = applyRefusals([change("aws_db_subnet_group.db", "replace")], byAddress(group), byAddress(group, db),
      new Map([["local.group", JSON.stringify("${aws_db_subnet_group.db.name}")]]));
    expect(result.refusals?.[0]).toContain("while aws_db_instance.db still uses it: RDS refuses to delete a subnet group an instance still uses");
  });

  test("every user is named", () => {
    const second = planned("aws_db_instance.replica", { vpc_security_group_ids: ["${aws_security_group.db.id}"] });
    expect(refusals(replaceSg, [sg()], [sg(), user(), second])[0]).toContain("while aws_db_instance.db, aws_db_instance.replica still uses it");
  });

  test("a user is what refers to the replaced group, among other references too; not what only waits for it", () => {
    const alongside = planned("aws_db_instance.db", { vpc_security_group_ids: ["${aws_security_group.db.id}", "${aws_security_group.other.id}"], port: 5432 });
    expect(refusals(replaceSg, [sg()], [sg(), alongside])).toHaveLength(1);
    const onlyAlongside = planned("aws_db_instance.db", { vpc_security_group_ids: ["${aws_security_group.db.id}", "${aws_security_group.other.id}"] });
    expect(refusals(replaceSg, [sg()], [sg(), onlyAlongside])).toHaveLength(1);
    const waits = planned("aws_db_instance.db", { kms_key_id: "${aws_kms_key.db.arn}" }, { dependsOn: ["aws_security_group.db"] });
    expect(refusals(replaceSg, [sg()], [sg(), waits])).toEqual([]);
  });

  test("create_before_destroy on an unrelated resource forces nothing", () => {
    const unrelated = planned("aws_route53_record.other", { records: ["${aws_kms_key.db.arn}"] }, { createBeforeDestroy: true });
    expect(refusals(replaceSg, [sg()], [sg(), user(), unrelated])[0]).toMatch(/^aws_security_group.db is replaced without create_before_destroy/);
  });

  test("a change nothing refuses is returned as it was", () => {
    const unchanged = change("aws_security_group.db", "update");
    expect(applyRefusals([unchanged], byAddress(sg()), byAddress(sg()), new Map())[0]).toBe(unchanged);
  });

  test("only a replacement with both sides known", () => {
    expect(refusals(change("aws_security_group.db", "update"), [sg()], [sg(), user()])).toEqual([]);
    expect(refusals(replaceSg, [], [sg(), user()])).toEqual([]);
  });
});

describe("create before destroy with a name that cannot coexist", () => {
  const sg = (name: unknown, extra: Partial<PlannedResource> = {}, vpc: unknown = "vpc-1") => planned("aws_security_group.db", { name, vpc_id: vpc }, extra);
  const cbd = { createBeforeDestroy: true };
  const replaceSg = change("aws_security_group.db", "replace");

  test("the same name in the same VPC: EC2 refuses the second group", () => {
    expect(refusals(replaceSg, [sg("db")], [sg("db", cbd)])).toEqual(['aws_security_group.db is replaced with create_before_destroy, but the new one keeps ' +
      'name = "db" while the old one still exists: EC2 refuses a second group of the same name in the VPC (InvalidGroup.Duplicate), so apply fails. Use name_prefix or a new name.']);
    expect(refusals(replaceSg, [sg(new FromVariable("name", "db"))], [sg("db", cbd)])).toHaveLength(1);
  });

  test("a new name, a name not known offline, another VPC: no collision", () => {
    expect(refusals(replaceSg, [sg("db")], [sg("db-2", cbd)])).toEqual([]);
    expect(refusals(replaceSg, [sg("${var.name}")], [sg("${var.name}", cbd)])).toEqual([]);
    expect(refusals(replaceSg, [sg("db")], [sg("db", cbd, "vpc-2")])).toEqual([]);
  });

  test("forced by a dependent, however far, that has create_before_destroy", () => {
    const middle = planned("aws_db_instance.db", { vpc_security_group_ids: ["${aws_security_group.db.id}"] });
    const far = planned("aws_route53_record.db", { records: ["${aws_db_instance.db.address} ${aws_kms_key.db.arn}"] }, cbd);
    expect(refusals(replaceSg, [sg("db")], [sg("db"), middle, far], [change("aws_db_instance.db", "replace")])[0])
      .toMatch(/^aws_security_group.db is replaced with create_before_destroy \(forced: a resource that depends on it has it\), but the new one keeps name = "db"/);
  });

  test("an instance keeps its identifier: RDS refuses the second one", () => {
    const db = (identifier: unknown) => planned("aws_db_instance.db", { identifier }, cbd);
    expect(refusals(change("aws_db_instance.db", "replace"), [db("checkpoints")], [db("checkpoints")])).toEqual([
      'aws_db_instance.db is replaced with create_before_destroy, but the new one keeps identifier = "checkpoints" while the old one still exists: ' +
      "RDS refuses a second instance with the same identifier (DBInstanceAlreadyExists), so apply fails. Use a new identifier."]);
    expect(refusals(change("aws_db_instance.db", "replace"), [db(5)], [db(5)])).toHaveLength(1);
  });

  test("a type without a name that must be unique", () => {
    const key = planned("aws_kms_key.db", { description: "k" }, cbd);
    expect(refusals(change("aws_kms_key.db", "replace"), [key], [key])).toEqual([]);
  });
});

describe("a new object whose name an object deleted or forgotten in the same apply still holds (a rename without moved)", () => {
  const oldSg = planned("aws_security_group.db", { name: "checkpoints-db-sg", vpc_id: "vpc-1" });
  const newSg = planned("aws_security_group.database", { name: "checkpoints-db-sg", vpc_id: "vpc-1" });
  const created = change("aws_security_group.database", "create");

  test("the security group renamed without a moved block: EC2 refuses the second group of that name (exit 1 before: 'deleted, created')", () => {
    expect(refusals(created, [oldSg], [newSg], [change("aws_security_group.db", "delete")])).toEqual([
      'aws_security_group.database is created with name = "checkpoints-db-sg", which aws_security_group.db still holds: Terraform deletes it in ' +
      "the same apply but does not wait for that before the create; EC2 refuses a second group of the same name in the VPC (InvalidGroup.Duplicate), " +
      "so apply fails. If this is a rename, add moved { from = aws_security_group.db, to = aws_security_group.database } instead; else use a new name."]);
  });

  test("the database's identifier held by a forgotten instance (removed, destroy = false)", () => {
    const forgotten = planned("aws_db_instance.old", { identifier: "checkpoints-db" });
    const fresh = planned("aws_db_instance.db", { identifier: "checkpoints-db" });
    expect(refusals(change("aws_db_instance.db", "create"), [forgotten], [fresh], [change("aws_db_instance.old", "forget")])).toEqual([
      expect.stringMatching(/^aws_db_instance\.db is created with identifier = "checkpoints-db", which aws_db_instance\.old still holds: it is forgotten, not destroyed, so it keeps it; RDS refuses .*DBInstanceAlreadyExists/)]);
  });

  test("a vpc_id written as the same reference is the same VPC; another name, VPC, type or action is no collision", () => {
    const ref = "${aws_vpc.main.id}";
    expect(refusals(created, [planned("aws_security_group.db", { name: "checkpoints-db-sg", vpc_id: ref })],
      [planned("aws_security_group.database", { name: "checkpoints-db-sg", vpc_id: ref })], [change("aws_security_group.db", "delete")])).toHaveLength(1);
    const deleted = [change("aws_security_group.db", "delete")];
    expect(refusals(created, [oldSg], [planned("aws_security_group.database", { name: "checkpoints-db-sg-2", vpc_id: "vpc-1" })], deleted)).toEqual([]);
    expect(refusals(created, [oldSg], [planned("aws_security_group.database", { name: "checkpoints-db-sg", vpc_id: "vpc-2" })], deleted)).toEqual([]);
    expect(refusals(created, [oldSg], [planned("aws_security_group.database", { name: "${var.name}", vpc_id: "vpc-1" })], deleted)).toEqual([]);
    expect(refusals(created, [oldSg], [newSg], [change("aws_security_group.db", "update")])).toEqual([]);
    // Only a create takes the name: an object updated or replaced in place already had its own.
    for (const action of ["update", "replace"] as const) {
      expect(refusals(change("aws_security_group.database", action), [oldSg, newSg], [newSg], deleted)).toEqual([]);
    }
    // Neither name known offline: not judged (the same unknown is no evidence of the same name).
    expect(refusals(created, [planned("aws_security_group.db", { name: "${var.a}", vpc_id: "vpc-1" })],
      [planned("aws_security_group.database", { name: "${var.b}", vpc_id: "vpc-1" })], deleted)).toEqual([]);
    expect(refusals(change("aws_db_subnet_group.database", "create"), [planned("aws_security_group.db", { name: "n" })],
      [planned("aws_db_subnet_group.database", { name: "n" })], deleted)).toEqual([]);
    expect(refusals(change("aws_iam_policy.database", "create"), [planned("aws_iam_policy.db", { name: "n" })],
      [planned("aws_iam_policy.database", { name: "n" })], [change("aws_iam_policy.db", "delete")])).toEqual([]);
  });

  test("a subnet group, a parameter group, a log group and an IAM role are caught the same way", () => {
    for (const type of ["aws_db_subnet_group", "aws_db_parameter_group", "aws_cloudwatch_log_group", "aws_iam_role"]) {
      expect(refusals(change(`${type}.b`, "create"), [planned(`${type}.a`, { name: "n" })], [planned(`${type}.b`, { name: "n" })],
        [change(`${type}.a`, "delete")])).toEqual([expect.stringContaining(`${type}.b is created with name = "n", which ${type}.a still holds`)]);
    }
  });
});
