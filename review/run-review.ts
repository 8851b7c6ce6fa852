import { Finding } from "./findings";
import { locateFinding } from "./finding-locations";
import { ReviewedPlan } from "../plan/reviewed-plan";
import { Rule, RULES } from "./rules";
import { Severity } from "./rule-kit";
import { Suppressions } from "./suppressions";

export const REPORT_SCHEMA = "checkpoints-review/report@2";

export interface RuleResult {
  readonly id: string;
  readonly severity: Severity;
  readonly description: string;
  readonly source: string;
  /** pass, fail, or suppressed (failed, knowingly accepted for this stack) */
  readonly status: "pass" | "fail" | "suppressed";
  readonly findings: Finding[];
  readonly suppression?: string;
  /** The resource instances the rule looked at (what JUnit lists as one test case each). */
  readonly resources: string[];
}

export interface StackReview {
  readonly stack: string;
  readonly file: string;
  readonly results: RuleResult[];
}

export interface ReviewReport {
  readonly schema: typeof REPORT_SCHEMA;
  readonly stacks: StackReview[];
  readonly summary: { readonly errors: number; readonly warnings: number; readonly suppressed: number; readonly passed: number };
  /** No unsuppressed error-severity rule failed. */
  readonly ok: boolean;
}

/** A rule threw: a bug in the gate, not a verdict. Exit 3, one line naming the rule and the input. */
export class ReviewInternalError extends Error {
  constructor(readonly ruleId: string, readonly input: string, readonly cause: unknown) {
    super(`internal error in rule ${ruleId} on ${input}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "ReviewInternalError";
  }
}

/** The plan as one rule sees it, recording the resource instances the rule asks for. */
function watched(plan: ReviewedPlan, seen: Set<string>): ReviewedPlan {
  const view = Object.create(plan) as ReviewedPlan;
  view.instances = (...types: string[]) => {
    const found = plan.instances(...types);
    for (const r of found) seen.add(r.address);
    return found;
  };
  return view;
}

export function reviewPlan(plan: ReviewedPlan, suppressions: Suppressions = {}, rules: readonly Rule[] = RULES): StackReview {
  const accepted = new Map((suppressions[plan.stack] ?? []).map((s) => [s.rule, s.reason]));
  const results = rules.map((rule): RuleResult => {
    let findings: Finding[];
    const seen = new Set<string>();
    try {
      findings = rule.check(watched(plan, seen)).map((f) => {
        const location = locateFinding(plan, f);
        return location ? { ...f, location } : f;
      });
    } catch (error) {
      throw new ReviewInternalError(rule.id, plan.file, error);
    }
    const suppression = accepted.get(rule.id);
    const status = findings.length === 0 ? "pass" : suppression ? "suppressed" : "fail";
    return { id: rule.id, severity: rule.severity, description: rule.description, source: rule.source, status, findings,
      ...(suppression ? { suppression } : {}), resources: [...seen] };
  });
  return { stack: plan.stack, file: plan.file, results };
}

export function reviewPlans(plans: readonly ReviewedPlan[], suppressions: Suppressions = {}, rules: readonly Rule[] = RULES): ReviewReport {
  const stacks = plans.map((plan) => reviewPlan(plan, suppressions, rules));
  const all = stacks.flatMap((s) => s.results);
  const summary = {
    errors: all.filter((r) => r.status === "fail" && r.severity === "error").length,
    warnings: all.filter((r) => r.status === "fail" && r.severity === "warning").length,
    suppressed: all.filter((r) => r.status === "suppressed").length,
    passed: all.filter((r) => r.status === "pass").length,
  };
  return { schema: REPORT_SCHEMA, stacks, summary, ok: summary.errors === 0 };
}
