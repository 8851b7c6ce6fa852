import * as fs from "node:fs";
import { ReviewedPlan, stackNameOf } from "./reviewed-plan";
import { findConfigurations, readConfiguration, TerraformJsonError } from "./terraform-json";

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
