// Change scenarios written from the AWS provider's own v6.25.0 source (hashicorp/terraform-provider-aws, read
// from lonegunmanb/terraform-provider-aws-index@v6.25.0; file and function in each `source`) and the SDK it is
// built on (hashicorp/terraform-plugin-sdk/v2 helper/schema). Each one is a pair of plans (the production stack as
// synthesized, and a change to it), the review's verdict, and the effect per address and attribute.
import { comparePlans, effectLines, jsonReport, productionPlan } from "./change-review-harness";
import { TerraformJson } from "../support/synth-plan";

type Mutation = (plan: TerraformJson) => void;
const db = (p: TerraformJson) => p.resource.aws_db_instance.checkpoints;
const resource = (p: TerraformJson, type: string, name: string) => p.resource[type][name];

interface Scenario {
  readonly name: string;
  /** The provider (or SDK) line that decides the effect. */
  readonly source: string;
  readonly base?: Mutation;
  readonly head: Mutation;
  /** 0: passes; 1: fails (a finding). */
  readonly code: 0 | 1;
  /** effectLines of the report: "address action effect" and "  attribute effect". */
  readonly effects: readonly string[];
  /** The monthly cost must not move (a change the provider does not make costs nothing). */
  readonly noCostDelta?: boolean;
}

const RDS = "internal/service/rds resourceInstance() v6.25.0";
const REGION = "internal/provider/sdkv2 forceNewIfRegionChanges() / defaultRegion() v6.25.0";
const DIFF_STRING = "terraform-plugin-sdk/v2 helper/schema schemaMap.diffString: `if removed && schema.Computed { return nil }`";
const DB = "aws_db_instance.checkpoints";
const dbReplaced = (attribute: string) => [`${DB} replace replaces`, `  ${attribute} replaces`];

