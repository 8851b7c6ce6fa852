import retiredVersions from "./retired-engine-versions.json";
import { databaseSecurityGroups, egressRuleDescriptions, ingressPermissions } from "./security-group-ingress";
import { unresolvedReferences } from "./references";
import { PlanResource, show, TerraformPlan, variableReference } from "./terraform-plan";
import { CURRENT_CA_CERTIFICATES, windowsOverlap } from "../config/settings-fields";

export type Severity = "error" | "warning";

/** One failed check: where, which attribute, what was found and what is required. */
export interface Finding {
  readonly address: string;
  readonly attribute: string;
  readonly found: string;
  readonly required: string;
}

/** Rules are data: a report, a suppression and a test can all name the same id. */
export interface Rule {
  readonly id: string;
  readonly severity: Severity;
  /** The document's criterion, or the public rule it mirrors. */
  readonly source: string;
  readonly description: string;
  readonly check: (plan: TerraformPlan) => Finding[];
}

/** The app subnet, as the document names it. */
export const APP_SUBNET_REFERENCE = "${var.app_subnet_cidr}";
export const POSTGRES_PORT = 5432;
/** db.t4g.small and the classes of the same size (2 vCPU, 2 GiB). */
export const DOCUMENT_EQUIVALENT_CLASSES = ["db.t4g.small", "db.t3.small"];

const finding = (resource: PlanResource | string, attribute: string, found: unknown, required: string): Finding =>
  ({ address: typeof resource === "string" ? resource : resource.address, attribute, found: show(found), required });

/** A check on each database instance's own attribute. */
function eachInstance(attribute: string, required: string, ok: (value: unknown, db: PlanResource) => boolean) {
  return (plan: TerraformPlan) => plan.dbInstances()
    .filter((db) => !ok(db.body[attribute], db))
    .map((db) => finding(db, attribute, db.body[attribute], required));
}

/** The parameter group an instance points at, when the plan defines it. */
function parameterGroupOf(plan: TerraformPlan, db: PlanResource): PlanResource | undefined {
  return plan.referencedResource(db.body.parameter_group_name, "aws_db_parameter_group");
}

function passwordSourceFinding(plan: TerraformPlan, db: PlanResource): Finding | undefined {
  const { password, password_wo: passwordWo, manage_master_user_password: managed } = db.body;
  if (managed === true) return undefined;
  if (db.body.replicate_source_db || db.body.snapshot_identifier) return undefined;
  for (const [attribute, value] of [["password", password], ["password_wo", passwordWo]] as const) {
    if (value === undefined || value === null) continue;
    const variable = variableReference(value);
    if (!variable) {
      // Never echo a literal: it is the secret.
      return finding(db, attribute, typeof value === "string" && value.includes("${") ? value : "a literal value (not shown)",
        "a sensitive variable (var.db_password), password_wo, or manage_master_user_password = true");
    }
    if (plan.variables[variable]?.sensitive !== true) {
      return finding(db, attribute, `var.${variable}, not marked sensitive`, `variable "${variable}" with sensitive = true`);
    }
    return undefined;
  }
  return finding(db, "password", undefined, "a sensitive variable, password_wo, or manage_master_user_password = true");
}

function connectionOutputFindings(plan: TerraformPlan): Finding[] {
  const values = Object.values(plan.outputs).map((o) => JSON.stringify(o?.value ?? ""));
  const findings: Finding[] = [];
  for (const db of plan.dbInstances()) {
    const exported = (attrs: string[]) => values.some((v) => attrs.some((a) => v.includes(`${db.address}.${a}}`)));
    const needed: Array<[string, string[]]> = [["host", ["address", "endpoint"]], ["port", ["port", "endpoint"]],
      ["database name", ["db_name"]], ["user name", ["username"]]];
    for (const [what, attrs] of needed) {
      if (!exported(attrs)) {
        findings.push(finding(`output`, what, "no output", `an output of ${attrs.map((a) => `${db.address}.${a}`).join(" or ")}`));
      }
    }
  }
  for (const [name, output] of Object.entries(plan.outputs)) {
    const value = JSON.stringify(output?.value ?? "");
    if (/var\.db_password|\.password(_wo)?\b|master_user_secret\[0\]\.secret_string/.test(value)) {
      findings.push(finding(`output.${name}`, "value", "a password", "connection details without the password"));
    }
  }
  return findings;
}

