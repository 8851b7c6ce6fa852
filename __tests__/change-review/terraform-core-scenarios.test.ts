// Issue 21, "Terraform core semantics, offline": each scenario is a change to the production stack and the verdict
// and per-address effect `terraform plan` (and then AWS, at apply) would give, with the source line that decides it.
// Sources: provider schemas word for word from lonegunmanb/terraform-provider-aws-index@v6.25.0 (IDX below), Terraform
// core at v1.11.4 (the CLI on PATH is 1.11), and terraform-plugin-sdk helper/schema/schema.go (schemaMap.diff).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { comparePlans, effectLines, JsonReport, jsonReport, productionPlan } from "./change-review-harness";
import { TerraformJson } from "../support/synth-plan";

const IDX = "lonegunmanb/terraform-provider-aws-index@v6.25.0 index/internal/service/";
const TF = "hashicorp/terraform v1.11.4 ";
const SDK_REQUIRES_NEW = "hashicorp/terraform-plugin-sdk helper/schema/schema.go schemaMap.diff: d.RequiresNew = d.Old != d.New || d.NewComputed";
const DB_KMS_FORCE_NEW = `${IDX}rds/func.resourceInstance.goindex:345 (kms_key_id ForceNew)`;
const KEY_MULTI_REGION = `${IDX}kms/func.resourceKey.goindex:95-99 (multi_region ForceNew)`;
const TRIGGERS = `${TF}internal/terraform/eval_context_builtin.go:383-421 (EvaluateReplaceTriggeredBy)`;
const PREVENT_DESTROY = `${TF}internal/terraform/node_resource_abstract_instance.go:183-203 (checkPreventDestroy)`;
const IMPLIED_MOVES = `${TF}internal/refactoring/move_statement.go (impliedMoveStatements: count only)`;
const MOVE_BLOCKED = `${TF}internal/refactoring/move_execute.go:157-161, 182-186 (existing object takes priority)`;
const REMOVED = `${TF}internal/configs/removed.go:60-75 (Destroy defaults to true) and internal/terraform/context_plan.go:650 (findForgetTargets)`;
const FORCED_CBD = `${TF}internal/terraform/transform_destroy_cbd.go:29-70 (ForcedCBDTransformer)`;
const SG_DELETE = `${IDX}ec2/func.resourceSecurityGroupDelete.goindex:51-90 (DependencyViolation retried until the delete timeout)`;
const SUBNET_GROUP_DELETE = `${IDX}rds/func.resourceSubnetGroupDelete.goindex (DeleteDBSubnetGroup error returned)`;
const ENGINE_UPGRADE = `${IDX}rds/func.resourceInstanceUpdate.goindex:255-257 (AllowMajorVersionUpgrade sent with engine_version); RDS API ModifyDBInstance`;

type Mutation = (plan: TerraformJson) => void;
const none: Mutation = () => undefined;
const db = (p: TerraformJson) => p.resource.aws_db_instance.checkpoints;
const key = (p: TerraformJson) => p.resource.aws_kms_key.db;
const sg = (p: TerraformJson) => p.resource.aws_security_group.checkpoints_db;
const logs = (p: TerraformJson) => p.resource.aws_cloudwatch_log_group;

/** The production stack with a customer KMS key the instance is encrypted with. */
const withKey: Mutation = (p) => {
  p.resource.aws_kms_key = { db: { description: "checkpoints-db storage", enable_key_rotation: true } };
  db(p).kms_key_id = "${aws_kms_key.db.arn}";
};

const ackDir = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-core-acks-"));
afterAll(() => fs.rmSync(ackDir, { recursive: true, force: true }));

function review(base: Mutation, head: Mutation, extra: string[] = []): { code: number; report: JsonReport; lines: string[]; findings: string[] } {
  const before = productionPlan();
  base(before);
  const after = JSON.parse(JSON.stringify(before)) as TerraformJson;
  head(after);
  const run = comparePlans(before, after, ["--format", "json", ...extra]);
  const report = jsonReport(run);
  return { code: run.code, report, lines: effectLines(report), findings: report.findings.map((f) => `${f.address} ${f.change}${f.acknowledged ? " (acknowledged)" : ""}`) };
}

