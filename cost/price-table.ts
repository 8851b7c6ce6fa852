import priceFile from "./prices.json";
import { isKnownInstanceClass } from "../rds/instance-classes";

/** Where a unit price came from: the committed data file, or AWS's Price List API just now. */
export type PriceOrigin = "data file" | "live";

/** One unit price. usd undefined: nobody knows it (a "no price" line, never a zero). */
export interface UnitPrice {
  readonly region: string;
  /** instance/<class>/<Single-AZ|Multi-AZ>, storage/<type>/<deployment>, backup-storage, ... */
  readonly item: string;
  readonly unit: string;
  readonly usd: number | undefined;
  readonly source: string;
  readonly date: string;
  readonly origin: PriceOrigin;
  /** Set on a data-file price kept because the live lookup found none: what the Price List API answered. */
  readonly liveMiss?: string;
}

export interface PriceTable {
  readonly hoursPerMonth: number;
  readonly hoursPerMonthSource: string;
  /** The price of an item in a region; undefined when the table has no row for it. */
  lookup(region: string, item: string): UnitPrice | undefined;
  /** This table with some rows replaced (live prices override the data file). */
  withOverrides(rows: readonly UnitPrice[]): PriceTable;
}

interface RawRow { region?: unknown; item?: unknown; unit?: unknown; usd?: unknown; source?: unknown; date?: unknown }

/** Checks the data file's rows: a malformed row is a bug in the file, reported with its index. */
export function parsePriceRows(rows: readonly RawRow[]): UnitPrice[] {
  return rows.map((row, index) => {
    const text = (key: keyof RawRow) => {
      const value = row[key];
      if (typeof value !== "string" || value === "") throw new Error(`cost/prices.json row ${index}: "${key}" must be a non-empty string`);
      return value;
    };
    if (row.usd !== null && (typeof row.usd !== "number" || !Number.isFinite(row.usd) || row.usd < 0)) {
      throw new Error(`cost/prices.json row ${index}: "usd" must be a non-negative number, or null when no price was found`);
    }
    // A class wildcard states why no class-specific row exists; it must never supply a figure for a class.
    if (text("item").includes("*") && row.usd !== null) {
      throw new Error(`cost/prices.json row ${index}: "${text("item")}" is a class wildcard: its "usd" must be null (a reason, never a price)`);
    }
    return { region: text("region"), item: text("item"), unit: text("unit"), usd: row.usd === null ? undefined : row.usd as number,
      source: text("source"), date: text("date"), origin: "data file" as const };
  });
}

// instance/db.m7g.large/Multi-AZ -> instance/*/Multi-AZ: the item of the row that says why a class has no row of its own.
// Only for a class RDS for PostgreSQL offers (the ones the sources were searched for); any other class has no row at all.
export function classWildcard(item: string): string | undefined {
  const cls = /(?:^|\/)(db\.[a-z0-9-]+\.[a-z0-9]+)\//.exec(item)?.[1];
  return cls && isKnownInstanceClass(cls) ? item.replace(`${cls}/`, "*/") : undefined;
}

// extended-support/year-1-2/postgres-13 -> extended-support/year-1-2: AWS's pricing page gives one Extended Support
// rate per tier for every PostgreSQL major, so the data file holds one row per tier; --live asks per major.
function extendedSupportEveryMajor(item: string): string | undefined {
  return /^(extended-support\/(?:year-1-2|year-3))\/postgres-\d+$/.exec(item)?.[1];
}