/** The value a parameter group in the plan gives a parameter, if it does. */
function parameterValue(plan: TerraformPlan, db: PlanResource, name: string): string | undefined {
  const parameters = parameterGroupOf(plan, db)?.body.parameter;
  const found = Array.isArray(parameters) ? parameters.find((p: { name?: string }) => p.name === name) : undefined;
  return found === undefined ? undefined : String(found.value);
}

function logRetentionFindings(plan: TerraformPlan): Finding[] {
  const groups = plan.resources("aws_cloudwatch_log_group");
  return plan.dbInstances().flatMap((db) => {
    const exported: string[] = Array.isArray(db.body.enabled_cloudwatch_logs_exports) ? db.body.enabled_cloudwatch_logs_exports : [];
    const identifier = String(db.body.identifier);
    return exported.flatMap((log) => {
      const name = `/aws/rds/instance/${identifier}/${log}`;
      const group = groups.find((g) => g.body.name === name);
      if (!group) return [finding(db, "enabled_cloudwatch_logs_exports", log, `an aws_cloudwatch_log_group named ${name} in the plan`)];
      const days = group.body.retention_in_days;
      return typeof days === "number" && days > 0 ? [] : [finding(group, "retention_in_days", days, "a retention in days")];
    });
  });
}

function retiredEngineFindings(plan: TerraformPlan): Finding[] {
  const engines = retiredVersions.engines as Record<string, { retired: string[]; instead: Record<string, string> }>;
  return plan.dbInstances().flatMap((db) => {
    const engine = engines[String(db.body.engine)];
    const version = String(db.body.engine_version ?? "");
    if (!engine || !engine.retired.includes(version)) return [];
    const instead = engine.instead[version.split(".")[0]] ?? "a version RDS still offers";
    return [finding(db, "engine_version", version, `a version RDS still creates: ${instead}`)];
  });
}

