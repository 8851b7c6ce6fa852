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

let documentPlanJson: string | undefined;
/**
 * The default production plan (the document's), synthesized once per test file: a fresh copy on every
 * call, so a test may change it freely.
 */
export function documentPlan(): TerraformJson {
  documentPlanJson ??= synthProductionStack().json;
  return JSON.parse(documentPlanJson);
}

/** A directory holding every stack's cdk.tf.json, as `npm run synth` writes them, for the given context. */
export function synthesizedPlanDir(context: unknown = {}, env: Record<string, string> = {}): string {
  const app = buildApp(Testing.app({ context: { checkpoints: context } }), env);
  app.synth();
  return app.outdir;
}
