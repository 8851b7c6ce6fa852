import { instanceClassHardware, instanceFamily } from "../rds/instance-classes";
import { gp3Baseline } from "../rds/gp3-baseline";
import { maxConnectionsForClass, MAX_CONNECTIONS_FORMULA } from "../rds/max-connections";
import { CostAssumptions, DEFAULT_ASSUMPTIONS, describeAssumptions } from "./assumptions";
import { Attr, DatabaseCostInputs, PlanCostInputs, planCostInputs, PlanJson } from "./plan-inputs";
import { ReviewedPlan } from "../plan/reviewed-plan";
import {
  dataFilePrices, Deployment, NO_UPFRONT_SOURCE, NO_UPFRONT_TERMS_OFFERED, priceItem, PriceTable, RESERVED_TERMS, ReservedTerm, UnitPrice,
} from "./price-table";
import { EXTENDED_SUPPORT_WARNING_DAYS, extendedSupportOutlook, ExtendedSupportTier, TIER_LABEL } from "./extended-support";
import { notPricedFor, NotPriced } from "./not-priced";

/** What a line is, stable across plans, so two estimates can be compared line by line. */
export type LineKind = "instance" | "storage" | "iops" | "throughput" | "backup" | "performance-insights" |
  "monitoring" | "logs-ingestion" | "logs-storage" | "secret" | "extended-support";

/**
 * priced: quantity x unit price. free: a real zero with its reason (a free tier). no-price: the quantity is
 * known, the price is not. unknown: the plan does not say the quantity (not a literal). Only priced and free
 * lines have a monthly figure: the others are never counted as zero.
 */
export type LineStatus = "priced" | "free" | "no-price" | "unknown";

export interface CostLine {
  readonly resource: string;
  readonly kind: LineKind;
  readonly description: string;
  /** The price-list item this line is priced by (cost/prices.json), when it has one. */
  readonly item?: string;
  readonly quantity?: number;
  readonly unit: string;
  readonly unitPrice?: UnitPrice;
  readonly monthlyUsd?: number;
  readonly status: LineStatus;
  readonly note?: string;
  /** Instance lines: the no-upfront reserved-instance monthly equivalent per term, beside on-demand. */
  readonly reserved?: readonly ReservedPrice[];
}

/** A reserved instance's monthly equivalent (hourly rate x hours), or why there is none. */
export interface ReservedPrice {
  readonly term: ReservedTerm;
  readonly unitPrice?: UnitPrice;
  readonly monthlyUsd?: number;
  readonly note?: string;
}

export interface StorageAutoscaling {
  readonly resource: string;
  readonly fromGib: number;
  readonly toGib: number;
  /** Storage (and IOPS above baseline) at the allocated size and at the autoscaling maximum. */
  readonly storageUsd?: readonly [number, number];
}

export interface Capacity {
  readonly resource: string;
  readonly instanceClass?: string;
  readonly memoryGib?: number;
  /** The default formula on the class's nominal memory: the most the default can be. */
  readonly defaultAtMost?: number;
  /** max_connections set in the plan's parameter group, which wins over the default. */
  readonly parameterGroupValue?: number;
  readonly text: string;
}

export interface DocumentComparison {
  readonly documentUsd: number;
  readonly planUsd: number;
  /** Only when the plan's total is complete: an incomplete total is a floor, and a floor is not a saving. */
  readonly differenceUsd?: number;
  readonly complete: boolean;
  readonly reasons: readonly string[];
}

export interface StackCostEstimate {
  readonly stack: string;
  readonly region?: string;
  readonly hoursPerMonth: number;
  readonly lines: readonly CostLine[];
  /** Sum of the priced and free lines: the whole bill only when complete. */
  readonly monthlyUsd: number;
  readonly complete: boolean;
  /** Monthly total at the allocated storage and at the autoscaling maximum, when autoscaling is on. */
  readonly totalRangeUsd?: readonly [number, number];
  readonly storageAutoscaling: readonly StorageAutoscaling[];
  readonly capacity: readonly Capacity[];
  readonly documentComparison?: DocumentComparison;
  readonly assumptions: readonly string[];
  /** The day the estimate prices (Extended Support tiers change with it). */
  readonly asOf: string;
  /** Charges that start or change within a year of asOf, and what the bill becomes then. */
  readonly warnings: readonly string[];
  /** Charges the estimate does not price, each with its reason and a rough size where one is known. */
  readonly notPriced: readonly NotPriced[];
  /** The monthly total with the instance hours on each no-upfront reserved term, when every such price is known. */
  readonly reservedMonthlyUsd?: Partial<Record<ReservedTerm, number>>;
}