describe("unknown values of ForceNew arguments replace: the three changes issue 21 found passing", () => {
  test(`a replaced KMS key makes kms_key_id unknown, so the database is replaced (${KEY_MULTI_REGION}; ${DB_KMS_FORCE_NEW}; ${SDK_REQUIRES_NEW})`, () => {
    const r = review(withKey, (p) => { key(p).multi_region = true; });
    expect(r.code).toBe(1);
    expect(r.lines).toEqual(["aws_db_instance.checkpoints replace replaces", "  kms_key_id replaces", "aws_kms_key.db replace replaces", "  multi_region replaces"]);
    expect(r.report.stacks[0].resources[0].attributes[0].after).toBe("(known after apply: aws_kms_key.db is replaced)");
    expect(r.findings).toEqual(["aws_db_instance.checkpoints replace"]);
  });

  test.each([["holding the reference", "${aws_kms_key.db.arn}"], ["the review cannot evaluate", "${trimspace(aws_kms_key.db.arn)}"]])(
    `through a local %s: the replaced key still replaces the database (${SDK_REQUIRES_NEW})`, (_what, local) => {
      const r = review((p) => { withKey(p); p.locals = { key_arn: local }; db(p).kms_key_id = "${local.key_arn}"; }, (p) => { key(p).multi_region = true; });
      expect(r.code).toBe(1);
      expect(r.lines).toEqual(["aws_db_instance.checkpoints replace replaces", "  kms_key_id replaces", "aws_kms_key.db replace replaces", "  multi_region replaces"]);
    });

  test("the same replacement, acknowledged, passes (acknowledgements are the only way through)", () => {
    const file = path.join(ackDir, "kms.json");
    fs.writeFileSync(file, JSON.stringify({ acknowledgements: [{ stack: "checkpoints-db", address: "aws_db_instance.checkpoints", change: "replace",
      reason: "moving to a multi-Region key; restored from the snapshot taken before" }] }));
    const r = review(withKey, (p) => { key(p).multi_region = true; }, ["--acknowledgements", file]);
    expect(r.code).toBe(0);
    expect(r.findings).toEqual(["aws_db_instance.checkpoints replace (acknowledged)"]);
  });

  test(`lifecycle.replace_triggered_by naming a resource that updates replaces the database (${TRIGGERS})`, () => {
    const r = review((p) => { withKey(p); db(p).lifecycle = { replace_triggered_by: ["${aws_kms_key.db}"] }; }, (p) => { key(p).description = "renamed"; });
    expect(r.code).toBe(1);
    expect(r.lines).toEqual(["aws_db_instance.checkpoints replace replaces", "  lifecycle.replace_triggered_by replaces", "aws_kms_key.db update none", "  description none"]);
    expect(r.findings).toEqual(["aws_db_instance.checkpoints replace"]);
    expect(r.report.stacks[0].resources[0].attributes[0]).toMatchObject({ before: "aws_kms_key.db", after: "fires",
      detail: "aws_kms_key.db changes (updated in place): Terraform replaces aws_db_instance.checkpoints (replace_triggered_by)" });
    expect(r.report.findings[0].message).toContain("leave that resource unchanged, or remove the trigger");
  });

  test("db_name = \"${local.db_name}\" where the local's value changes replaces the database (values compared, not text)", () => {
    const r = review((p) => { p.locals = { db_name: "checkpoints" }; db(p).db_name = "${local.db_name}"; }, (p) => { p.locals = { db_name: "orders" }; });
    expect(r.code).toBe(1);
    expect(r.lines).toEqual(["aws_db_instance.checkpoints replace replaces", "  db_name replaces"]);
  });
});

