/**
 * Rules that carry a checkov id decide exactly as that checkov check does (bridgecrewio/checkov, commit
 * 03d5fdad8d6154b1565799a7b1fb8070c158866f): the same resource types, engine exclusions and treatment of
 * unset attributes. Where we differ, on purpose: values are read as Terraform reads them ("true" is true),
 * and what checkov skips as "variable dependent" fails closed here as "cannot evaluate".
 */
import { cannotEvaluate, checkRead, Finding, finding } from "./findings";
import { openToTheWorld, SECURITY_GROUP_RESOURCE_TYPES, SG_ATTACHMENT_TYPES } from "./checkov-security-groups";
import { boolIs, eachResource, numberIn, parameterGroupOf, parameterValue, Rule, unlessExcluded } from "./rule-kit";
import { blocksOf, readBool, readList, readString, ResourceInstance, TerraformValue } from "../plan";
import { CURRENT_CA_CERTIFICATES } from "../rds/ca-certificates";

/** checkov CKV_AWS_211's list is RDS's current CAs (rds/ca-certificates.ts), the same three. */
export const CHECKOV_RECENT_CA_CERTIFICATES = CURRENT_CA_CERTIFICATES;

const DB = ["aws_db_instance"];
const DB_AND_CLUSTER_INSTANCE = ["aws_db_instance", "aws_rds_cluster_instance"];

/** checkov's "ANY_VALUE": set, and not an empty string. */
const isSet = (v: TerraformValue | undefined) => v !== undefined && v.kind !== "null" && !(v.kind === "string" && v.value === "")
  && !(v.kind === "list" && v.items.length === 0);

function descriptionFindings(r: ResourceInstance): Finding[] {
  const findings: Finding[] = [];
  const described = (where: string, value: TerraformValue | undefined) => {
    const read = readString(value);
    findings.push(...checkRead(where, "description", read, "a description", (v) => v !== ""));
  };
  described(r.address, r.attributes.get("description"));
  if (!r.attributes.has("type")) {
    for (const direction of ["egress", "ingress"]) {
      blocksOf(r.attributes.get(direction)).forEach((block, i) => {
        if (block.kind !== "object") findings.push(cannotEvaluate(`${r.address}.${direction}`, direction, block.expression, "rules with descriptions"));
        else described(`${r.address}.${direction}[${i}]`, block.attributes.get("description"));
      });
    }
  }
  return findings;
}

/** CKV2_AWS_69: the families that must enforce TLS, and the parameter that does it. */
const TLS_PARAMETERS: Array<{ family: RegExp; parameter: string; value: string }> = [
  { family: /^(?:postgres|.*sqlserver)/, parameter: "rds.force_ssl", value: "1" },
  { family: /^(?:mariadb|mysql)/, parameter: "require_secure_transport", value: "1" },
  { family: /db2-ae/, parameter: "db2comm", value: "SSL" },
];

function encryptionInTransit(db: ResourceInstance, plan: Parameters<Rule["check"]>[0]): Finding[] {
  const group = parameterGroupOf(plan, db);
  if (!group) return []; // checkov: no parameter group of the plan connected passes
  const family = readString(group.attributes.get("family"));
  if (family.state === "unknown") return [cannotEvaluate(group, "family", family.expression, "a family the gate can read")];
  const findings: Finding[] = [];
  for (const tls of TLS_PARAMETERS) {
    if (family.state !== "known" || !tls.family.test(family.value)) continue;
    findings.push(...checkRead(group, `parameter ${tls.parameter}`, parameterValue(group, tls.parameter), tls.value, (v) => v === tls.value));
  }
  return findings;
}

function queryLogging(db: ResourceInstance, plan: Parameters<Rule["check"]>[0]): Finding[] {
  const group = parameterGroupOf(plan, db);
  const names = ["log_statement", "log_min_duration_statement"];
  const findings: Finding[] = [];
  if (!group) findings.push(finding(db, "parameter_group_name", "no aws_db_parameter_group of the plan", `a parameter group setting ${names.join(" and ")}`));
  else {
    for (const name of names) {
      const read = parameterValue(group, name);
      if (read.state === "unknown") findings.push(cannotEvaluate(group, "parameter", read.expression, `${name} set`));
      else if (read.state === "unset") findings.push(finding(group, "parameter", `no ${name}`, `${name} set (query logging)`));
    }
  }
  return unlessExcluded(db, findings, "engine", (e) => e !== "postgres", "the engine, to know whether PostgreSQL query logging applies");
}