/** The design document's figure: "RDS db.t4g.small ~$35/month + storage costs". */
export const DOCUMENT_MONTHLY_USD = 35;
export const DOCUMENT_COST_QUOTE = "RDS db.t4g.small ~$35/month + storage costs";
/** The class the document's figure is for. */
export const DOCUMENT_INSTANCE_CLASS = "db.t4g.small";

const EXTRA_NAMES: Partial<Record<LineKind, string>> = {
  iops: "IOPS", throughput: "throughput", backup: "backups", "performance-insights": "Performance Insights",
  monitoring: "enhanced monitoring", "logs-ingestion": "logs", "logs-storage": "logs", secret: "the secret",
  "extended-support": "RDS Extended Support",
};

const round2 = (n: number) => Math.round(n * 100) / 100;

interface Context {
  readonly region?: string;
  readonly prices: PriceTable;
  readonly assumptions: CostAssumptions;
  readonly asOf: string;
  readonly warnings: string[];
  /** Statements about this plan added to the assumptions (where Extended Support stands). */
  readonly facts: string[];
}

/** "no price: <why>", once: a data-file row without a figure already says "no price: ..." in its source. */
const noPriceNote = (source: string) => (source.startsWith("no price: ") ? source : `no price: ${source}`);

/** A line priced from the table, or "no price" with the reason. */
function pricedLine(ctx: Context, line: Omit<CostLine, "status" | "monthlyUsd" | "unitPrice" | "item">, item: string): CostLine {
  const base = { ...line, item };
  const price = ctx.region ? ctx.prices.lookup(ctx.region, item) : undefined;
  if (!ctx.region) return { ...base, status: "no-price", note: "no region: the plan's provider sets none (pass --region)" };
  if (!price) return { ...base, status: "no-price", note: `no price: the price data has no "${item}" in ${ctx.region}` };
  if (price.usd === undefined) return { ...base, unitPrice: price, status: "no-price", note: noPriceNote(price.source) };
  const kept = price.liveMiss ? `the data file's price: the AWS Price List API returned none (${price.liveMiss})` : undefined;
  return { ...base, unitPrice: price, status: "priced", monthlyUsd: round2((base.quantity ?? 0) * price.usd),
    note: kept && base.note ? `${base.note}; ${kept}` : kept ?? base.note };
}

function unknownLine(resource: string, kind: LineKind, description: string, unit: string, why: string): CostLine {
  return { resource, kind, description, unit, status: "unknown", note: `unknown: ${why}` };
}

const notLiteral = (attribute: string, attr: Attr<unknown>) =>
  attr.known ? "" : `${attribute} is ${attr.shown}, not a literal the estimate can read`;

function instanceLine(ctx: Context, db: DatabaseCostInputs, deployment: Deployment | undefined): CostLine {
  const { address } = db;
  const cls = db.instanceClass.known ? db.instanceClass.value : undefined;
  const description = `Instance hours (on-demand, ${deployment ?? "?"}, ${cls ?? "?"})`;
  if (!cls) return unknownLine(address, "instance", description, "hours", notLiteral("instance_class", db.instanceClass));
  if (!deployment) return unknownLine(address, "instance", description, "hours", notLiteral("multi_az", db.multiAz));
  if (!db.engine.known || db.engine.value !== "postgres") {
    return { resource: address, kind: "instance", description, quantity: ctx.prices.hoursPerMonth, unit: "hours", status: "no-price",
      note: `no price: the price data is RDS for PostgreSQL's; engine is ${db.engine.known ? db.engine.value : db.engine.shown}` };
  }
  const line = pricedLine(ctx, { resource: address, kind: "instance", description, quantity: ctx.prices.hoursPerMonth, unit: "hours" },
    priceItem.instance(cls, deployment));
  return { ...line, reserved: RESERVED_TERMS.map((term) => reservedPrice(ctx, term, cls, deployment)) };
}

/** The no-upfront reserved price of a class for a term, as a month of hours; "no price" with the reason otherwise. */
function reservedPrice(ctx: Context, term: ReservedTerm, cls: string, deployment: Deployment): ReservedPrice {
  const item = priceItem.reserved(term, cls, deployment);
  const price = ctx.region ? ctx.prices.lookup(ctx.region, item) : undefined;
  if ((!price || price.usd === undefined) && !NO_UPFRONT_TERMS_OFFERED.includes(term)) {
    return { term, unitPrice: price, note: `not offered: ${NO_UPFRONT_SOURCE}${price ? `; ${price.source}` : ""}` };
  }
  if (!price || price.usd === undefined) {
    return { term, unitPrice: price, note: price ? noPriceNote(price.source)
      : `no price: cost/prices.json holds no ${term} no-upfront reserved price for ${cls} ${deployment}${ctx.region ? ` in ${ctx.region}` : ""}; --live reads AWS's Reserved terms` };
  }
  return { term, unitPrice: price, monthlyUsd: round2(ctx.prices.hoursPerMonth * price.usd) };
}

