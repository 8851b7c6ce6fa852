import { CHECKOV_RULES } from "./checkov-rules";
import { cannotEvaluate, checkRead, expansionFindings, Finding, finding } from "./findings";
import { databaseSecurityGroups, GroupRule, groupRules } from "./plan-security-groups";
import { maxConnectionsFindings } from "./max-connections-check";
import { referencesOf, unresolvedReferences } from "./references";
import { ReviewedPlan } from "../plan/reviewed-plan";
import { boolIs, eachResource, parameterGroupOf, parameterValue, Rule } from "./rule-kit";
import { readBool, readNumber, readString, readStringList, ResourceInstance, TerraformValue } from "../plan";
import { templateParts } from "../plan/expressions";
import { POSTGRES_PORT } from "../rds/postgres-port";
import { insteadOfRetiredMinor, isCreatablePostgresVersion } from "../rds/postgres-engine-versions";
import { isMaintenanceWindow, windowsOverlap } from "../rds/windows";
import { rdsLogGroupName } from "../rds/cloudwatch-logs";
import { classesLike } from "../rds/instance-classes";
import { PROVIDER_SOURCE, providerSchemaFindings } from "./provider-validations";
import { rdsStorageFindings } from "./rds-storage-check";
import { POSTGRES_STORAGE_SOURCE } from "../rds/postgres-storage";

export type { Finding } from "./findings";
export type { Rule, Severity } from "./rule-kit";

/** The app subnet, as the document names it. */
export const APP_SUBNET_REFERENCE = "${var.app_subnet_cidr}";
export { POSTGRES_PORT };
/** db.t4g.small and the classes of the same size (rds/instance-classes.ts: 2 vCPU, 2 GiB). */
export const DOCUMENT_EQUIVALENT_CLASSES = classesLike("db.t4g.small");

/**
 * Resource types that hold or expose a database's data but that the document's rules do not inspect:
 * a plan using them gets an error saying so, rather than a pass that never looked.
 */
export const UNINSPECTED_DATABASE_TYPES = ["aws_rds_cluster", "aws_rds_cluster_instance", "aws_rds_global_cluster",
  "aws_rds_cluster_endpoint", "aws_db_proxy", "aws_db_proxy_endpoint", "aws_db_proxy_target", "aws_db_snapshot_copy",
  "aws_db_instance_automated_backups_replication", "aws_db_instance_role_association", "aws_db_option_group",
  "aws_db_security_group", "aws_db_cluster_snapshot", "aws_db_snapshot", "aws_rds_export_task", "aws_rds_shard_group"];

function passwordFindings(plan: ReviewedPlan, db: ResourceInstance): Finding[] {
  const required = "a sensitive variable without a default (var.db_password), password_wo, or manage_master_user_password = true";
  const managed = readBool(db.attributes.get("manage_master_user_password"));
  if (managed.state === "known" && managed.value) return [];
  for (const source of ["replicate_source_db", "snapshot_identifier"]) {
    const v = db.attributes.get(source);
    if (v !== undefined && v.kind !== "null") return [];
  }
  for (const attribute of ["password", "password_wo"]) {
    const value = db.attributes.get(attribute);
    if (value === undefined || value.kind === "null") continue;
    if (value.kind !== "unknown" && value.kind !== "reference") {
      // Never echo a literal: it is the secret. A reference (random_password.x.result) is no literal: it is shown below.
      const from = "from" in value && value.from ? `${value.from} (not shown)` : "a literal value (not shown)";
      return [finding(db, attribute, from, required)];
    }
    const variable = /^\$\{\s*var\.([\w-]+)\s*\}$/.exec(value.expression)?.[1];
    if (!variable) return [finding(db, attribute, value.expression, required)];
    if (plan.config.variables.get(variable)?.sensitive !== true) {
      return [finding(db, attribute, `var.${variable}, not marked sensitive`, `variable "${variable}" with sensitive = true`)];
    }
    return [];
  }
  if (managed.state === "unknown") return [cannotEvaluate(db, "manage_master_user_password", managed.expression, required)];
  return [finding(db, "password", "(not set)", required)];
}

/** The text of a value, references and templates as written: what an output shows. */
function outputText(value: TerraformValue | undefined): string {
  if (!value) return "";
  switch (value.kind) {
    case "reference": case "unknown": return value.expression;
    case "string": return value.value;
    case "list": return value.items.map(outputText).join(" ");
    case "object": return [...value.attributes.values()].map(outputText).join(" ");
    default: return "";
  }
}

