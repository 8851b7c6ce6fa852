import priceFile from "../../cost/prices.json";
import { monthlyCostOfPlan, StackCostEstimate } from "../../cost/estimate";
import { formatJson, formatMarkdown, formatTable } from "../../cost/format-report";
import { POSTGRES_RELEASE_CALENDAR } from "../../rds/postgres-engine-versions";
import { instanceClassHardware } from "../../rds/instance-classes";
import { documentPlan, synthProductionStack, TerraformJson } from "../support/synth-plan";

const rate = (tier: string) => priceFile.prices.find((p) => p.region === "us-east-1" && p.item === `extended-support/${tier}`)?.usd as number;
const estimate = (plan: TerraformJson, asOf: string, region?: string): StackCostEstimate =>
  monthlyCostOfPlan({ stack: "checkpoints-db", json: plan }, { asOf, region });
const extendedSupport = (e: StackCostEstimate) => e.lines.filter((l) => l.kind === "extended-support");

describe("RDS Extended Support", () => {
  test("the calendar holds each major's tier dates: year 1 the day after standard support ends (11: billed from April), year 3 two years on", () => {
    const byMajor = Object.fromEntries(POSTGRES_RELEASE_CALENDAR.majors.map((m) => [m.major, m]));
    expect(byMajor["11"]).toMatchObject({ endOfStandardSupport: "2024-02-29", extendedSupportYear1: "2024-04-01", extendedSupportYear3: "2026-04-01" });
    expect(byMajor["12"]).toMatchObject({ extendedSupportYear1: "2025-03-01", extendedSupportYear3: "2027-03-01" });
    expect(byMajor["13"]).toMatchObject({ extendedSupportYear1: "2026-03-01", extendedSupportYear3: "2028-03-01" });
    expect(byMajor["15"]).toMatchObject({ endOfStandardSupport: "2028-02-29", extendedSupportYear1: "2028-03-01" });
    expect([rate("year-1-2"), rate("year-3")]).toEqual([0.1, 0.2]);
  });

  test("a plan on PostgreSQL 13 (Multi-AZ db.t4g.small) shows the line, its start date, both instances' vCPUs, and is complete only with it", () => {
    const e = estimate(synthProductionStack({ engineVersion: "13" }).plan, "2026-12-06");
    const [line] = extendedSupport(e);
    const vcpus = instanceClassHardware("db.t4g.small")?.vcpus as number;
    expect(line).toMatchObject({ status: "priced", description: "RDS Extended Support (PostgreSQL 13, Extended Support, year 1-2 rate, since 2026-03-01)",
      quantity: vcpus * 2 * 730, unit: "vCPU-hours", monthlyUsd: Math.round(vcpus * 2 * 730 * rate("year-1-2") * 100) / 100 });
    expect(line.monthlyUsd).toBe(292);
    expect(e.complete).toBe(true);
    const without = estimate(synthProductionStack({ engineVersion: "15" }).plan, "2026-12-06");
    expect(e.monthlyUsd).toBe(Math.round((without.monthlyUsd + 292) * 100) / 100);
    expect(formatTable([e])).toContain("RDS Extended Support (PostgreSQL 13, Extended Support, year 1-2 rate, since 2026-03-01)");
    // Year 3 (2028-03-01) more than a year away: no warning; within a year: what the line becomes then.
    expect(e.warnings).toEqual([]);
    expect(estimate(synthProductionStack({ engineVersion: "13" }).plan, "2027-06-01").warnings).toEqual([expect.stringContaining("from 2028-03-01 PostgreSQL 13 is billed RDS Extended Support at its year-3 rate: " +
      "$584.00 a month (2 vCPUs x 2 instances x 730 h x $0.2)")]);
  });

  test("Single-AZ bills one instance; year 3 bills the year 3 rate", () => {
    const e = estimate(synthProductionStack({ engineVersion: "12", multiAz: false }).plan, "2027-06-01");
    expect(extendedSupport(e)[0]).toMatchObject({ quantity: 2 * 730, monthlyUsd: 292, unitPrice: { usd: rate("year-3") } });
  });

  test("a region without an Extended Support price: the line says no price and the estimate is incomplete", () => {
    const e = estimate(synthProductionStack({ engineVersion: "13" }).plan, "2026-12-06", "eu-west-2");
    expect(extendedSupport(e)[0].status).toBe("no-price");
    expect(e.complete).toBe(false);
  });

  test("PostgreSQL 15 within a year of 2028-02-29: a warning saying what the bill becomes; no line yet", () => {
    const e = estimate(documentPlan(), "2027-06-01");
    expect(extendedSupport(e)).toEqual([]);
    expect(e.warnings).toEqual(["aws_db_instance.checkpoints: from 2028-03-01 PostgreSQL 15 is billed RDS Extended Support at its " +
      "year-1-2 rate: $292.00 a month (2 vCPUs x 2 instances x 730 h x $0.1) on top of this estimate, unless upgraded before then " +
      "(standard support ends 2028-02-29)"]);
    expect(formatTable([e])).toContain("  Warnings:\n    ! aws_db_instance.checkpoints: from 2028-03-01 PostgreSQL 15");
    expect(formatMarkdown([e])).toContain("> **Warning:** aws_db_instance.checkpoints: from 2028-03-01");
    expect(JSON.parse(formatJson([e])).estimates[0].warnings).toEqual(e.warnings);
    // More than a year ahead: no warning, and the assumptions say where it stands instead of "in standard support" for any version.
    const early = estimate(documentPlan(), "2026-12-06");
    expect(early.warnings).toEqual([]);
    expect(early.assumptions).toContain("RDS Extended Support: aws_db_instance.checkpoints runs PostgreSQL 15, in standard support until " +
      "2028-02-29 (from 2028-03-01: $292.00 a month (2 vCPUs x 2 instances x 730 h x $0.1))");
  });

  test("an engine_version that is not a literal is unknown, never a zero", () => {
    const plan = documentPlan();
    plan.resource.aws_db_instance.checkpoints.engine_version = "${var.engine_version}";
    const e = estimate(plan, "2026-12-06");
    expect(extendedSupport(e)[0]).toMatchObject({ status: "unknown" });
    expect(e.complete).toBe(false);
  });

  test("no engine_version: RDS's default major, no line, and the assumptions say so", () => {
    const plan = documentPlan();
    delete plan.resource.aws_db_instance.checkpoints.engine_version;
    const e = estimate(plan, "2026-12-06");
    expect(extendedSupport(e)).toEqual([]);
    expect(e.assumptions).toContain("RDS Extended Support: aws_db_instance.checkpoints sets no engine_version, so RDS creates its default major, in standard support");
  });

  test("engine_lifecycle_support disabled: no charge, and a warning that RDS upgrades instead", () => {
    const plan = synthProductionStack({ engineVersion: "15" }).plan;
    plan.resource.aws_db_instance.checkpoints.engine_lifecycle_support = "open-source-rds-extended-support-disabled";
    const e = estimate(plan, "2027-06-01");
    expect(extendedSupport(e)).toEqual([]);
    expect(e.warnings[0]).toContain("engine_lifecycle_support disables Extended Support, so RDS upgrades the instance");
  });
});
