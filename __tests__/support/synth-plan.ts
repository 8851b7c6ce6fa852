import { Testing } from "cdktf";
import { resolveSettings } from "../../config/load-settings";
import { CheckpointsDbStack, PRODUCTION_STACK_NAME } from "../../stacks/checkpoints-db-stack";
import { buildApp } from "../../main";

/** A synthesized Terraform JSON config, as cdk.tf.json holds it. */
export type TerraformJson = Record<string, any>;

/** Synthesizes the production stack from the given cdktf.json context and environment. */
export function synthProductionStack(context: unknown = {}, env: Record<string, string> = {}): {
  json: string; plan: TerraformJson; stack: CheckpointsDbStack;
} {
  const app = Testing.app();
  const stack = new CheckpointsDbStack(app, PRODUCTION_STACK_NAME, { settings: resolveSettings(context, env) });
  const json = Testing.synth(stack);
  return { json, plan: JSON.parse(json), stack };
}

// Synthesizing the stack costs a fraction of a CPU second; a test file asks for the same input often
// (the default plan above all), and the same input always gives the same bytes: each is synthesized once.
const planJsonByInput = new Map<string, string>();

/**
 * The production stack's cdk.tf.json for a context and environment, as synthProductionStack writes it,
 * synthesized once per test file for each input (issue 26).
 */
export function planJsonFor(context: unknown = {}, env: Record<string, string> = {}): string {
  const key = JSON.stringify([context, env]);
  let json = planJsonByInput.get(key);
  if (json === undefined) {
    json = synthProductionStack(context, env).json;
    planJsonByInput.set(key, json);
  }
  return json;
}

/** The same plan parsed: a fresh copy on every call, so a test may change it freely. */
export function planFor(context: unknown = {}, env: Record<string, string> = {}): TerraformJson {
  return JSON.parse(planJsonFor(context, env));
}

/** The default production plan (the document's): a fresh copy on every call. */
export function documentPlan(): TerraformJson {
  return planFor();
}

/** A directory holding every stack's cdk.tf.json, as `npm run synth` writes them, for the given context. */
export function synthesizedPlanDir(context: unknown = {}, env: Record<string, string> = {}): string {
  const app = buildApp(Testing.app({ context: { checkpoints: context } }), env);
  app.synth();
  return app.outdir;
}
