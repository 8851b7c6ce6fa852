import * as fs from "node:fs";
import * as path from "node:path";
import { RULES } from "../../review/rules";
import { ReviewedPlan } from "../../plan/reviewed-plan";
import { reviewPlan } from "../../review/run-review";
import { parseConfiguration } from "../../plan";
import { reshape, ShapeChoice } from "../support/terraform-json-shapes";
import { ScannerCase, ScannerCheck, TRIVY_CHECKS } from "../fixtures/scanner-cases";
import { KICS_CHECKS } from "../fixtures/kics-cases";

/**
 * Issue 23: on KICS's and trivy-checks' own cases for the checks the gate mirrors, in both Terraform JSON shapes,
 * the gate never passes what the scanner fails; where it fails what the scanner passes, the case says why and
 * docs/review-rules.md lists it.
 */
const ALWAYS = ["CKPT-PROVIDER-SCHEMA", "CKPT-EVERYTHING-INSPECTED"];
const CHECKS: readonly ScannerCheck[] = [...TRIVY_CHECKS, ...KICS_CHECKS];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const LABELS: Record<string, number> = { resource: 2, data: 2, variable: 1, output: 1, module: 1, provider: 1 };

/** hcl2json writes each block body as a one-element array; the shape writer wants the body itself. */
function unwrapBodies(value: Json, depth: number): Json {
  if (depth === 0) return Array.isArray(value) && value.length === 1 ? value[0] : value;
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapBodies(v, depth - 1)]));
}

/** The gate's verdict on the case, and the addresses of its findings. */
function gateVerdict(check: ScannerCheck, testCase: ScannerCase, shape: ShapeChoice | "as converted"): { verdict: "pass" | "fail"; addresses: string[] } {
  const json = testCase.json as { [key: string]: Json };
  const text = shape === "as converted" ? JSON.stringify(json)
    : reshape(Object.fromEntries(Object.entries(json).map(([k, v]) => [k, unwrapBodies(v, LABELS[k] ?? -1)])) as never, shape);
  const plan = new ReviewedPlan("scanner", "case.tf.json", parseConfiguration([{ file: "case.tf.json", text }]));
  const rules = RULES.filter((r) => check.rules.includes(r.id) || ALWAYS.includes(r.id));
  expect(rules.length).toBe(new Set([...check.rules, ...ALWAYS]).size);
  const results = reviewPlan(plan, {}, rules).results;
  return { verdict: results.some((r) => r.status === "fail") ? "fail" : "pass", addresses: results.flatMap((r) => r.findings.map((f) => f.address)) };
}

const cases = CHECKS.flatMap((check) => check.cases.flatMap((testCase) =>
  (["as converted", "object", "array"] as const).map((shape) => [testCase.name, shape, check, testCase] as const)));

describe("the scanners' own cases (trivy-checks 80e53822, KICS bfe8ba0 via cx-rui-araujo/kics)", () => {
  test.each(cases)("%s (%s shape)", (_name, shape, check, testCase) => {
    const { verdict, addresses } = gateVerdict(check, testCase, shape);
    expect(verdict).toBe(testCase.gate ?? testCase.scanner);
    // Every resource the scanner reports has a finding of its own, not only the file.
    const unreported = (testCase.flagged ?? []).filter((a) => !addresses.some((f) => f === a || f.startsWith(`${a}.`) || f.startsWith(`${a}[`)));
    expect(unreported).toEqual([]);
  });

  test("KICS's reported resources are known for every positive file", () => {
    for (const testCase of KICS_CHECKS.flatMap((c) => c.cases).filter((c) => c.scanner === "fail")) {
      expect([testCase.name, testCase.flagged?.length ?? 0]).not.toEqual([testCase.name, 0]);
    }
  });

  test("a difference is only ever stricter, says why, and docs/review-rules.md lists it", () => {
    const docs = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "review-rules.md"), "utf8");
    for (const testCase of CHECKS.flatMap((c) => c.cases).filter((c) => c.gate !== undefined)) {
      expect([testCase.scanner, testCase.gate]).toEqual(["pass", "fail"]);
      expect(testCase.why?.length).toBeGreaterThan(20);
      expect(docs).toContain(testCase.name);
    }
  });

  test("case names are unique, and every check names its source file", () => {
    const names = CHECKS.flatMap((c) => c.cases.map((t) => t.name));
    expect(new Set(names).size).toBe(names.length);
    for (const check of CHECKS) expect(check.source).toMatch(/@[0-9a-f]{7,} \S+/);
  });
});