const SCENARIOS: readonly Scenario[] = [
  // --- region: injected on every regional resource in 6.x, ForceNew through a CustomizeDiff ---
  { name: "the database's region set to another region replaces it", source: REGION,
    head: (p) => { db(p).region = "us-west-2"; }, code: 1, effects: dbReplaced("region") },
  { name: "the database's region set to the provider's own region is no change", source: `${REGION}: defaultRegion() plans the provider's region when none is set`,
    head: (p) => { db(p).region = "us-east-1"; }, code: 0, effects: [] },
  { name: "a region removed from the database, where it named the provider's region, is no change", source: REGION,
    base: (p) => { db(p).region = "us-east-1"; }, head: (p) => { delete db(p).region; }, code: 0, effects: [] },
  // Code 1: the group is replaced without create_before_destroy while the instance still uses it, so Terraform's
  // destroy-first fails (DependencyViolation): change-review/apply-refusals.ts.
  { name: "the security group's region replaces the group (the instance's vpc_security_group_ids then changes in place)", source: `${REGION}; internal/service/ec2 resourceSecurityGroup()`,
    head: (p) => { resource(p, "aws_security_group", "checkpoints_db").region = "eu-west-1"; }, code: 1,
    effects: [`${DB} update immediate`, "  vpc_security_group_ids immediate", "aws_security_group.checkpoints_db replace replaces", "  region replaces"] },
  // The instance names the group by its configured name, which stays known (Terraform plans it as written):
  // no change on the instance. Code 1: destroy-first of a group in use (InvalidDBSubnetGroupStateFault).
  { name: "the subnet group's region replaces the group; the instance keeps its name, and the destroy-first apply fails", source: `${REGION}; internal/service/rds resourceSubnetGroup()`,
    head: (p) => { resource(p, "aws_db_subnet_group", "checkpoints").region = "eu-west-1"; }, code: 1,
    effects: ["aws_db_subnet_group.checkpoints replace replaces", "  region replaces"] },
  { name: "the parameter group's region replaces the group, and the instance takes the new one (a reboot)", source: `${REGION}; internal/service/rds resourceParameterGroup()`,
    head: (p) => { resource(p, "aws_db_parameter_group", "checkpoints").region = "eu-west-1"; }, code: 0,
    effects: [`${DB} update reboot`, "  parameter_group_name reboot", "aws_db_parameter_group.checkpoints replace replaces", "  region replaces"] },
  { name: "a log group's region replaces the log group: its events are lost, the review fails", source: `${REGION}; internal/service/logs resourceGroup()`,
    head: (p) => { resource(p, "aws_cloudwatch_log_group", "postgresql").region = "eu-west-1"; }, code: 1,
    effects: ["aws_cloudwatch_log_group.postgresql replace replaces", "  region replaces"] },
  { name: "the provider's region changed replaces every regional resource, and no IAM one (IAM is global: ResourceRegionDisabled)",
    source: `${REGION}; internal/service/iam servicePackage.SDKResources: aws_iam_role Region ResourceRegionDisabled()`,
    head: (p) => { p.provider.aws[0].region = "us-west-2"; }, code: 1,
    effects: ["aws_cloudwatch_log_group.postgresql replace replaces", "  region replaces", "aws_cloudwatch_log_group.upgrade replace replaces", "  region replaces",
      `${DB} replace replaces`, "  parameter_group_name reboot", "  region replaces", "  vpc_security_group_ids immediate",
      "aws_db_parameter_group.checkpoints replace replaces", "  region replaces", "aws_db_subnet_group.checkpoints replace replaces", "  region replaces",
      "aws_security_group.checkpoints_db replace replaces", "  region replaces"] },

  // --- ForceNew arguments the 5.x-era table missed or had wrong ---
  { name: "backup_target is ForceNew", source: `${RDS}: backup_target ForceNew: true`,
    head: (p) => { db(p).backup_target = "outposts"; }, code: 1, effects: dbReplaced("backup_target") },
  { name: "the master username stays ForceNew", source: `${RDS}: username ForceNew: true`,
    head: (p) => { db(p).username = "owner"; }, code: 1, effects: dbReplaced("username") },
  { name: "identifier is not ForceNew: a rename in place, with the reboot RDS does for it", source: `${RDS}: identifier Optional, Computed; dbInstancePopulateModify NewDBInstanceIdentifier; RDS API reference NewDBInstanceIdentifier`,
    head: (p) => { db(p).identifier = "checkpoints-db-2"; }, code: 0, effects: [`${DB} update reboot`, "  identifier reboot"] },
  { name: "aws_db_instance.name no longer exists: reported as an argument the provider does not have, never passed", source: `${RDS}: no name key in the schema`,
    head: (p) => { db(p).name = "checkpoints"; }, code: 1, effects: [`${DB} update unknown`, "  name unknown"] },

  // --- in-place arguments the 5.x-era table did not know ---
  { name: "blue_green_update is sent to nobody: it only chooses how later changes are applied", source: `${RDS}; resourceInstanceUpdate HasChangesExcept("blue_green_update", ...)`,
    head: (p) => { db(p).blue_green_update = [{ enabled: true }]; }, code: 0, effects: [`${DB} update none`, "  blue_green_update none"] },
  { name: "option_group_name: in place at the maintenance window", source: `${RDS}; dbInstancePopulateModify OptionGroupName; RDS API reference ModifyDBInstance OptionGroupName`,
    head: (p) => { db(p).option_group_name = "checkpoints-options"; }, code: 0, effects: [`${DB} update maintenance-window`, "  option_group_name maintenance-window"] },
  { name: "upgrade_storage_config is read at create only", source: `${RDS}; resourceInstanceCreate reads upgrade_storage_config; dbInstancePopulateModify does not`,
    head: (p) => { db(p).upgrade_storage_config = true; }, code: 0, effects: [`${DB} update none`, "  upgrade_storage_config none"] },
  { name: "engine_lifecycle_support is never sent on update", source: `${RDS}; dbInstancePopulateModify has no EngineLifecycleSupport`,
    head: (p) => { db(p).engine_lifecycle_support = "open-source-rds-extended-support-disabled"; }, code: 0,
    effects: [`${DB} update none`, "  engine_lifecycle_support none"] },
  { name: "password_wo_version sends the write-only password: in place, immediately", source: `${RDS}; dbInstancePopulateModify: HasChange("password_wo_version") -> MasterUserPassword`,
    base: (p) => { delete db(p).password; db(p).password_wo = "${var.db_password}"; db(p).password_wo_version = 1; },
    head: (p) => { delete db(p).password; db(p).password_wo = "${var.db_password}"; db(p).password_wo_version = 2; }, code: 0,
    effects: [`${DB} update immediate`, "  password_wo_version immediate"] },
  { name: "a new password_wo without a new password_wo_version is no change (write-only: never planned)", source: `${RDS}: password_wo WriteOnly: true`,
    base: (p) => { delete db(p).password; db(p).password_wo = "first"; db(p).password_wo_version = 1; },
    head: (p) => { delete db(p).password; db(p).password_wo = "second"; db(p).password_wo_version = 1; }, code: 0, effects: [] },
  { name: "a log group's deletion_protection_enabled changes in place", source: "internal/service/logs resourceGroup() deletion_protection_enabled Optional, Computed; resourceGroupUpdate v6.25.0",
    head: (p) => { resource(p, "aws_cloudwatch_log_group", "postgresql").deletion_protection_enabled = true; }, code: 0,
    effects: ["aws_cloudwatch_log_group.postgresql update immediate", "  deletion_protection_enabled immediate"] },

  // --- the provider's diff rules: a change that is no change ---
  { name: "engine = \"Postgres\" is the same engine (StateFunc lower-cases it): no replacement", source: `${RDS}: engine StateFunc strings.ToLower`,
    head: (p) => { db(p).engine = "Postgres"; }, code: 0, effects: [], noCostDelta: true },
  { name: "a maintenance window in capitals is the same window (StateFunc lower-cases it)", source: `${RDS}: maintenance_window StateFunc strings.ToLower`,
    head: (p) => { db(p).maintenance_window = "Sun:04:30-Sun:05:30"; }, code: 0, effects: [] },
  { name: "shrinking allocated_storage below the current size while autoscaling reaches above it is suppressed, at no cost", source: `${RDS}: allocated_storage DiffSuppressFunc oldInt > newInt && mas > newInt`,
    head: (p) => { db(p).allocated_storage = 50; }, code: 0, effects: [], noCostDelta: true },
  { name: "shrinking allocated_storage below max_allocated_storage too is a real change", source: `${RDS}: allocated_storage DiffSuppressFunc needs mas > newInt`,
    head: (p) => { db(p).allocated_storage = 50; db(p).max_allocated_storage = 40; }, code: 0,
    effects: [`${DB} update maintenance-window`, "  allocated_storage maintenance-window", "  max_allocated_storage immediate"] },
  { name: "max_allocated_storage newly set equal to allocated_storage is suppressed (autoscaling stays off)", source: `${RDS}: max_allocated_storage DiffSuppressFunc old == "0" && new == allocated_storage`,
    base: (p) => { delete db(p).max_allocated_storage; }, head: (p) => { db(p).max_allocated_storage = db(p).allocated_storage; }, code: 0, effects: [] },
  { name: "removing db_name (Optional+Computed) keeps the database: no replacement", source: `${RDS}: db_name Optional, Computed, ForceNew; ${DIFF_STRING}`,
    head: (p) => { delete db(p).db_name; }, code: 0, effects: [] },
  { name: "removing engine_version (Optional+Computed) keeps the running version", source: `${RDS}: engine_version Optional, Computed; ${DIFF_STRING}`,
    head: (p) => { delete db(p).engine_version; }, code: 0, effects: [] },
  { name: "removing username (Optional+Computed, ForceNew) keeps the master user: no replacement", source: `${RDS}: username Optional, Computed, ForceNew; ${DIFF_STRING}`,
    head: (p) => { delete db(p).username; }, code: 0, effects: [] },
  { name: "removing the security group's ingress (Optional+Computed) leaves the rules as they are", source: `internal/service/ec2 securityGroupRuleSetNestedBlock Optional, Computed; ${DIFF_STRING}`,
    head: (p) => { delete resource(p, "aws_security_group", "checkpoints_db").ingress; }, code: 0, effects: [] },
  { name: "ingress = [] (set, not removed) deletes the rules in place", source: "internal/service/ec2 resourceSecurityGroupUpdate: rules revoked in place",
    head: (p) => { resource(p, "aws_security_group", "checkpoints_db").ingress = []; }, code: 0,
    effects: ["aws_security_group.checkpoints_db update immediate", "  ingress immediate"] },
  { name: "protocol \"6\" is tcp to the provider: no change to the rule", source: "internal/service/ec2 protocolForValue / securityGroupRuleHash v6.25.0",
    head: (p) => { resource(p, "aws_security_group", "checkpoints_db").ingress[0].protocol = "6"; }, code: 0, effects: [] },
  { name: "removing copy_tags_to_snapshot = true sets its Default, false: a real change", source: `${RDS}: copy_tags_to_snapshot Optional, Default: false`,
    head: (p) => { delete db(p).copy_tags_to_snapshot; }, code: 0, effects: [`${DB} update immediate`, "  copy_tags_to_snapshot immediate"] },
  { name: "removing the security group's description, which was the Default, is no change", source: "internal/service/ec2 resourceSecurityGroup() description ForceNew, Default \"Managed by Terraform\"",
    base: (p) => { resource(p, "aws_security_group", "checkpoints_db").description = "Managed by Terraform"; },
    head: (p) => { delete resource(p, "aws_security_group", "checkpoints_db").description; }, code: 0, effects: [] },
  { name: "removing the security group's own description falls back to the Default: ForceNew, a replacement", source: "internal/service/ec2 resourceSecurityGroup() description ForceNew, Default \"Managed by Terraform\"",
    head: (p) => { delete resource(p, "aws_security_group", "checkpoints_db").description; }, code: 1, // destroy-first of a group in use
    effects: [`${DB} update immediate`, "  vpc_security_group_ids immediate", "aws_security_group.checkpoints_db replace replaces", "  description replaces"] },
  { name: "an assume-role policy with another key order and a one-element Action array is the same policy", source: "internal/service/iam resourceRole() assume_role_policy DiffSuppressFunc verify.SuppressEquivalentPolicyDiffs",
    head: (p) => {
      resource(p, "aws_iam_role", "monitoring").assume_role_policy = JSON.stringify({ Statement: [{ Action: ["sts:AssumeRole"], Principal: { Service: "monitoring.rds.amazonaws.com" }, Effect: "Allow" }], Version: "2012-10-17" }, null, 2);
    }, code: 0, effects: [] },
  { name: "an assume-role policy for another service is a real change, in place", source: "internal/service/iam resourceRole() assume_role_policy: awspolicy.PoliciesAreEquivalent is false",
    head: (p) => {
      const role = resource(p, "aws_iam_role", "monitoring");
      role.assume_role_policy = role.assume_role_policy.replace("monitoring.rds.amazonaws.com", "rds.amazonaws.com");
    }, code: 0, effects: ["aws_iam_role.monitoring update immediate", "  assume_role_policy immediate"] },
  { name: "engine = \"MySQL\" is another engine even lower-cased: a replacement", source: `${RDS}: engine ForceNew, StateFunc strings.ToLower("MySQL") = "mysql" != "postgres"`,
    head: (p) => { db(p).engine = "MySQL"; }, code: 1, effects: dbReplaced("engine") },
  { name: "a maintenance window on another day is a real change", source: `${RDS}: maintenance_window StateFunc strings.ToLower; values still differ`,
    head: (p) => { db(p).maintenance_window = "Mon:04:30-Mon:05:30"; }, code: 0, effects: [`${DB} update immediate`, "  maintenance_window immediate"] },
  { name: "growing allocated_storage is never suppressed", source: `${RDS}: allocated_storage DiffSuppressFunc only when oldInt > newInt`,
    head: (p) => { db(p).allocated_storage = 150; }, code: 0, effects: [`${DB} update maintenance-window`, "  allocated_storage maintenance-window"] },
  { name: "a parameter's apply_method written as its Default (\"IMMEDIATE\") is no change", source: "internal/service/rds resourceParameterGroup() apply_method Default immediate; parameterHash lower-cases it v6.25.0",
    head: (p) => { resource(p, "aws_db_parameter_group", "checkpoints").parameter[0].apply_method = "IMMEDIATE"; }, code: 0, effects: [] },
  { name: "a DELIVERY-class log group's retention is suppressed while the class stays DELIVERY", source: "internal/service/logs resourceGroup() retention_in_days DiffSuppressFunc v6.25.0",
    base: (p) => { resource(p, "aws_cloudwatch_log_group", "upgrade").log_group_class = "DELIVERY"; },
    head: (p) => { resource(p, "aws_cloudwatch_log_group", "upgrade").retention_in_days = 7; }, code: 0, effects: [] },
  { name: "the same retention change on a STANDARD log group is real: older events go", source: "internal/service/logs resourceGroup() retention_in_days DiffSuppressFunc v6.25.0",
    head: (p) => { resource(p, "aws_cloudwatch_log_group", "upgrade").retention_in_days = 7; }, code: 0,
    effects: ["aws_cloudwatch_log_group.upgrade update immediate", "  retention_in_days immediate"] },
  { name: "a database on an aliased provider follows that provider's region", source: REGION,
    base: (p) => { p.provider.aws.push({ alias: "east", region: "us-east-1" }); db(p).provider = "aws.east"; },
    head: (p) => { p.provider.aws[1].region = "us-east-2"; }, code: 1, effects: dbReplaced("region") },
];