describe("values through locals, variables and references", () => {
  test(`a local the review cannot evaluate whose definition changes makes db_name unknown: a replacement (${SDK_REQUIRES_NEW})`, () => {
    const r = review((p) => { p.locals = { suffix: "${lower(var.vpc_id)}", db_name: "${local.suffix}" }; db(p).db_name = "${local.db_name}"; },
      (p) => { p.locals.suffix = "${upper(var.vpc_id)}"; });
    expect(r.code).toBe(1);
    expect(r.lines).toEqual(["aws_db_instance.checkpoints replace replaces", "  db_name replaces"]);
    expect(r.report.stacks[0].resources[0].attributes[0].after).toContain("local.db_name changed");
  });

  test("the same unevaluated local on both sides is no change (same inputs, same value)", () => {
    const r = review((p) => { p.locals = { db_name: "${lower(var.vpc_id)}" }; db(p).db_name = "${local.db_name}"; }, none);
    expect(r.code).toBe(0);
    expect(r.lines).toEqual([]);
  });

  test("a variable default that changes is a new value of the ForceNew argument reading it", () => {
    const r = review((p) => { p.variable.db_name = { type: "string", default: "checkpoints" }; db(p).db_name = "${var.db_name}"; },
      (p) => { p.variable.db_name.default = "orders"; });
    expect(r.code).toBe(1);
    expect(r.lines).toEqual(["aws_db_instance.checkpoints replace replaces", "  db_name replaces"]);
  });

  test(`an impure function (uuid) in a ForceNew argument replaces on every plan (${SDK_REQUIRES_NEW})`, () => {
    const r = review((p) => { db(p).db_name = "${replace(uuid(), \"-\", \"\")}"; }, none);
    expect(r.code).toBe(1);
    expect(r.lines).toEqual(["aws_db_instance.checkpoints replace replaces", "  db_name replaces"]);
  });

  test("timestamp() in final_snapshot_identifier changes every plan, but nothing reaches RDS (Terraform-side setting)", () => {
    const r = review((p) => { db(p).final_snapshot_identifier = "checkpoints-final-${formatdate(\"YYYYMMDD\", timestamp())}"; }, none);
    expect(r.code).toBe(0);
    expect(r.lines).toEqual(["aws_db_instance.checkpoints update none", "  final_snapshot_identifier none"]);
  });

  test(`a configured argument of a replaced resource stays known (the role's name), a computed one (its arn) does not (${IDX}iam/func.resourceRole.goindex:177 path ForceNew)`, () => {
    const r = review(none, (p) => { p.resource.aws_iam_role.monitoring.path = "/rds/"; });
    expect(r.code).toBe(0);
    // The attachment's role = aws_iam_role.monitoring.name is planned as configured: no change, no replacement.
    expect(r.lines).toEqual(["aws_db_instance.checkpoints update immediate", "  monitoring_role_arn immediate",
      "aws_iam_role.monitoring replace replaces", "  path replaces"]);
  });

  test(`a renamed parameter group: the instance gets the new, known name in place (${IDX}rds/func.resourceParameterGroup.goindex:55)`, () => {
    const r = review(none, (p) => { p.resource.aws_db_parameter_group.checkpoints.name = "checkpoints-db-pg15-b"; });
    expect(r.lines).toEqual(["aws_db_instance.checkpoints update reboot", "  parameter_group_name reboot",
      "aws_db_parameter_group.checkpoints replace replaces", "  name replaces"]);
    expect(r.report.stacks[0].resources[0].attributes[0].after).toBe("checkpoints-db-pg15-b");
  });

  test(`a data source read with new arguments may return another object: kms_key_id from it is unknown, a replacement (${SDK_REQUIRES_NEW})`, () => {
    const r = review((p) => { p.data = { ...(p.data ?? {}), aws_kms_key: { db: { key_id: "alias/checkpoints" } } }; db(p).kms_key_id = "${data.aws_kms_key.db.arn}"; },
      (p) => { p.data.aws_kms_key.db.key_id = "alias/checkpoints-v2"; });
    expect(r.code).toBe(1);
    expect(r.lines).toEqual(["aws_db_instance.checkpoints replace replaces", "  kms_key_id replaces"]);
  });

  test("an in-place change of the KMS key keeps its arn: the database does not change", () => {
    const r = review(withKey, (p) => { key(p).description = "renamed"; });
    expect(r.code).toBe(0);
    expect(r.lines).toEqual(["aws_kms_key.db update none", "  description none"]);
  });

  test("a change of the key the review cannot classify might replace it: kms_key_id is effect unknown and fails", () => {
    const r = review(withKey, (p) => { key(p).experimental_setting = "on"; });
    expect(r.code).toBe(1);
    expect(r.lines).toEqual(["aws_db_instance.checkpoints update unknown", "  kms_key_id unknown", "aws_kms_key.db update unknown", "  experimental_setting unknown"]);
    expect(r.findings).toEqual(["aws_db_instance.checkpoints effect-unknown"]);
  });
});