/** Storage, and IOPS and throughput above what the storage includes, at a given size. */
function storageLines(ctx: Context, db: DatabaseCostInputs, deployment: Deployment | undefined, gib: number): CostLine[] {
  const { address } = db;
  const type = db.storageType.known ? db.storageType.value : undefined;
  const twoCopies = deployment === "Multi-AZ" ? ", Multi-AZ: billed for both copies" : "";
  const description = `Storage (${type ?? "?"}, ${gib} GiB${twoCopies})`;
  if (!type) return [unknownLine(address, "storage", description, "GiB-month", notLiteral("storage_type", db.storageType))];
  if (!deployment) return [unknownLine(address, "storage", description, "GiB-month", notLiteral("multi_az", db.multiAz))];
  const lines = [pricedLine(ctx, { resource: address, kind: "storage", description, quantity: gib, unit: "GiB-month" },
    priceItem.storage(type, deployment))];
  if (!db.iops.known) lines.push(unknownLine(address, "iops", "Provisioned IOPS", "IOPS-month", notLiteral("iops", db.iops)));
  else if (type === "gp3") {
    const baseline = gp3Baseline(gib);
    if (db.iops.value > baseline.iops) {
      lines.push(pricedLine(ctx, { resource: address, kind: "iops", description: `Provisioned IOPS above the gp3 baseline of ${baseline.iops}`,
        quantity: db.iops.value - baseline.iops, unit: "IOPS-month" }, priceItem.iops(type, deployment)));
    }
    if (!db.storageThroughput.known) {
      lines.push(unknownLine(address, "throughput", "Provisioned throughput", "MiBps-month", notLiteral("storage_throughput", db.storageThroughput)));
    } else if (db.storageThroughput.value > baseline.throughputMiBps) {
      lines.push(pricedLine(ctx, { resource: address, kind: "throughput",
        description: `Provisioned throughput above the gp3 baseline of ${baseline.throughputMiBps} MiB/s`,
        quantity: db.storageThroughput.value - baseline.throughputMiBps, unit: "MiBps-month" }, priceItem.throughput(type, deployment)));
    }
  } else if (type === "io1" || type === "io2") {
    if (db.iops.value > 0) {
      lines.push(pricedLine(ctx, { resource: address, kind: "iops", description: `Provisioned IOPS (${type})`, quantity: db.iops.value,
        unit: "IOPS-month" }, priceItem.iops(type, deployment)));
    } else lines.push(unknownLine(address, "iops", `Provisioned IOPS (${type})`, "IOPS-month", `${type} storage needs iops, and the plan sets none`));
  }
  return lines;
}

function backupLine(ctx: Context, db: DatabaseCostInputs): CostLine[] {
  const description = "Backup storage beyond the free allowance";
  if (!db.backupRetentionDays.known) {
    return [unknownLine(db.address, "backup", description, "GiB-month", notLiteral("backup_retention_period", db.backupRetentionDays))];
  }
  if (db.backupRetentionDays.value === 0) return [];
  const line = pricedLine(ctx, { resource: db.address, kind: "backup", description, quantity: ctx.assumptions.additionalBackupGib,
    unit: "GiB-month" }, priceItem.backupStorage);
  return [{ ...line, note: line.note ?? `${db.backupRetentionDays.value}-day retention; ${ctx.assumptions.additionalBackupGib} GiB assumed beyond the free allowance (--backup-gb)` }];
}