/** Every security group of the plan is attached: some resource of the types checkov lists references it. */
function attachedGroups(plan: Parameters<Rule["check"]>[0]): Finding[] {
  const referenced = new Set<string>();
  const visit = (value: TerraformValue | undefined) => {
    if (!value) return;
    if (value.kind === "reference" && value.traversal[0] === "aws_security_group") referenced.add(value.traversal[1]);
    else if (value.kind === "unknown") for (const m of value.expression.matchAll(/aws_security_group\.([\w-]+)/g)) referenced.add(m[1]);
    else if (value.kind === "list") value.items.forEach(visit);
    else if (value.kind === "object") value.attributes.forEach(visit);
  };
  for (const r of plan.instances(...SG_ATTACHMENT_TYPES)) r.attributes.forEach(visit);
  return eachResource(["aws_security_group"], (g) => referenced.has(g.name) ? []
    : [finding(g, "attachment", "attached to nothing in the plan", "a resource that uses the group (checkov's list of types)")])(plan);
}

const ingressCheck = (id: string, port: number, severity: "error" | "warning", what: string): Rule => ({
  id, severity, source: `checkov ${id}`,
  description: `no security group admits ${what} from 0.0.0.0/0 or ::/0`,
  check: eachResource(["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"],
    (r) => openToTheWorld(r, "ingress", port)),
});

