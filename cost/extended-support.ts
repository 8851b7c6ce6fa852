/**
 * RDS Extended Support for one instance at a date: which yearly price tier applies, how many vCPU-hours it
 * bills, and what changes within the coming year. Pure; the estimate prices it from cost/prices.json.
 *
 * Billing (Amazon RDS User Guide, "Amazon RDS Extended Support charges", read 2026-12-06): per vCPU per hour,
 * from the day after the end of standard support, on the standby of a Multi-AZ deployment too; reserved
 * instances do not cover it. The dates per major are in rds/postgres-engine-versions.ts.
 */
import { EXTENDED_SUPPORT_DISABLED, PostgresMajor, postgresMajorCalendar } from "../rds/postgres-engine-versions";

export type ExtendedSupportTier = "standard" | "year-1-2" | "year-3";

/** The tier a major is billed at on a date (YYYY-MM-DD; ISO dates compare as strings). */
export function extendedSupportTier(major: PostgresMajor, date: string): ExtendedSupportTier {
  if (date >= major.extendedSupportYear3) return "year-3";
  if (date >= major.extendedSupportYear1) return "year-1-2";
  return "standard";
}

/** The tier that starts next after a date, with its first day, or undefined past year 3. */
export function nextExtendedSupportTier(major: PostgresMajor, date: string): { tier: ExtendedSupportTier; from: string } | undefined {
  const now = extendedSupportTier(major, date);
  if (now === "standard") return { tier: "year-1-2", from: major.extendedSupportYear1 };
  if (now === "year-1-2") return { tier: "year-3", from: major.extendedSupportYear3 };
  return undefined;
}

/** Days from one ISO date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A change of tier this close (in days) is warned about: "within a year" of the priced period. */
export const EXTENDED_SUPPORT_WARNING_DAYS = 365;

export const TIER_LABEL: Record<ExtendedSupportTier, string> = {
  standard: "standard support",
  "year-1-2": "Extended Support, year 1-2 rate",
  "year-3": "Extended Support, year 3 rate",
};

export type ExtendedSupportOutlook =
  | { readonly kind: "not-postgres" | "default-version" }
  | { readonly kind: "unreadable"; readonly why: string }
  | { readonly kind: "unknown-major"; readonly version: string }
  | { readonly kind: "known"; readonly major: PostgresMajor; readonly tier: ExtendedSupportTier; readonly disabled: boolean;
      readonly next?: { readonly tier: ExtendedSupportTier; readonly from: string; readonly inDays: number } };

/**
 * Where an instance stands on a date. engine_lifecycle_support left unset, or not a literal, is taken as
 * enrolled: RDS's default (CreateDBInstance LifeCycleSupport, default open-source-rds-extended-support).
 */
export function extendedSupportOutlook(input: {
  readonly isPostgres: boolean;
  readonly engineVersion?: { readonly known: true; readonly value: string } | { readonly known: false; readonly shown: string };
  readonly lifecycleSupport?: { readonly known: true; readonly value: string } | { readonly known: false; readonly shown: string };
}, date: string): ExtendedSupportOutlook {
  if (!input.isPostgres) return { kind: "not-postgres" };
  if (!input.engineVersion) return { kind: "default-version" };
  if (!input.engineVersion.known) return { kind: "unreadable", why: `engine_version is ${input.engineVersion.shown}, not a literal the estimate can read` };
  const major = postgresMajorCalendar(input.engineVersion.value);
  if (!major) return { kind: "unknown-major", version: input.engineVersion.value };
  const disabled = !!input.lifecycleSupport?.known && input.lifecycleSupport.value === EXTENDED_SUPPORT_DISABLED;
  const next = nextExtendedSupportTier(major, date);
  return { kind: "known", major, tier: extendedSupportTier(major, date), disabled,
    next: next ? { ...next, inDays: daysBetween(date, next.from) } : undefined };
}
