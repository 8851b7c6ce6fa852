import { RULES } from "../../review/rules";
import { reviewPlan } from "../../review/run-review";
import { JsonValue, TerraformPlan } from "../../review/terraform-plan";
import { synthProductionStack } from "../support/synth-plan";

/**
 * The default plan passes every rule but the retired engine version the document forces; with a current
 * version it is the base every mutation starts from.
 */
function passingJson(): JsonValue {
  const json = structuredClone(synthProductionStack().plan);
  json.resource.aws_db_instance.checkpoints.engine_version = "15";
  return json;
}

const plan = (json: JsonValue) => new TerraformPlan("checkpoints-db", "memory", json);
const failing = (json: JsonValue) => reviewPlan(plan(json)).results.filter((r) => r.status !== "pass").map((r) => r.id);

type Mutation = (json: JsonValue) => void;
const db = (json: JsonValue) => json.resource.aws_db_instance.checkpoints;
const sg = (json: JsonValue) => json.resource.aws_security_group.checkpoints_db;
const parameter = (json: JsonValue, name: string) =>
  json.resource.aws_db_parameter_group.checkpoints.parameter.find((p: { name: string }) => p.name === name);

/** [rule id, what the mutation does, the mutation]: each must fail that rule and no other. */
const MUTATIONS: Array<[string, string, Mutation]> = [
  ["CKPT-INSTANCE-CLASS", "a bigger class", (j) => { db(j).instance_class = "db.r6g.2xlarge"; }],
  ["CKPT-INSTANCE-CLASS", "an EC2 type", (j) => { db(j).instance_class = "t4g.small"; }],
  ["CKPT-BACKUP-7D", "3-day retention", (j) => { db(j).backup_retention_period = 3; }],
  ["CKPT-BACKUP-7D", "no retention set", (j) => { delete db(j).backup_retention_period; }],
  ["CKPT-SG-APP-SUBNET-ONLY", "0.0.0.0/0 beside the app subnet", (j) => { sg(j).ingress[0].cidr_blocks.push("0.0.0.0/0"); }],
  ["CKPT-SG-APP-SUBNET-ONLY", "::/0", (j) => { sg(j).ingress[0].ipv6_cidr_blocks = ["::/0"]; }],
  ["CKPT-SG-APP-SUBNET-ONLY", "another port", (j) => { sg(j).ingress[0].to_port = 5433; }],
  ["CKPT-SG-APP-SUBNET-ONLY", "all protocols", (j) => { sg(j).ingress[0].protocol = "-1"; }],
  ["CKPT-SG-APP-SUBNET-ONLY", "a security-group source", (j) => { sg(j).ingress[0].security_groups = ["sg-0123456789abcdef0"]; }],
  ["CKPT-SG-APP-SUBNET-ONLY", "a literal CIDR instead of the app subnet", (j) => { sg(j).ingress[0].cidr_blocks = ["10.0.0.0/8"]; }],
  ["CKPT-SG-APP-SUBNET-ONLY", "no ingress at all", (j) => { sg(j).ingress = []; }],
  ["CKPT-SG-APP-SUBNET-ONLY", "no security group on the instance", (j) => { db(j).vpc_security_group_ids = []; }],
  ["CKPT-SG-APP-SUBNET-ONLY", "a separate aws_security_group_rule open to the world", (j) => {
    j.resource.aws_security_group_rule = { world: { type: "ingress", security_group_id: "${aws_security_group.checkpoints_db.id}",
      from_port: 5432, to_port: 5432, protocol: "tcp", cidr_blocks: ["0.0.0.0/0"], description: "temporary" } };
  }],
  ["CKPT-SG-APP-SUBNET-ONLY", "a separate aws_vpc_security_group_ingress_rule on SSH", (j) => {
    j.resource.aws_vpc_security_group_ingress_rule = { ssh: { security_group_id: "${aws_security_group.checkpoints_db.id}",
      from_port: 22, to_port: 22, ip_protocol: "tcp", cidr_ipv4: "${var.app_subnet_cidr}", description: "ssh" } };
  }],
  ["CKPT-NOT-PUBLIC", "publicly accessible", (j) => { db(j).publicly_accessible = true; }],
  ["CKPT-PASSWORD-NOT-LITERAL", "a literal password", (j) => { db(j).password = "hunter2hunter2"; }],
  ["CKPT-PASSWORD-NOT-LITERAL", "a variable that is not sensitive", (j) => { delete j.variable.db_password.sensitive; }],
  ["CKPT-PASSWORD-NOT-LITERAL", "no password source at all", (j) => { delete db(j).password; }],
  ["CKPT-CONNECTION-OUTPUTS", "no port output", (j) => { delete j.output.port; delete j.output.endpoint; delete j.output.connection_url; }],
  ["CKPT-CONNECTION-OUTPUTS", "an output of the password", (j) => { j.output.password = { value: "${var.db_password}", sensitive: true }; }],
  ["CKPT-REFERENCES-RESOLVE", "an undeclared variable", (j) => { sg(j).vpc_id = "${var.vpc}"; }],
  ["CKPT-REFERENCES-RESOLVE", "a resource not in the plan", (j) => { db(j).kms_key_id = "${aws_kms_key.checkpoints.arn}"; }],
  ["CKPT-REFERENCES-RESOLVE", "an attribute the resource type lacks", (j) => { j.output.address.value = "${aws_db_instance.checkpoints.hostname}"; }],
  ["CKPT-ENGINE-RETIRED", "the document's retired 15.4", (j) => { db(j).engine_version = "15.4"; }],
  ["CKPT-FINAL-SNAPSHOT", "no final snapshot", (j) => { db(j).skip_final_snapshot = true; }],
  ["CKPT-FINAL-SNAPSHOT", "a final snapshot without a name", (j) => { delete db(j).final_snapshot_identifier; }],
  ["CKPT-KEEP-AUTOMATED-BACKUPS", "backups deleted with the instance", (j) => { db(j).delete_automated_backups = true; }],
  ["CKPT-CONNECTION-LOGGING", "connections not logged", (j) => { parameter(j, "log_connections").value = "0"; }],
  ["CKPT-CONNECTION-LOGGING", "disconnections not logged", (j) => {
    const group = j.resource.aws_db_parameter_group.checkpoints;
    group.parameter = group.parameter.filter((p: { name: string }) => p.name !== "log_disconnections");
  }],
  ["CKPT-LOG-RETENTION", "a log group without retention", (j) => { delete j.resource.aws_cloudwatch_log_group.upgrade.retention_in_days; }],
  ["CKPT-LOG-RETENTION", "an exported log with no log group", (j) => { delete j.resource.aws_cloudwatch_log_group.upgrade;
    db(j).depends_on = ["aws_cloudwatch_log_group.postgresql"]; }],
  ["CKPT-MAINTENANCE-WINDOW", "no maintenance window", (j) => { delete db(j).maintenance_window; }],
  ["CKPT-MAINTENANCE-WINDOW", "a maintenance window over the backups", (j) => { db(j).maintenance_window = "mon:03:30-mon:04:00"; }],
  ["CKV_AWS_16", "unencrypted storage", (j) => { db(j).storage_encrypted = false; }],
  ["CKV_AWS_157", "single-AZ", (j) => { db(j).multi_az = false; }],
  ["CKV_AWS_129", "no log exports", (j) => { delete db(j).enabled_cloudwatch_logs_exports; }],
  ["CKV_AWS_118", "no enhanced monitoring", (j) => { db(j).monitoring_interval = 0; }],
  ["CKV_AWS_118", "monitoring without its role", (j) => { delete db(j).monitoring_role_arn; }],
  ["CKV_AWS_161", "no IAM authentication", (j) => { db(j).iam_database_authentication_enabled = false; }],
  ["CKV_AWS_293", "no deletion protection", (j) => { db(j).deletion_protection = false; }],
  ["CKV_AWS_226", "minor upgrades off", (j) => { db(j).auto_minor_version_upgrade = false; }],
  ["CKV_AWS_353", "no Performance Insights", (j) => { delete db(j).performance_insights_enabled; }],
  ["CKV_AWS_211", "the retired rds-ca-2019", (j) => { db(j).ca_cert_identifier = "rds-ca-2019"; }],
  ["CKV2_AWS_60", "tags not copied to snapshots", (j) => { db(j).copy_tags_to_snapshot = false; }],
  ["CKV2_AWS_69", "force_ssl 0", (j) => { parameter(j, "rds.force_ssl").value = "0"; }],
  ["CKV2_AWS_69", "rds.force_ssl not set", (j) => {
    const group = j.resource.aws_db_parameter_group.checkpoints;
    group.parameter = group.parameter.filter((p: { name: string }) => p.name !== "rds.force_ssl");
  }],
  ["CKV_AWS_23", "a rule without a description", (j) => { delete sg(j).egress[0].description; }],
  ["CKV_AWS_23", "the provider's placeholder description", (j) => { sg(j).description = "Managed by Terraform"; }],
];