function connectionOutputFindings(plan: ReviewedPlan): Finding[] {
  const outputs = [...plan.config.outputs.values()];
  const exportedRefs = outputs.flatMap((o) => referencesOf(o.value)).map((r) => r.join("."));
  const findings: Finding[] = [];
  for (const db of plan.dbInstances()) {
    const block = `${db.type}.${db.name}`;
    const needed: Array<[string, string[]]> = [["host", ["address", "endpoint"]], ["port", ["port", "endpoint"]],
      ["database name", ["db_name"]], ["user name", ["username"]]];
    for (const [what, attrs] of needed) {
      if (!attrs.some((a) => exportedRefs.includes(`${block}.${a}`))) {
        findings.push(finding("output", what, "no output", `an output of ${attrs.map((a) => `${block}.${a}`).join(" or ")}`));
      }
    }
  }
  for (const o of outputs) {
    if (/var\.db_password|\.password(_wo)?\b|master_user_secret\[0\]\.secret_string/.test(outputText(o.value))) {
      findings.push(finding(`output.${o.name}`, "value", "a password", "connection details without the password"));
    }
  }
  return findings;
}

/** Only the app subnet may reach the database's groups, only on 5432/tcp. */
function appSubnetOnlyFindings(plan: ReviewedPlan): Finding[] {
  const findings: Finding[] = [];
  for (const db of plan.dbInstances()) {
    const ids = db.attributes.get("vpc_security_group_ids");
    if (ids === undefined || ids.kind === "null" || (ids.kind === "list" && ids.items.length === 0)) {
      findings.push(finding(db, "vpc_security_group_ids", "(not set)", "the database's own security group (else the VPC default group applies)"));
    }
  }
  const { groups, findings: unresolved } = databaseSecurityGroups(plan);
  const { rules, findings: unreadable } = groupRules(plan, groups, "ingress");
  findings.push(...unresolved, ...unreadable, ...groups.flatMap(expansionFindings));
  for (const group of groups) {
    if (!rules.some((p) => p.group.address === group.address) && !unreadable.length) {
      findings.push(finding(group, "ingress", "no ingress rule", `5432/tcp from ${APP_SUBNET_REFERENCE}`));
    }
  }
  for (const rule of rules) findings.push(...permissionFindings(rule));
  return findings;
}

const isAppSubnet = (v: TerraformValue) =>
  (v.kind === "unknown" && isAppSubnetExpression(v.expression)) ||
  (v.kind !== "unknown" && v.kind !== "reference" && v.from === "the default of var.app_subnet_cidr");

/**
 * Exactly the reference: text around it (" ${var.app_subnet_cidr}") is part of the value, no CIDR Terraform
 * accepts. Inside the interpolation, HCL's white space and strip markers ("${~ var.app_subnet_cidr }") are syntax.
 */
function isAppSubnetExpression(expression: string): boolean {
  if (expression === "var.app_subnet_cidr") return true;
  const parts = templateParts(expression);
  return parts?.length === 1 && "expression" in parts[0] &&
    parts[0].expression.replace(/^~|~$/g, "").replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "") === "var.app_subnet_cidr";
}

function permissionFindings(rule: GroupRule): Finding[] {
  const a = rule.attributes;
  const vpc = rule.form === "aws_vpc_security_group_rule";
  const findings: Finding[] = [];
  const protocol = vpc ? "ip_protocol" : "protocol";
  findings.push(...checkRead(rule.address, protocol, readString(a.get(protocol)), "tcp", (v) => v === "tcp" || v === "6"));
  for (const port of ["from_port", "to_port"]) {
    findings.push(...checkRead(rule.address, port, readNumber(a.get(port)), String(POSTGRES_PORT), (v) => v === POSTGRES_PORT));
  }
  const ipv4 = vpc ? "cidr_ipv4" : "cidr_blocks";
  const sources = a.get(ipv4);
  const items = sources === undefined || sources.kind === "null" ? [] : sources.kind === "list" ? sources.items : [sources];
  if (sources?.kind === "unknown" && sources.expression !== APP_SUBNET_REFERENCE) {
    findings.push(cannotEvaluate(rule.address, ipv4, sources.expression, `only ${APP_SUBNET_REFERENCE}`));
  } else if (sources?.kind === "reference") {
    findings.push(cannotEvaluate(rule.address, ipv4, sources.expression, `only ${APP_SUBNET_REFERENCE}`));
  } else {
    const strangers = items.filter((v) => !isAppSubnet(v));
    if (strangers.length > 0) {
      findings.push(finding(rule.address, ipv4, JSON.stringify(strangers.map((s) => s.kind === "unknown" || s.kind === "reference"
        ? s.expression : readString(s).state === "known" ? (readString(s) as { value: string }).value : "?")), `only ${APP_SUBNET_REFERENCE}`));
    }
  }
  const others = vpc ? ["cidr_ipv6", "referenced_security_group_id", "prefix_list_id"]
    : ["ipv6_cidr_blocks", "security_groups", "prefix_list_ids", ...(rule.form === "aws_security_group_rule" ? ["source_security_group_id"] : [])];
  for (const other of others) {
    const v = a.get(other);
    if (v === undefined || v.kind === "null" || (v.kind === "list" && v.items.length === 0)) continue;
    findings.push(finding(rule.address, other, outputText(v) || "set", `only ${APP_SUBNET_REFERENCE} (no IPv6, security-group or prefix-list sources)`));
  }
  if (!vpc) findings.push(...checkRead(rule.address, "self", readBool(a.get("self")), "false", (v) => !v, "pass"));
  return findings;
}

