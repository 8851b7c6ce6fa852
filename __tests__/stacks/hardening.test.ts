import * as fs from "node:fs";
import * as path from "node:path";
import { Testing } from "cdktf";
import { CheckpointsDbStack } from "../../stacks/checkpoints-db-stack";
import { resolveAppSettings } from "../../config/load-settings";
import { synthesizedPlanDir, synthProductionStack, TerraformJson } from "../support/synth-plan";

const { plan } = synthProductionStack();
const instance = plan.resource.aws_db_instance.checkpoints;

describe("hardening the document's constraints ask for, on by default", () => {
  test.each([
    ["deletion_protection", true],
    ["skip_final_snapshot", false],
    ["final_snapshot_identifier", "checkpoints-db-final"],
    ["copy_tags_to_snapshot", true],
    ["delete_automated_backups", false],
    ["parameter_group_name", "${aws_db_parameter_group.checkpoints.name}"],
    ["enabled_cloudwatch_logs_exports", ["postgresql", "upgrade"]],
    ["performance_insights_enabled", true],
    ["performance_insights_retention_period", 7],
    ["monitoring_interval", 60],
    ["monitoring_role_arn", "${aws_iam_role.monitoring.arn}"],
    ["iam_database_authentication_enabled", true],
    ["ca_cert_identifier", "rds-ca-rsa2048-g1"],
    ["auto_minor_version_upgrade", true],
    ["maintenance_window", "sun:04:30-sun:05:30"],
  ])("aws_db_instance.checkpoints.%s = %j", (attribute, value) => {
    expect(instance[attribute]).toEqual(value);
  });

  test("the parameter group logs connections, slow statements and forces TLS, and is replaced before destroyed", () => {
    expect(plan.resource.aws_db_parameter_group.checkpoints).toMatchObject({
      family: "postgres15", name_prefix: "checkpoints-db-", lifecycle: { create_before_destroy: true },
      parameter: [
        { name: "log_connections", value: "1" }, { name: "log_disconnections", value: "1" },
        { name: "log_min_duration_statement", value: "1000" }, { name: "rds.force_ssl", value: "1" },
      ],
    });
  });

  test("the stack creates both log groups, with a retention, before the instance exports to them", () => {
    expect(plan.resource.aws_cloudwatch_log_group).toMatchObject({
      postgresql: { name: "/aws/rds/instance/checkpoints-db/postgresql", retention_in_days: 30 },
      upgrade: { name: "/aws/rds/instance/checkpoints-db/upgrade", retention_in_days: 30 },
    });
    expect(instance.depends_on).toEqual(["aws_cloudwatch_log_group.postgresql", "aws_cloudwatch_log_group.upgrade"]);
  });

  test("enhanced monitoring has its role, assumable by RDS monitoring only, in the account's partition", () => {
    const role = plan.resource.aws_iam_role.monitoring;
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      { Effect: "Allow", Principal: { Service: "monitoring.rds.amazonaws.com" }, Action: "sts:AssumeRole" }]);
    expect(plan.resource.aws_iam_role_policy_attachment.monitoring.policy_arn)
      .toBe("arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole");
  });

  test("the security group's rules carry descriptions", () => {
    const group = plan.resource.aws_security_group.checkpoints_db;
    expect(group.ingress[0].description).toBe("PostgreSQL from the application subnet (app_subnet_cidr) only");
    expect(group.egress[0].description).toBe("All outbound");
  });

  test("each hardening can be configured, and off means off", () => {
    const { plan: relaxed } = synthProductionStack({
      deletionProtection: false, finalSnapshot: false, keepAutomatedBackups: false, monitoringIntervalSeconds: 0,
      iamDatabaseAuthentication: false, logRetentionDays: 365, logMinDurationStatementMs: -1,
      maintenanceWindow: "wed:05:00-wed:05:30", caCertIdentifier: "rds-ca-ecc384-g1", performanceInsightsRetentionDays: 31,
    });
    const db = relaxed.resource.aws_db_instance.checkpoints;
    expect(db).toMatchObject({ deletion_protection: false, skip_final_snapshot: true, delete_automated_backups: true,
      monitoring_interval: 0, iam_database_authentication_enabled: false, maintenance_window: "wed:05:00-wed:05:30",
      ca_cert_identifier: "rds-ca-ecc384-g1", performance_insights_retention_period: 31 });
    expect(db).not.toHaveProperty("final_snapshot_identifier");
    expect(db).not.toHaveProperty("monitoring_role_arn");
    expect(relaxed.resource.aws_iam_role).toBeUndefined();
    expect(relaxed.resource.aws_cloudwatch_log_group.postgresql.retention_in_days).toBe(365);
    expect(relaxed.resource.aws_db_parameter_group.checkpoints.parameter[2]).toEqual({ name: "log_min_duration_statement", value: "-1" });
  });

  test("a customer KMS key for Performance Insights is planned when set, and absent by default (CKV_AWS_354 suppressed)", () => {
    const key = "arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-0000-4000-8000-000000000000";
    expect(instance).not.toHaveProperty("performance_insights_kms_key_id");
    const { plan: keyed } = synthProductionStack({ performanceInsightsKmsKeyId: key });
    expect(keyed.resource.aws_db_instance.checkpoints.performance_insights_kms_key_id).toBe(key);
  });
});