export const RULES: readonly Rule[] = [
  // The design document's acceptance criteria.
  {
    id: "CKPT-INSTANCE-CLASS", severity: "error",
    source: "document: \"AWS RDS PostgreSQL instance created (db.t4g.small or equivalent)\"",
    description: "the instance class is db.t4g.small or a class of the same size",
    check: eachInstance("instance_class", `one of ${DOCUMENT_EQUIVALENT_CLASSES.join(", ")}`,
      (v) => DOCUMENT_EQUIVALENT_CLASSES.includes(String(v))),
  },
  {
    id: "CKPT-BACKUP-7D", severity: "error",
    source: "document: \"Automated backups enabled (7-day retention minimum)\"; checkov CKV_AWS_133",
    description: "automated backups are kept at least 7 days",
    check: eachInstance("backup_retention_period", ">= 7", (v) => typeof v === "number" && v >= 7),
  },
  {
    id: "CKPT-SG-APP-SUBNET-ONLY", severity: "error",
    source: "document: \"Security group configured (allow 5432 from app subnet only)\"",
    description: "PostgreSQL is reachable on 5432/tcp from var.app_subnet_cidr and from nothing else",
    check: (plan) => {
      const findings: Finding[] = [];
      for (const db of plan.dbInstances()) {
        const ids = db.body.vpc_security_group_ids;
        if (!Array.isArray(ids) || ids.length === 0) {
          findings.push(finding(db, "vpc_security_group_ids", ids, "the database's own security group (else the VPC default group applies)"));
        }
      }
      const groups = databaseSecurityGroups(plan);
      const permissions = ingressPermissions(plan, groups);
      for (const group of groups) {
        if (!permissions.some((p) => p.group.address === group.address)) {
          findings.push(finding(group, "ingress", "no ingress rule", `5432/tcp from ${APP_SUBNET_REFERENCE}`));
        }
      }
      for (const p of permissions) {
        if (!["tcp", "6"].includes(p.protocol)) findings.push(finding(p.address, "protocol", p.protocol, "tcp"));
        if (p.fromPort !== POSTGRES_PORT || p.toPort !== POSTGRES_PORT) {
          findings.push(finding(p.address, "from_port/to_port", `${p.fromPort}-${p.toPort}`, `${POSTGRES_PORT}-${POSTGRES_PORT}`));
        }
        const strangers = p.ipv4Sources.filter((s) => s !== APP_SUBNET_REFERENCE);
        if (strangers.length > 0) findings.push(finding(p.address, "cidr_blocks", strangers, `only ${APP_SUBNET_REFERENCE}`));
        if (p.otherSources.length > 0) {
          findings.push(finding(p.address, "sources", p.otherSources, `only ${APP_SUBNET_REFERENCE} (no IPv6, security-group, prefix-list or self sources)`));
        }
      }
      return findings;
    },
  },
  {
    id: "CKPT-NOT-PUBLIC", severity: "error",
    source: "document: publicly_accessible = false; checkov CKV_AWS_17",
    description: "the instance is not publicly accessible",
    check: eachInstance("publicly_accessible", "false", (v) => v !== true),
  },
  {
    id: "CKPT-PASSWORD-NOT-LITERAL", severity: "error",
    source: "document: \"NEVER hardcode database password\"",
    description: "the master password is a sensitive variable, write-only, or managed by RDS: never a literal",
    check: (plan) => plan.dbInstances().map((db) => passwordSourceFinding(plan, db)).filter((f): f is Finding => !!f),
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
    id: "CKPT-ENGINE-RETIRED", severity: "warning",
    source: "RDS engine version lifecycle (review/retired-engine-versions.json)",
    description: "the engine version is one RDS still creates instances on",
    check: retiredEngineFindings,
  },

  // The document's constraints, which its code pattern leaves to the implementer.
  {
    id: "CKPT-FINAL-SNAPSHOT", severity: "warning", source: "document: \"IRREVERSIBLE ... it becomes the source of truth\"",
    description: "destroying the instance leaves a final snapshot",
    check: eachInstance("skip_final_snapshot", "false, with final_snapshot_identifier",
      (v, db) => v === false && typeof db.body.final_snapshot_identifier === "string" && db.body.final_snapshot_identifier !== ""),
  },
  {
    id: "CKPT-KEEP-AUTOMATED-BACKUPS", severity: "warning", source: "document: CONTEXT_PRESERVATION",
    description: "automated backups outlive the instance until their retention ends",
    check: eachInstance("delete_automated_backups", "false", (v) => v === false),
  },
  {
    id: "CKPT-CONNECTION-LOGGING", severity: "warning",
    source: "document: \"TRACE_REQUIRED: RDS CloudWatch logs trace all connection attempts\"",
    description: "the parameter group logs connections and disconnections",
    check: (plan) => plan.dbInstances().flatMap((db) => ["log_connections", "log_disconnections"]
      .filter((name) => !["1", "on", "true"].includes(parameterValue(plan, db, name) ?? ""))
      .map((name) => finding(parameterGroupOf(plan, db) ?? db, name, parameterValue(plan, db, name), "1, in a parameter group in the plan"))),
  },
  {
    id: "CKPT-LOG-RETENTION", severity: "warning", source: "document: RESIDUE_FREE",
    description: "every exported log goes to a log group the plan creates, with a retention",
    check: logRetentionFindings,
  },
  {
    id: "CKPT-MAINTENANCE-WINDOW", severity: "warning", source: "RDS: the maintenance and backup windows must not overlap",
    description: "a maintenance window is set and does not overlap the backup window",
    check: eachInstance("maintenance_window", "ddd:hh:mm-ddd:hh:mm, not overlapping backup_window",
      (v, db) => typeof v === "string" && /^[a-z]{3}:\d\d:\d\d-[a-z]{3}:\d\d:\d\d$/.test(v) &&
        !(typeof db.body.backup_window === "string" && windowsOverlap(v, db.body.backup_window))),
  },

  // Common RDS and security-group policy, each mirroring a checkov check.
  {
    id: "CKV_AWS_16", severity: "error", source: "checkov CKV_AWS_16; document: storage_encrypted = true",
    description: "storage is encrypted at rest",
    check: eachInstance("storage_encrypted", "true", (v) => v === true),
  },
  {
    id: "CKV_AWS_157", severity: "warning", source: "checkov CKV_AWS_157; document: \"Production should enable multi-AZ\"",
    description: "the instance is Multi-AZ",
    check: eachInstance("multi_az", "true", (v) => v === true),
  },
  {
    id: "CKV_AWS_129", severity: "warning", source: "checkov CKV_AWS_129; document: TRACE_REQUIRED",
    description: "PostgreSQL logs are exported to CloudWatch",
    check: eachInstance("enabled_cloudwatch_logs_exports", "includes \"postgresql\"",
      (v) => Array.isArray(v) && v.includes("postgresql")),
  },
  {
    id: "CKV_AWS_118", severity: "warning", source: "checkov CKV_AWS_118",
    description: "enhanced monitoring is on",
    check: eachInstance("monitoring_interval", "> 0 (with monitoring_role_arn)",
      (v, db) => typeof v === "number" && v > 0 && !!db.body.monitoring_role_arn),
  },
  {
    id: "CKV_AWS_161", severity: "warning", source: "checkov CKV_AWS_161",
    description: "IAM database authentication is on",
    check: eachInstance("iam_database_authentication_enabled", "true", (v) => v === true),
  },
  {
    id: "CKV_AWS_293", severity: "warning", source: "checkov CKV_AWS_293; document: \"IRREVERSIBLE ... source of truth\"",
    description: "deletion protection is on",
    check: eachInstance("deletion_protection", "true", (v) => v === true),
  },
  {
    id: "CKV_AWS_226", severity: "warning", source: "checkov CKV_AWS_226",
    description: "minor versions are upgraded automatically",
    check: eachInstance("auto_minor_version_upgrade", "true (or unset: RDS's default)", (v) => v !== false),
  },
  {
    id: "CKV_AWS_353", severity: "warning", source: "checkov CKV_AWS_353",
    description: "Performance Insights is on",
    check: eachInstance("performance_insights_enabled", "true", (v) => v === true),
  },
  {
    id: "CKV_AWS_211", severity: "warning", source: "checkov CKV_AWS_211",
    description: "the instance uses a current RDS CA certificate",
    check: eachInstance("ca_cert_identifier", `one of ${CURRENT_CA_CERTIFICATES.join(", ")}`,
      (v) => CURRENT_CA_CERTIFICATES.includes(String(v))),
  },
  {
    id: "CKV2_AWS_60", severity: "warning", source: "checkov CKV2_AWS_60",
    description: "tags are copied to snapshots",
    check: eachInstance("copy_tags_to_snapshot", "true", (v) => v === true),
  },
  {
    id: "CKV2_AWS_69", severity: "warning", source: "checkov CKV2_AWS_69",
    description: "TLS is enforced: rds.force_ssl = 1 in the instance's parameter group",
    check: (plan) => plan.dbInstances().flatMap((db) => {
      const group = parameterGroupOf(plan, db);
      if (parameterValue(plan, db, "rds.force_ssl") === "1") return [];
      return [finding(group ?? db, group ? "parameter" : "parameter_group_name",
        group ? `rds.force_ssl = ${parameterValue(plan, db, "rds.force_ssl") ?? "(not set)"}` : db.body.parameter_group_name,
        "a parameter group in the plan with rds.force_ssl = 1")];
    }),
  },
  {
    id: "CKV_AWS_23", severity: "warning", source: "checkov CKV_AWS_23",
    description: "every security group and every rule has a description",
    check: (plan) => {
      const groups = plan.resources("aws_security_group");
      const missing = (d: unknown) => typeof d !== "string" || d.trim() === "" || d === "Managed by Terraform";
      return [
        ...groups.filter((g) => missing(g.body.description)).map((g) => finding(g, "description", g.body.description, "a description")),
        ...ingressPermissions(plan, groups).filter((p) => missing(p.description))
          .map((p) => finding(p.address, "description", p.description, "a description")),
        ...egressRuleDescriptions(plan, groups).filter((r) => missing(r.description))
          .map((r) => finding(r.address, "description", r.description, "a description")),
      ];
    },
  },
];

export const RULE_IDS = new Set(RULES.map((r) => r.id));