describe("lifecycle", () => {
  test(`replace_triggered_by an attribute that does not change: no replacement (${TRIGGERS})`, () => {
    const r = review((p) => { withKey(p); db(p).lifecycle = { replace_triggered_by: ["aws_kms_key.db.arn"] }; }, (p) => { key(p).description = "renamed"; });
    expect(r.code).toBe(0);
    expect(r.lines).toEqual(["aws_kms_key.db update none", "  description none"]);
  });

  test(`replace_triggered_by a computed attribute of a replaced resource: unknown, so it fires (${TRIGGERS})`, () => {
    const r = review((p) => { p.resource.aws_kms_key = { audit: { description: "audit" } }; db(p).lifecycle = { replace_triggered_by: ["${aws_kms_key.audit.arn}"] }; },
      (p) => { p.resource.aws_kms_key.audit.multi_region = true; });
    expect(r.code).toBe(1);
    expect(r.lines).toEqual(["aws_db_instance.checkpoints replace replaces", "  lifecycle.replace_triggered_by replaces", "aws_kms_key.audit replace replaces", "  multi_region replaces"]);
  });

  test(`replace_triggered_by a resource that is only created: Create does not trigger (${TRIGGERS})`, () => {
    const r = review(none, (p) => { withKey(p); delete db(p).kms_key_id; db(p).lifecycle = { replace_triggered_by: ["${aws_kms_key.db}"] }; });
    expect(r.code).toBe(0);
    expect(r.lines).toEqual(["aws_kms_key.db create none"]);
  });

  test(`replace_triggered_by the parameter group, whose parameters change, replaces the database (${TRIGGERS})`, () => {
    const r = review((p) => { db(p).lifecycle = { replace_triggered_by: ["aws_db_parameter_group.checkpoints"] }; },
      (p) => { p.resource.aws_db_parameter_group.checkpoints.parameter.push({ name: "log_min_duration_statement", value: "500" }); });
    expect(r.code).toBe(1);
    expect(r.findings).toEqual(["aws_db_instance.checkpoints replace"]);
  });

  test(`ignore_changes on kms_key_id: Terraform keeps the prior value, the key's replacement does not reach the database (${TF}internal/terraform/node_resource_abstract_instance.go:1283 processIgnoreChanges)`, () => {
    const r = review((p) => { withKey(p); db(p).lifecycle = { ignore_changes: ["kms_key_id"] }; }, (p) => { key(p).multi_region = true; });
    expect(r.code).toBe(0);
    expect(r.lines).toEqual(["aws_kms_key.db replace replaces", "  multi_region replaces"]);
  });

  test("ignore_changes = all: even a username change is no change", () => {
    const r = review((p) => { db(p).lifecycle = { ignore_changes: "all" }; }, (p) => { db(p).username = "app_owner"; });
    expect(r.code).toBe(0);
    expect(r.lines).toEqual(["aws_db_instance.checkpoints update none", "  username none"]);
  });

  test(`prevent_destroy on a replaced parameter group: Terraform refuses the plan, the review fails (${PREVENT_DESTROY})`, () => {
    const r = review((p) => { p.resource.aws_db_parameter_group.checkpoints.lifecycle = { create_before_destroy: true, prevent_destroy: true }; },
      (p) => { p.resource.aws_db_parameter_group.checkpoints.family = "postgres16"; });
    expect(r.code).toBe(1);
    expect(r.findings).toEqual(["aws_db_parameter_group.checkpoints apply-fails"]);
    expect(r.report.findings[0].message).toContain("Instance cannot be destroyed");
    expect(r.report.summary).toBe("APPLY FAILS at aws_db_parameter_group.checkpoints");
  });

  test(`prevent_destroy on the database being replaced: data loss and Terraform's refusal, both (${PREVENT_DESTROY})`, () => {
    const r = review((p) => { db(p).lifecycle = { prevent_destroy: true }; }, (p) => { db(p).username = "app_owner"; });
    expect(r.code).toBe(1);
    expect(r.findings).toEqual(["aws_db_instance.checkpoints apply-fails", "aws_db_instance.checkpoints replace"]);
  });

  test(`prevent_destroy does not protect a resource whose block is removed: the block's lifecycle goes with it (${PREVENT_DESTROY}: n.Config)`, () => {
    const r = review((p) => { logs(p).upgrade.lifecycle = { prevent_destroy: true }; }, (p) => { delete logs(p).upgrade; });
    expect(r.code).toBe(1);
    expect(r.findings).toEqual(["aws_cloudwatch_log_group.upgrade delete"]);
  });
});

