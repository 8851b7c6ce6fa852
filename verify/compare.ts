import type { DBInstance, DBSubnetGroup } from "@aws-sdk/client-rds";
import type { SecurityGroup } from "@aws-sdk/client-ec2";
import { PlanExpectations } from "./plan-expectations";

/** One planned attribute beside what the account shows. */
export interface Check {
  /** instance | backups | security-group | subnet-group */
  readonly area: "instance" | "backups" | "security-group" | "subnet-group";
  readonly attribute: string;
  readonly expected: string;
  readonly actual: string;
  /** true: matches; false: drift; null: could not be checked (the note says why) */
  readonly ok: boolean | null;
  readonly note?: string;
}

export interface LiveState {
  readonly instance: DBInstance;
  readonly securityGroups: SecurityGroup[];
  readonly subnetGroup?: DBSubnetGroup;
}

const text = (value: unknown) => (value === undefined || value === null ? "(not set)" : Array.isArray(value) ? value.join(",") : String(value));
type Compare = "equal" | "prefix" | "at-least" | "set";

/** Terraform attribute of aws_db_instance -> where DescribeDBInstances reports it, and how to compare. */
const INSTANCE_FIELDS: Record<string, [(db: DBInstance) => unknown, Compare, Check["area"]]> = {
  identifier: [(db) => db.DBInstanceIdentifier, "equal", "instance"],
  engine: [(db) => db.Engine, "equal", "instance"],
  // "15" asks for any 15.x; "15.4" for exactly that.
  engine_version: [(db) => db.EngineVersion, "prefix", "instance"],
  instance_class: [(db) => db.DBInstanceClass, "equal", "instance"],
  // Storage autoscaling may have grown it: at least the planned size is no drift.
  allocated_storage: [(db) => db.AllocatedStorage, "at-least", "instance"],
  max_allocated_storage: [(db) => db.MaxAllocatedStorage ?? 0, "equal", "instance"],
  storage_type: [(db) => db.StorageType, "equal", "instance"],
  storage_encrypted: [(db) => db.StorageEncrypted, "equal", "instance"],
  db_name: [(db) => db.DBName, "equal", "instance"],
  username: [(db) => db.MasterUsername, "equal", "instance"],
  publicly_accessible: [(db) => db.PubliclyAccessible, "equal", "instance"],
  multi_az: [(db) => db.MultiAZ, "equal", "instance"],
  deletion_protection: [(db) => db.DeletionProtection, "equal", "instance"],
  copy_tags_to_snapshot: [(db) => db.CopyTagsToSnapshot, "equal", "instance"],
  iam_database_authentication_enabled: [(db) => db.IAMDatabaseAuthenticationEnabled, "equal", "instance"],
  performance_insights_enabled: [(db) => db.PerformanceInsightsEnabled, "equal", "instance"],
  performance_insights_retention_period: [(db) => db.PerformanceInsightsRetentionPeriod, "equal", "instance"],
  monitoring_interval: [(db) => db.MonitoringInterval, "equal", "instance"],
  ca_cert_identifier: [(db) => db.CACertificateIdentifier, "equal", "instance"],
  auto_minor_version_upgrade: [(db) => db.AutoMinorVersionUpgrade, "equal", "instance"],
  maintenance_window: [(db) => db.PreferredMaintenanceWindow, "equal", "instance"],
  enabled_cloudwatch_logs_exports: [(db) => db.EnabledCloudwatchLogsExports ?? [], "set", "instance"],
  manage_master_user_password: [(db) => db.MasterUserSecret?.SecretArn !== undefined, "equal", "instance"],
  backup_retention_period: [(db) => db.BackupRetentionPeriod, "equal", "backups"],
  backup_window: [(db) => db.PreferredBackupWindow, "equal", "backups"],
};

/**
 * The AWS provider's comparison of a configured engine_version with the live EngineVersion
 * (terraform-provider-aws internal/service/rds, compareActualEngineVersion): equal, or the configured
 * version followed by "." starts the live one ("15" matches "15.15"; "1.3" matches "1.3.27"). Pure.
 */
export function engineVersionMatches(planned: string, live: string): boolean {
  return planned === live || live.startsWith(`${planned}.`);
}

function matches(expected: unknown, actual: unknown, how: Compare): boolean {
  switch (how) {
    case "equal": return String(expected) === String(actual);
    case "prefix": return engineVersionMatches(String(expected), String(actual ?? ""));
    case "at-least": return typeof actual === "number" && actual >= Number(expected);
    case "set": {
      const a = [...(expected as unknown[])].map(String).sort();
      const b = [...((actual as unknown[]) ?? [])].map(String).sort();
      return a.length === b.length && a.every((v, i) => v === b[i]);
    }
  }
}

/** Planned attributes that DescribeDBInstances does not report: listed, so the side-by-side table is whole. */
const NOT_REPORTED = new Set(["skip_final_snapshot", "final_snapshot_identifier", "delete_automated_backups",
  "password_wo_version", "apply_immediately"]);

