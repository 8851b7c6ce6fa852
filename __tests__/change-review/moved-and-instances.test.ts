// Matching resources by address: a logical-id rename with and without a moved block (written by hand and
// by cdktf's moveFromId), and for_each instances whose key changes.
import { TerraformStack, Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { comparePlans, effectLines, jsonReport, productionPlan } from "./change-review-harness";
import { TerraformJson } from "../support/synth-plan";

function renameDatabase(plan: TerraformJson, to: string): TerraformJson {
  const instances = plan.resource.aws_db_instance;
  instances[to] = instances.checkpoints;
  delete instances.checkpoints;
  return plan;
}

test("the security group renamed without a moved block: apply fails on the new group's name (was exit 0, 'deleted, created')", () => {
  // Terraform creates aws_security_group.database and updates the instance to it before it deletes the old
  // group (the instance depended on it in state): two groups named checkpoints-db-sg in one VPC at once.
  const head = productionPlan();
  const groups = head.resource.aws_security_group;
  groups.database = groups.checkpoints_db;
  delete groups.checkpoints_db;
  const renamed = JSON.parse(JSON.stringify(head).split("aws_security_group.checkpoints_db.").join("aws_security_group.database.")) as TerraformJson;
  const run = comparePlans(productionPlan(), renamed, ["--format", "json"]);
  expect(run.code).toBe(1);
  const report = jsonReport(run);
  expect(report.summary).toContain("APPLY FAILS at aws_security_group.database");
  expect(report.findings.map((f) => [f.address, f.change])).toEqual([["aws_security_group.database", "apply-fails"]]);
  expect(report.findings[0].message).toContain("moved { from = aws_security_group.checkpoints_db, to = aws_security_group.database }");
});

describe("a logical-id rename of the database", () => {
  test("without a moved block: the database is deleted and an empty one created; the review fails and says how to keep it", () => {
    const run = comparePlans(productionPlan(), renameDatabase(productionPlan(), "primary"), ["--format", "json"]);
    expect(run.code).toBe(1);
    const report = jsonReport(run);
    expect(report.summary).toBe("DELETES aws_db_instance.checkpoints: data loss");
    expect(effectLines(report)).toEqual(["aws_db_instance.checkpoints delete deletes", "aws_db_instance.primary create none"]);
    const message = report.findings[0].message;
    expect(message).toContain("aws_db_instance.checkpoints would be DELETED and aws_db_instance.primary created in its place");
    expect(message).toContain('moveFromId("aws_db_instance.checkpoints")');
    expect(message).toContain('overrideLogicalId("checkpoints")');
    expect(message).toContain("revert the rename");
  });

  test("with a moved block: the instance is the same one, nothing changes", () => {
    const head = renameDatabase(productionPlan(), "primary");
    head.moved = [{ from: "aws_db_instance.checkpoints", to: "aws_db_instance.primary" }];
    const run = comparePlans(productionPlan(), head, ["--format", "json"]);
    expect(run.code).toBe(0);
    const report = jsonReport(run);
    expect(report.summary).toBe("No change to the database");
    expect(report.stacks[0].resources).toEqual([expect.objectContaining({ address: "aws_db_instance.primary", previousAddress: "aws_db_instance.checkpoints", action: "move", effect: "none" })]);
  });

  test("with a moved block written as cdktf writes it (moveFromId on the renamed resource)", () => {
    const synth = (rename: boolean) => {
      const stack = new TerraformStack(Testing.app(), "checkpoints-db");
      new AwsProvider(stack, "aws", { region: "us-east-1" });
      const db = new DbInstance(stack, rename ? "primary" : "checkpoints", { instanceClass: "db.t4g.small", engine: "postgres", username: "checkpoint_user" });
      if (rename) db.moveFromId("aws_db_instance.checkpoints");
      return JSON.parse(Testing.synth(stack));
    };
    const head = synth(true);
    expect(head.moved).toEqual([{ from: "aws_db_instance.checkpoints", to: "aws_db_instance.primary" }]);
    expect(head.resource?.aws_db_instance?.primary).toBeDefined();
    const run = comparePlans(synth(false), head, ["--format", "json"]);
    expect(run.code).toBe(0);
    expect(jsonReport(run).summary).toBe("No change to the database");
    // Without the moveFromId call the same rename fails.
    const unmoved = synth(true);
    delete unmoved.moved;
    expect(comparePlans(synth(false), unmoved).code).toBe(1);
  });

  test("a moved block plus a real change reports the change at the new address", () => {
    const head = renameDatabase(productionPlan(), "primary");
    head.moved = { from: "${aws_db_instance.checkpoints}", to: "${aws_db_instance.primary}" };
    head.resource.aws_db_instance.primary.username = "app_owner";
    const run = comparePlans(productionPlan(), head, ["--format", "json"]);
    expect(run.code).toBe(1);
    expect(jsonReport(run).summary).toBe("REPLACES aws_db_instance.primary: data loss");
  });
});

/** The two log groups as one for_each resource over a literal map. */
function logGroupsByKey(plan: TerraformJson, keys: string[]): TerraformJson {
  const groups = plan.resource.aws_cloudwatch_log_group;
  const template = groups.postgresql;
  // Each key maps to the same log group names: only the instance keys differ between the plans.
  const names = ["postgresql", "upgrade"];
  plan.resource.aws_cloudwatch_log_group = {
    logs: { ...template, for_each: Object.fromEntries(keys.map((k, i) => [k, `/aws/rds/instance/checkpoints-db/${names[i]}`])), name: "${each.value}" },
  };
  return plan;
}

describe("for_each instances", () => {
  test("a changed key deletes the old instance's log group: the review fails", () => {
    const run = comparePlans(logGroupsByKey(productionPlan(), ["postgresql", "upgrade"]), logGroupsByKey(productionPlan(), ["postgresql", "upgrades"]), ["--format", "json"]);
    expect(run.code).toBe(1);
    const report = jsonReport(run);
    expect(effectLines(report)).toEqual([
      'aws_cloudwatch_log_group.logs["upgrade"] delete deletes',
      'aws_cloudwatch_log_group.logs["upgrades"] create none',
    ]);
    expect(report.summary).toBe('DELETES aws_cloudwatch_log_group.logs["upgrade"]: data loss');
  });

  test("a moved block between instance keys keeps it", () => {
    const head = logGroupsByKey(productionPlan(), ["postgresql", "upgrades"]);
    head.moved = [{ from: 'aws_cloudwatch_log_group.logs["upgrade"]', to: 'aws_cloudwatch_log_group.logs["upgrades"]' }];
    const run = comparePlans(logGroupsByKey(productionPlan(), ["postgresql", "upgrade"]), head, ["--format", "json"]);
    const report = jsonReport(run);
    expect(run.code).toBe(0);
    expect(report.stacks[0].resources.map((r) => `${r.previousAddress} -> ${r.address} ${r.action}`))
      .toEqual(['aws_cloudwatch_log_group.logs["upgrade"] -> aws_cloudwatch_log_group.logs["upgrades"] move']);
  });

  test("a for_each the review cannot evaluate is effect unknown, and fails on a stateful type", () => {
    const head = logGroupsByKey(productionPlan(), ["postgresql", "upgrade"]);
    head.resource.aws_cloudwatch_log_group.logs.for_each = "${var.log_names}";
    const run = comparePlans(logGroupsByKey(productionPlan(), ["postgresql", "upgrade"]), head, ["--format", "json"]);
    expect(run.code).toBe(1);
    const report = jsonReport(run);
    expect(effectLines(report)).toEqual(["aws_cloudwatch_log_group.logs not-evaluable unknown"]);
    expect(report.findings[0].change).toBe("effect-unknown");
  });
});
