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
    expect(unknown.notes).toEqual([expect.stringContaining("engine_version is known only after apply (it was 15.4): whether RDS accepts the change")]);
    const replaced = entry("aws_db_instance.checkpoints", ["delete", "create"], { engine_version: "15.4" }, { engine_version: "14.9" });
    expect(refusalsOf(read([replaced]), "aws_db_instance.checkpoints")).toEqual([]);
  });
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
    expect(refusalsOf(read([sg, dbReplaced], config(usesSg)), SG)).toEqual([]);
    expect(refusalsOf(read([sg, dbCreated], config(usesSg)), SG)).toEqual([]);
    expect(refusalsOf(read([sg, dbInPlace], config({ identifier: { constant_value: "x" } })), SG)).toEqual([]);
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
    expect(refusalsOf(read([sameName]), SG)).toEqual([expect.stringContaining('keeps name = "checkpoints-db-sg" while the old one still exists: EC2 refuses')]);
  });

  test("create-first with a new name, a name from name_prefix (unknown), or another VPC: no collision", () => {
    expect(refusalsOf(read([entry(SG, ["create", "delete"], sgBefore, { ...sgBefore, name: "checkpoints-db-sg2" })]), SG)).toEqual([]);
    expect(refusalsOf(read([entry(SG, ["create", "delete"], sgBefore, { vpc_id: "vpc-1" }, { name: true })]), SG)).toEqual([]);
    expect(refusalsOf(read([entry(SG, ["create", "delete"], sgBefore, { ...sgBefore, vpc_id: "vpc-2" })]), SG)).toEqual([]);
    expect(refusalsOf(read([entry(SG, ["create", "delete"], sgBefore, { ...sgBefore, vpc_id: "vpc-2" }, { vpc_id: true })]), SG)).toEqual([]);
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

describe("reading the configuration's references", () => {
  test.each([
    ['aws_db_instance.db["a]b"]', "aws_db_instance.db"], ["module.app[0].aws_security_group.sg[2]", "module.app.aws_security_group.sg"],
    ["aws_security_group.sg", "aws_security_group.sg"],
  ])("%s is %s in the configuration", (address, expected) => {
    expect(configAddress(address)).toBe(expected);
  });

  test("resources in called modules are addressed with the module's prefix; var., local. and module outputs are not resources", () => {
    const refs = configurationReferences({ root_module: {
      resources: [{ address: "aws_db_instance.db", expressions: { a: { references: ["var.x", "local.y", "module.app.sg_id", "data.aws_vpc.main.id", "aws_kms_key.k[0].arn"] } } }],
      module_calls: { app: { module: { resources: [{ address: "aws_security_group.sg", expressions: { v: { references: ["aws_vpc.v.id", "each.key", "count.index", "self.id"] } } }] } } },
    } });
    expect([...refs.uses.entries()].map(([k, v]) => [k, [...v]])).toEqual([
      ["aws_db_instance.db", ["data.aws_vpc.main", "aws_kms_key.k"]],
      ["module.app.aws_security_group.sg", ["module.app.aws_vpc.v"]],
    ]);
    expect([refs.hasModules, refs.missing]).toEqual([true, false]);
    expect(configurationReferences(undefined).missing).toBe(true);
  });
});