export const CHECKOV_RULES: readonly Rule[] = [
  { id: "CKV_AWS_16", severity: "error", source: "checkov CKV_AWS_16; document: storage_encrypted = true",
    description: "storage is encrypted at rest", check: eachResource(DB, boolIs(true, "storage_encrypted")) },
  { id: "CKV_AWS_157", severity: "warning", source: "checkov CKV_AWS_157; document: \"Production should enable multi-AZ\"",
    description: "the instance is Multi-AZ", check: eachResource(DB, boolIs(true, "multi_az")) },
  { id: "CKV_AWS_129", severity: "warning", source: "checkov CKV_AWS_129",
    description: "the instance exports some logs to CloudWatch",
    check: eachResource(DB, (r) => checkRead(r, "enabled_cloudwatch_logs_exports", readList(r.attributes.get("enabled_cloudwatch_logs_exports")),
      "at least one log type", (v) => v.length > 0, "fail", (v) => `[${v.length} entries]`)) },
  { id: "CKV_AWS_118", severity: "warning", source: "checkov CKV_AWS_118",
    description: "enhanced monitoring is on (monitoring_interval 1, 5, 10, 15, 30 or 60)",
    check: eachResource(DB_AND_CLUSTER_INSTANCE, numberIn("monitoring_interval", [1, 5, 10, 15, 30, 60])) },
  { id: "CKV_AWS_161", severity: "warning", source: "checkov CKV_AWS_161",
    description: "IAM database authentication is on (MySQL and PostgreSQL)",
    check: eachResource(DB, (r) => unlessExcluded(r, boolIs(true, "iam_database_authentication_enabled")(r), "engine",
      (e) => e !== "mysql" && e !== "postgres", "the engine, to know whether IAM authentication applies")) },
  { id: "CKV_AWS_293", severity: "warning", source: "checkov CKV_AWS_293; document: \"IRREVERSIBLE ... source of truth\"",
    description: "deletion protection is on", check: eachResource(DB, boolIs(true, "deletion_protection")) },
  { id: "CKV_AWS_226", severity: "warning", source: "checkov CKV_AWS_226",
    description: "minor versions are upgraded automatically (set explicitly)",
    check: eachResource(DB_AND_CLUSTER_INSTANCE, boolIs(true, "auto_minor_version_upgrade")) },
  { id: "CKV_AWS_353", severity: "warning", source: "checkov CKV_AWS_353",
    description: "Performance Insights is on (where the engine and class offer it)",
    check: eachResource(DB_AND_CLUSTER_INSTANCE, (r) => {
      const findings = boolIs(true, "performance_insights_enabled")(r);
      const db2 = unlessExcluded(r, findings, "engine", (e) => e === "db2-se" || e === "db2-ae", "the engine, to know whether Performance Insights applies");
      if (db2.length === 0) return db2;
      const engine = readString(r.attributes.get("engine"));
      if (engine.state !== "known" || !["mariadb", "mysql"].includes(engine.value)) return db2;
      // checkov's cases: MariaDB/MySQL on a small class, or with no class written, is not reported.
      if (!r.attributes.has("instance_class") || r.attributes.get("instance_class")?.kind === "null") return [];
      return unlessExcluded(r, db2, "instance_class", (c) => ["db.t2.micro", "db.t2.small", "db.t3.micro", "db.t3.small",
        "db.t4g.micro", "db.t4g.small"].includes(c), "the instance class, to know whether Performance Insights applies");
    }) },
  { id: "CKV_AWS_354", severity: "warning", source: "checkov CKV_AWS_354",
    description: "Performance Insights data is encrypted with a customer-managed KMS key",
    check: eachResource(DB_AND_CLUSTER_INSTANCE, (r) => {
      const enabled = readBool(r.attributes.get("performance_insights_enabled"));
      // Unknown, or a value Terraform would refuse as a bool: fails closed (it decides whether a key is needed).
      if (enabled.state === "unknown" || enabled.state === "invalid") {
        return checkRead(r, "performance_insights_enabled", enabled, "true with a KMS key, or false", () => true);
      }
      if (enabled.state !== "known" || !enabled.value) return [];
      return isSet(r.attributes.get("performance_insights_kms_key_id")) ? []
        : [finding(r, "performance_insights_kms_key_id", "(not set)", "a customer-managed KMS key (settings: performanceInsightsKmsKeyId)")];
    }) },
  { id: "CKV_AWS_211", severity: "warning", source: "checkov CKV_AWS_211",
    description: "the instance uses a current RDS CA certificate (unset: RDS's current default)",
    check: eachResource(DB, (r) => checkRead(r, "ca_cert_identifier", readString(r.attributes.get("ca_cert_identifier")),
      `one of ${CHECKOV_RECENT_CA_CERTIFICATES.join(", ")}`, (v) => CHECKOV_RECENT_CA_CERTIFICATES.includes(v), "pass")) },
  { id: "CKV2_AWS_60", severity: "warning", source: "checkov CKV2_AWS_60",
    description: "tags are copied to snapshots (and the engine is not neptune, aurora or docdb)",
    check: eachResource(DB, (r) => {
      const copies = boolIs(true, "copy_tags_to_snapshot")(r);
      if (copies.length > 0) return copies;
      const engine = readString(r.attributes.get("engine"));
      if (engine.state === "unknown") return [cannotEvaluate(r, "engine", engine.expression, "an engine other than neptune, aurora, docdb")];
      return engine.state === "known" && ["neptune", "aurora", "docdb"].includes(engine.value)
        ? [finding(r, "engine", engine.value, "an engine other than neptune, aurora, docdb", engine.from)] : [];
    }) },
  { id: "CKV2_AWS_69", severity: "warning", source: "checkov CKV2_AWS_69",
    description: "a parameter group of the plan attached to the instance enforces TLS for its family",
    check: eachResource(DB, encryptionInTransit) },
  { id: "CKV2_AWS_30", severity: "warning", source: "checkov CKV2_AWS_30",
    description: "PostgreSQL query logging: the parameter group sets log_statement and log_min_duration_statement",
    check: eachResource(DB, queryLogging) },
  { id: "CKV_AWS_23", severity: "warning", source: "checkov CKV_AWS_23",
    description: "every security group and every rule has a description",
    check: eachResource(SECURITY_GROUP_RESOURCE_TYPES, descriptionFindings) },
  ingressCheck("CKV_AWS_24", 22, "error", "SSH (22)"),
  ingressCheck("CKV_AWS_25", 3389, "error", "RDP (3389)"),
  ingressCheck("CKV_AWS_260", 80, "error", "HTTP (80)"),
  ingressCheck("CKV_AWS_277", -1, "error", "all ports"),
  { id: "CKV_AWS_382", severity: "warning", source: "checkov CKV_AWS_382",
    description: "no security group allows egress to 0.0.0.0/0 or ::/0 on all ports",
    check: eachResource(["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_egress_rule"],
      (r) => openToTheWorld(r, "egress", -1)) },
  { id: "CKV2_AWS_5", severity: "warning", source: "checkov CKV2_AWS_5",
    description: "every security group is attached to a resource", check: attachedGroups },
];