describe("the review rules", () => {
  test("the default plan with a current engine version passes every rule", () => {
    expect(failing(passingJson())).toEqual([]);
  });

  test.each(MUTATIONS)("%s fails, alone, for %s", (ruleId, _what, mutate) => {
    const json = passingJson();
    mutate(json);
    expect(failing(json)).toEqual([ruleId]);
  });

  test("every rule has at least one mutation that fails it", () => {
    const covered = new Set(MUTATIONS.map(([id]) => id));
    expect(RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  test("every rule has an id, a one-line description, a severity and a source", () => {
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^(CKPT-[A-Z0-9-]+|CKV2?_AWS_\d+)$/);
      expect(rule.description).not.toContain("\n");
      expect(["error", "warning"]).toContain(rule.severity);
      expect(rule.source.length).toBeGreaterThan(5);
    }
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });

  test("a finding names the stack's resource, the attribute, what was found and what is required", () => {
    const json = passingJson();
    db(json).backup_retention_period = 3;
    const result = reviewPlan(plan(json)).results.find((r) => r.id === "CKPT-BACKUP-7D");
    expect(result?.findings).toEqual([{ address: "aws_db_instance.checkpoints", attribute: "backup_retention_period",
      found: "3", required: ">= 7" }]);
  });

  test("the default parameter group fails both the TLS and the connection-logging rule", () => {
    const json = passingJson();
    db(json).parameter_group_name = "default.postgres15";
    expect(failing(json)).toEqual(["CKPT-CONNECTION-LOGGING", "CKV2_AWS_69"]);
  });

  test("a literal password is never echoed in a finding", () => {
    const json = passingJson();
    db(json).password = "hunter2hunter2";
    const result = reviewPlan(plan(json)).results.find((r) => r.id === "CKPT-PASSWORD-NOT-LITERAL");
    expect(JSON.stringify(result)).not.toContain("hunter2");
    expect(result?.findings[0].found).toBe("a literal value (not shown)");
  });
});