function review(scenario: Scenario) {
  const before = productionPlan();
  scenario.base?.(before);
  const after = JSON.parse(JSON.stringify(before)) as TerraformJson;
  scenario.head(after);
  const run = comparePlans(before, after, ["--format", "json"]);
  return { run, report: jsonReport(run) };
}

describe("provider 6.25 scenarios: the review's verdict and effect per address", () => {
  test("there are at least 25, each citing its source", () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(25);
    for (const s of SCENARIOS) expect(s.source).toMatch(/v6\.25\.0|terraform-plugin-sdk|internal\//);
  });

  test.each(SCENARIOS.map((s) => [s.name, s] as const))("%s", (_name, scenario) => {
    const { run, report } = review(scenario);
    expect({ effects: effectLines(report), code: run.code }).toEqual({ effects: scenario.effects, code: scenario.code });
    if (scenario.noCostDelta) {
      const costs = (report as unknown as { costs: { text: string; deltaUsd?: number }[] }).costs;
      expect(costs.map((c) => [c.text, c.deltaUsd])).toEqual([["no change to the monthly cost", 0]]);
    }
  });

  test("the missing argument says why: the provider has no such argument", () => {
    const { report } = review(SCENARIOS.find((s) => s.name.startsWith("aws_db_instance.name"))!);
    const name = report.stacks[0].resources[0].attributes.find((a) => a.attribute === "name")!;
    expect(name.detail).toBe('aws_db_instance has no argument name in provider 6.25.0 (removed in provider 5.0.0; the database name is db_name): ' +
      'terraform plan fails with "Unsupported argument"');
  });

  test("a region change says which region and that it cannot change in place", () => {
    const { report } = review(SCENARIOS[0]);
    expect(report.stacks[0].resources[0].attributes[0]).toMatchObject({ attribute: "region", before: "us-east-1", after: "us-west-2", effect: "replaces" });
  });
});