function instanceChecks(plan: PlanExpectations, db: DBInstance): Check[] {
  const checks: Check[] = [];
  for (const [attribute, expected] of Object.entries(plan.instance)) {
    const field = INSTANCE_FIELDS[attribute];
    if (!field) {
      if (NOT_REPORTED.has(attribute)) {
        checks.push({ area: "instance", attribute, expected: text(expected), actual: "(not reported by DescribeDBInstances)",
          ok: null, note: "RDS does not report it; Terraform keeps it in state" });
      }
      continue;
    }
    const [read, how, area] = field;
    const actual = read(db);
    checks.push({ area, attribute, expected: text(expected), actual: text(actual), ok: matches(expected, actual, how) });
  }
  if (plan.parameterGroupPrefix) {
    const group = db.DBParameterGroups?.[0];
    const name = group?.DBParameterGroupName;
    checks.push({ area: "instance", attribute: "parameter_group_name", expected: `${plan.parameterGroupPrefix}* (in-sync)`,
      actual: `${text(name)} (${text(group?.ParameterApplyStatus)})`,
      ok: !!name?.startsWith(plan.parameterGroupPrefix) && group?.ParameterApplyStatus === "in-sync" });
  }
  if (plan.passwordSource === "rds-managed") {
    checks.push({ area: "instance", attribute: "master_user_secret", expected: "a secret RDS manages (active)",
      actual: text(db.MasterUserSecret?.SecretStatus), ok: db.MasterUserSecret?.SecretStatus === "active" });
  }
  return checks;
}

function securityGroupChecks(plan: PlanExpectations, live: LiveState): Check[] {
  const attached = live.instance.VpcSecurityGroups?.map((g) => g.VpcSecurityGroupId ?? "") ?? [];
  const group = live.securityGroups.find((g) => g.GroupName === plan.securityGroupName);
  const checks: Check[] = [{ area: "security-group", attribute: "vpc_security_group_ids",
    expected: `only ${plan.securityGroupName}`, actual: live.securityGroups.map((g) => `${g.GroupName} (${g.GroupId})`).join(", ") || text(attached),
    ok: !!group && attached.length === 1 }];
  if (!group) return checks;
  if (plan.inputs.vpcId) {
    checks.push({ area: "security-group", attribute: "vpc_id", expected: plan.inputs.vpcId, actual: text(group.VpcId),
      ok: group.VpcId === plan.inputs.vpcId });
  }
  const cidr = plan.inputs.appSubnetCidr;
  const permissions = group.IpPermissions ?? [];
  const described = permissions.map((p) => `${p.IpProtocol} ${p.FromPort}-${p.ToPort} from ` +
    [...(p.IpRanges ?? []).map((r) => r.CidrIp), ...(p.Ipv6Ranges ?? []).map((r) => r.CidrIpv6),
      ...(p.UserIdGroupPairs ?? []).map((u) => u.GroupId), ...(p.PrefixListIds ?? []).map((l) => l.PrefixListId)].join(","));
  const onlyAppSubnet = permissions.length === 1 && permissions[0].IpProtocol === "tcp" &&
    permissions[0].FromPort === plan.postgresPort && permissions[0].ToPort === plan.postgresPort &&
    (permissions[0].IpRanges ?? []).length === 1 && (permissions[0].IpRanges ?? [])[0].CidrIp === cidr &&
    !(permissions[0].Ipv6Ranges ?? []).length && !(permissions[0].UserIdGroupPairs ?? []).length &&
    !(permissions[0].PrefixListIds ?? []).length;
  checks.push({ area: "security-group", attribute: "ingress",
    expected: `tcp ${plan.postgresPort}-${plan.postgresPort} from ${cidr ?? "var.app_subnet_cidr"} only`,
    actual: described.join("; ") || "(none)",
    ok: cidr ? onlyAppSubnet : null,
    ...(cidr ? {} : { note: "app_subnet_cidr is unknown here: pass --app-subnet-cidr or set TF_VAR_app_subnet_cidr" }) });
  return checks;
}

function subnetGroupChecks(plan: PlanExpectations, live: LiveState): Check[] {
  const group = live.subnetGroup;
  const checks: Check[] = [{ area: "subnet-group", attribute: "db_subnet_group_name", expected: text(plan.subnetGroupName),
    actual: text(live.instance.DBSubnetGroup?.DBSubnetGroupName), ok: live.instance.DBSubnetGroup?.DBSubnetGroupName === plan.subnetGroupName }];
  const actual = (group?.Subnets ?? []).map((s) => s.SubnetIdentifier ?? "").sort();
  const expected = plan.inputs.dbSubnetIds ? [...plan.inputs.dbSubnetIds].sort() : undefined;
  checks.push({ area: "subnet-group", attribute: "subnet_ids", expected: expected ? expected.join(",") : "var.db_subnet_ids",
    actual: actual.join(",") || "(none)", ok: expected ? matches(expected, actual, "set") : null,
    ...(expected ? {} : { note: "db_subnet_ids is unknown here: set TF_VAR_db_subnet_ids" }) });
  return checks;
}

/** Every attribute the plan sets, expected against actual, side by side. Pure. */
export function compareWithPlan(plan: PlanExpectations, live: LiveState): Check[] {
  return [...instanceChecks(plan, live.instance), ...securityGroupChecks(plan, live), ...subnetGroupChecks(plan, live)];
}
