/**
 * What the estimate needs from one stack's synthesized plan, read through the project's Terraform JSON reader
 * (plan/): an attribute that is not written in place (a reference, an expression, a variable, a
 * wrong type) is "unknown" and the estimate says so, never a zero.
 */
import { PlanJson, reviewedPlanOf } from "../plan/read-plans";
import { ReviewedPlan } from "../plan/reviewed-plan";
import {
  literalRead, parameterValue, Read, readBool, readNumber, readString, readStringList, showValue, TerraformValue, valueOf,
} from "../plan";

export type { PlanJson } from "../plan/read-plans";

/** An attribute's value, or why it cannot be used. */
export type Attr<T> = { readonly known: true; readonly value: T } | { readonly known: false; readonly shown: string };

export type PasswordSource = "variable" | "write-only" | "rds-managed";

export interface DatabaseCostInputs {
  readonly address: string;
  readonly engine: Attr<string>;
  /** engine_version; undefined when the plan leaves it to RDS (its default, a major in standard support). */
  readonly engineVersion?: Attr<string>;
  /** engine_lifecycle_support; undefined when not set (RDS enrolls the instance in Extended Support). */
  readonly engineLifecycleSupport?: Attr<string>;
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

function shown(value: TerraformValue | undefined, read: Read<unknown>): string {
  const text = read.state === "unknown" ? read.expression : value === undefined ? "(not set)" : showValue(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

const known = <T>(value: T): Attr<T> => ({ known: true, value });

function attr<T>(value: TerraformValue | undefined, read: Read<T>, whenAbsent?: T): Attr<T> {
  const literal = literalRead(read);
  if (literal.state === "known") return known(literal.value);
  if (literal.state === "unset" && whenAbsent !== undefined) return known(whenAbsent);
  return { known: false, shown: shown(value, literal) };
}

/** Terraform's conversion to number: numbers, and strings in its number syntax. */
export const numberAttr = (value: TerraformValue | undefined, whenAbsent?: number): Attr<number> => attr(value, readNumber(value), whenAbsent);

/** Terraform's conversion to bool: true/false, and the strings "true"/"false". */
export const boolAttr = (value: TerraformValue | undefined, whenAbsent?: boolean): Attr<boolean> => attr(value, readBool(value), whenAbsent);

export function stringAttr(value: TerraformValue | undefined): Attr<string> {
  const read = attr(value, readString(value));
  return read.known && read.value === "" ? { known: false, shown: '""' } : read;
}

/** A string attribute the plan may leave unset: undefined when unset (null or absent), else as stringAttr reads it. */
function optionalString(value: TerraformValue | undefined): Attr<string> | undefined {
  return literalRead(readString(value)).state === "unset" ? undefined : stringAttr(value);
}

function providerRegion(plan: ReviewedPlan): Attr<string> {
  return stringAttr(plan.config.providers.find((p) => p.name === "aws")?.attributes.get("region"));
}

function exportedLogs(plan: ReviewedPlan, value: TerraformValue | undefined): DatabaseCostInputs["exportedLogs"] {
  const names = attr(value, readStringList(value), []);
  if (!names.known) return names;
  const groups = plan.instances("aws_cloudwatch_log_group");
  return known(names.value.map((name) => {
    const group = groups.find((g) => {
      const groupName = readString(g.attributes.get("name"));
      return groupName.state === "known" && groupName.value.endsWith(`/${name}`);
    });
    // A log RDS exports without a group in the plan gets a group RDS creates, kept forever.
    return { name, retentionDays: group ? numberAttr(group.attributes.get("retention_in_days"), 0) : known(0) };
  }));
}

/**
 * max_connections as the plan's parameter group sets it, read as the review gate reads it (plan/values.ts
 * parameterValue): a parameter block that is not a literal (a dynamic block, a variable), or one whose name is not,
 * may set it, so the value is unknown rather than the class's default.
 */
function maxConnectionsParameter(plan: ReviewedPlan, reference: TerraformValue | undefined): Attr<number> | undefined {
  const [group] = plan.referenced(reference, "aws_db_parameter_group");
  if (!group) return undefined;
  const set = literalRead(parameterValue(group, "max_connections"));
  if (set.state === "unset") return undefined;
  if (set.state === "unknown") return { known: false, shown: set.expression };
  return numberAttr(set.state === "known" ? valueOf(set.value) : set.value);
}

/** Reads every aws_db_instance of the plan. */
export function planCostInputs(source: PlanJson | ReviewedPlan): PlanCostInputs {
  const plan = reviewedPlanOf(source);
  const databases = plan.dbInstances().map((db): DatabaseCostInputs => {
    const a = (name: string) => db.attributes.get(name);
    const managed = readBool(a("manage_master_user_password"));
    return {
      address: db.address,
      engine: stringAttr(a("engine")),
      engineVersion: optionalString(a("engine_version")),
      engineLifecycleSupport: optionalString(a("engine_lifecycle_support")),
      instanceClass: stringAttr(a("instance_class")),
      multiAz: boolAttr(a("multi_az"), false),
      storageType: stringAttr(a("storage_type")),
      allocatedStorageGib: numberAttr(a("allocated_storage")),
      maxAllocatedStorageGib: numberAttr(a("max_allocated_storage"), 0),
      iops: numberAttr(a("iops"), 0),
      storageThroughput: numberAttr(a("storage_throughput"), 0),
      backupRetentionDays: numberAttr(a("backup_retention_period")),
      performanceInsightsEnabled: boolAttr(a("performance_insights_enabled"), false),
      performanceInsightsRetentionDays: numberAttr(a("performance_insights_retention_period"), 7),
      monitoringIntervalSeconds: numberAttr(a("monitoring_interval"), 0),
      exportedLogs: exportedLogs(plan, a("enabled_cloudwatch_logs_exports")),
      passwordSource: managed.state === "known" && managed.value ? "rds-managed"
        : db.attributes.has("password_wo") ? "write-only" : "variable",
      maxConnectionsParameter: maxConnectionsParameter(plan, a("parameter_group_name")),
    };
  });
  return { stack: plan.stack, region: providerRegion(plan), databases };
}
