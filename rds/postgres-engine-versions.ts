/**
 * RDS for PostgreSQL engine versions: which majors RDS creates instances on, and the minors it no longer
 * creates. Imports nothing from the project.
 */

/** One PostgreSQL major on RDS's release calendar. */
export interface PostgresMajor {
  readonly major: string;
  /** RDS end of standard support; after it RDS still creates the major, enrolled in (paid) Extended Support. */
  readonly endOfStandardSupport: string;
  /** The first day RDS Extended Support is billed at its year 1-2 rate. */
  readonly extendedSupportYear1: string;
  /** The first day RDS Extended Support is billed at its year 3 rate. */
  readonly extendedSupportYear3: string;
}

/**
 * The majors RDS for PostgreSQL offers, with the days RDS Extended Support's yearly price tiers start.
 * Extended Support is billed "beginning the day after the RDS end of standard support date", on standby
 * instances of Multi-AZ deployments too; PostgreSQL 11's entered on 2024-03-01 but was billed from 2024-04-01
 * (Amazon RDS User Guide, "Amazon RDS Extended Support charges", UserGuide/extended-support-charges.html,
 * read 2026-12-06). The year 1 and year 3 pricing dates per major are the release calendar's ("Start of RDS
 * Extended Support year 1 pricing" / "year 3 pricing") as infracost/infracost transcribes them in
 * internal/resources/aws/db_instance.go (postgresExtendedSupport, commit e3bb8f5f8130e7405382a97ad44b52abf54017bd):
 * 11 from 2024-04-01 and 2026-04-01, then March 1st after each end of standard support and two years on;
 * 17 and 18, which it does not list yet, follow the same rule.
 */
export const POSTGRES_RELEASE_CALENDAR = {
  source: "Amazon RDS for PostgreSQL release calendar (PostgreSQLReleaseNotes/postgresql-release-calendar.html); " +
    "RDS Extended Support overview (UserGuide/extended-support-overview.html)",
  checked: "2026-11-29",
  majors: [
    { major: "11", endOfStandardSupport: "2024-02-29", extendedSupportYear1: "2024-04-01", extendedSupportYear3: "2026-04-01" },
    { major: "12", endOfStandardSupport: "2025-02-28", extendedSupportYear1: "2025-03-01", extendedSupportYear3: "2027-03-01" },
    { major: "13", endOfStandardSupport: "2026-02-28", extendedSupportYear1: "2026-03-01", extendedSupportYear3: "2028-03-01" },
    { major: "14", endOfStandardSupport: "2027-02-28", extendedSupportYear1: "2027-03-01", extendedSupportYear3: "2029-03-01" },
    { major: "15", endOfStandardSupport: "2028-02-29", extendedSupportYear1: "2028-03-01", extendedSupportYear3: "2030-03-01" },
    { major: "16", endOfStandardSupport: "2029-02-28", extendedSupportYear1: "2029-03-01", extendedSupportYear3: "2031-03-01" },
    { major: "17", endOfStandardSupport: "2030-02-28", extendedSupportYear1: "2030-03-01", extendedSupportYear3: "2032-03-01" },
    { major: "18", endOfStandardSupport: "2031-02-28", extendedSupportYear1: "2031-03-01", extendedSupportYear3: "2033-03-01" },
  ] as readonly PostgresMajor[],
} as const;

/**
 * Minors RDS no longer creates instances on. Source: the RDS for PostgreSQL release calendar (minor versions)
 * and RDS's notice of end of standard support for minors 14.14-14.17, 15.9-15.12, 16.5-16.8, 17.1-17.4
 * (no new instances from 2026-05-01, upgraded to 14.20, 15.15, 16.11, 17.7 or higher after 2026-05-31);
 * the earlier 15.x minors were retired before that. Checked 2026-11-29. The configuration refuses these and the
 * review gate's CKPT-ENGINE-RETIRED fails them: both read this list.
 */
export const RETIRED_POSTGRES_MINORS = {
  source: "Amazon RDS for PostgreSQL release calendar (minor versions) and the RDS notice of May 2026 " +
    "(14.14-14.17, 15.9-15.12, 16.5-16.8, 17.1-17.4 no longer created from 2026-05-01)",
  checked: "2026-11-29",
  retired: [
    "14.14", "14.15", "14.16", "14.17",
    "15.2", "15.3", "15.4", "15.5", "15.6", "15.7", "15.8", "15.9", "15.10", "15.11", "15.12",
    "16.5", "16.6", "16.7", "16.8",
    "17.1", "17.2", "17.3", "17.4",
  ] as readonly string[],
  /** The oldest minor RDS creates, per major, after the May 2026 notice. */
  oldestCreatable: { "14": "14.20", "15": "15.15", "16": "16.11", "17": "17.7" } as Readonly<Record<string, string>>,
} as const;