function performanceInsightsLines(ctx: Context, db: DatabaseCostInputs): CostLine[] {
  const { address } = db;
  if (!db.performanceInsightsEnabled.known) {
    return [unknownLine(address, "performance-insights", "Performance Insights", "vCPU-month",
      notLiteral("performance_insights_enabled", db.performanceInsightsEnabled))];
  }
  if (!db.performanceInsightsEnabled.value) return [];
  if (!db.performanceInsightsRetentionDays.known) {
    return [unknownLine(address, "performance-insights", "Performance Insights retention", "vCPU-month",
      notLiteral("performance_insights_retention_period", db.performanceInsightsRetentionDays))];
  }
  const days = db.performanceInsightsRetentionDays.value;
  if (days <= 7) {
    return [{ resource: address, kind: "performance-insights", description: `Performance Insights, ${days} days retention`, unit: "vCPU-month",
      quantity: 0, monthlyUsd: 0, status: "free", note: "7 days of retention is Performance Insights' free tier" }];
  }
  const cls = db.instanceClass.known ? db.instanceClass.value : undefined;
  const hardware = cls ? instanceClassHardware(cls) : undefined;
  const family = cls ? instanceFamily(cls) : undefined;
  const description = `Performance Insights, ${days} days retention (beyond the 7-day free tier)`;
  if (!hardware || !family) {
    return [unknownLine(address, "performance-insights", description, "vCPU-month",
      cls ? `the vCPUs of ${cls} are not in rds/instance-classes.ts` : notLiteral("instance_class", db.instanceClass))];
  }
  return [pricedLine(ctx, { resource: address, kind: "performance-insights", description, quantity: hardware.vcpus, unit: "vCPU-month" },
    priceItem.performanceInsightsRetention(family))];
}

function monitoringLines(ctx: Context, db: DatabaseCostInputs): CostLine[] {
  if (!db.monitoringIntervalSeconds.known) {
    return [unknownLine(db.address, "monitoring", "Enhanced monitoring (CloudWatch Logs ingestion)", "GB",
      notLiteral("monitoring_interval", db.monitoringIntervalSeconds))];
  }
  const interval = db.monitoringIntervalSeconds.value;
  if (interval <= 0) return [];
  const events = (ctx.prices.hoursPerMonth * 3600) / interval;
  const gb = (events * ctx.assumptions.monitoringEventKb) / 1e6;
  const line = pricedLine(ctx, { resource: db.address, kind: "monitoring",
    description: `Enhanced monitoring every ${interval} s (CloudWatch Logs ingestion)`, quantity: gb, unit: "GB" }, priceItem.logsIngestion);
  return [{ ...line, note: line.note ?? `${events} events x ${ctx.assumptions.monitoringEventKb} KB assumed (--monitoring-event-kb)` }];
}

function exportedLogLines(ctx: Context, db: DatabaseCostInputs): CostLine[] {
  const { address } = db;
  if (!db.exportedLogs.known) {
    return [unknownLine(address, "logs-ingestion", "Exported logs (CloudWatch Logs ingestion)", "GB",
      notLiteral("enabled_cloudwatch_logs_exports", db.exportedLogs))];
  }
  const logs = db.exportedLogs.value;
  if (logs.length === 0) return [];
  const gb = ctx.assumptions.exportedLogsGbPerMonth;
  const names = logs.map((l) => l.name).join(", ");
  const ingestion = pricedLine(ctx, { resource: address, kind: "logs-ingestion", description: `Exported logs ${names} (CloudWatch Logs ingestion)`,
    quantity: gb, unit: "GB" }, priceItem.logsIngestion);
  const retentions = logs.map((l) => l.retentionDays);
  const storageDescription = "Exported logs kept (CloudWatch Logs storage)";
  const unreadable = retentions.find((r) => !r.known);
  if (unreadable && !unreadable.known) {
    return [ingestion, unknownLine(address, "logs-storage", storageDescription, "GB-month", `a log group's retention_in_days is ${unreadable.shown}`)];
  }
  const days = retentions.map((r) => (r.known ? r.value : 0));
  if (days.some((d) => d === 0)) {
    return [ingestion, unknownLine(address, "logs-storage", storageDescription, "GB-month",
      "a log group keeps logs forever (no retention), so its storage grows every month")];
  }
  // At steady state a group holds retention/30 months of ingestion; the longest retention bounds them all.
  const longest = Math.max(...days);
  const storage = pricedLine(ctx, { resource: address, kind: "logs-storage", description: `${storageDescription}, ${longest} days`,
    quantity: round2((gb * longest) / 30), unit: "GB-month" }, priceItem.logsStorage);
  return [{ ...ingestion, note: ingestion.note ?? `${gb} GB a month assumed (--logs-gb)` }, storage];
}

function secretLine(ctx: Context, db: DatabaseCostInputs): CostLine {
  const line = pricedLine(ctx, { resource: db.address, kind: "secret", description: "Secrets Manager secret (master password)", quantity: 1,
    unit: "secret-month" }, priceItem.secret);
  const why = db.passwordSource === "rds-managed"
    ? "manage_master_user_password: RDS keeps the password in a secret it creates"
    : "the master secret npm run secret:create stores (the README's deploy path); drop this line if the password lives elsewhere";
  return { ...line, note: line.note ? `${line.note}; ${why}` : why };
}

const usdText = (n: number) => `$${n.toFixed(2)}`;

