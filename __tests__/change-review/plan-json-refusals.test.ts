// `--plan-json`: what AWS refuses at apply, found in a real plan as in two configurations (apply-refusals.ts).
// Before, a plan that downgraded the engine or deleted a security group still in use read as an in-place
// change or a plain replacement: exit 0 where `terraform apply` fails half-way.
// Shapes: hashicorp/terraform v1.11.4 internal/command/jsonplan/plan.go (resource_changes, change.actions,
// after_unknown) and internal/command/jsonconfig/config.go + expression.go (configuration.root_module.resources[]
// .address/.expressions{...}.references, depends_on, module_calls.NAME.module).
import { configAddress, configurationReferences } from "../../change-review/plan-json-refusals";
import { readTerraformShowJson } from "../../change-review/terraform-show-json";
import { jsonReport, reviewChange, scratch } from "./change-review-harness";

const { write } = scratch("plan-json-refusals");
let fileNumber = 0;
const planFile = (resourceChanges: unknown[], configuration?: unknown) => write(`plan-${fileNumber++}.json`, JSON.stringify({
  format_version: "1.2", terraform_version: "1.11.4", resource_changes: resourceChanges, ...(configuration ? { configuration } : {}) }));
const read = (resourceChanges: unknown[], configuration?: unknown) => readTerraformShowJson(planFile(resourceChanges, configuration), "production").resources;
const refusalsOf = (resources: ReturnType<typeof read>, address: string) => resources.find((r) => r.address === address)?.refusals ?? [];

const entry = (address: string, actions: string[], before: object, after: object, afterUnknown: object = {}) => ({
  address, mode: "managed", type: address.replace(/^(module\.[^.]+\.)*/, "").split(".")[0], name: address.split(".").pop(),
  change: { actions, before, after, after_unknown: afterUnknown },
});
const dbUpdate = (from: string, to: string, extra: object = {}, afterUnknown: object = {}) =>
  entry("aws_db_instance.checkpoints", ["update"], { engine_version: from, identifier: "checkpoints-db" },
    { engine_version: to, identifier: "checkpoints-db", ...extra }, afterUnknown);

describe("the engine version: RDS only upgrades, and a major upgrade needs allow_major_version_upgrade", () => {
  test("a downgrade fails the review at plan time (exit 1, APPLY FAILS)", () => {
    const run = reviewChange(["--plan-json", planFile([dbUpdate("15.4", "15.3")]), "--format", "json"]);
    expect(run.code).toBe(1);
    const report = jsonReport(run);
    expect(report.summary).toContain("APPLY FAILS at aws_db_instance.checkpoints");
    expect(refusalsOf(read([dbUpdate("15.4", "15.3")]), "aws_db_instance.checkpoints"))
      .toEqual([expect.stringContaining("cannot downgrade aws_db_instance.checkpoints from engine_version 15.4 to 15.3")]);
  });

  test.each([
    ["15.4", "16.3", {}, 1], ["15.4", "16.3", { allow_major_version_upgrade: false }, 1],
    ["15.4", "16.3", { allow_major_version_upgrade: true }, 0], ["15.4", "15.7", {}, 0], ["15", "15.7", {}, 0],
  ])("%s -> %s with %j: %d refusal(s)", (from, to, extra, count) => {
    const refusals = refusalsOf(read([dbUpdate(from, to, extra)]), "aws_db_instance.checkpoints");
    expect(refusals).toHaveLength(count);
    if (count) expect(refusals[0]).toContain("refuses the major version upgrade");
  });

  test("a version known only after apply is said not checked; a replacement is not judged here", () => {
    const [unknown] = read([dbUpdate("15.4", "14.9", {}, { engine_version: true })]);
    expect(unknown.refusals).toBeUndefined();
    expect(unknown.notes).toEqual(["engine_version is known only after apply (it was 15.4): whether RDS accepts the change (it refuses a " +
      "downgrade, and a major upgrade without allow_major_version_upgrade = true) was not checked"]);
    const replaced = entry("aws_db_instance.checkpoints", ["delete", "create"], { engine_version: "15.4" }, { engine_version: "14.9" });
    expect(refusalsOf(read([replaced]), "aws_db_instance.checkpoints")).toEqual([]);
  });
});

