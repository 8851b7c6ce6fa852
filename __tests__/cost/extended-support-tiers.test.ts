// cost/extended-support.ts on its own (no stack synthesized): which Extended Support tier RDS bills on a day, what
// comes next and when, and where an instance stands. The expected dates are AWS's: Amazon RDS User Guide, "Amazon RDS
// Extended Support charges" (billed per vCPU-hour from the first day after standard support ends; the year 3 rate two
// years on), as held per major in rds/postgres-engine-versions.ts (PostgreSQL 13: standard support ends 2026-02-28,
// year 1 from 2026-03-01, year 3 from 2028-03-01). Enrollment is RDS's default (CreateDBInstance LifeCycleSupport:
// "open-source-rds-extended-support" unless "open-source-rds-extended-support-disabled" is given).
import {
  daysBetween, EXTENDED_SUPPORT_WARNING_DAYS, extendedSupportOutlook, extendedSupportTier, nextExtendedSupportTier, TIER_LABEL,
} from "../../cost/extended-support";
import { postgresMajorCalendar } from "../../rds/postgres-engine-versions";

const pg13 = postgresMajorCalendar("13")!;
const literal = (value: string) => ({ known: true as const, value });

describe("the tier billed on a day", () => {
  test("the last day of standard support is not billed; the first day after is year 1; year 3 starts on its own day", () => {
    expect(extendedSupportTier(pg13, "2026-02-28")).toBe("standard");
    expect(extendedSupportTier(pg13, "2026-03-01")).toBe("year-1-2");
    expect(extendedSupportTier(pg13, "2028-02-29")).toBe("year-1-2");
    expect(extendedSupportTier(pg13, "2028-03-01")).toBe("year-3");
    expect(extendedSupportTier(pg13, "2031-01-01")).toBe("year-3");
  });

  test("the next tier and its first day; none past year 3", () => {
    expect(nextExtendedSupportTier(pg13, "2025-06-01")).toEqual({ tier: "year-1-2", from: "2026-03-01" });
    expect(nextExtendedSupportTier(pg13, "2026-03-01")).toEqual({ tier: "year-3", from: "2028-03-01" });
    expect(nextExtendedSupportTier(pg13, "2028-03-01")).toBeUndefined();
  });

  test("days between two ISO dates, across a leap day, negative backwards", () => {
    expect(daysBetween("2028-02-28", "2028-03-01")).toBe(2);
    expect(daysBetween("2027-03-01", "2028-03-01")).toBe(366);
    expect(daysBetween("2026-03-01", "2026-02-28")).toBe(-1);
    expect(daysBetween("2026-03-01", "2026-03-01")).toBe(0);
    expect(EXTENDED_SUPPORT_WARNING_DAYS).toBe(365);
  });

  test("each tier's label says whether it is billed", () => {
    expect(TIER_LABEL).toEqual({ standard: "standard support", "year-1-2": "Extended Support, year 1-2 rate", "year-3": "Extended Support, year 3 rate" });
  });
});

describe("where an instance stands", () => {
  test("not PostgreSQL: nothing to bill", () => {
    expect(extendedSupportOutlook({ isPostgres: false, engineVersion: literal("13") }, "2026-12-06")).toEqual({ kind: "not-postgres" });
  });

  test("no engine_version: RDS's default major", () => {
    expect(extendedSupportOutlook({ isPostgres: true }, "2026-12-06")).toEqual({ kind: "default-version" });
  });

  test("an engine_version that is not a literal cannot be evaluated, and says what it is", () => {
    expect(extendedSupportOutlook({ isPostgres: true, engineVersion: { known: false, shown: "${var.v}" } }, "2026-12-06"))
      .toEqual({ kind: "unreadable", why: "engine_version is ${var.v}, not a literal the estimate can read" });
  });

  test("a version whose major the calendar does not hold", () => {
    expect(extendedSupportOutlook({ isPostgres: true, engineVersion: literal("9.6.24") }, "2026-12-06"))
      .toEqual({ kind: "unknown-major", version: "9.6.24" });
  });

  test("PostgreSQL 13.20 on 2026-12-06: year 1-2, enrolled by default, year 3 in 451 days", () => {
    expect(extendedSupportOutlook({ isPostgres: true, engineVersion: literal("13.20") }, "2026-12-06")).toEqual({
      kind: "known", major: pg13, tier: "year-1-2", disabled: false, next: { tier: "year-3", from: "2028-03-01", inDays: 451 },
    });
  });

  test("past year 3 there is no next tier", () => {
    expect(extendedSupportOutlook({ isPostgres: true, engineVersion: literal("13") }, "2028-03-01"))
      .toMatchObject({ kind: "known", tier: "year-3", next: undefined });
  });

  test("only the literal opt-out disables it: unset, enrolled, or not a literal stays enrolled (RDS's default)", () => {
    const outlook = (lifecycleSupport?: { known: true; value: string } | { known: false; shown: string }) =>
      extendedSupportOutlook({ isPostgres: true, engineVersion: literal("13"), lifecycleSupport }, "2026-12-06");
    expect(outlook(literal("open-source-rds-extended-support-disabled"))).toMatchObject({ kind: "known", disabled: true });
    expect(outlook(literal("open-source-rds-extended-support"))).toMatchObject({ disabled: false });
    expect(outlook(undefined)).toMatchObject({ disabled: false });
    expect(outlook({ known: false, shown: "open-source-rds-extended-support-disabled" })).toMatchObject({ disabled: false });
  });
});