/**
 * RDS Extended Support: vCPUs x instances (a Multi-AZ standby bills too) x hours at the tier the major is in on
 * asOf; a warning when a tier starts within a year, saying what the line becomes then.
 */
function extendedSupportLines(ctx: Context, db: DatabaseCostInputs, deployment: Deployment | undefined): CostLine[] {
  const outlook = extendedSupportOutlook({ isPostgres: db.engine.known && db.engine.value === "postgres", engineVersion: db.engineVersion,
    lifecycleSupport: db.engineLifecycleSupport }, ctx.asOf);
  const description = "RDS Extended Support";
  if (outlook.kind === "unreadable") return [unknownLine(db.address, "extended-support", description, "vCPU-hours", outlook.why)];
  if (outlook.kind === "unknown-major") {
    return [unknownLine(db.address, "extended-support", description, "vCPU-hours",
      `engine_version ${outlook.version} is not a PostgreSQL major in rds/postgres-engine-versions.ts`)];
  }
  if (outlook.kind === "default-version") {
    ctx.facts.push(`RDS Extended Support: ${db.address} sets no engine_version, so RDS creates its default major, in standard support`);
  }
  if (outlook.kind !== "known") return []; // not PostgreSQL, or the version left to RDS's default
  const { major, tier, next, disabled } = outlook;
  const cls = db.instanceClass.known ? db.instanceClass.value : undefined;
  const vcpus = cls ? instanceClassHardware(cls)?.vcpus : undefined;
  const instances = deployment === "Multi-AZ" ? 2 : 1;
  const hours = ctx.prices.hoursPerMonth;
  const monthlyAt = (t: Exclude<ExtendedSupportTier, "standard">) => {
    const usd = ctx.region ? ctx.prices.lookup(ctx.region, priceItem.extendedSupport(t, major.major))?.usd : undefined;
    return vcpus === undefined || usd === undefined ? undefined : { usd, monthly: round2(vcpus * instances * hours * usd) };
  };
  const what = (t: Exclude<ExtendedSupportTier, "standard">) => {
    const m = monthlyAt(t);
    return m ? `${usdText(m.monthly)} a month (${vcpus} vCPUs x ${instances} instance${instances > 1 ? "s" : ""} x ${hours} h x $${m.usd})`
      : `a charge per vCPU-hour the estimate cannot price (${vcpus === undefined ? `the vCPUs of ${cls ?? "the class"} are unknown` : "no price in this region"})`;
  };
  if (next && next.inDays <= EXTENDED_SUPPORT_WARNING_DAYS && next.tier !== "standard") {
    ctx.warnings.push(disabled
      ? `${db.address}: PostgreSQL ${major.major}'s standard support ends ${major.endOfStandardSupport}; engine_lifecycle_support ` +
        "disables Extended Support, so RDS upgrades the instance to a major in standard support after that date (plan the upgrade)"
      : `${db.address}: from ${next.from} PostgreSQL ${major.major} is billed RDS Extended Support at its ${next.tier} rate: ` +
        `${what(next.tier)} on top of this estimate, unless upgraded before then` +
        (tier === "standard" ? ` (standard support ends ${major.endOfStandardSupport})` : ""));
  }
  if (tier === "standard") {
    ctx.facts.push(`RDS Extended Support: ${db.address} runs PostgreSQL ${major.major}, in standard support until ${major.endOfStandardSupport} ` +
      `(from ${major.extendedSupportYear1}: ${disabled ? "disabled by engine_lifecycle_support, RDS upgrades the instance instead" : what("year-1-2")})`);
    return [];
  }
  if (disabled) return [];
  const base = { resource: db.address, kind: "extended-support" as const,
    description: `${description} (PostgreSQL ${major.major}, ${TIER_LABEL[tier]}, since ${tier === "year-3" ? major.extendedSupportYear3 : major.extendedSupportYear1})`,
    unit: "vCPU-hours" };
  const why = `standard support ended ${major.endOfStandardSupport}; billed from ${major.extendedSupportYear1}, year 3 rate from ` +
    `${major.extendedSupportYear3}; reserved instances do not cover it; upgrading to a major in standard support stops it`;
  if (vcpus === undefined) {
    return [unknownLine(db.address, "extended-support", base.description, "vCPU-hours",
      cls ? `the vCPUs of ${cls} are not in rds/instance-classes.ts` : notLiteral("instance_class", db.instanceClass))];
  }
  if (!deployment) return [unknownLine(db.address, "extended-support", base.description, "vCPU-hours", notLiteral("multi_az", db.multiAz))];
  const line = pricedLine(ctx, { ...base, quantity: vcpus * instances * hours }, priceItem.extendedSupport(tier, major.major));
  return [{ ...line, note: line.note ? `${line.note}; ${why}` : `${vcpus} vCPUs x ${instances} instance(s) x ${hours} h; ${why}` }];
}