test("only a string is a version or a name: another JSON value is not read as one", () => {
  const odd = entry("aws_db_instance.checkpoints", ["update"], { engine_version: ["15.4"] }, { engine_version: "14.9" });
  expect(read([odd])[0].refusals).toBeUndefined();
  const numbered = entry("aws_db_instance.checkpoints", ["create", "delete"], { identifier: 7 }, { identifier: 7 });
  expect(read([numbered])[0].refusals).toBeUndefined();
});

test("the rule is RDS instances' (ModifyDBInstance): a cluster's engine_version is not judged by it", () => {
  const cluster = entry("aws_rds_cluster.checkpoints", ["update"], { engine_version: "15.4" }, { engine_version: "14.9" });
  expect(read([cluster])[0].refusals).toBeUndefined();
});

test("an engine_version on one side only is no version change: nothing refused, nothing crashes", () => {
  const after = entry("aws_db_instance.checkpoints", ["update"], { engine_version: "15.4" }, { identifier: "x" });
  const before = entry("aws_db_instance.checkpoints", ["update"], { identifier: "x" }, { engine_version: "14.9" });
  expect(read([after])[0].refusals).toBeUndefined();
  expect(read([before])[0].refusals).toBeUndefined();
});

describe("a replacement's order, as the plan's actions say it", () => {
  const SG = "aws_security_group.checkpoints_db";
  const sgBefore = { name: "checkpoints-db-sg", vpc_id: "vpc-1", description: "old" };
  const config = (uses: Record<string, unknown>) => ({ root_module: { resources: [
    { address: SG, mode: "managed", type: "aws_security_group", name: "checkpoints_db", expressions: { name: { constant_value: "checkpoints-db-sg" } } },
    { address: "aws_db_instance.checkpoints", mode: "managed", type: "aws_db_instance", name: "checkpoints", expressions: uses },
  ] } });
  const usesSg = { vpc_security_group_ids: { references: [`${SG}.id`, SG] } };
  const dbInPlace = entry("aws_db_instance.checkpoints", ["update"], { vpc_security_group_ids: ["sg-1"] }, { vpc_security_group_ids: [] }, { vpc_security_group_ids: true });

  test("destroy-first, while the database stays and refers to the group: EC2 refuses the delete (exit 1)", () => {
    const resources = read([entry(SG, ["delete", "create"], sgBefore, { ...sgBefore, description: "new" }), dbInPlace], config(usesSg));
    expect(refusalsOf(resources, SG)).toEqual([expect.stringMatching(
      /^aws_security_group\.checkpoints_db is replaced without create_before_destroy: .* while aws_db_instance\.checkpoints still uses it: .*DependencyViolation/)]);
  });

  test("a reference inside a nested block, or depends_on, counts as use", () => {
    const nested = { network: [{ groups: { references: [`${SG}.id`] } }] };
    const sg = entry(SG, ["delete", "create"], sgBefore, { ...sgBefore, description: "new" });
    expect(refusalsOf(read([sg, dbInPlace], config(nested)), SG)).toHaveLength(1);
    const dependsOn = config({});
    (dependsOn.root_module.resources[1] as Record<string, unknown>).depends_on = [SG];
    expect(refusalsOf(read([sg, dbInPlace], dependsOn), SG)).toHaveLength(1);
  });

  test("no refusal when the user lets go first or does not exist yet, or nothing refers to the group", () => {
    const sg = entry(SG, ["delete", "create"], sgBefore, { ...sgBefore, description: "new" });
    const dbReplaced = entry("aws_db_instance.checkpoints", ["delete", "create"], {}, {});
    const dbCreated = entry("aws_db_instance.checkpoints", ["create"], {}, {});
    const dbDeleted = entry("aws_db_instance.checkpoints", ["delete"], {}, {});
    for (const db of [dbReplaced, dbCreated, dbDeleted]) expect(refusalsOf(read([sg, db], config(usesSg)), SG)).toEqual([]);
    const [unused] = read([sg, dbInPlace], config({ identifier: { constant_value: "x" } }));
    expect([unused.refusals, unused.notes]).toEqual([undefined, []]);
  });

  test("a user that stays unchanged (no-op: it only depends_on the group) still holds it", () => {
    const sg = entry(SG, ["delete", "create"], sgBefore, { ...sgBefore, description: "new" });
    const dbUnchanged = entry("aws_db_instance.checkpoints", ["no-op"], { identifier: "x" }, { identifier: "x" });
    const dependsOn = config({});
    (dependsOn.root_module.resources[1] as Record<string, unknown>).depends_on = [7, SG];
    expect(refusalsOf(read([sg, dbUnchanged], dependsOn), SG)).toEqual([expect.stringContaining("while aws_db_instance.checkpoints still uses it")]);
  });

  test("a resource the configuration does not list, or malformed configuration entries, are no users and no crash", () => {
    const sg = entry(SG, ["delete", "create"], sgBefore, { ...sgBefore, description: "new" });
    const odd = { root_module: { resources: [null, { address: 5, expressions: usesSg }, { address: SG },
      { address: "aws_db_instance.checkpoints", expressions: { a: { references: "aws_security_group.checkpoints_db" }, b: { references: [null, 3] } } }] } };
    expect(refusalsOf(read([sg, dbInPlace], odd), SG)).toEqual([]);
    expect(refusalsOf(read([sg, entry("aws_db_instance.other", ["update"], {}, {})], config(usesSg)), SG)).toEqual([]);
  });

  test("only the groups AWS refuses to delete while in use are destroy-first hazards, and only when destroyed first", () => {
    const dbReplacedFirst = entry("aws_db_instance.checkpoints", ["delete", "create"], { identifier: "a" }, { identifier: "b" });
    const alarm = entry("aws_cloudwatch_metric_alarm.cpu", ["update"], {}, {});
    const alarmConfig = { root_module: { resources: [{ address: "aws_db_instance.checkpoints" },
      { address: "aws_cloudwatch_metric_alarm.cpu", expressions: { dimensions: { references: ["aws_db_instance.checkpoints.identifier"] } } }] } };
    expect(refusalsOf(read([dbReplacedFirst, alarm], alarmConfig), "aws_db_instance.checkpoints")).toEqual([]);
    const sgCreateFirst = entry(SG, ["create", "delete"], sgBefore, { ...sgBefore, name: "checkpoints-db-sg2" });
    expect(refusalsOf(read([sgCreateFirst, dbInPlace], config(usesSg)), SG)).toEqual([]);
  });

  test("skip_destroy keeps the old object (removed from state, not deleted), whatever its type", () => {
    const sg = entry(SG, ["delete", "create"], { ...sgBefore, skip_destroy: true }, { ...sgBefore, description: "new" });
    expect(refusalsOf(read([sg, dbInPlace], config(usesSg)), SG)).toEqual([]);
  });

  test("a parameter group kept by skip_destroy is not deleted, so nothing refuses", () => {
    const PG = "aws_db_parameter_group.checkpoints";
    const pgConfig = { root_module: { resources: [{ address: PG }, { address: "aws_db_instance.checkpoints",
      expressions: { parameter_group_name: { references: [`${PG}.name`, PG] } } }] } };
    const pg = (skip: boolean) => entry(PG, ["delete", "create"], { name: "checkpoints-pg15", family: "postgres15", skip_destroy: skip },
      { name: "checkpoints-pg15", family: "postgres16", skip_destroy: skip });
    expect(refusalsOf(read([pg(false), dbInPlace], pgConfig), PG)).toEqual([expect.stringContaining("InvalidDBParameterGroupStateFault")]);
    expect(refusalsOf(read([pg(true), dbInPlace], pgConfig), PG)).toEqual([]);
  });

  test("create-first with the same name: the second group of that name is refused", () => {
    const sameName = entry(SG, ["create", "delete"], sgBefore, { ...sgBefore, description: "new" });
    expect(refusalsOf(read([sameName]), SG)).toEqual([expect.stringMatching(new RegExp("^aws_security_group\\.checkpoints_db is replaced with " +
      'create_before_destroy, but the new one keeps name = "checkpoints-db-sg" while the old one still exists: EC2 refuses'))]);
  });

  test("a name or VPC known only after apply: the name is no collision; the VPC is said not checked", () => {
    const nameUnknown = entry(SG, ["create", "delete"], sgBefore, { ...sgBefore, description: "new" }, { name: true });
    expect(read([nameUnknown])[0]).toMatchObject({ notes: [] });
    expect(read([nameUnknown])[0].refusals).toBeUndefined();
    const [vpcUnknown] = read([entry(SG, ["create", "delete"], sgBefore, { name: "checkpoints-db-sg" }, { vpc_id: true })]);
    expect(vpcUnknown.refusals).toBeUndefined();
    expect(vpcUnknown.notes).toEqual([expect.stringContaining('keeps name = "checkpoints-db-sg"; its vpc_id is known only after apply')]);
  });

  test("create-first with a new name, a name from name_prefix (unknown), or another VPC: no collision", () => {
    expect(refusalsOf(read([entry(SG, ["create", "delete"], sgBefore, { ...sgBefore, name: "checkpoints-db-sg2" })]), SG)).toEqual([]);
    expect(refusalsOf(read([entry(SG, ["create", "delete"], sgBefore, { vpc_id: "vpc-1" }, { name: true })]), SG)).toEqual([]);
    expect(refusalsOf(read([entry(SG, ["create", "delete"], sgBefore, { ...sgBefore, vpc_id: "vpc-2" })]), SG)).toEqual([]);
    expect(refusalsOf(read([entry(SG, ["create", "delete"], sgBefore, { ...sgBefore, vpc_id: "vpc-2" }, { vpc_id: true })]), SG)).toEqual([]);
  });

  test("create,forget keeps the old object running: a new one with its name or identifier is refused as well", () => {
    // jsonplan.Change.Actions documents ["create","forget"]: the new object is created, the old one forgotten, not destroyed.
    const db = entry("aws_db_instance.checkpoints", ["create", "forget"], { identifier: "checkpoints-db" }, { identifier: "checkpoints-db" });
    const [forgotten] = read([db]);
    expect(forgotten.refusals).toEqual([expect.stringMatching(/^aws_db_instance\.checkpoints is replaced and the old one forgotten, not destroyed \(it keeps running, unmanaged\), but the new one keeps identifier = "checkpoints-db" .*DBInstanceAlreadyExists/)]);
    const renamed = entry("aws_db_instance.checkpoints", ["create", "forget"], { identifier: "checkpoints-db" }, { identifier: "checkpoints-db-2" });
    expect(read([renamed])[0].refusals).toBeUndefined();
    const sgDeleteFirst = entry(SG, ["delete", "create"], sgBefore, { ...sgBefore, description: "new" });
    expect(read([sgDeleteFirst], config({}))[0].refusals).toBeUndefined();
  });

  test("the database's own identifier kept on a create-first replacement is refused too", () => {
    const db = entry("aws_db_instance.checkpoints", ["create", "delete"], { identifier: "checkpoints-db" }, { identifier: "checkpoints-db" });
    expect(refusalsOf(read([db]), "aws_db_instance.checkpoints")).toEqual([expect.stringContaining("DBInstanceAlreadyExists")]);
  });

  test("what cannot be checked is said, not passed: no configuration, or references through modules", () => {
    const sg = entry(SG, ["delete", "create"], sgBefore, { ...sgBefore, description: "new" });
    const [withoutConfig] = read([sg]);
    expect(withoutConfig.refusals).toBeUndefined();
    expect(withoutConfig.notes).toEqual([expect.stringContaining("the plan has no configuration to tell whether another resource still uses it")]);
    const [withModules] = read([sg], { root_module: { resources: [{ address: SG }], module_calls: { app: { module: { resources: [] } } } } });
    expect(withModules.notes).toEqual([expect.stringContaining("references through a module's inputs and outputs are not followed")]);
  });
});