describe("destroy-before-create hazards", () => {
  test(`a security group replaced (description, ForceNew) while the instance uses it: destroyed first, EC2 refuses (${IDX}ec2/func.resourceSecurityGroup.goindex:54; ${SG_DELETE})`, () => {
    const r = review(none, (p) => { sg(p).description = "PostgreSQL from the application subnet only"; });
    expect(r.code).toBe(1);
    expect(r.findings).toEqual(["aws_security_group.checkpoints_db apply-fails"]);
    expect(r.report.findings[0].message).toContain("DependencyViolation");
    expect(r.report.findings[0].message).toContain("aws_db_instance.checkpoints");
  });

  test(`the same with create_before_destroy and the same name: the new group collides (InvalidGroup.Duplicate) (${IDX}ec2/func.resourceSecurityGroup.goindex:63)`, () => {
    const r = review((p) => { sg(p).lifecycle = { create_before_destroy: true }; }, (p) => { sg(p).description = "PostgreSQL from the application subnet only"; });
    expect(r.code).toBe(1);
    expect(r.report.findings[0].message).toContain("InvalidGroup.Duplicate");
  });

  test("create_before_destroy with a new name: created first, no collision; the instance switches groups at once", () => {
    const r = review((p) => { sg(p).lifecycle = { create_before_destroy: true }; }, (p) => { sg(p).name = "checkpoints-db-sg2"; });
    expect(r.code).toBe(0);
    expect(r.lines).toEqual(["aws_db_instance.checkpoints update immediate", "  vpc_security_group_ids immediate",
      "aws_security_group.checkpoints_db replace replaces", "  name replaces"]);
  });

  test(`create_before_destroy on the instance forces it on the group it uses, so the fixed name collides (${FORCED_CBD})`, () => {
    const r = review((p) => { db(p).lifecycle = { create_before_destroy: true }; }, (p) => { sg(p).description = "new"; });
    expect(r.code).toBe(1);
    expect(r.report.findings[0].message).toContain("forced: a resource that depends on it has it");
  });

  test(`a renamed subnet group without create_before_destroy: the old one is deleted first while in use (${IDX}rds/func.resourceSubnetGroup.goindex:44; ${SUBNET_GROUP_DELETE})`, () => {
    const r = review(none, (p) => { p.resource.aws_db_subnet_group.checkpoints.name = "checkpoints-db-subnets-2"; });
    expect(r.code).toBe(1);
    expect(r.lines).toEqual(["aws_db_instance.checkpoints update reboot", "  db_subnet_group_name reboot",
      "aws_db_subnet_group.checkpoints replace replaces", "  name replaces"]);
    expect(r.findings).toEqual(["aws_db_subnet_group.checkpoints apply-fails"]);
    expect(r.report.findings[0].message).toContain("InvalidDBSubnetGroupStateFault");
  });

  test(`a parameter group replaced (family) without create_before_destroy: RDS refuses to delete it while the instance is a member (${IDX}rds/func.resourceParameterGroupDelete.goindex)`, () => {
    const r = review((p) => { delete p.resource.aws_db_parameter_group.checkpoints.lifecycle; },
      (p) => { p.resource.aws_db_parameter_group.checkpoints.family = "postgres16"; db(p).engine_version = "16"; db(p).allow_major_version_upgrade = true; });
    expect(r.code).toBe(1);
    expect(r.findings).toEqual(["aws_db_parameter_group.checkpoints apply-fails"]);
    expect(r.report.findings[0].message).toContain("InvalidDBParameterGroupStateFault");
  });

  test(`the same with skip_destroy: the old group is kept, not deleted, so nothing is refused (${IDX}rds/func.resourceParameterGroupDelete.goindex)`, () => {
    const r = review((p) => { delete p.resource.aws_db_parameter_group.checkpoints.lifecycle; p.resource.aws_db_parameter_group.checkpoints.skip_destroy = true; },
      (p) => { p.resource.aws_db_parameter_group.checkpoints.family = "postgres16"; db(p).engine_version = "16"; db(p).allow_major_version_upgrade = true; });
    expect(r.code).toBe(0);
  });

  test(`the production parameter group (create_before_destroy, name_prefix) replaced for a major upgrade: created first, no collision`, () => {
    const r = review(none, (p) => { p.resource.aws_db_parameter_group.checkpoints.family = "postgres16"; db(p).engine_version = "16"; db(p).allow_major_version_upgrade = true; });
    expect(r.code).toBe(0);
    expect(r.lines).toEqual(["aws_db_instance.checkpoints update reboot", "  allow_major_version_upgrade none", "  engine_version reboot", "  parameter_group_name reboot",
      "aws_db_parameter_group.checkpoints replace replaces", "  family replaces"]);
  });

  test(`create_before_destroy on the instance is forced, through depends_on, onto the log groups: a replaced log group keeping its name collides (${FORCED_CBD})`, () => {
    const r = review((p) => { db(p).lifecycle = { create_before_destroy: true }; }, (p) => { logs(p).upgrade.log_group_class = "INFREQUENT_ACCESS"; });
    expect(r.code).toBe(1);
    expect(r.findings).toEqual(["aws_cloudwatch_log_group.upgrade apply-fails", "aws_cloudwatch_log_group.upgrade replace"]);
    expect(r.report.findings[0].message).toContain("ResourceAlreadyExistsException");
  });

  test("a subnet group replaced with create_before_destroy and a new name: no hazard", () => {
    const r = review((p) => { p.resource.aws_db_subnet_group.checkpoints.lifecycle = { create_before_destroy: true }; },
      (p) => { p.resource.aws_db_subnet_group.checkpoints.name = "checkpoints-db-subnets-2"; });
    expect(r.code).toBe(0);
  });

  test("create_before_destroy on the database with a fixed identifier: the new instance collides (DBInstanceAlreadyExists)", () => {
    const r = review((p) => { db(p).lifecycle = { create_before_destroy: true }; }, (p) => { db(p).username = "app_owner"; });
    expect(r.code).toBe(1);
    expect(r.findings).toEqual(["aws_db_instance.checkpoints apply-fails", "aws_db_instance.checkpoints replace"]);
    expect(r.report.findings[0].message).toContain("DBInstanceAlreadyExists");
  });
});