function capacity(db: DatabaseCostInputs): Capacity {
  const cls = db.instanceClass.known ? db.instanceClass.value : undefined;
  const fromFormula = cls ? maxConnectionsForClass(cls) : undefined;
  const parameter = db.maxConnectionsParameter;
  if (parameter && parameter.known) {
    return { resource: db.address, instanceClass: cls, memoryGib: fromFormula?.memoryGib, defaultAtMost: fromFormula?.atMost,
      parameterGroupValue: parameter.value, text: `max_connections = ${parameter.value}, set by the plan's parameter group` };
  }
  if (parameter && !parameter.known) {
    return { resource: db.address, instanceClass: cls, text: `max_connections unknown: the plan's parameter group sets it to ${parameter.shown}` };
  }
  if (!cls) return { resource: db.address, text: `max_connections unknown: ${notLiteral("instance_class", db.instanceClass)}` };
  if (!fromFormula) return { resource: db.address, instanceClass: cls, text: `max_connections unknown: the memory of ${cls} is not in rds/instance-classes.ts` };
  return { resource: db.address, instanceClass: cls, memoryGib: fromFormula.memoryGib, defaultAtMost: fromFormula.atMost,
    text: `max_connections at most ${fromFormula.atMost} by default on ${cls} (${MAX_CONNECTIONS_FORMULA} with ${fromFormula.memoryGib} GiB; ` +
      "RDS subtracts its own reserve from DBInstanceClassMemory, so the live value is lower: the probe's evidence records it)" };
}

const sum = (lines: readonly CostLine[]) => round2(lines.reduce((total, l) => total + (l.monthlyUsd ?? 0), 0));

/** Why the plan costs what it costs against the document's "$35/month". */
function compareWithDocument(ctx: Context, db: DatabaseCostInputs, lines: readonly CostLine[], planUsd: number): DocumentComparison {
  const reasons: string[] = [];
  const cls = db.instanceClass.known ? db.instanceClass.value : undefined;
  const type = db.storageType.known ? db.storageType.value : undefined;
  const gib = db.allocatedStorageGib.known ? db.allocatedStorageGib.value : undefined;
  const single = (item: string) => (ctx.region ? ctx.prices.lookup(ctx.region, item)?.usd : undefined);
  const hours = ctx.prices.hoursPerMonth;
  const ofKind = (kind: LineKind) => lines.filter((l) => l.kind === kind && l.resource === db.address);
  const instance = ofKind("instance")[0];
  const storage = ofKind("storage")[0];
  const singleInstance = cls ? single(priceItem.instance(cls, "Single-AZ")) : undefined;
  const singleStorage = type ? single(priceItem.storage(type, "Single-AZ")) : undefined;
  const documentClassHourly = single(priceItem.instance(DOCUMENT_INSTANCE_CLASS, "Single-AZ"));
  const documentClassMonthly = documentClassHourly === undefined ? undefined : documentClassHourly * hours;
  if (singleInstance !== undefined) {
    reasons.push(`${cls} on its own, Single-AZ: $${(singleInstance * hours).toFixed(2)} a month (${hours} h x $${singleInstance})`);
  }
  if (singleInstance !== undefined && singleStorage !== undefined && gib !== undefined) {
    const singleTotal = `$${(singleInstance * hours + singleStorage * gib).toFixed(2)}`;
    reasons.push(cls === DOCUMENT_INSTANCE_CLASS
      ? `with ${gib} GiB of ${type}, Single-AZ: ${singleTotal}: ` +
        "the document's \"$35 + storage\" is about this, a single instance and a single copy of storage"
      : `with ${gib} GiB of ${type}, Single-AZ: ${singleTotal}; the document's "$35 + storage" is a ${DOCUMENT_INSTANCE_CLASS}, ` +
        `and this stack runs ${cls}${documentClassMonthly === undefined ? "" : ` (a ${DOCUMENT_INSTANCE_CLASS} is $${documentClassMonthly.toFixed(2)} a month of instance)`}`);
  } else if (cls !== undefined && cls !== DOCUMENT_INSTANCE_CLASS) {
    reasons.push(`the document's "$35 + storage" is a ${DOCUMENT_INSTANCE_CLASS}; this stack runs ${cls}, whose price the data does not hold here`);
  }
  if (db.multiAz.known && db.multiAz.value) {
    if (instance?.monthlyUsd !== undefined && singleInstance !== undefined) {
      reasons.push(`Multi-AZ runs a standby: instance +$${(instance.monthlyUsd - singleInstance * hours).toFixed(2)}`);
    }
    if (storage?.monthlyUsd !== undefined && singleStorage !== undefined && gib !== undefined) {
      reasons.push(`Multi-AZ keeps a second copy of storage: +$${(storage.monthlyUsd - singleStorage * gib).toFixed(2)}`);
    }
  }
  const extras = lines.filter((l) => l.resource === db.address && !["instance", "storage"].includes(l.kind));
  if (extras.length > 0) {
    reasons.push(`${[...new Set(extras.map((l) => EXTRA_NAMES[l.kind] ?? l.kind))].join(", ")}: +$${sum(extras).toFixed(2)}`);
  }
  const unpriced = lines.filter((l) => l.monthlyUsd === undefined);
  if (unpriced.length > 0) reasons.push(`${unpriced.length} line(s) without a price are not in the figure: the plan costs at least this`);
  const complete = unpriced.length === 0;
  return { documentUsd: DOCUMENT_MONTHLY_USD, planUsd, complete, reasons,
    differenceUsd: complete ? round2(planUsd - DOCUMENT_MONTHLY_USD) : undefined };
}

