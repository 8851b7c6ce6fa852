import * as fs from "node:fs";
import * as path from "node:path";
import { ReviewedPlan, stackNameOf } from "./reviewed-plan";
import { findConfigurations, JsonSyntaxError, parseConfiguration, readConfiguration, TerraformJsonError } from ".";

/** Bad input to the gate: exit 2, with a message that names the path and the fix. */
export class ReviewInputError extends Error {
  readonly code = "REVIEW_INPUT";
  constructor(message: string) {
    super(message);
    this.name = "ReviewInputError";
  }
}

/**
 * Every stack at the given paths, read by the Terraform JSON reader: a file is a stack; a directory holding
 * *.tf.json files is one stack (its files merged); any other directory is searched for such directories.
 * minMaxConnectionsFor gives each stack's minimum (CKPT-MAX-CONNECTIONS); the configuration's default otherwise.
 */
export function readPlans(paths: readonly string[], minMaxConnectionsFor?: (stack: string) => number): ReviewedPlan[] {
  const plans: ReviewedPlan[] = [];
  for (const target of paths) {
    if (!fs.existsSync(target)) {
      throw new ReviewInputError(`${target} does not exist; run \`npm run synth\` first, or name a *.tf.json file or a directory holding some`);
    }
    try {
      const found = findConfigurations(target);
      if (found.length === 0) throw new ReviewInputError(`no *.tf.json found under ${target}; run \`npm run synth\` first`);
      for (const configuration of found) {
        const config = readConfiguration(configuration);
        const stack = stackNameOf(config, configuration);
        plans.push(new ReviewedPlan(stack, configuration, config, minMaxConnectionsFor?.(stack)));
      }
    } catch (error) {
      if (error instanceof TerraformJsonError) throw new ReviewInputError(error.message);
      throw error;
    }
  }
  return plans;
}

/**
 * One stack's synthesized plan (a cdk.tf.json, or a folder of *.tf.json), for the tools that read a single plan:
 * verify, preflight, cost and the network rehearsal. The same reader as the gate; bad input is a ReviewInputError.
 */
export function readPlan(target: string): ReviewedPlan {
  if (!fs.existsSync(target)) throw new ReviewInputError(`${target} does not exist; run \`npm run synth\` first`);
  try {
    const config = readConfiguration(target);
    return new ReviewedPlan(stackNameOf(config, target), target, config);
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      // Where, never what: the file may not be the plan it was meant to be, and its text is not echoed.
      throw new ReviewInputError(`${error.position.file} is not valid JSON: line ${error.position.line}, column ${error.position.column}: ${error.detail}`);
    }
    if (error instanceof TerraformJsonError) throw new ReviewInputError(error.message);
    throw error;
  }
}

/** A synthesized plan already parsed to plain JSON, with its stack name (tests, and callers holding the JSON). */
export interface PlanJson {
  readonly stack: string;
  readonly json: Readonly<Record<string, unknown>>;
}

/** A PlanJson read by the same reader as a file would be (its text, re-serialized); a ReviewedPlan as it is. */
export function reviewedPlanOf(plan: PlanJson | ReviewedPlan): ReviewedPlan {
  if (plan instanceof ReviewedPlan) return plan;
  const file = path.join(plan.stack, "cdk.tf.json");
  return new ReviewedPlan(plan.stack, file, parseConfiguration([{ file, text: JSON.stringify(plan.json) }]));
}