function logRetentionFindings(plan: ReviewedPlan): Finding[] {
  const groups = plan.instances("aws_cloudwatch_log_group");
  const names = groups.map((g) => ({ g, name: readString(g.attributes.get("name")) }));
  return plan.dbInstances().flatMap((db) => {
    const exported = readStringList(db.attributes.get("enabled_cloudwatch_logs_exports"));
    if (exported.state === "unknown") return [cannotEvaluate(db, "enabled_cloudwatch_logs_exports", exported.expression, "the exported logs")];
    if (exported.state !== "known" || exported.value.length === 0) return [];
    const identifier = readString(db.attributes.get("identifier"));
    if (identifier.state === "unknown") return [cannotEvaluate(db, "identifier", identifier.expression, "an identifier, to name the log groups")];
    if (identifier.state !== "known") return [finding(db, "identifier", "(not set)", "an identifier, to name the log groups")];
    return exported.value.flatMap((log) => {
      const name = rdsLogGroupName(identifier.value, log);
      const match = names.find((n) => n.name.state === "known" && n.name.value === name);
      if (!match) {
        const unknown = names.find((n) => n.name.state === "unknown");
        if (unknown && unknown.name.state === "unknown") return [cannotEvaluate(unknown.g, "name", unknown.name.expression, `a log group named ${name}`)];
        return [finding(db, "enabled_cloudwatch_logs_exports", log, `an aws_cloudwatch_log_group named ${name} in the plan`)];
      }
      return checkRead(match.g, "retention_in_days", readNumber(match.g.attributes.get("retention_in_days")), "a retention in days", (d) => d > 0);
    });
  });
}

function retiredEngineFindings(db: ResourceInstance): Finding[] {
  const engine = readString(db.attributes.get("engine"));
  const version = readString(db.attributes.get("engine_version"));
  if (engine.state === "unknown") return [cannotEvaluate(db, "engine", engine.expression, "an engine the gate can read")];
  if (version.state === "unknown") return [cannotEvaluate(db, "engine_version", version.expression, "a version RDS still creates")];
  if (engine.state !== "known" || version.state !== "known") return [];
  if (engine.value === "postgres" && !isCreatablePostgresVersion(version.value)) {
    return [finding(db, "engine_version", version.value, `a version RDS still creates: ${insteadOfRetiredMinor(version.value)}`, version.from)];
  }
  if (/^\d+$/.test(version.value)) {
    // A major-only version: RDS picks its current minor, and only minor upgrades keep it off the retired list.
    return checkRead(db, "auto_minor_version_upgrade", readBool(db.attributes.get("auto_minor_version_upgrade")),
      `true with a major-only engine_version (${version.value}): else the minor RDS picks stays until it retires`, (v) => v, "pass");
  }
  return [];
}

function notInspectedFindings(plan: ReviewedPlan): Finding[] {
  return [
    ...plan.config.modules.map((m) => finding(m.address, "module", `not inspected: ${m.address}; review that module's own plan`,
      "resources the gate can read (it does not read modules)")),
    ...plan.instances(...UNINSPECTED_DATABASE_TYPES).map((r) => finding(r.address, "type",
      `not inspected: ${r.address}; the document's rules read aws_db_instance only`, "review it by hand, then suppress with the reason")),
  ];
}