export interface EstimateOptions {
  /** Price in this region instead of the plan's provider region. */
  readonly region?: string;
  readonly assumptions?: CostAssumptions;
  /** The day to price (YYYY-MM-DD); default today (UTC). Extended Support's tiers depend on it. */
  readonly asOf?: string;
}

/** The monthly estimate of one stack's plan. Pure. */
export function estimateStack(inputs: PlanCostInputs, prices: PriceTable, options: EstimateOptions = {}): StackCostEstimate {
  const region = options.region ?? (inputs.region.known ? inputs.region.value : undefined);
  const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
  const ctx: Context = { region, prices, assumptions: options.assumptions ?? DEFAULT_ASSUMPTIONS, asOf, warnings: [], facts: [] };
  const lines: CostLine[] = [];
  const autoscaling: StorageAutoscaling[] = [];
  let atMaxDelta = 0;
  let rangeKnown = true;
  for (const db of inputs.databases) {
    const deployment: Deployment | undefined = db.multiAz.known ? (db.multiAz.value ? "Multi-AZ" : "Single-AZ") : undefined;
    lines.push(instanceLine(ctx, db, deployment), ...extendedSupportLines(ctx, db, deployment));
    if (!db.allocatedStorageGib.known) {
      lines.push(unknownLine(db.address, "storage", "Storage", "GiB-month", notLiteral("allocated_storage", db.allocatedStorageGib)));
    } else {
      const allocated = db.allocatedStorageGib.value;
      const atAllocated = storageLines(ctx, db, deployment, allocated);
      lines.push(...atAllocated);
      const max = db.maxAllocatedStorageGib;
      if (!max.known) rangeKnown = false;
      else if (max.value > allocated) {
        const atMax = storageLines(ctx, db, deployment, max.value);
        const priced = [...atAllocated, ...atMax].every((l) => l.monthlyUsd !== undefined);
        autoscaling.push({ resource: db.address, fromGib: allocated, toGib: max.value,
          storageUsd: priced ? [sum(atAllocated), sum(atMax)] : undefined });
        if (priced) atMaxDelta += sum(atMax) - sum(atAllocated);
        else rangeKnown = false;
      }
    }
    lines.push(...backupLine(ctx, db), ...performanceInsightsLines(ctx, db), ...monitoringLines(ctx, db), ...exportedLogLines(ctx, db),
      secretLine(ctx, db));
  }
  const monthlyUsd = sum(lines);
  const complete = lines.every((l) => l.status === "priced" || l.status === "free");
  const [first] = inputs.databases;
  return {
    stack: inputs.stack,
    region,
    hoursPerMonth: prices.hoursPerMonth,
    lines,
    monthlyUsd,
    complete,
    totalRangeUsd: autoscaling.length > 0 && rangeKnown ? [monthlyUsd, round2(monthlyUsd + atMaxDelta)] : undefined,
    storageAutoscaling: autoscaling,
    capacity: inputs.databases.map(capacity),
    documentComparison: first ? compareWithDocument(ctx, first, lines, monthlyUsd) : undefined,
    assumptions: [...describeAssumptions(ctx.assumptions, prices.hoursPerMonth, prices.hoursPerMonthSource), ...ctx.facts],
    asOf,
    warnings: ctx.warnings,
    notPriced: inputs.databases.flatMap((db) => notPricedFor(db, { region, prices })),
    reservedMonthlyUsd: reservedTotals(lines, monthlyUsd, complete),
  };
}