describe("a created object whose name a deleted or forgotten one still holds (a rename without moved)", () => {
  const SG = "aws_security_group.database";
  const oldSg = entry("aws_security_group.checkpoints_db", ["delete"], { name: "checkpoints-db-sg", vpc_id: "vpc-1" }, {});

  test("the group renamed: EC2 refuses the new one while the old exists (exit 1)", () => {
    const created = entry(SG, ["create"], {}, { name: "checkpoints-db-sg", vpc_id: "vpc-1" });
    const run = reviewChange(["--plan-json", planFile([oldSg, created]), "--format", "json"]);
    expect(run.code).toBe(1);
    expect(jsonReport(run).summary).toContain("APPLY FAILS at aws_security_group.database");
    expect(refusalsOf(read([oldSg, created]), SG)).toEqual([expect.stringContaining(
      "moved { from = aws_security_group.checkpoints_db, to = aws_security_group.database }")]);
  });

  test("a forgotten instance keeps its identifier; a new name, another VPC or a live holder is no collision", () => {
    const forgotten = entry("aws_db_instance.old", ["forget"], { identifier: "checkpoints-db" }, {});
    const fresh = entry("aws_db_instance.db", ["create"], {}, { identifier: "checkpoints-db" });
    expect(refusalsOf(read([forgotten, fresh]), "aws_db_instance.db")).toEqual([expect.stringContaining("it is forgotten, not destroyed, so it keeps it")]);
    expect(refusalsOf(read([oldSg, entry(SG, ["create"], {}, { name: "other", vpc_id: "vpc-1" })]), SG)).toEqual([]);
    expect(refusalsOf(read([oldSg, entry(SG, ["create"], {}, { name: "checkpoints-db-sg", vpc_id: "vpc-2" })]), SG)).toEqual([]);
    const kept = entry("aws_security_group.checkpoints_db", ["update"], { name: "checkpoints-db-sg", vpc_id: "vpc-1" }, {});
    expect(refusalsOf(read([kept, entry(SG, ["create"], {}, { name: "checkpoints-db-sg", vpc_id: "vpc-1" })]), SG)).toEqual([]);
    expect(refusalsOf(read([oldSg, entry(SG, ["create"], {}, { vpc_id: "vpc-1" }, { name: true })]), SG)).toEqual([]);
  });

  test("a new group's vpc_id known only after apply is said not checked", () => {
    const [, created] = read([oldSg, entry(SG, ["create"], {}, { name: "checkpoints-db-sg" }, { vpc_id: true })]);
    expect(created.refusals).toBeUndefined();
    expect(created.notes).toEqual(['aws_security_group.database is created with name = "checkpoints-db-sg", which aws_security_group.checkpoints_db ' +
      "holds until it is deleted; its vpc_id is known only after apply, so whether the two groups collide (InvalidGroup.Duplicate in the same VPC) was not checked"]);
    const forgotten = { ...oldSg, change: { ...oldSg.change, actions: ["forget"] } };
    const [created2] = read([forgotten, entry(SG, ["create"], {}, { name: "checkpoints-db-sg" }, { vpc_id: true })]);
    expect(created2.notes).toEqual([expect.stringContaining("which aws_security_group.checkpoints_db keeps (forgotten, not destroyed: it keeps running); its vpc_id")]);
  });

  test("a name is taken only within its own kind, and only a known name is compared", () => {
    const subnetGroup = entry("aws_db_subnet_group.old", ["delete"], { name: "checkpoints-db-sg" }, {});
    expect(refusalsOf(read([subnetGroup, entry(SG, ["create"], {}, { name: "checkpoints-db-sg", vpc_id: "vpc-1" })]), SG)).toEqual([]);
    const parameterGroup = entry("aws_db_parameter_group.old", ["delete"], { name: "checkpoints" }, {});
    const newSubnetGroup = entry("aws_db_subnet_group.new", ["create"], {}, { name: "checkpoints" });
    expect(refusalsOf(read([parameterGroup, newSubnetGroup]), "aws_db_subnet_group.new")).toEqual([]);
    const unnamed = entry("aws_security_group.checkpoints_db", ["delete"], { vpc_id: "vpc-1" }, {});
    expect(refusalsOf(read([unnamed, entry(SG, ["create"], {}, { vpc_id: "vpc-1" }, { name: true })]), SG)).toEqual([]);
  });

  test("only a create takes the name; an update or replacement already had its own", () => {
    for (const actions of [["update"], ["delete", "create"], ["create", "delete"]]) {
      const other = entry(SG, actions, { name: "x", vpc_id: "vpc-9" }, { name: "checkpoints-db-sg", vpc_id: "vpc-1" });
      expect(refusalsOf(read([oldSg, other], { root_module: { resources: [] } }), SG)).toEqual([]);
    }
  });
});

