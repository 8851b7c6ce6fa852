import { RULES } from "../../review/rules";
import { ReviewedPlan } from "../../plan/reviewed-plan";
import { reviewPlan } from "../../review/run-review";
import { parseConfiguration } from "../../plan";
import { documentPlan, TerraformJson } from "../support/synth-plan";

/** Rules the document's own plan fails, each suppressed in review/suppressions.json with its reason. */
const DOCUMENT_PLAN_SUPPRESSED = ["CKV_AWS_354", "CKV2_AWS_30", "CKV_AWS_382"];

/** The document's plan as the default stack synthesizes it. */
const documentJson = (): TerraformJson => documentPlan();

/**
 * The base every mutation starts from: the document's plan, plus what its suppressed rules ask for
 * (a Performance Insights key, statement logging, narrower egress), so it passes every rule.
 */
function passingJson(): TerraformJson {
  const json = documentJson();
  db(json).performance_insights_kms_key_id = "arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-0000-4000-8000-000000000000";
  json.resource.aws_db_parameter_group.checkpoints.parameter.push({ name: "log_statement", value: "ddl" });
  Object.assign(sg(json).egress[0], { from_port: 443, to_port: 443, protocol: "tcp" });
  return json;
}

export const planOf = (json: unknown, stack = "checkpoints-db") =>
  new ReviewedPlan(stack, "memory.tf.json", parseConfiguration([{ file: "memory.tf.json", text: JSON.stringify(json) }]));
const failing = (json: unknown) => reviewPlan(planOf(json)).results.filter((r) => r.status !== "pass").map((r) => r.id);
const result = (json: unknown, id: string) => reviewPlan(planOf(json)).results.find((r) => r.id === id);

type Mutation = (json: TerraformJson) => void;
function db(json: TerraformJson) { return json.resource.aws_db_instance.checkpoints; }
function sg(json: TerraformJson) { return json.resource.aws_security_group.checkpoints_db; }
const group = (json: TerraformJson) => json.resource.aws_db_parameter_group.checkpoints;
const parameter = (json: TerraformJson, name: string) => group(json).parameter.find((p: { name: string }) => p.name === name);
const dropParameter = (json: TerraformJson, name: string) => {
  group(json).parameter = group(json).parameter.filter((p: { name: string }) => p.name !== name);
};
/** A rule resource on a group this plan does not create: only the every-group checks see it. */
const foreignRule = (json: TerraformJson, rule: Record<string, unknown>) => {
  json.resource.aws_security_group_rule = { foreign: { type: "ingress", security_group_id: "sg-0123456789abcdef0",
    protocol: "tcp", description: "a rule on a group of another team", ...rule } };
};