export function priceTable(rows: readonly UnitPrice[], hoursPerMonth: number, hoursPerMonthSource: string): PriceTable {
  const byKey = new Map(rows.map((row) => [`${row.region} ${row.item}`, row]));
  // A class without a row of its own falls back to its wildcard row (no figure, only the reason), under its own item name.
  const lookup = (region: string, item: string): UnitPrice | undefined => {
    const exact = byKey.get(`${region} ${item}`);
    if (exact) return exact;
    const tier = extendedSupportEveryMajor(item);
    const everyMajor = tier ? byKey.get(`${region} ${tier}`) : undefined;
    if (everyMajor) return { ...everyMajor, item };
    const wildcard = classWildcard(item);
    const reason = wildcard ? byKey.get(`${region} ${wildcard}`) : undefined;
    return reason && reason.usd === undefined ? { ...reason, item } : undefined;
  };
  return {
    hoursPerMonth,
    hoursPerMonthSource,
    lookup,
    // A live answer without a price never replaces a price the data file has: the line keeps it and says why.
    withOverrides: (overrides) => priceTable([...byKey.values(), ...overrides.map((row) => {
      const kept = lookup(row.region, row.item);
      return row.usd === undefined && kept?.usd !== undefined ? { ...kept, liveMiss: row.source } : row;
    })], hoursPerMonth, hoursPerMonthSource),
  };
}

let dataFileTable: PriceTable | undefined;

/**
 * The committed data file (cost/prices.json), checked and indexed once per process: the file is part of the
 * code and the table is read-only, so every estimate (review:change prices each stack twice) shares it.
 */
export function dataFilePrices(): PriceTable {
  dataFileTable ??= priceTable(parsePriceRows(priceFile.prices as RawRow[]), priceFile.hoursPerMonth, priceFile.hoursPerMonthSource);
  return dataFileTable;
}

/** Price-list item keys, in one place so the estimate and the live lookup agree. */
export const priceItem = {
  instance: (instanceClass: string, deployment: Deployment) => `instance/${instanceClass}/${deployment}`,
  storage: (storageType: string, deployment: Deployment) => `storage/${storageType}/${deployment}`,
  iops: (storageType: string, deployment: Deployment) => `iops/${storageType}/${deployment}`,
  throughput: (storageType: string, deployment: Deployment) => `throughput/${storageType}/${deployment}`,
  backupStorage: "backup-storage",
  performanceInsightsRetention: (family: string) => `performance-insights-retention/${family}`,
  logsIngestion: "cloudwatch-logs-ingestion",
  logsStorage: "cloudwatch-logs-storage",
  secret: "secrets-manager-secret",
  /** Per PostgreSQL major, as the Price List API sells it; the data file's row for the tier covers every major. */
  extendedSupport: (tier: "year-1-2" | "year-3", major: string) => `extended-support/${tier}/postgres-${major}`,
  reserved: (term: ReservedTerm, instanceClass: string, deployment: Deployment) =>
    `reserved-${term}-no-upfront/instance/${instanceClass}/${deployment}`,
} as const;

/** Reserved-instance terms priced beside on-demand, no upfront payment. */
export const RESERVED_TERMS = ["1yr", "3yr"] as const;
export type ReservedTerm = (typeof RESERVED_TERMS)[number];

/**
 * RDS sells no-upfront reserved DB instances for 1-year terms only (All and Partial Upfront for 1 and 3 years).
 * Source, AWS's own: the Amazon RDS Reserved Instances product page, https://aws.amazon.com/rds/reserved-instances/
 * (as stored, read 2026-12-06): "All Upfront and Partial Upfront Reserved Instances can be purchased for one or
 * three year terms, while No Upfront Reserved Instances are only available for one year term." Agreeing:
 * docs.archera.ai "AWS RDS commitment brief" (March 2026: "No Upfront (up to 30%, 1-yr term only)") and
 * aryounce/aws-pricing tests/functions/rds_test.ts @ 013ab65f3a686ca0310dc4a0cf56247d58814f10 (3-year no_upfront
 * "not supported"). Disagreeing: aws/agent-toolkit-for-aws skills/specialized-skills/database-skills/rds-oss/
 * references/commitment-basics.md (an agent skill note, not a price list) gives No Upfront a "typical discount
 * (3yr)"; the product page wins. A 3-year no-upfront line says "not offered" unless a price table row (--live) shows
 * a price.
 */
export const NO_UPFRONT_TERMS_OFFERED: readonly ReservedTerm[] = ["1yr"];
export const NO_UPFRONT_SOURCE = "aws.amazon.com/rds/reserved-instances (AWS, read 2026-12-06): " +
  "No Upfront Reserved Instances are only available for one year term";

export type Deployment = "Single-AZ" | "Multi-AZ";
