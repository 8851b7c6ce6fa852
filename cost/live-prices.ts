import type { Filter, PricingClient } from "@aws-sdk/client-pricing";
import { awsClientConfig } from "../aws/client-config";
import { priceItem, RESERVED_TERMS, ReservedTerm, UnitPrice } from "./price-table";

/**
 * The Price List Query API's endpoint region. AWS documents it at us-east-1 (also eu-central-1 and
 * ap-south-1); the prices it returns are for every region, chosen by the regionCode filter.
 * Source: AWS Billing and Cost Management User Guide, "Using the AWS Price List Query API"
 * (https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/using-price-list-query-api.html), 2026-11-29.
 */
export const PRICING_ENDPOINT_REGION = "us-east-1";

/**
 * The client --live uses: the standard credential chain, the documented endpoint region, the SDK's own retry.
 * The SDK is loaded here, when --live needs it: loading it costs more than --help or an estimate from the
 * price table (~0.06 CPU s, issue 26).
 */
export function pricingClient(): PricingClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PricingClient: Client } = require("@aws-sdk/client-pricing") as typeof import("@aws-sdk/client-pricing");
  return new Client(awsClientConfig(PRICING_ENDPOINT_REGION));
}

/** One price-list item the live lookup knows how to ask for. */
interface LiveQuery {
  readonly filters: Record<string, string>;
  readonly unit: string;
  /** Among the products the filters match, the one whose usagetype ends so (storage comes in several). */
  readonly usageTypeSuffix?: string;
}

/** gp2, gp3, io1 as the price list spells them (volumeType) and as its usage types end. */
const STORAGE = {
  gp2: { volumeType: "General Purpose", usage: "GP2-Storage" },
  gp3: { volumeType: "General Purpose-GP3", usage: "GP3-Storage" },
  io1: { volumeType: "Provisioned IOPS", usage: "PIOPS-Storage" },
} as const;

/**
 * How an item of cost/prices.json is asked for with GetProducts (attribute names and values as the
 * RDS price list uses them; infracost/infracost internal/resources/aws/db_instance.go, commit 02a71da,
 * queries the same ones), and RDS Extended Support per PostgreSQL major. Items not listed (IOPS, Performance
 * Insights, CloudWatch, Secrets Manager) stay with the data file, and the report says so.
 */
export function liveQuery(region: string, item: string): LiveQuery | undefined {
  const instance = /^instance\/(db\.[a-z0-9-]+\.[a-z0-9]+)\/(Single-AZ|Multi-AZ)$/.exec(item);
  if (instance) {
    return { unit: "hour", filters: { ServiceCode: "AmazonRDS", regionCode: region, productFamily: "Database Instance",
      instanceType: instance[1], databaseEngine: "PostgreSQL", deploymentOption: instance[2] } };
  }
  const storage = /^storage\/(gp2|gp3|io1)\/(Single-AZ|Multi-AZ)$/.exec(item);
  if (storage) {
    const type = STORAGE[storage[1] as keyof typeof STORAGE];
    return { unit: "GiB-month", usageTypeSuffix: `RDS:${storage[2] === "Multi-AZ" ? "Multi-AZ-" : ""}${type.usage}`,
      filters: { ServiceCode: "AmazonRDS", regionCode: region, productFamily: "Database Storage", volumeType: type.volumeType,
        deploymentOption: storage[2], databaseEngine: "Any" } };
  }
  const extendedSupport = /^extended-support\/(year-1-2|year-3)\/postgres-(\d+)$/.exec(item);
  if (extendedSupport) {
    // As AWS's own estimator asks (aws-samples/rds-extended-support-cost-estimator scripts/utils/rds_mappings.py
    // @ 385c5377bf203218add5b459210fc65140b337e5); the usage type, as infracost matches it (db_instance.go @ 02a71da:
    // "ExtendedSupport:Yr1-Yr2:PostgreSQL13"), keeps out any other product the filters might also match.
    const [, tier, major] = extendedSupport;
    return { unit: "vCPU-hour", usageTypeSuffix: `ExtendedSupport:${tier === "year-3" ? "Yr3" : "Yr1-Yr2"}:PostgreSQL${major}`,
      filters: { ServiceCode: "AmazonRDS", regionCode: region, databaseEngine: "PostgreSQL", engineMajorVersion: major,
        extendedSupportPricingYear: tier === "year-3" ? "Year 3" : "Year 1, Year 2" } };
  }
  if (item === "backup-storage") {
    return { unit: "GiB-month", usageTypeSuffix: "RDS:ChargedBackupUsage",
      filters: { ServiceCode: "AmazonRDS", regionCode: region, productFamily: "Storage Snapshot", databaseEngine: "Any" } };
  }
  return undefined;
}

type PriceTerms = Record<string, { effectiveDate?: string; termAttributes?: Record<string, string>; priceDimensions?: Record<string, {
  beginRange?: string; unit?: string; pricePerUnit?: { USD?: string } }> }>;

interface PriceListProduct {
  product?: { attributes?: Record<string, string> };
  terms?: { OnDemand?: PriceTerms; Reserved?: PriceTerms };
  publicationDate?: string;
}

/**
 * The hourly rate of a standard no-upfront reserved term ("1yr" or "3yr") of one PriceList entry. A no-upfront
 * term has one price dimension, unit Hrs (Billing User Guide, "Reading the service price list file": terms.Reserved,
 * termAttributes LeaseContractLength, OfferingClass, PurchaseOption).
 */