/** [rule ids that must fail, what the mutation does, the mutation]: exactly those rules, no other. */
const MUTATIONS: Array<[string[], string, Mutation]> = [
  [["CKPT-DATABASE-PRESENT"], "no resource at all", (j) => { for (const k of Object.keys(j)) delete j[k]; j.resource = {}; }],
  [["CKPT-EVERYTHING-INSPECTED"], "a module block", (j) => { j.module = { db: { source: "terraform-aws-modules/rds/aws" } }; }],
  [["CKPT-EVERYTHING-INSPECTED"], "an Aurora cluster beside the instance", (j) => {
    j.resource.aws_rds_cluster = { other: { engine: "aurora-postgresql", storage_encrypted: true } };
  }],
  [["CKPT-INSTANCE-CLASS"], "a bigger class", (j) => { db(j).instance_class = "db.r6g.2xlarge"; }],
  [["CKPT-INSTANCE-CLASS", "CKPT-MAX-CONNECTIONS"], "an EC2 type (its memory unknown: max_connections cannot be evaluated)",
    (j) => { db(j).instance_class = "t4g.small"; }],
  [["CKPT-INSTANCE-CLASS", "CKPT-MAX-CONNECTIONS"], "a micro class (about 85 connections)", (j) => { db(j).instance_class = "db.t4g.micro"; }],
  [["CKPT-MAX-CONNECTIONS"], "max_connections below the minimum in the parameter group", (j) => {
    group(j).parameter.push({ name: "max_connections", value: "50" });
  }],
  [["CKPT-BACKUP-7D"], "3-day retention", (j) => { db(j).backup_retention_period = 3; }],
  [["CKPT-BACKUP-7D"], "3-day retention written as a string", (j) => { db(j).backup_retention_period = "3"; }],
  [["CKPT-BACKUP-7D"], "no retention set", (j) => { delete db(j).backup_retention_period; }],
  [["CKPT-BACKUP-7D"], "retention from a variable without a default", (j) => {
    j.variable.retention = { type: "number" };
    db(j).backup_retention_period = "${var.retention}";
  }],
  [["CKPT-PROVIDER-SCHEMA"], "36-day retention (the provider accepts 0-35; CKPT-BACKUP-7D alone would pass it)",
    (j) => { db(j).backup_retention_period = 36; }],
  [["CKPT-PROVIDER-SCHEMA", "CKV_AWS_118"], "a monitoring interval the provider's enumeration lacks", (j) => { db(j).monitoring_interval = 45; }],
  [["CKPT-PROVIDER-SCHEMA", "CKPT-LOG-RETENTION"], "a log type the provider does not know (and no log group for it)", (j) => { db(j).enabled_cloudwatch_logs_exports.push("postgres"); }],
  [["CKPT-PROVIDER-SCHEMA"], "a rule description with a character EC2 refuses", (j) => { sg(j).ingress[0].description = "app's subnet"; }],
  // RDS for PostgreSQL's storage limits: the provider validates none of them, so terraform plan would pass these.
  [["CKPT-RDS-STORAGE"], "10 GiB of gp3 (RDS's minimum is 20)", (j) => { db(j).allocated_storage = 10; delete db(j).max_allocated_storage; }],
  [["CKPT-RDS-STORAGE"], "io1 without iops", (j) => { db(j).storage_type = "io1"; }],
  [["CKPT-RDS-STORAGE"], "io1 with more than 50 IOPS per GiB", (j) => { Object.assign(db(j), { storage_type: "io1", iops: 6000 }); }],
  [["CKPT-RDS-STORAGE"], "gp3 IOPS below 400 GiB", (j) => { Object.assign(db(j), { iops: 12000 }); }],
  [["CKPT-RDS-STORAGE"], "gp2 with iops", (j) => { Object.assign(db(j), { storage_type: "gp2", iops: 3000 }); }],
  [["CKPT-RDS-STORAGE"], "a magnetic or unknown storage type", (j) => { db(j).storage_type = "sc1"; }],
  [["CKPT-SG-APP-SUBNET-ONLY"], "0.0.0.0/0 beside the app subnet", (j) => { sg(j).ingress[0].cidr_blocks.push("0.0.0.0/0"); }],
  [["CKPT-SG-APP-SUBNET-ONLY"], "::/0", (j) => { sg(j).ingress[0].ipv6_cidr_blocks = ["::/0"]; }],
  [["CKPT-SG-APP-SUBNET-ONLY"], "another port", (j) => { sg(j).ingress[0].to_port = 5433; }],
  // protocol -1 opens every port, and var.app_subnet_cidr (no default) might be 0.0.0.0/0: checkov's rules fail closed.
  [["CKPT-SG-APP-SUBNET-ONLY", "CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260", "CKV_AWS_277"], "all protocols from the app subnet",
    (j) => { sg(j).ingress[0].protocol = "-1"; }],
  [["CKPT-SG-APP-SUBNET-ONLY", "CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260", "CKV_AWS_277"], "all protocols from 0.0.0.0/0 on port 5432 alone",
    (j) => { Object.assign(sg(j).ingress[0], { protocol: "-1", cidr_blocks: ["0.0.0.0/0"] }); }],
  [["CKPT-SG-APP-SUBNET-ONLY"], "a security-group source", (j) => { sg(j).ingress[0].security_groups = ["sg-0123456789abcdef0"]; }],
  [["CKPT-SG-APP-SUBNET-ONLY"], "a literal CIDR instead of the app subnet", (j) => { sg(j).ingress[0].cidr_blocks = ["10.0.0.0/8"]; }],
  [["CKPT-SG-APP-SUBNET-ONLY"], "no ingress at all", (j) => { sg(j).ingress = []; }],
  [["CKPT-SG-APP-SUBNET-ONLY", "CKV2_AWS_5"], "no security group on the instance (the group is then attached to nothing)", (j) => { db(j).vpc_security_group_ids = []; }],
  [["CKPT-SG-APP-SUBNET-ONLY"], "a separate aws_security_group_rule open to the world", (j) => {
    j.resource.aws_security_group_rule = { world: { type: "ingress", security_group_id: "${aws_security_group.checkpoints_db.id}",
      from_port: 5432, to_port: 5432, protocol: "tcp", cidr_blocks: ["0.0.0.0/0"], description: "temporary" } };
  }],
  [["CKPT-SG-APP-SUBNET-ONLY"], "a separate aws_vpc_security_group_ingress_rule on SSH", (j) => {
    j.resource.aws_vpc_security_group_ingress_rule = { ssh: { security_group_id: "${aws_security_group.checkpoints_db.id}",
      from_port: 22, to_port: 22, ip_protocol: "tcp", cidr_ipv4: "10.0.1.0/24", description: "ssh" } };
  }],
  [["CKPT-SG-APP-SUBNET-ONLY", "CKV_AWS_23", "CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260", "CKV_AWS_277"],
    "a dynamic ingress block over a variable: every rule reading ingress cannot evaluate it", (j) => {
    j.variable.extra_rules = { type: "list(number)" };
    sg(j).dynamic = { ingress: { for_each: "${var.extra_rules}", content: { from_port: "${ingress.value}" } } };
  }],
  [["CKPT-NOT-PUBLIC"], "publicly accessible", (j) => { db(j).publicly_accessible = true; }],
  [["CKPT-NOT-PUBLIC"], "publicly accessible written \"true\"", (j) => { db(j).publicly_accessible = "true"; }],
  [["CKPT-NOT-PUBLIC"], "publicly accessible written ${true}", (j) => { db(j).publicly_accessible = "${true}"; }],
  [["CKPT-NOT-PUBLIC"], "publicly accessible from a variable's default", (j) => {
    j.variable.public = { type: "bool", default: true };
    db(j).publicly_accessible = "${var.public}";
  }],
  [["CKPT-NOT-PUBLIC"], "publicly accessible from a function call", (j) => { db(j).publicly_accessible = "${tobool(\"true\")}"; }],
  [["CKPT-PASSWORD-NOT-LITERAL"], "a literal password", (j) => { db(j).password = "hunter2hunter2"; }],
  [["CKPT-PASSWORD-NOT-LITERAL"], "a variable that is not sensitive", (j) => { delete j.variable.db_password.sensitive; }],
  [["CKPT-PASSWORD-NOT-LITERAL"], "a sensitive variable with a literal default", (j) => { j.variable.db_password.default = "hunter2hunter2"; }],
  [["CKPT-PASSWORD-NOT-LITERAL"], "no password source at all", (j) => { delete db(j).password; }],
  [["CKPT-CONNECTION-OUTPUTS"], "no port output", (j) => { delete j.output.port; delete j.output.endpoint; delete j.output.connection_url; }],
  [["CKPT-CONNECTION-OUTPUTS"], "an output of the password", (j) => { j.output.password = { value: "${var.db_password}", sensitive: true }; }],
  [["CKPT-REFERENCES-RESOLVE"], "an undeclared variable", (j) => { sg(j).vpc_id = "${var.vpc}"; }],
  [["CKPT-REFERENCES-RESOLVE"], "a resource not in the plan", (j) => { db(j).kms_key_id = "${aws_kms_key.checkpoints.arn}"; }],
  [["CKPT-REFERENCES-RESOLVE"], "an attribute the resource type lacks", (j) => { j.output.address.value = "${aws_db_instance.checkpoints.hostname}"; }],
  [["CKPT-ENGINE-RETIRED"], "the document's retired 15.4", (j) => { db(j).engine_version = "15.4"; }],
  // rds/postgres-engine-versions.ts: the May 2026 notice retired 14.14-14.17, 16.5-16.8 and 17.1-17.4 too.
  [["CKPT-ENGINE-RETIRED"], "a retired 16.x minor", (j) => { db(j).engine_version = "16.5"; }],
  // Below the table's oldest creatable minors (rds/postgres-engine-versions.ts), and majors RDS does not offer.
  ...["16.1", "14.1", "15.0", "15.1", "17.0", "13.99", "15.14", "10", "19"].map((version): [string[], string, (j: TerraformJson) => void] =>
    [["CKPT-ENGINE-RETIRED"], `${version}, which RDS does not create`, (j) => { db(j).engine_version = version; }]),
  [["CKPT-ENGINE-RETIRED"], "a retired version from a variable's default", (j) => {
    j.variable.engine_version = { default: "15.4" };
    db(j).engine_version = "${var.engine_version}";
  }],
  [["CKPT-ENGINE-RETIRED", "CKV_AWS_226"], "a major-only version with minor upgrades off", (j) => {
    db(j).engine_version = "15";
    db(j).auto_minor_version_upgrade = false;
  }],
  [["CKPT-FINAL-SNAPSHOT"], "no final snapshot", (j) => { db(j).skip_final_snapshot = true; }],
  [["CKPT-FINAL-SNAPSHOT"], "a final snapshot without a name", (j) => { delete db(j).final_snapshot_identifier; }],
  [["CKPT-KEEP-AUTOMATED-BACKUPS"], "backups deleted with the instance", (j) => { db(j).delete_automated_backups = true; }],
  [["CKPT-CONNECTION-LOGGING"], "connections not logged", (j) => { parameter(j, "log_connections").value = "0"; }],
  [["CKPT-CONNECTION-LOGGING"], "disconnections not logged", (j) => { dropParameter(j, "log_disconnections"); }],
  [["CKPT-POSTGRESQL-LOGS"], "only the upgrade log exported", (j) => { db(j).enabled_cloudwatch_logs_exports = ["upgrade"]; }],
  [["CKPT-POSTGRESQL-LOGS", "CKV_AWS_129"], "no log exports", (j) => { delete db(j).enabled_cloudwatch_logs_exports; }],
  [["CKPT-MONITORING-ROLE"], "monitoring without its role", (j) => { delete db(j).monitoring_role_arn; }],
  [["CKPT-TLS-REQUIRED"], "a family outside checkov's list, without force_ssl", (j) => {
    group(j).family = "custom15";
    parameter(j, "rds.force_ssl").value = "0";
  }],
  [["CKPT-TLS-REQUIRED", "CKV2_AWS_69"], "force_ssl 0", (j) => { parameter(j, "rds.force_ssl").value = "0"; }],
  [["CKPT-LOG-RETENTION"], "a log group without retention", (j) => { delete j.resource.aws_cloudwatch_log_group.upgrade.retention_in_days; }],
  [["CKPT-LOG-RETENTION"], "an exported log with no log group", (j) => { delete j.resource.aws_cloudwatch_log_group.upgrade;
    db(j).depends_on = ["aws_cloudwatch_log_group.postgresql"]; }],
  [["CKPT-MAINTENANCE-WINDOW"], "no maintenance window", (j) => { delete db(j).maintenance_window; }],
  [["CKPT-MAINTENANCE-WINDOW"], "a maintenance window over the backups", (j) => { db(j).maintenance_window = "mon:03:30-mon:04:00"; }],
  // rds/windows.ts: RDS refuses a maintenance window under 30 minutes, or on a day it does not know.
  [["CKPT-MAINTENANCE-WINDOW"], "a 10-minute maintenance window", (j) => { db(j).maintenance_window = "sun:04:30-sun:04:40"; }],
  [["CKPT-PROVIDER-SCHEMA", "CKPT-MAINTENANCE-WINDOW"], "a maintenance window on no day RDS knows (the provider refuses it too)", (j) => { db(j).maintenance_window = "xyz:04:30-xyz:05:30"; }],
  [["CKV_AWS_16"], "unencrypted storage", (j) => { db(j).storage_encrypted = false; }],
  [["CKV_AWS_16"], "unencrypted storage written \"false\"", (j) => { db(j).storage_encrypted = "false"; }],
  [["CKV_AWS_157"], "single-AZ", (j) => { db(j).multi_az = false; }],
  [["CKV_AWS_118"], "no enhanced monitoring", (j) => { db(j).monitoring_interval = 0; }],
  [["CKV_AWS_161"], "no IAM authentication", (j) => { db(j).iam_database_authentication_enabled = false; }],
  [["CKV_AWS_293"], "no deletion protection", (j) => { db(j).deletion_protection = false; }],
  [["CKPT-ENGINE-RETIRED", "CKV_AWS_226"], "minor upgrades off with the major-only default version", (j) => { db(j).auto_minor_version_upgrade = false; }],
  [["CKV_AWS_226"], "minor upgrades left unset (checkov fails it)", (j) => { delete db(j).auto_minor_version_upgrade; }],
  [["CKV_AWS_353"], "no Performance Insights", (j) => { delete db(j).performance_insights_enabled; }],
  [["CKV_AWS_354"], "Performance Insights without a customer key", (j) => { delete db(j).performance_insights_kms_key_id; }],
  [["CKV_AWS_211"], "the retired rds-ca-2019", (j) => { db(j).ca_cert_identifier = "rds-ca-2019"; }],
  [["CKV2_AWS_60"], "tags not copied to snapshots", (j) => { db(j).copy_tags_to_snapshot = false; }],
  [["CKV2_AWS_69"], "a MySQL family without require_secure_transport", (j) => { group(j).family = "mysql8.0"; }],
  [["CKV2_AWS_30"], "no statement logging", (j) => { dropParameter(j, "log_statement"); }],
  [["CKV_AWS_23"], "a rule without a description", (j) => { delete sg(j).egress[0].description; }],
  [["CKV_AWS_24"], "SSH open to the world on another group", (j) => foreignRule(j, { from_port: 22, to_port: 22, cidr_blocks: ["0.0.0.0/0"] })],
  [["CKV_AWS_25"], "RDP open to the world on another group", (j) => foreignRule(j, { from_port: 3389, to_port: 3389, cidr_blocks: ["0.0.0.0/0"] })],
  [["CKV_AWS_260"], "HTTP open to IPv6 everywhere on another group", (j) => foreignRule(j, { from_port: "80", to_port: "80", ipv6_cidr_blocks: ["::/0"] })],
  [["CKV_AWS_277"], "port -1 open to the world", (j) => foreignRule(j, { from_port: -1, to_port: -1, protocol: "icmp", cidr_blocks: ["0.0.0.0/0"] })],
  [["CKV_AWS_382"], "all egress to the world (the document's own rule)", (j) => {
    Object.assign(sg(j).egress[0], { from_port: 0, to_port: 0, protocol: "-1" });
  }],
  [["CKV2_AWS_5"], "a group attached to nothing", (j) => {
    j.resource.aws_security_group.spare = { description: "kept for later", vpc_id: "${var.vpc_id}" };
  }],
];