describe("reading the configuration's references", () => {
  test.each([
    ['aws_db_instance.db["a]b"]', "aws_db_instance.db"], ["module.app[0].aws_security_group.sg[2]", "module.app.aws_security_group.sg"],
    ["aws_security_group.sg", "aws_security_group.sg"], ["aws_security_group.sg[12]", "aws_security_group.sg"],
  ])("%s is %s in the configuration", (address, expected) => {
    expect(configAddress(address)).toBe(expected);
  });

  test("resources in called modules are addressed with the module's prefix; var., local. and module outputs are not resources", () => {
    const refs = configurationReferences({ root_module: {
      resources: [{ address: "aws_db_instance.db", expressions: { a: { references: ["var.x", "local.y", "module.app.sg_id", "data.aws_vpc.main.id", "aws_kms_key.k[0].arn"] } } }],
      module_calls: { app: { module: { resources: [{ address: "aws_security_group.sg", expressions: { v: { references: ["aws_vpc.v.id", "each.key", "count.index", "self.id"] } } }] } } },
    } });
    const db = refs.uses.get("aws_db_instance.db");
    const sg = refs.uses.get("module.app.aws_security_group.sg");
    expect([db?.has("data.aws_vpc.main"), db?.has("aws_kms_key.k"), sg?.has("module.app.aws_vpc.v"), sg?.has("aws_vpc.v")]).toEqual([true, true, true, false]);
    // What var., local., module outputs, each., count. and self. name is never a resource's address.
    const resourceAddress = /^(module\.[^.]+\.)*(data\.)?[a-z0-9]+_[a-z0-9_]+\.[A-Za-z_][\w-]*$/;
    for (const used of [...(db ?? []), ...(sg ?? [])]) {
      expect([used, resourceAddress.test(used)]).toEqual([used, ["data.aws_vpc.main", "aws_kms_key.k", "module.app.aws_vpc.v"].includes(used)]);
    }
    expect([refs.hasModules, refs.missing]).toEqual([true, false]);
    expect(configurationReferences(undefined).missing).toBe(true);
    expect(configurationReferences({ root_module: [] }).missing).toBe(true);
    const noResources = configurationReferences({ root_module: { module_calls: { a: null, b: { module: {} } } } });
    expect([noResources.uses.size, noResources.hasModules, noResources.missing]).toEqual([0, true, false]);
    expect(configurationReferences({ root_module: { resources: [] } }).hasModules).toBe(false);
  });
});