describe("RDS at apply time", () => {
  test(`a major upgrade without allow_major_version_upgrade is refused by RDS: fails (${ENGINE_UPGRADE})`, () => {
    const r = review(none, (p) => { db(p).engine_version = "16"; });
    expect(r.code).toBe(1);
    expect(r.lines).toEqual(["aws_db_instance.checkpoints update reboot", "  engine_version reboot"]);
    expect(r.findings).toEqual(["aws_db_instance.checkpoints apply-fails"]);
    expect(r.report.findings[0].message).toContain("allow_major_version_upgrade = true");
  });

  test(`a major upgrade with allow_major_version_upgrade = true passes, a reboot (${ENGINE_UPGRADE})`, () => {
    const r = review(none, (p) => { db(p).engine_version = "16"; db(p).allow_major_version_upgrade = true; });
    expect(r.code).toBe(0);
    expect(r.lines).toEqual(["aws_db_instance.checkpoints update reboot", "  allow_major_version_upgrade none", "  engine_version reboot"]);
    expect(r.report.stacks[0].resources[0].attributes[0].detail).toContain("it is sent with an engine_version change");
  });

  test("a major upgrade through a variable's default is read as its value: refused without allow_major_version_upgrade", () => {
    const r = review((p) => { p.variable.engine_version = { type: "string", default: "15" }; db(p).engine_version = "${var.engine_version}"; },
      (p) => { p.variable.engine_version.default = "16"; });
    expect(r.code).toBe(1);
    expect(r.findings).toEqual(["aws_db_instance.checkpoints apply-fails"]);
  });

  test("a minor downgrade is impossible: fails", () => {
    const r = review((p) => { db(p).engine_version = "15.5"; }, (p) => { db(p).engine_version = "15.4"; });
    expect(r.code).toBe(1);
    expect(r.report.findings[0].message).toContain("cannot downgrade");
  });

  test("a major downgrade is impossible, allow_major_version_upgrade or not: fails", () => {
    const r = review((p) => { db(p).engine_version = "16"; }, (p) => { db(p).engine_version = "15"; db(p).allow_major_version_upgrade = true; });
    expect(r.code).toBe(1);
    expect(r.findings).toEqual(["aws_db_instance.checkpoints apply-fails"]);
  });

  test("a minor upgrade passes: a reboot in the maintenance window", () => {
    const r = review((p) => { db(p).engine_version = "15.4"; }, (p) => { db(p).engine_version = "15.5"; });
    expect(r.code).toBe(0);
    expect(r.lines).toEqual(["aws_db_instance.checkpoints update reboot", "  engine_version reboot"]);
  });
});

