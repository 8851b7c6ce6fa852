import { cannotEvaluate, checkRead, expansionFindings, Finding } from "./findings";
import { ReviewedPlan } from "../plan/reviewed-plan";
import { readBool, readNumber, readString, ResourceInstance } from "../plan";

export type Severity = "error" | "warning";

/** Rules are data: a report, a suppression and a test can all name the same id. */
export interface Rule {
  readonly id: string;
  readonly severity: Severity;
  /** The document's criterion, or the public rule it mirrors. */
  readonly source: string;
  readonly description: string;
  readonly check: (plan: ReviewedPlan) => Finding[];
}

/** A check on each instance of the given types; an instance whose count/for_each is unknown fails closed. */
export function eachResource(types: readonly string[], check: (r: ResourceInstance, plan: ReviewedPlan) => Finding[]) {
  return (plan: ReviewedPlan) => plan.instances(...types).flatMap((r) => [...expansionFindings(r), ...check(r, plan)]);
}

export const boolIs = (expected: boolean, attribute: string, unset: "pass" | "fail" = "fail") =>
  (r: ResourceInstance) => checkRead(r, attribute, readBool(r.attributes.get(attribute)), String(expected), (v) => v === expected, unset);

/**
 * An exclusion (checkov's engine exclusions): applies only when the check would otherwise fail, so an
 * unknown engine fails closed only where it matters.
 */
export function unlessExcluded(r: ResourceInstance, findings: Finding[], attribute: string, excluded: (value: string) => boolean,
  explain: string): Finding[] {
  if (findings.length === 0) return findings;
  const read = readString(r.attributes.get(attribute));
  if (read.state === "unknown") return [cannotEvaluate(r, attribute, read.expression, explain)];
  return read.state === "known" && excluded(read.value) ? [] : findings;
}

/** The parameter group of the plan that an instance's parameter_group_name references, if any. */
export function parameterGroupOf(plan: ReviewedPlan, db: ResourceInstance): ResourceInstance | undefined {
  return plan.referenced(db.attributes.get("parameter_group_name"), "aws_db_parameter_group")[0];
}

/** A parameter's value in a parameter group (plan/values.ts: cost reads groups the same way). */
export { parameterValue } from "../plan";

/** A number attribute in a list of accepted values. */
export const numberIn = (attribute: string, accepted: readonly number[]) => (r: ResourceInstance) =>
  checkRead(r, attribute, readNumber(r.attributes.get(attribute)), `one of ${accepted.join(", ")}`, (v) => accepted.includes(v));
