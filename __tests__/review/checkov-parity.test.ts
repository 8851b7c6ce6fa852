import { RULES } from "../../review/rules";
import { ReviewedPlan } from "../../plan/reviewed-plan";
import { reviewPlan } from "../../review/run-review";
import { parseConfiguration } from "../../plan";
import { CHECKOV_CHECKS, CheckovCase, CheckovCheck } from "../fixtures/checkov-cases";
import { reshape, ShapeChoice } from "../support/terraform-json-shapes";

/** The case's resource block, reviewed alone beside the check's context, in the given shape. */
function verdict(check: CheckovCheck, testCase: CheckovCase, shape: ShapeChoice): "pass" | "fail" {
  const [type, rest] = [testCase.address.slice(0, testCase.address.indexOf(".")), testCase.address.slice(testCase.address.indexOf(".") + 1)];
  const name = rest.replace(/\[.*$/, "");
  const resource: Record<string, Record<string, unknown>> = structuredClone({ ...(check.context ?? {}) }) as Record<string, Record<string, unknown>>;
  resource[type] = { ...(resource[type] ?? {}), [name]: testCase.body };
  const text = reshape({ resource } as never, shape);
  const plan = new ReviewedPlan("checkov", "case.tf.json", parseConfiguration([{ file: "case.tf.json", text }]));
  const rule = RULES.find((r) => r.id === check.id);
  if (!rule) throw new Error(`no rule ${check.id}`);
  const findings = reviewPlan(plan, {}, [rule]).results[0].findings;
  const mine = findings.filter((f) => f.address === testCase.address || f.address.startsWith(`${testCase.address}.`)
    || (!testCase.address.includes("[") && f.address.startsWith(`${type}.${name}[`)) || !f.address.startsWith(`${type}.`)
    || f.address === `${type}.${name}` );
  return mine.length > 0 ? "fail" : "pass";
}

const cases = CHECKOV_CHECKS.flatMap((check) => check.cases.flatMap((testCase) =>
  (["object", "array"] as const).map((shape) => [check.id, testCase.address, shape, check, testCase] as const)));

describe("checkov parity: checkov's own test cases decide the same (bridgecrewio/checkov 03d5fdad)", () => {
  test.each(cases)("%s %s (%s shape)", (_id, _address, shape, check, testCase) => {
    const expected = testCase.gate ?? (testCase.checkov === "not reported" ? "pass" : testCase.checkov);
    expect(verdict(check, testCase, shape)).toBe(expected);
  });

  test("every rule that carries a checkov id has checkov's cases here", () => {
    const mirrored = RULES.map((r) => r.id).filter((id) => id.startsWith("CKV"));
    const covered = new Set(CHECKOV_CHECKS.map((c) => c.id));
    expect(mirrored.filter((id) => !covered.has(id))).toEqual([]);
  });

  test("every deliberate difference from checkov says why, and never turns a checkov failure into a pass", () => {
    for (const check of CHECKOV_CHECKS) {
      for (const testCase of check.cases.filter((c) => c.gate !== undefined)) {
        expect(testCase.why?.length).toBeGreaterThan(10);
        expect([testCase.checkov, testCase.gate]).not.toEqual(["fail", "pass"]);
      }
    }
  });
});