export const DOCUMENT_RULES: readonly Rule[] = [
  {
    id: "CKPT-DATABASE-PRESENT", severity: "error", source: "document: \"AWS RDS PostgreSQL instance created\"",
    description: "the plan creates an aws_db_instance",
    check: (plan) => plan.dbInstances().length > 0 ? []
      : [finding("plan", "resource", "no aws_db_instance", "an aws_db_instance (the document's database)")],
  },
  {
    id: "CKPT-EVERYTHING-INSPECTED", severity: "error", source: "fail closed: a pass must mean the gate looked",
    description: "no module block, and no database resource type the rules do not read",
    check: notInspectedFindings,
  },
  {
    id: "CKPT-INSTANCE-CLASS", severity: "error",
    source: "document: \"AWS RDS PostgreSQL instance created (db.t4g.small or equivalent)\"",
    description: "the instance class is db.t4g.small or a class of the same size",
    check: eachResource(["aws_db_instance"], (r) => checkRead(r, "instance_class", readString(r.attributes.get("instance_class")),
      `one of ${DOCUMENT_EQUIVALENT_CLASSES.join(", ")}`, (v) => DOCUMENT_EQUIVALENT_CLASSES.includes(v))),
  },
  {
    id: "CKPT-BACKUP-7D", severity: "error",
    source: "document: \"Automated backups enabled (7-day retention minimum)\"",
    description: "automated backups are kept at least 7 days",
    check: eachResource(["aws_db_instance"], (r) => checkRead(r, "backup_retention_period",
      readNumber(r.attributes.get("backup_retention_period")), ">= 7", (v) => v >= 7)),
  },
  {
    id: "CKPT-SG-APP-SUBNET-ONLY", severity: "error",
    source: "document: \"Security group configured (allow 5432 from app subnet only)\"",
    description: "PostgreSQL is reachable on 5432/tcp from var.app_subnet_cidr and from nothing else",
    check: appSubnetOnlyFindings,
  },
  {
    id: "CKPT-NOT-PUBLIC", severity: "error",
    source: "document: publicly_accessible = false; checkov CKV_AWS_17",
    description: "the instance is not publicly accessible",
    check: eachResource(["aws_db_instance"], boolIs(false, "publicly_accessible", "pass")),
  },
  {
    id: "CKPT-PASSWORD-NOT-LITERAL", severity: "error",
    source: "document: \"NEVER hardcode database password\"",
    description: "the master password is a sensitive variable, write-only, or managed by RDS: never a literal",
    check: eachResource(["aws_db_instance"], (r, plan) => passwordFindings(plan, r)),
  },
  {
    id: "CKPT-CONNECTION-OUTPUTS", severity: "error",
    source: "document: \"Connection string documented and secured\"",
    description: "host, port, database name and user name are outputs; no output carries a password",
    check: connectionOutputFindings,
  },
  {
    id: "CKPT-REFERENCES-RESOLVE", severity: "error",
    source: "Terraform: every reference must name a declared variable, resource or data source and one of its attributes",
    description: "every ${...} reference resolves within the plan",
    check: unresolvedReferences,
  },
  {
    id: "CKPT-ENGINE-RETIRED", severity: "error",
    source: "RDS engine version lifecycle (rds/postgres-engine-versions.ts)",
    description: "the engine version is one RDS still creates, and a major-only version keeps minor upgrades on",
    check: eachResource(["aws_db_instance"], retiredEngineFindings),
  },
  {
    id: "CKPT-PROVIDER-SCHEMA", severity: "error",
    source: `${PROVIDER_SOURCE}: each argument's ValidateFunc (review/provider-validations.ts)`,
    description: "every argument the rules read holds a value the AWS provider's schema accepts (else terraform plan fails)",
    check: providerSchemaFindings,
  },
  {
    id: "CKPT-RDS-STORAGE", severity: "error",
    source: `${POSTGRES_STORAGE_SOURCE} (the provider validates none of these: terraform plan passes, apply fails)`,
    description: "allocated_storage, storage_type, iops and storage_throughput are ones RDS for PostgreSQL accepts together",
    check: eachResource(["aws_db_instance"], rdsStorageFindings),
  },

  // The document's constraints, which its code pattern leaves to the implementer.
  {
    id: "CKPT-FINAL-SNAPSHOT", severity: "warning", source: "document: \"IRREVERSIBLE ... it becomes the source of truth\"",
    description: "destroying the instance leaves a final snapshot",
    check: eachResource(["aws_db_instance"], (r) => [
      ...boolIs(false, "skip_final_snapshot")(r),
      ...checkRead(r, "final_snapshot_identifier", readString(r.attributes.get("final_snapshot_identifier")), "a snapshot name", (v) => v !== ""),
    ]),
  },
  {
    id: "CKPT-KEEP-AUTOMATED-BACKUPS", severity: "warning", source: "document: CONTEXT_PRESERVATION",
    description: "automated backups outlive the instance until their retention ends",
    check: eachResource(["aws_db_instance"], boolIs(false, "delete_automated_backups")),
  },
  {
    id: "CKPT-CONNECTION-LOGGING", severity: "warning",
    source: "document: \"TRACE_REQUIRED: RDS CloudWatch logs trace all connection attempts\"",
    description: "the parameter group logs connections and disconnections",
    check: eachResource(["aws_db_instance"], (db, plan) => {
      const group = parameterGroupOf(plan, db);
      return ["log_connections", "log_disconnections"].flatMap((name) => group
        ? checkRead(group, name, parameterValue(group, name), "1, in a parameter group in the plan", (v) => ["1", "on", "true"].includes(v))
        : [finding(db, name, "(not set)", "1, in a parameter group in the plan")]);
    }),
  },
  {
    id: "CKPT-POSTGRESQL-LOGS", severity: "warning",
    source: "document: \"TRACE_REQUIRED: RDS CloudWatch logs trace all connection attempts and queries\"",
    description: "the postgresql log is exported to CloudWatch",
    check: eachResource(["aws_db_instance"], (r) => checkRead(r, "enabled_cloudwatch_logs_exports",
      readStringList(r.attributes.get("enabled_cloudwatch_logs_exports")), "includes \"postgresql\"", (v) => v.includes("postgresql"),
      "fail", (v) => JSON.stringify(v))),
  },
  {
    id: "CKPT-MONITORING-ROLE", severity: "warning", source: "RDS: enhanced monitoring needs monitoring_role_arn",
    description: "enhanced monitoring has the role RDS needs to publish it",
    check: eachResource(["aws_db_instance"], (r) => {
      const interval = readNumber(r.attributes.get("monitoring_interval"));
      if (interval.state === "unknown") return [cannotEvaluate(r, "monitoring_interval", interval.expression, "an interval the gate can read")];
      if (interval.state !== "known" || interval.value <= 0) return [];
      const role = r.attributes.get("monitoring_role_arn");
      return role === undefined || role.kind === "null" || (role.kind === "string" && role.value === "")
        ? [finding(r, "monitoring_role_arn", "(not set)", "a role for enhanced monitoring")] : [];
    }),
  },
  {
    id: "CKPT-TLS-REQUIRED", severity: "warning", source: "this stack's parameter group: TLS only",
    description: "the instance's parameter group is in the plan and sets rds.force_ssl = 1",
    check: eachResource(["aws_db_instance"], (db, plan) => {
      const group = parameterGroupOf(plan, db);
      if (!group) return [finding(db, "parameter_group_name", "no aws_db_parameter_group of the plan", "a parameter group in the plan with rds.force_ssl = 1")];
      return checkRead(group, "parameter rds.force_ssl", parameterValue(group, "rds.force_ssl"), "1", (v) => v === "1");
    }),
  },
  {
    id: "CKPT-LOG-RETENTION", severity: "warning", source: "document: RESIDUE_FREE",
    description: "every exported log goes to a log group the plan creates, with a retention",
    check: logRetentionFindings,
  },
  {
    id: "CKPT-MAX-CONNECTIONS", severity: "warning",
    source: "document: \"PostgreSQL has connection limits (100 for t4g.small). M5.1 implements connection pooling\"",
    description: "the plan's max_connections (its parameter group's, else the class's default) is at least minMaxConnections",
    check: eachResource(["aws_db_instance"], (db, plan) => maxConnectionsFindings(plan, db)),
  },
  {
    id: "CKPT-MAINTENANCE-WINDOW", severity: "warning", source: "RDS: the maintenance and backup windows must not overlap",
    description: "a maintenance window is set and does not overlap the backup window",
    check: eachResource(["aws_db_instance"], (r) => {
      const backup = readString(r.attributes.get("backup_window"));
      const required = "ddd:hh:mm-ddd:hh:mm, not overlapping backup_window";
      if (backup.state === "unknown") return [cannotEvaluate(r, "backup_window", backup.expression, required)];
      return checkRead(r, "maintenance_window", readString(r.attributes.get("maintenance_window")), required,
        (v) => isMaintenanceWindow(v) && !(backup.state === "known" && windowsOverlap(v, backup.value)));
    }),
  },
];

export const RULES: readonly Rule[] = [...DOCUMENT_RULES, ...CHECKOV_RULES];

export const RULE_IDS = new Set(RULES.map((r) => r.id));