describe("the review rules", () => {
  test("the base plan passes every rule", () => {
    expect(failing(passingJson())).toEqual([]);
  });

  test("the document's plan fails only the rules review/suppressions.json accepts, with their reasons", () => {
    expect(failing(documentJson())).toEqual(DOCUMENT_PLAN_SUPPRESSED.filter((id) => RULES.some((r) => r.id === id))
      .sort((a, b) => RULES.findIndex((r) => r.id === a) - RULES.findIndex((r) => r.id === b)));
  });

  test.each(MUTATIONS)("%j fails, alone, for %s", (ruleIds, _what, mutate) => {
    const json = passingJson();
    mutate(json);
    expect(failing(json)).toEqual(ruleIds);
  });

  test("CKPT-ENGINE-RETIRED on 16.1 says what to set and lists the versions RDS creates", () => {
    const json = passingJson();
    db(json).engine_version = "16.1";
    expect(result(json, "CKPT-ENGINE-RETIRED")?.findings.map((f) => f.required)).toEqual([
      'a version RDS still creates: set engineVersion to "16" (RDS picks its current default 16.x) or to 16.11 or later; ' +
      "RDS creates 11, 12, 13, 14, 15, 16, 17, 18 (a major alone: RDS picks its current default minor), or 14.20 or later, " +
      "15.15 or later, 16.11 or later, 17.7 or later (rds/postgres-engine-versions.ts, checked 2026-11-29); " +
      "`aws rds describe-db-engine-versions --engine postgres` lists your region's"]);
  });

  test("every rule has at least one mutation that fails it", () => {
    const covered = new Set(MUTATIONS.flatMap(([ids]) => ids));
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

  test("every rule id the gate had before is kept (suppressions name them)", () => {
    const ids = RULES.map((r) => r.id);
    for (const id of ["CKPT-INSTANCE-CLASS", "CKPT-BACKUP-7D", "CKPT-SG-APP-SUBNET-ONLY", "CKPT-NOT-PUBLIC", "CKPT-PASSWORD-NOT-LITERAL",
      "CKPT-CONNECTION-OUTPUTS", "CKPT-REFERENCES-RESOLVE", "CKPT-ENGINE-RETIRED", "CKPT-FINAL-SNAPSHOT", "CKPT-KEEP-AUTOMATED-BACKUPS",
      "CKPT-CONNECTION-LOGGING", "CKPT-LOG-RETENTION", "CKPT-MAINTENANCE-WINDOW", "CKV_AWS_16", "CKV_AWS_157", "CKV_AWS_129",
      "CKV_AWS_118", "CKV_AWS_161", "CKV_AWS_293", "CKV_AWS_226", "CKV_AWS_353", "CKV_AWS_211", "CKV2_AWS_60", "CKV2_AWS_69", "CKV_AWS_23"]) {
      expect(ids).toContain(id);
    }
  });

  test("a finding names the stack's resource, the attribute, what was found and what is required", () => {
    const json = passingJson();
    db(json).backup_retention_period = 3;
    expect(result(json, "CKPT-BACKUP-7D")?.findings).toEqual([{ address: "aws_db_instance.checkpoints", attribute: "backup_retention_period",
      found: "3", required: ">= 7", location: { file: "memory.tf.json", line: 1, column: expect.any(Number) } }]);
  });

  test("a value from a variable's default says so; an unknown one says it cannot be evaluated", () => {
    const json = passingJson();
    json.variable.public = { type: "bool", default: "true" };
    db(json).publicly_accessible = "${var.public}";
    expect(result(json, "CKPT-NOT-PUBLIC")?.findings).toEqual([{ address: "aws_db_instance.checkpoints", attribute: "publicly_accessible",
      found: "true", from: "the default of var.public", required: "false", location: expect.anything() }]);
    delete json.variable.public.default;
    expect(result(json, "CKPT-NOT-PUBLIC")?.findings).toEqual([{ address: "aws_db_instance.checkpoints", attribute: "publicly_accessible",
      found: { unknown: "${var.public}" }, required: "false", location: expect.anything() }]);
  });

  test("a for_each the gate cannot evaluate fails closed; a literal one is its instances", () => {
    const json = passingJson();
    json.variable.dbs = { type: "map(any)" };
    db(json).for_each = "${var.dbs}";
    expect(result(json, "CKV_AWS_16")?.findings).toContainEqual({ address: "aws_db_instance.checkpoints", attribute: "for_each",
      found: { unknown: "${var.dbs}" }, required: "a for_each the gate can evaluate (a literal)", location: expect.anything() });
    const literal = passingJson();
    db(literal).for_each = { a: { public: false }, b: { public: true } };
    db(literal).publicly_accessible = "${each.value.public}";
    expect(result(literal, "CKPT-NOT-PUBLIC")?.findings).toEqual([{ address: 'aws_db_instance.checkpoints["b"]',
      attribute: "publicly_accessible", found: "true", required: "false", location: expect.anything() }]);
  });

  test("booleans and numbers written as strings read as Terraform converts them: the plan still passes", () => {
    const json = passingJson();
    const stringify = (o: Record<string, unknown>) => {
      for (const [k, v] of Object.entries(o)) {
        if (typeof v === "boolean" || typeof v === "number") o[k] = String(v);
        else if (v && typeof v === "object") stringify(v as Record<string, unknown>);
      }
    };
    stringify(json.resource);
    expect(failing(json)).toEqual([]);
  });

  test("the default parameter group fails TLS, connection logging and query logging, but not checkov's CKV2_AWS_69", () => {
    const json = passingJson();
    db(json).parameter_group_name = "default.postgres15";
    expect(failing(json)).toEqual(["CKPT-CONNECTION-LOGGING", "CKPT-TLS-REQUIRED", "CKV2_AWS_30"]);
  });

  test("an engine named like an Object property is an engine, not a crash", () => {
    const json = passingJson();
    db(json).engine = "toString";
    expect(() => reviewPlan(planOf(json))).not.toThrow();
    // Only the capacity rule reads the engine's meaning: the default formula it knows is PostgreSQL's, so it cannot evaluate.
    expect(failing(json)).toEqual(["CKPT-MAX-CONNECTIONS"]);
  });

  test("a literal password is never echoed in a finding", () => {
    for (const mutate of [(j: TerraformJson) => { db(j).password = "hunter2hunter2"; },
      (j: TerraformJson) => { j.variable.db_password.default = "hunter2hunter2"; }]) {
      const json = passingJson();
      mutate(json);
      expect(JSON.stringify(result(json, "CKPT-PASSWORD-NOT-LITERAL"))).not.toContain("hunter2");
    }
  });
});
