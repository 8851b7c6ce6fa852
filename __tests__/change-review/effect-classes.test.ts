// Per effect class: a pair of plans (the production stack as synthesized, and one change to it) and the
// report the change review must give.
import { comparePlans, effectLines, jsonReport, productionPlan } from "./change-review-harness";
import { TerraformJson } from "../support/synth-plan";

type Mutation = (plan: TerraformJson) => void;
const db = (p: TerraformJson) => p.resource.aws_db_instance.checkpoints;

function review(mutate: Mutation, base: Mutation = () => undefined) {
  const before = productionPlan();
  base(before);
  const after = JSON.parse(JSON.stringify(before));
  mutate(after);
  const run = comparePlans(before, after, ["--format", "json"]);
  return { run, report: jsonReport(run) };
}

describe("each effect class", () => {
  test("no change: the same plan twice says so and passes", () => {
    const { run, report } = review(() => undefined);
    expect(run.code).toBe(0);
    expect(report.summary).toBe("No change to the database");
    expect(effectLines(report)).toEqual([]);
  });

  test("replaces: a username change replaces the instance, fails, and says how to avoid it", () => {
    const { run, report } = review((p) => { db(p).username = "app_owner"; });
    expect(run.code).toBe(1);
    expect(report.summary).toBe("REPLACES aws_db_instance.checkpoints: data loss");
    expect(effectLines(report)).toEqual(["aws_db_instance.checkpoints replace replaces", "  username replaces"]);
    const [finding] = report.findings;
    expect(finding).toMatchObject({ address: "aws_db_instance.checkpoints", change: "replace" });
    expect(finding.message).toContain("username (checkpoint_user -> app_owner) cannot change in place");
    expect(finding.message).toContain("revert username (RDS cannot rename the master user)");
    expect(finding.message).toContain("deletion_protection is on");
  });

  test.each([
    ["db_name", "orders"], ["storage_encrypted", false], ["kms_key_id", "arn:aws:kms:us-east-1:111122223333:key/abc"], ["availability_zone", "us-east-1b"], ["engine", "mysql"],
  ])("replaces: %s is ForceNew in the provider's schema", (attribute, value) => {
    const { run, report } = review((p) => { db(p)[attribute] = value; });
    expect(run.code).toBe(1);
    expect(effectLines(report)).toEqual(["aws_db_instance.checkpoints replace replaces", `  ${attribute} replaces`]);
  });

  test("in place at the maintenance window: allocated storage", () => {
    const { run, report } = review((p) => { db(p).allocated_storage = 200; });
    expect(run.code).toBe(0);
    expect(report.summary).toBe("1 in-place change, applies in the maintenance window");
    expect(report.stacks[0].resources[0].attributes[0]).toMatchObject({ attribute: "allocated_storage", before: "100", after: "200",
      effect: "maintenance-window", detail: expect.stringContaining("next maintenance window (sun:04:30-sun:05:30 UTC)") });
  });

  test("apply_immediately = true turns a deferred change into an immediate one", () => {
    const { report } = review((p) => { db(p).allocated_storage = 200; db(p).apply_immediately = true; });
    expect(effectLines(report)).toEqual(["aws_db_instance.checkpoints update immediate", "  allocated_storage immediate", "  apply_immediately none"]);
  });

  test("in place, immediately: backup retention 7 -> 14", () => {
    const { run, report } = review((p) => { db(p).backup_retention_period = 14; });
    expect(run.code).toBe(0);
    expect(report.summary).toBe("1 in-place change, applies immediately");
  });

  // A variable's default is the value Terraform uses: RDS has retention 0 there, so 0 -> 7 is an outage.
  test("backup retention from a variable whose default is 0, to 7, is an outage", () => {
    const fromDefaultZero = (p: TerraformJson) => { p.variable.retention = { type: "number", default: 0 }; db(p).backup_retention_period = "${var.retention}"; };
    const { report } = review((p) => { db(p).backup_retention_period = 7; }, fromDefaultZero);
    expect(effectLines(report)).toEqual(["aws_db_instance.checkpoints update reboot", "  backup_retention_period reboot"]);
  });

  test("a replacement with skip_final_snapshot from a variable whose default is true promises no snapshot", () => {
    const skipByDefault = (p: TerraformJson) => { p.variable.skip = { type: "bool", default: true }; db(p).skip_final_snapshot = "${var.skip}"; };
    const { report } = review((p) => { db(p).username = "app_owner"; }, skipByDefault);
    expect(report.stacks[0].resources[0].notes).toContain("no final snapshot is configured: the data would be gone");
    expect(report.findings[0].message).not.toContain("a final snapshot (");
  });

  test("backup retention to 0 is an outage", () => {
    const { report } = review((p) => { db(p).backup_retention_period = 0; });
    expect(effectLines(report)).toContain("  backup_retention_period reboot");
  });

  test("needs a reboot: a static PostgreSQL parameter added to the parameter group", () => {
    const { run, report } = review((p) => {
      p.resource.aws_db_parameter_group.checkpoints.parameter.push({ name: "shared_preload_libraries", value: "pg_stat_statements" });
    });
    expect(run.code).toBe(0);
    expect(report.summary).toBe("1 in-place change, needs a reboot");
    expect(report.stacks[0].resources[0].attributes[0].detail).toContain("static parameter shared_preload_libraries");
  });

  test("a dynamic PostgreSQL parameter applies without a reboot", () => {
    const { report } = review((p) => {
      p.resource.aws_db_parameter_group.checkpoints.parameter.find((x: { name: string }) => x.name === "log_min_duration_statement").value = "500";
    });
    expect(report.summary).toBe("1 in-place change, applies immediately");
    expect(report.stacks[0].resources[0].attributes[0].detail).toContain("dynamic parameter log_min_duration_statement");
  });

  test("brief connection drop: a class change on Multi-AZ fails over in the maintenance window, and passes", () => {
    const { run, report } = review((p) => { db(p).instance_class = "db.t4g.medium"; });
    expect(run.code).toBe(0);
    expect(report.summary).toBe("1 in-place change, applies in the maintenance window; Multi-AZ fails over (brief connection drop)");
    expect(report.stacks[0].resources[0].attributes[0]).toMatchObject({ before: "db.t4g.small", after: "db.t4g.medium", effect: "failover" });
  });

  test("a class change on Single-AZ is an outage while it is resized", () => {
    const { report } = review((p) => { db(p).instance_class = "db.t4g.medium"; }, (p) => { db(p).multi_az = false; });
    expect(effectLines(report)).toEqual(["aws_db_instance.checkpoints update reboot", "  instance_class reboot"]);
    expect(report.stacks[0].resources[0].attributes[0].detail).toContain("Single-AZ");
  });

  test("a class change where multi_az cannot be read says so, and counts it as the outage, never the failover", () => {
    const unknownMultiAz = (p: TerraformJson) => { p.variable.multi = { type: "bool" }; db(p).multi_az = "${var.multi}"; };
    const { report } = review((p) => { unknownMultiAz(p); db(p).instance_class = "db.t4g.medium"; }, unknownMultiAz);
    expect(effectLines(report)).toEqual(["aws_db_instance.checkpoints update reboot", "  instance_class reboot"]);
    expect(report.stacks[0].resources[0].attributes[0].detail).toContain("multi_az not known");
  });

  test("no effect on the database: tags and Terraform-side settings", () => {
    const { run, report } = review((p) => { db(p).tags.Owner = "platform"; db(p).final_snapshot_identifier = "checkpoints-db-last"; });
    expect(run.code).toBe(0);
    expect(report.summary).toBe("No change to the database");
    expect(effectLines(report)).toEqual(["aws_db_instance.checkpoints update none", "  final_snapshot_identifier none", "  tags none"]);
  });

  test("effect unknown: an attribute outside the tables is never safe, and fails on the database", () => {
    const { run, report } = review((p) => { db(p).network_type = "DUAL"; });
    expect(run.code).toBe(1);
    expect(effectLines(report)).toEqual(["aws_db_instance.checkpoints update unknown", "  network_type unknown"]);
    expect(report.summary).toBe("CANNOT TELL what happens to aws_db_instance.checkpoints");
  });

  test("effect unknown: a parameter whose apply type is not known", () => {
    const { report } = review((p) => { p.resource.aws_db_parameter_group.checkpoints.parameter.push({ name: "autovacuum_naptime", value: "30" }); });
    expect(effectLines(report)).toEqual(["aws_db_parameter_group.checkpoints update unknown", "  parameter unknown"]);
  });

  test("deletes: a removed log group loses its logs and fails", () => {
    const { run, report } = review((p) => { delete p.resource.aws_cloudwatch_log_group.upgrade; });
    expect(run.code).toBe(1);
    expect(report.summary).toBe("DELETES aws_cloudwatch_log_group.upgrade: data loss");
  });

  test("a replaced security group is not stateful, but the instance's reference to it changes at once; destroyed first while in use, it fails", () => {
    const { run, report } = review((p) => { p.resource.aws_security_group.checkpoints_db.name = "checkpoints-db-sg2"; });
    expect(run.code).toBe(1);
    expect(effectLines(report)).toEqual([
      "aws_db_instance.checkpoints update immediate", "  vpc_security_group_ids immediate",
      "aws_security_group.checkpoints_db replace replaces", "  name replaces",
    ]);
    expect(report.stacks[0].resources[0].attributes[0].after).toBe("(known after apply: aws_security_group.checkpoints_db is replaced)");
    // Issue 21, destroy-before-create: without create_before_destroy the old group goes first, while the instance uses it.
    expect(report.findings).toEqual([expect.objectContaining({ address: "aws_security_group.checkpoints_db", change: "apply-fails",
      message: expect.stringContaining("DependencyViolation") })]);
    expect(report.summary).toBe("APPLY FAILS at aws_security_group.checkpoints_db");
  });

  test("a new parameter group family replaces the group, and the instance needs a reboot to use it", () => {
    const { report } = review((p) => { p.resource.aws_db_parameter_group.checkpoints.family = "postgres16"; db(p).engine_version = "16.3"; });
    expect(effectLines(report)).toEqual([
      "aws_db_instance.checkpoints update reboot", "  engine_version reboot", "  parameter_group_name reboot",
      "aws_db_parameter_group.checkpoints replace replaces", "  family replaces",
    ]);
  });

  test("Terraform's type conversions are no change: \"100\" is 100, \"true\" is true", () => {
    const { report } = review((p) => { db(p).allocated_storage = "100"; db(p).multi_az = "true"; });
    expect(report.summary).toBe("No change to the database");
  });

  test("identifier changes in place since provider 5.0 (CHANGELOG #31232), and the endpoint moves", () => {
    const { run, report } = review((p) => { db(p).identifier = "checkpoints-db-2"; });
    expect(run.code).toBe(0);
    // RDS API reference, NewDBInstanceIdentifier: a reboot, at the maintenance window unless ApplyImmediately.
    expect(effectLines(report)).toEqual(["aws_db_instance.checkpoints update reboot", "  identifier reboot"]);
    expect(report.stacks[0].resources[0].attributes[0].detail).toContain("endpoint's DNS name");
  });

  test("a replacement that also switches deletion protection and the final snapshot off says nothing stands in the way", () => {
    const { run, report } = review((p) => { db(p).username = "app_owner"; db(p).deletion_protection = false; db(p).skip_final_snapshot = true; });
    expect(run.code).toBe(1);
    expect(report.stacks[0].resources[0].notes).toEqual([
      "this change also turns deletion_protection off: nothing stops the old instance being destroyed",
      "this change also sets skip_final_snapshot: no final snapshot would be taken",
    ]);
    expect(report.findings[0].message).toContain("this change also turns deletion_protection off");
  });

  test("a replacement spreads through ForceNew references, two levels: role -> policy attachment -> log group", () => {
    // Through computed attributes (id): a configured one (the role's name) stays known, see terraform-core-scenarios.
    const { run, report } = review((p) => { p.resource.aws_iam_role.monitoring.path = "/rds/"; },
      (p) => { p.resource.aws_iam_role_policy_attachment.monitoring.role = "${aws_iam_role.monitoring.id}";
        p.resource.aws_cloudwatch_log_group.upgrade.name = "/aws/rds/${aws_iam_role_policy_attachment.monitoring.id}"; });
    expect(run.code).toBe(1);
    expect(effectLines(report)).toEqual(expect.arrayContaining([
      "aws_iam_role.monitoring replace replaces", "  path replaces",
      "aws_iam_role_policy_attachment.monitoring replace replaces", "  role replaces",
      "aws_cloudwatch_log_group.upgrade replace replaces", "  name replaces",
    ]));
    expect(report.summary).toBe("REPLACES aws_cloudwatch_log_group.upgrade: data loss");
  });

  test("several kinds of in-place change are counted by kind", () => {
    const { report } = review((p) => { db(p).instance_class = "db.t4g.medium"; db(p).allocated_storage = 200; db(p).backup_retention_period = 14; });
    expect(report.summary).toBe("3 in-place changes: 1 with a Multi-AZ failover (brief connection drop) in the maintenance window, 1 in the maintenance window, 1 immediately");
  });

  test.each([["Shared_Preload_Libraries", "reboot"], ["toString", "unknown"], ["constructor", "unknown"]])(
    "parameter %s: names are case-insensitive, and nothing is inherited from Object", (name, effect) => {
      const { report } = review((p) => { p.resource.aws_db_parameter_group.checkpoints.parameter.push({ name, value: "1" }); });
      expect(effectLines(report)).toEqual([`aws_db_parameter_group.checkpoints update ${effect}`, `  parameter ${effect}`]);
    });

  test("resource types and attributes named like Object's own properties are unknown, not a crash", () => {
    const { run, report } = review((p) => { p.resource.constructor = { x: { toString: "a" } }; db(p).constructor = "b"; });
    expect(run.code).toBe(1);
    expect(effectLines(report)).toEqual(["aws_db_instance.checkpoints update unknown", "  constructor unknown", "constructor.x create none"]);
  });

  test("lifecycle.ignore_changes: Terraform keeps the current value, so even a ForceNew change has no effect", () => {
    const { run, report } = review((p) => { db(p).username = "app_owner"; }, (p) => { db(p).lifecycle = { ignore_changes: ["username", "tags[\"Owner\"]"] }; });
    expect(run.code).toBe(0);
    expect(effectLines(report)).toEqual(["aws_db_instance.checkpoints update none", "  username none"]);
    expect(report.summary).toBe("No change to the database");
  });

  test("lifecycle.prevent_destroy: the replacement is still reported, with the note that Terraform refuses it", () => {
    const { run, report } = review((p) => { db(p).username = "app_owner"; }, (p) => { db(p).lifecycle = { prevent_destroy: true }; });
    expect(run.code).toBe(1);
    expect(report.stacks[0].resources[0].notes[0]).toBe("lifecycle.prevent_destroy is set: terraform plan refuses this replacement, so the pull request cannot be applied as it is");
  });

  test("a Performance Insights KMS key (issue 10's CKV_AWS_354) applies immediately, and says it cannot change later", () => {
    const { run, report } = review((p) => { db(p).performance_insights_kms_key_id = "arn:aws:kms:us-east-1:111122223333:key/abc"; });
    expect(run.code).toBe(0);
    expect(report.stacks[0].resources[0].attributes[0]).toMatchObject({ effect: "immediate", detail: expect.stringContaining("cannot be changed") });
  });
});
