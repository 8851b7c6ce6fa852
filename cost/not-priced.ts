/**
 * What the estimate leaves out for one database, each with why and a rough size where the plan and the
 * price data give one: a FinOps reviewer reads these beside the total instead of finding them on the bill.
 */
import { instanceClassHardware, instanceFamily } from "../rds/instance-classes";
import type { DatabaseCostInputs } from "./plan-inputs";
import { priceItem, PriceTable } from "./price-table";

export interface NotPriced {
  readonly resource: string;
  readonly what: string;
  readonly why: string;
  /** A rough monthly size, when one can be given. */
  readonly roughSize?: string;
}

/** Burstable families RDS runs in unlimited mode (CPU above the baseline is billed as surplus credits). */
const BURSTABLE_FAMILIES = ["t4g", "t3"];

/**
 * RDS's surplus CPU-credit rate for burstable classes, USD per vCPU-hour: "7.5 cents/vCPU-hour" in AWS's worked
 * example on aws.amazon.com/rds/instance-types (as quoted, reviewed by AWS, in repost.aws question
 * QU8hqKXwKvTfi4vT1RqCioGQ "per vCPU-Hour of T3 CPU Credits", read 2026-12-06). SQL Server's differs ($0.144).
 */
export const SURPLUS_CPU_CREDIT_USD_PER_VCPU_HOUR = 0.075;

/** CloudWatch Logs' always-free allowance per account and month (Amazon CloudWatch pricing, free tier; read 2026-12-06). */
export const CLOUDWATCH_LOGS_FREE_GB = 5;

export function notPricedFor(db: DatabaseCostInputs, ctx: { readonly region?: string; readonly prices: PriceTable }): NotPriced[] {
  const price = (item: string) => (ctx.region ? ctx.prices.lookup(ctx.region, item)?.usd : undefined);
  const resource = db.address;
  const out: NotPriced[] = [{
    resource,
    what: "Data transfer between the app and the database across Availability Zones",
    why: "the plan does not say how much the app reads and writes, nor which zone the app runs in; traffic between the app " +
      "and the primary is billed in each direction when they sit in different zones (Multi-AZ replication itself is not billed)",
    roughSize: "about $0.01 per GB in each direction (AWS data transfer within a region), so $0.02 per GB that crosses and comes back",
  }];
  const cls = db.instanceClass.known ? db.instanceClass.value : undefined;
  const family = cls ? instanceFamily(cls) : undefined;
  if (family && BURSTABLE_FAMILIES.includes(family)) {
    const vcpus = cls ? instanceClassHardware(cls)?.vcpus : undefined;
    const instances = db.multiAz.known && db.multiAz.value ? "the primary" : "the instance";
    out.push({
      resource,
      what: `CPU credits above the baseline of ${cls} (unlimited mode)`,
      why: "RDS runs db.t4g and db.t3 in unlimited mode: CPU used above the class's baseline, averaged over 24 hours, is billed " +
        "per vCPU-hour of surplus credits; how busy the database is cannot be read from the plan",
      roughSize: vcpus === undefined
        ? `$0 while average CPU stays at or under the baseline; $${SURPLUS_CPU_CREDIT_USD_PER_VCPU_HOUR} per vCPU-hour above it`
        : `$0 while average CPU stays at or under the baseline; each 10 points above it on ${instances} for a month ` +
          `cost about $${(vcpus * 730 * SURPLUS_CPU_CREDIT_USD_PER_VCPU_HOUR * 0.1).toFixed(2)} (${vcpus} vCPUs x 730 h x ` +
          `$${SURPLUS_CPU_CREDIT_USD_PER_VCPU_HOUR} x 10%)`,
    });
  }
  const backupUsd = price(priceItem.backupStorage);
  const gib = db.allocatedStorageGib.known ? db.allocatedStorageGib.value : undefined;
  out.push({
    resource,
    what: "Backups and the final snapshot after the instance is deleted",
    why: "the free backup allowance ends with the instance: a final snapshot (skip_final_snapshot = false) and retained automated " +
      "backups are billed as backup storage for as long as they are kept, which the plan does not say",
    roughSize: backupUsd !== undefined && gib !== undefined
      ? `up to about $${(backupUsd * gib).toFixed(2)} a month per full copy (${gib} GiB x $${backupUsd} per GiB-month; a snapshot holds the data written, not the allocation)`
      : undefined,
  });
  const ingestUsd = price(priceItem.logsIngestion);
  out.push({
    resource,
    what: "CloudWatch Logs' free tier",
    why: `the first ${CLOUDWATCH_LOGS_FREE_GB} GB of log ingestion and storage a month are free per account, shared with everything ` +
      "else the account logs; the log lines above are priced as if the allowance were used up, an upper bound",
    roughSize: ingestUsd !== undefined ? `up to $${(CLOUDWATCH_LOGS_FREE_GB * ingestUsd).toFixed(2)} a month less` : undefined,
  });
  return out;
}