/** The total with every instance line on a reserved term instead of on-demand; a term only when all its prices are known. */
function reservedTotals(lines: readonly CostLine[], monthlyUsd: number, complete: boolean): Partial<Record<ReservedTerm, number>> | undefined {
  const instances = lines.filter((l) => l.kind === "instance");
  if (!complete || instances.length === 0) return undefined;
  const totals: Partial<Record<ReservedTerm, number>> = {};
  for (const term of RESERVED_TERMS) {
    const prices = instances.map((l) => l.reserved?.find((r) => r.term === term)?.monthlyUsd);
    if (prices.every((p): p is number => p !== undefined)) {
      totals[term] = round2(monthlyUsd - sum(instances) + prices.reduce((a, b) => a + b, 0));
    }
  }
  return Object.keys(totals).length ? totals : undefined;
}

/** The account's bill for this project: every stack's total together, complete only when every stack's is. */
export interface AccountTotal {
  readonly stacks: readonly string[];
  readonly monthlyUsd: number;
  readonly complete: boolean;
  readonly reservedMonthlyUsd?: Partial<Record<ReservedTerm, number>>;
}

export function accountTotal(estimates: readonly StackCostEstimate[]): AccountTotal {
  const reserved: Partial<Record<ReservedTerm, number>> = {};
  for (const term of RESERVED_TERMS) {
    const each = estimates.map((e) => e.reservedMonthlyUsd?.[term]);
    if (estimates.length > 0 && each.every((v): v is number => v !== undefined)) reserved[term] = round2(each.reduce((a, b) => a + b, 0));
  }
  return { stacks: estimates.map((e) => e.stack), monthlyUsd: round2(estimates.reduce((t, e) => t + e.monthlyUsd, 0)),
    complete: estimates.every((e) => e.complete), reservedMonthlyUsd: Object.keys(reserved).length ? reserved : undefined };
}

/** One plan's monthly estimate, from the committed price data unless prices are given (for review:change). */
export function monthlyCostOfPlan(plan: PlanJson | ReviewedPlan, options: EstimateOptions & { readonly prices?: PriceTable } = {}): StackCostEstimate {
  return estimateStack(planCostInputs(plan), options.prices ?? dataFilePrices(), options);
}

export interface LineDelta {
  readonly resource: string;
  readonly kind: LineKind;
  readonly baseUsd?: number;
  readonly headUsd?: number;
  /** undefined when either side has no figure: the change cannot be priced. */
  readonly deltaUsd?: number;
  readonly base?: string;
  readonly head?: string;
}

export interface CostDelta {
  readonly stack: string;
  readonly baseUsd: number;
  readonly headUsd: number;
  readonly deltaUsd: number;
  /** False when a line on either side has no price or an unknown quantity: the delta is then incomplete. */
  readonly complete: boolean;
  readonly lines: readonly LineDelta[];
}

/**
 * The monthly change from one estimate to another, line by line (for review:change). Lines are matched
 * by resource and kind; only lines whose figure changed are listed.
 */
export function costDelta(base: StackCostEstimate, head: StackCostEstimate): CostDelta {
  const key = (l: CostLine) => `${l.resource} ${l.kind}`;
  const group = (lines: readonly CostLine[]) => {
    const map = new Map<string, CostLine[]>();
    for (const l of lines) map.set(key(l), [...(map.get(key(l)) ?? []), l]);
    return map;
  };
  const before = group(base.lines);
  const after = group(head.lines);
  const lines: LineDelta[] = [];
  for (const k of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(k) ?? [];
    const h = after.get(k) ?? [];
    const figure = (ls: CostLine[]) => (ls.every((l) => l.monthlyUsd !== undefined) ? sum(ls) : undefined);
    const baseUsd = figure(b);
    const headUsd = figure(h);
    const describe = (ls: CostLine[]) => (ls.length ? ls.map((l) => l.description).join("; ") : undefined);
    const same = describe(b) === describe(h) && baseUsd === headUsd;
    if (same) continue;
    const [sample] = [...b, ...h];
    lines.push({ resource: sample.resource, kind: sample.kind, baseUsd, headUsd, base: describe(b), head: describe(h),
      deltaUsd: baseUsd !== undefined && headUsd !== undefined ? round2(headUsd - baseUsd) : undefined });
  }
  return { stack: head.stack, baseUsd: base.monthlyUsd, headUsd: head.monthlyUsd, deltaUsd: round2(head.monthlyUsd - base.monthlyUsd),
    complete: base.complete && head.complete, lines };
}