export function reservedNoUpfrontPrice(entry: PriceListProduct, term: ReservedTerm): { usd: number; date: string } | undefined {
  for (const t of Object.values(entry.terms?.Reserved ?? {})) {
    const a = t.termAttributes ?? {};
    if (a.LeaseContractLength !== term || a.PurchaseOption !== "No Upfront" || (a.OfferingClass ?? "standard") !== "standard") continue;
    const hourly = Object.values(t.priceDimensions ?? {}).find((d) => d.unit === "Hrs");
    const usd = Number(hourly?.pricePerUnit?.USD);
    if (hourly && Number.isFinite(usd)) return { usd, date: (t.effectiveDate ?? entry.publicationDate ?? "").slice(0, 10) };
  }
  return undefined;
}

/** The on-demand USD price of one PriceList entry (its first tier), with the term's effective date. */
export function onDemandPrice(entry: PriceListProduct): { usd: number; date: string } | undefined {
  for (const term of Object.values(entry.terms?.OnDemand ?? {})) {
    const dimensions = Object.values(term.priceDimensions ?? {});
    const first = dimensions.find((d) => (d.beginRange ?? "0") === "0") ?? dimensions[0];
    const usd = Number(first?.pricePerUnit?.USD);
    if (first && Number.isFinite(usd)) return { usd, date: (term.effectiveDate ?? entry.publicationDate ?? "").slice(0, 10) };
  }
  return undefined;
}

/** Asks GetProducts for one item; a row with no usd when AWS lists no such product or several prices. */
export async function fetchLivePrice(client: PricingClient, region: string, item: string): Promise<UnitPrice | undefined> {
  return (await fetchLivePriceRows(client, region, item))[0];
}

/** One distinct price among the matching entries, or a row saying why there is none. */
function onePrice(row: Omit<UnitPrice, "usd" | "source" | "date">, described: string, today: string,
  prices: readonly { usd: number; date: string }[]): UnitPrice {
  const distinct = [...new Set(prices.map((p) => p.usd))];
  if (distinct.length === 1) return { ...row, usd: distinct[0], source: described, date: prices[0].date || "unknown" };
  return { ...row, usd: undefined, date: today,
    source: distinct.length === 0 ? `${described}: no product matched` : `${described}: ${distinct.length} different prices matched` };
}

/**
 * The item's row, and for an instance its no-upfront reserved rows too (the same products carry both terms).
 * Rows without a price say why; they never replace a data-file price (PriceTable.withOverrides).
 */
export async function fetchLivePriceRows(client: PricingClient, region: string, item: string): Promise<UnitPrice[]> {
  const query = liveQuery(region, item);
  if (!query) return [];
  const { ServiceCode, ...attributes } = query.filters;
  const Filters: Filter[] = Object.entries(attributes).map(([Field, Value]) => ({ Type: "TERM_MATCH", Field, Value }));
  const { GetProductsCommand } = await import("@aws-sdk/client-pricing");
  const entries: PriceListProduct[] = [];
  let NextToken: string | undefined;
  for (let page = 0; page < 10; page++) {
    const response = await client.send(new GetProductsCommand({ ServiceCode, Filters, FormatVersion: "aws_v1",
      NextToken, MaxResults: 100 }));
    for (const raw of response.PriceList ?? []) entries.push(typeof raw === "string" ? JSON.parse(raw) : raw as PriceListProduct);
    NextToken = response.NextToken;
    if (!NextToken) break;
  }
  const described = `AWS Price List API, GetProducts ${Object.entries(attributes).map(([k, v]) => `${k}=${v}`).join(" ")}`;
  const row = { region, item, unit: query.unit, origin: "live" as const };
  const today = new Date().toISOString().slice(0, 10);
  const instance = /^instance\/(db\.[a-z0-9-]+\.[a-z0-9]+)\/(Single-AZ|Multi-AZ)$/.exec(item);
  const reservedItems = instance
    ? RESERVED_TERMS.map((term) => ({ term, item: priceItem.reserved(term, instance[1], instance[2] as "Single-AZ" | "Multi-AZ") }))
    : [];
  // Pages left unread could hold another price: say so rather than pick one.
  if (NextToken) {
    const why = { usd: undefined, date: today, source: `${described}: more products matched than were read` };
    return [{ ...row, ...why }, ...reservedItems.map((r) => ({ ...row, item: r.item, ...why }))];
  }
  const matching = entries.filter((e) => !query.usageTypeSuffix || (e.product?.attributes?.usagetype ?? "").endsWith(query.usageTypeSuffix));
  const present = <T>(p: T | undefined): p is T => p !== undefined;
  const onDemand = onePrice(row, described, today, matching.map(onDemandPrice).filter(present));
  return [
    { ...onDemand, source: onDemand.source.replace(/: no product matched$/, ": no on-demand product matched") },
    ...reservedItems.map((r) => onePrice({ ...row, item: r.item }, `${described}, Reserved ${r.term} standard No Upfront`, today,
      matching.map((e) => reservedNoUpfrontPrice(e, r.term)).filter(present))),
  ];
}

/** Live rows for every item the estimate needs and the API can answer; data-file rows stay for the rest. */
export async function fetchLivePrices(client: PricingClient, needs: readonly { region: string; item: string }[]): Promise<UnitPrice[]> {
  const unique = [...new Map(needs.map((n) => [`${n.region} ${n.item}`, n])).values()];
  const rows: UnitPrice[] = [];
  for (const need of unique) rows.push(...await fetchLivePriceRows(client, need.region, need.item));
  return rows;
}