describe("removed blocks, implied moves and moved chains", () => {
  test(`removed with lifecycle { destroy = false } forgets the log group: nothing is deleted (${REMOVED})`, () => {
    const r = review(none, (p) => { delete logs(p).upgrade; p.removed = [{ from: "aws_cloudwatch_log_group.upgrade", lifecycle: { destroy: false } }]; });
    expect(r.code).toBe(0);
    expect(r.lines).toEqual(["aws_cloudwatch_log_group.upgrade forget none"]);
  });

  test(`removed with destroy = false on the database: the headline says Terraform forgets it, never "No change" (${REMOVED})`, () => {
    const r = review(none, (p) => {
      delete p.resource.aws_db_instance;
      p.removed = [{ from: "aws_db_instance.checkpoints", lifecycle: { destroy: false } }];
    });
    expect(r.lines).toEqual(["aws_db_instance.checkpoints forget none"]);
    expect(r.report.summary).not.toBe("No change to the database");
    expect(r.report.summary).toBe("FORGETS aws_db_instance.checkpoints in checkpoints-db (Terraform stops managing it: it keeps running, and later deploys no longer change or protect it)");
  });

  test(`removed with destroy = true deletes it (${REMOVED})`, () => {
    const r = review(none, (p) => { delete logs(p).upgrade; p.removed = { from: "aws_cloudwatch_log_group.upgrade", lifecycle: { destroy: true } }; });
    expect(r.code).toBe(1);
    expect(r.lines).toEqual(["aws_cloudwatch_log_group.upgrade delete deletes"]);
  });

  test(`removed without a lifecycle block destroys: destroy defaults to true (${REMOVED})`, () => {
    const r = review(none, (p) => { delete logs(p).upgrade; p.removed = [{ from: "aws_cloudwatch_log_group.upgrade" }]; });
    expect(r.code).toBe(1);
    expect(r.findings).toEqual(["aws_cloudwatch_log_group.upgrade delete"]);
  });

  test(`count = 1 added to the database moves it to [0]: no delete, no create (${IMPLIED_MOVES})`, () => {
    const r = review(none, (p) => { db(p).count = 1; });
    expect(r.code).toBe(0);
    expect(r.report.stacks[0].resources).toEqual([expect.objectContaining({ address: "aws_db_instance.checkpoints[0]",
      previousAddress: "aws_db_instance.checkpoints", action: "move", effect: "none" })]);
  });

  test(`count removed moves [0] back to no key (${IMPLIED_MOVES})`, () => {
    const r = review((p) => { logs(p).upgrade.count = 1; }, (p) => { delete logs(p).upgrade.count; });
    expect(r.code).toBe(0);
    expect(r.lines).toEqual(["aws_cloudwatch_log_group.upgrade move none"]);
  });

  test(`for_each added: Terraform implies no move, the object is deleted and a new one created (${IMPLIED_MOVES})`, () => {
    const r = review(none, (p) => { logs(p).upgrade.for_each = { main: "x" }; });
    expect(r.code).toBe(1);
    expect(r.lines).toEqual(["aws_cloudwatch_log_group.upgrade delete deletes", 'aws_cloudwatch_log_group.upgrade["main"] create none']);
  });

  test(`count added with a moved block naming the resource: the written move wins, no implied one (${IMPLIED_MOVES}: haveMoveStatementForResource)`, () => {
    const r = review(none, (p) => { logs(p).upgrade.count = 2; p.moved = [{ from: "aws_cloudwatch_log_group.upgrade", to: "aws_cloudwatch_log_group.upgrade[1]" }]; });
    expect(r.code).toBe(0);
    expect(r.lines).toEqual(["aws_cloudwatch_log_group.upgrade[0] create none", "aws_cloudwatch_log_group.upgrade[1] move none"]);
  });

  test(`a moved KMS key, the instance's reference renamed with it: the same object, the same arn, no change (${TF}internal/refactoring/move_execute.go)`, () => {
    const r = review(withKey, (p) => { p.resource.aws_kms_key.storage = key(p); delete p.resource.aws_kms_key.db; db(p).kms_key_id = "${aws_kms_key.storage.arn}";
      p.moved = [{ from: "aws_kms_key.db", to: "aws_kms_key.storage" }]; });
    expect(r.code).toBe(0);
    expect(r.lines).toEqual(["aws_kms_key.storage move none"]);
  });

  test(`count = 1 added to the KMS key and the reference indexed: the implied move keeps the arn (${IMPLIED_MOVES})`, () => {
    const r = review(withKey, (p) => { key(p).count = 1; db(p).kms_key_id = "${aws_kms_key.db[0].arn}"; });
    expect(r.code).toBe(0);
    expect(r.lines).toEqual(["aws_kms_key.db[0] move none"]);
  });

  test(`a moved chain carries the database two steps (${TF}internal/refactoring/move_execute.go:40-45)`, () => {
    const rename = (p: TerraformJson) => { p.resource.aws_db_instance.primary = db(p); delete p.resource.aws_db_instance.checkpoints; };
    const r = review(none, (p) => { rename(p); p.moved = [{ from: "aws_db_instance.checkpoints", to: "aws_db_instance.main" }, { from: "aws_db_instance.main", to: "aws_db_instance.primary" }]; });
    expect(r.code).toBe(0);
    expect(r.report.stacks[0].resources).toEqual([expect.objectContaining({ address: "aws_db_instance.primary", previousAddress: "aws_db_instance.checkpoints", action: "move" })]);
  });

  test(`a whole-resource move onto a resource that has any object is skipped entirely (${MOVE_BLOCKED})`, () => {
    const r = review((p) => { logs(p).a = { ...logs(p).upgrade, name: "/a/${count.index}", count: 2 }; logs(p).b = { ...logs(p).upgrade, name: "/b", for_each: { x: "x" } }; },
      (p) => { delete logs(p).a; logs(p).b = { ...logs(p).upgrade, name: "/b/${count.index}", count: 2 }; p.moved = [{ from: "aws_cloudwatch_log_group.a", to: "aws_cloudwatch_log_group.b" }]; });
    expect(r.code).toBe(1);
    expect(r.lines).toEqual(["aws_cloudwatch_log_group.a[0] delete deletes", "aws_cloudwatch_log_group.a[1] delete deletes",
      'aws_cloudwatch_log_group.b["x"] delete deletes', "aws_cloudwatch_log_group.b[0] create none", "aws_cloudwatch_log_group.b[1] create none"]);
  });

  test(`a moved block carrying one indexed instance to a single resource (${TF}internal/refactoring/move_execute.go:178-195)`, () => {
    const r = review((p) => { logs(p).upgrade.count = 2; logs(p).upgrade.name = "/u/${count.index}"; },
      (p) => { logs(p).upgrade.count = 1; logs(p).kept = { ...logs(p).upgrade, name: "/u/1" }; delete logs(p).kept.count;
        p.moved = [{ from: "aws_cloudwatch_log_group.upgrade[1]", to: "aws_cloudwatch_log_group.kept" }]; });
    expect(r.code).toBe(0);
    expect(r.lines).toEqual(["aws_cloudwatch_log_group.kept move none"]);
  });
});