/** "15" or "15.15": a major alone, or MAJOR.MINOR, as RDS spells PostgreSQL versions. */
const VERSION = /^(\d{1,2})(?:\.(\d{1,2}))?$/;

/** The major of "15.15" or "15"; undefined for anything else. */
export function postgresMajorOf(version: string): string | undefined {
  return VERSION.exec(version)?.[1];
}

/** Is this a major alone ("15"), which RDS resolves to its current default minor? */
export function isMajorOnly(version: string): boolean {
  const match = VERSION.exec(version);
  return !!match && match[2] === undefined;
}

/** A major RDS offers, or MAJOR.MINOR of one. */
export function isOfferedPostgresVersion(version: string): boolean {
  const major = postgresMajorOf(version);
  return major !== undefined && POSTGRES_RELEASE_CALENDAR.majors.some((m) => m.major === major);
}

export const OFFERED_POSTGRES_MAJORS: readonly string[] = POSTGRES_RELEASE_CALENDAR.majors.map((m) => m.major);

/** A minor RDS no longer creates instances on ("15.4"); a major alone never is. */
export function isRetiredPostgresMinor(version: string): boolean {
  return RETIRED_POSTGRES_MINORS.retired.includes(version);
}

/** "15.15" -> [15, 15]; compares minors as numbers (15.9 < 15.15), never as text. */
function minorNumber(version: string): number | undefined {
  const match = VERSION.exec(version);
  return match?.[2] === undefined ? undefined : Number(match[2]);
}

/**
 * Can RDS create an instance on this version, as far as this file knows? A major RDS offers, alone (RDS picks its
 * default minor); or MAJOR.MINOR at or above the major's oldest creatable minor and not retired. A minor of a
 * major the table lists no oldest creatable minor for (11, 12, 13, 18 here) is refused rather than guessed:
 * add the major's oldest creatable minor, with its source, to accept it. The synth configuration and the review
 * gate's CKPT-ENGINE-RETIRED both decide with this. Whether a minor newer than the check date exists yet in a
 * region is preflight's question (rds:DescribeDBEngineVersions).
 */
export function isCreatablePostgresVersion(version: string): boolean {
  if (!isOfferedPostgresVersion(version) || isRetiredPostgresMinor(version)) return false;
  if (isMajorOnly(version)) return true;
  const oldest = RETIRED_POSTGRES_MINORS.oldestCreatable[postgresMajorOf(version) as string];
  return oldest !== undefined && (minorNumber(version) as number) >= (minorNumber(oldest) as number);
}

/** The versions RDS creates, in words: every offered major alone, and each major's oldest creatable minor on. */
export function creatablePostgresVersions(): string {
  const minors = Object.values(RETIRED_POSTGRES_MINORS.oldestCreatable).map((v) => `${v} or later`);
  return `${OFFERED_POSTGRES_MAJORS.join(", ")} (a major alone: RDS picks its current default minor), or ${minors.join(", ")} ` +
    `(rds/postgres-engine-versions.ts, checked ${RETIRED_POSTGRES_MINORS.checked})`;
}

/** What to set instead of a version RDS does not create, in the configuration's words. */
export function insteadOfRetiredMinor(version: string): string {
  const major = postgresMajorOf(version) ?? version;
  const offered = OFFERED_POSTGRES_MAJORS.includes(major);
  const oldest = RETIRED_POSTGRES_MINORS.oldestCreatable[major];
  return `${offered ? `set engineVersion to "${major}" (RDS picks its current default ${major}.x)${oldest ? ` or to ${oldest} or later` : ""}; ` : ""}` +
    `RDS creates ${creatablePostgresVersions()}; \`aws rds describe-db-engine-versions --engine postgres\` lists your region's`;
}

/**
 * The DB parameter group family of a PostgreSQL version: "15.4" -> "postgres15". Source: Amazon RDS User Guide,
 * "Working with parameter groups" (DBParameterGroupFamily, e.g. postgres15), and
 * `aws rds describe-db-engine-versions` (DBParameterGroupFamily per version). Checked 2026-11-29.
 */
export function postgresParameterGroupFamily(engineVersion: string): string {
  return `postgres${engineVersion.split(".")[0]}`;
}

/** The release-calendar entry of a version's major ("13.20" -> PostgreSQL 13), or undefined. */
export function postgresMajorCalendar(version: string): PostgresMajor | undefined {
  const major = postgresMajorOf(version);
  return POSTGRES_RELEASE_CALENDAR.majors.find((m) => m.major === major);
}

/** engine_lifecycle_support's value that keeps an instance out of RDS Extended Support (AWS provider v6 / RDS API). */
export const EXTENDED_SUPPORT_DISABLED = "open-source-rds-extended-support-disabled";
