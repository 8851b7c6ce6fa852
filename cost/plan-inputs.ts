/**
 * What the estimate needs from one stack's synthesized plan (cdk.tf.json), read defensively: an
 * attribute that is not a literal (a reference, an expression, a wrong type) is "unknown" and the
 * estimate says so, never a zero. Imports nothing: any object with the plan's JSON will do
 * (review/load-plans' TerraformPlan is one).
 */

/** A synthesized plan: its stack name and its Terraform JSON. */
export interface PlanJson {
  readonly stack: string;
  readonly json: Readonly<Record<string, unknown>>;
}

/** An attribute's value, or why it cannot be used. */
export type Attr<T> = { readonly known: true; readonly value: T } | { readonly known: false; readonly shown: string };

export type PasswordSource = "variable" | "write-only" | "rds-managed";

export interface DatabaseCostInputs {
  readonly address: string;
  readonly engine: Attr<string>;
  readonly instanceClass: Attr<string>;
  readonly multiAz: Attr<boolean>;
  readonly storageType: Attr<string>;
  readonly allocatedStorageGib: Attr<number>;
  /** 0 when autoscaling is off. */
  readonly maxAllocatedStorageGib: Attr<number>;
  /** Provisioned IOPS; 0 when not set. */
  readonly iops: Attr<number>;
  /** Provisioned throughput in MiB/s; 0 when not set. */
  readonly storageThroughput: Attr<number>;
  readonly backupRetentionDays: Attr<number>;
  readonly performanceInsightsEnabled: Attr<boolean>;
  readonly performanceInsightsRetentionDays: Attr<number>;
  readonly monitoringIntervalSeconds: Attr<number>;
  /** Exported log names, each with its log group's retention in days when the plan has that group. */
  readonly exportedLogs: Attr<readonly { readonly name: string; readonly retentionDays: Attr<number> }[]>;
  readonly passwordSource: PasswordSource;
  /** max_connections set by the plan's parameter group, when it sets one. */
  readonly maxConnectionsParameter?: Attr<number>;
}

export interface PlanCostInputs {
  readonly stack: string;
  readonly region: Attr<string>;
  readonly databases: readonly DatabaseCostInputs[];
}

type Json = unknown;
const isRecord = (v: Json): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);

function shown(value: Json): string {
  if (value === undefined) return "(not set)";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

const unknown = (value: Json): Attr<never> => ({ known: false, shown: shown(value) });
const known = <T>(value: T): Attr<T> => ({ known: true, value });
const isExpression = (v: Json) => typeof v === "string" && v.includes("${");

/** Terraform's conversion of a JSON value to number: numbers, and strings in its number syntax. */
export function numberAttr(value: Json, whenAbsent?: number): Attr<number> {
  if (value === undefined && whenAbsent !== undefined) return known(whenAbsent);
  if (typeof value === "number" && Number.isFinite(value)) return known(value);
  if (typeof value === "string" && !isExpression(value) && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value.trim())) {
    return known(Number(value));
  }
  return unknown(value);
}

/** Terraform's conversion to bool: true/false, and the strings "true"/"false". */
export function boolAttr(value: Json, whenAbsent?: boolean): Attr<boolean> {
  if (value === undefined && whenAbsent !== undefined) return known(whenAbsent);
  if (typeof value === "boolean") return known(value);
  if (value === "true" || value === "false") return known(value === "true");
  return unknown(value);
}

export function stringAttr(value: Json): Attr<string> {
  return typeof value === "string" && value !== "" && !isExpression(value) ? known(value) : unknown(value);
}

function blocks(json: Readonly<Record<string, Json>>, type: string): [string, Record<string, Json>][] {
  const resources = json.resource;
  if (!isRecord(resources) || !isRecord(resources[type])) return [];
  return Object.entries(resources[type] as Record<string, Json>)
    .map(([name, body]): [string, Record<string, Json>] => [name, isRecord(body) ? body : {}]);
}

function providerRegion(json: Readonly<Record<string, Json>>): Attr<string> {
  const provider = isRecord(json.provider) ? json.provider.aws : undefined;
  const first = Array.isArray(provider) ? provider[0] : provider;
  return stringAttr(isRecord(first) ? first.region : undefined);
}

function exportedLogs(json: Readonly<Record<string, Json>>, value: Json): DatabaseCostInputs["exportedLogs"] {
  if (value === undefined) return known([]);
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string" && !isExpression(v))) return unknown(value);
  const groups = blocks(json, "aws_cloudwatch_log_group");
  return known((value as string[]).map((name) => {
    const group = groups.find(([, body]) => typeof body.name === "string" && body.name.endsWith(`/${name}`));
    // A log RDS exports without a group in the plan gets a group RDS creates, kept forever.
    return { name, retentionDays: group ? numberAttr(group[1].retention_in_days, 0) : known(0) };
  }));
}

function maxConnectionsParameter(json: Readonly<Record<string, Json>>, reference: Json): Attr<number> | undefined {
  const ref = typeof reference === "string" ? /^\$\{aws_db_parameter_group\.([A-Za-z0-9_-]+)\.[a-z_]+\}$/.exec(reference) : null;
  if (!ref) return undefined;
  const group = blocks(json, "aws_db_parameter_group").find(([name]) => name === ref[1]);
  const parameters = group && Array.isArray(group[1].parameter) ? group[1].parameter : [];
  const setting = parameters.find((p: Json) => isRecord(p) && p.name === "max_connections") as Record<string, Json> | undefined;
  return setting ? numberAttr(setting.value) : undefined;
}

/** Reads every aws_db_instance of the plan. */
export function planCostInputs(plan: PlanJson): PlanCostInputs {
  const { json } = plan;
  const databases = blocks(json, "aws_db_instance").map(([name, db]): DatabaseCostInputs => ({
    address: `aws_db_instance.${name}`,
    engine: stringAttr(db.engine),
    instanceClass: stringAttr(db.instance_class),
    multiAz: boolAttr(db.multi_az, false),
    storageType: stringAttr(db.storage_type),
    allocatedStorageGib: numberAttr(db.allocated_storage),
    maxAllocatedStorageGib: numberAttr(db.max_allocated_storage, 0),
    iops: numberAttr(db.iops, 0),
    storageThroughput: numberAttr(db.storage_throughput, 0),
    backupRetentionDays: numberAttr(db.backup_retention_period),
    performanceInsightsEnabled: boolAttr(db.performance_insights_enabled, false),
    performanceInsightsRetentionDays: numberAttr(db.performance_insights_retention_period, 7),
    monitoringIntervalSeconds: numberAttr(db.monitoring_interval, 0),
    exportedLogs: exportedLogs(json, db.enabled_cloudwatch_logs_exports),
    passwordSource: db.manage_master_user_password === true ? "rds-managed"
      : db.password_wo !== undefined ? "write-only" : "variable",
    maxConnectionsParameter: maxConnectionsParameter(json, db.parameter_group_name),
  }));
  return { stack: plan.stack, region: providerRegion(json), databases };
}
