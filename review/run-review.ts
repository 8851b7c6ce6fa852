import { Finding, Rule, RULES, Severity } from "./rules";
import { Suppressions } from "./suppressions";
import { TerraformPlan } from "./terraform-plan";

export interface RuleResult {
  readonly id: string;
  readonly severity: Severity;
  readonly description: string;
  readonly source: string;
  /** pass, fail, or suppressed (failed, knowingly accepted for this stack) */
  readonly status: "pass" | "fail" | "suppressed";
  readonly findings: Finding[];
  readonly suppression?: string;
}

export interface StackReview {
  readonly stack: string;
  readonly file: string;
  readonly results: RuleResult[];
}

export interface ReviewReport {
  readonly stacks: StackReview[];
  readonly summary: { readonly errors: number; readonly warnings: number; readonly suppressed: number; readonly passed: number };
  /** No unsuppressed error-severity rule failed. */
  readonly ok: boolean;
}

export function reviewPlan(plan: TerraformPlan, suppressions: Suppressions = {}, rules: readonly Rule[] = RULES): StackReview {
  const accepted = new Map((suppressions[plan.stack] ?? []).map((s) => [s.rule, s.reason]));
  const results = rules.map((rule): RuleResult => {
    const findings = rule.check(plan);
    const suppression = accepted.get(rule.id);
    const status = findings.length === 0 ? "pass" : suppression ? "suppressed" : "fail";
    return { id: rule.id, severity: rule.severity, description: rule.description, source: rule.source, status, findings,
      ...(suppression ? { suppression } : {}) };
  });
  return { stack: plan.stack, file: plan.file, results };
}

export function reviewPlans(plans: TerraformPlan[], suppressions: Suppressions = {}): ReviewReport {
  const stacks = plans.map((plan) => reviewPlan(plan, suppressions));
  const all = stacks.flatMap((s) => s.results);
  const summary = {
    errors: all.filter((r) => r.status === "fail" && r.severity === "error").length,
    warnings: all.filter((r) => r.status === "fail" && r.severity === "warning").length,
    suppressed: all.filter((r) => r.status === "suppressed").length,
    passed: all.filter((r) => r.status === "pass").length,
  };
  return { stacks, summary, ok: summary.errors === 0 };
}