describe("password sources", () => {
  test("variable (the document's): password = var.db_password, sensitive", () => {
    expect(instance.password).toBe("${var.db_password}");
    expect(plan.variable.db_password).toMatchObject({ sensitive: true });
    expect(plan.variable.db_password).not.toHaveProperty("ephemeral");
  });

  test("write-only: password_wo from an ephemeral variable, with a version to bump", () => {
    const { plan: wo } = synthProductionStack({ passwordSource: "write-only" });
    const db = wo.resource.aws_db_instance.checkpoints;
    expect(db).toMatchObject({ password_wo: "${var.db_password}", password_wo_version: "${var.db_password_version}" });
    expect(db).not.toHaveProperty("password");
    expect(wo.variable.db_password).toMatchObject({ sensitive: true, ephemeral: true });
    expect(wo.variable.db_password_version).toMatchObject({ type: "number", default: 1 });
  });

  test("rds-managed: RDS keeps the secret; no password variable; the secret's ARN is an output", () => {
    const { plan: managed } = synthProductionStack({ passwordSource: "rds-managed" });
    const db = managed.resource.aws_db_instance.checkpoints;
    expect(db.manage_master_user_password).toBe(true);
    expect(db).not.toHaveProperty("password");
    expect(managed.variable).not.toHaveProperty("db_password");
    expect(managed.output.master_user_secret_arn.value).toBe("${aws_db_instance.checkpoints.master_user_secret[0].secret_arn}");
  });
});

describe("environments", () => {
  const context = { environments: { production: {}, staging: { instanceClass: "db.t4g.micro", multiAz: false } } };

  function synthAll(ctx: unknown, env: Record<string, string> = {}): Record<string, TerraformJson> {
    const outdir = synthesizedPlanDir(ctx, env);
    return Object.fromEntries(fs.readdirSync(path.join(outdir, "stacks")).map((stack) =>
      [stack, JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"))]));
  }

  test("production keeps checkpoints-db; staging is a second stack with its own names, state and cheaper settings", () => {
    const stacks = synthAll(context);
    expect(Object.keys(stacks).sort()).toEqual(["checkpoints-db", "checkpoints-db-staging"]);
    const staging = stacks["checkpoints-db-staging"];
    expect(staging.resource.aws_db_instance.checkpoints).toMatchObject({
      identifier: "checkpoints-db-staging", instance_class: "db.t4g.micro", multi_az: false,
      tags: { Name: "checkpoints-db-staging", Environment: "staging", Terraform: "true" },
      // the same security posture
      storage_encrypted: true, publicly_accessible: false, deletion_protection: true, backup_retention_period: 7,
    });
    expect(staging.terraform.backend).toEqual({ local: { path: "../../../terraform.checkpoints-db-staging.tfstate" } });
    expect(stacks["checkpoints-db"].resource.aws_db_instance.checkpoints).toMatchObject({
      identifier: "checkpoints-db", instance_class: "db.t4g.small", multi_az: true });
  });

  test("CHECKPOINTS_<ENV>_<FIELD> overrides one environment, CHECKPOINTS_<FIELD> all of them", () => {
    const stacks = synthAll(context, { CHECKPOINTS_STAGING_BACKUP_RETENTION_DAYS: "14", CHECKPOINTS_REGION: "eu-west-1" });
    expect(stacks["checkpoints-db-staging"].resource.aws_db_instance.checkpoints.backup_retention_period).toBe(14);
    expect(stacks["checkpoints-db"].resource.aws_db_instance.checkpoints.backup_retention_period).toBe(7);
    expect(stacks["checkpoints-db"].provider.aws).toEqual([{ region: "eu-west-1" }]);
    expect(stacks["checkpoints-db-staging"].provider.aws).toEqual([{ region: "eu-west-1" }]);
  });

  test("the repository's cdktf.json defines production and staging", () => {
    const cdktfJson = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "cdktf.json"), "utf8"));
    const settings = resolveAppSettings(cdktfJson.context.checkpoints, {});
    expect(settings.environments.map((e) => e.stackName)).toEqual(["checkpoints-db", "checkpoints-db-staging"]);
  });
});

describe("remote state", () => {
  test("an S3 backend per stack: bucket, a key per stack, region, encryption, S3 lock file", () => {
    const app = Testing.app();
    const settings = resolveAppSettings({ stateBackend: { type: "s3", bucket: "acme-terraform-state", region: "us-east-1" } });
    const stack = new CheckpointsDbStack(app, "checkpoints-db", { settings: settings.environments[0].settings,
      stateBackend: settings.stateBackend });
    expect(JSON.parse(Testing.synth(stack)).terraform.backend).toEqual({ s3: {
      bucket: "acme-terraform-state", key: "checkpoints/checkpoints-db/terraform.tfstate", region: "us-east-1",
      encrypt: true, use_lockfile: true } });
  });
});
