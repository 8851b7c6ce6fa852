import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { CheckpointsDbStack } from "../../stacks/checkpoints-db-stack";
import { readRunCache, runCacheFolder, writeRunCache } from "./run-cache";

/** A synthesized Terraform JSON config, as cdk.tf.json holds it. */
export type TerraformJson = Record<string, any>;

// cdktf, the provider bindings and the stack are loaded only when a file synthesizes (about 0.15 CPU s
// a test file): a file that only reads plans gets them from the run's cache below, and loads none of it.
const cdktf = () => require("cdktf") as typeof import("cdktf");
const stackModule = () => require("../../stacks/checkpoints-db-stack") as typeof import("../../stacks/checkpoints-db-stack");

/** The stack itself, synthesized: for the tests that look at the construct tree, not only its JSON. */
function synthesizedStack(context: unknown, env: Record<string, string>): { json: string; stack: CheckpointsDbStack } {
  const { Testing } = cdktf();
  const { CheckpointsDbStack, PRODUCTION_STACK_NAME } = stackModule();
  const { resolveSettings } = require("../../config/load-settings") as typeof import("../../config/load-settings");
  const app = Testing.app();
  const stack = new CheckpointsDbStack(app, PRODUCTION_STACK_NAME, { settings: resolveSettings(context, env) });
  return { json: Testing.synth(stack), stack };
}

/**
 * Synthesizes the production stack from the given cdktf.json context and environment: its cdk.tf.json
 * (the run's cached bytes for that input, see planJsonFor), parsed afresh, and the stack, built only when
 * a test reads it.
 */
export function synthProductionStack(context: unknown = {}, env: Record<string, string> = {}): {
  json: string; plan: TerraformJson; stack: CheckpointsDbStack;
} {
  const json = planJsonFor(context, env);
  let stack: CheckpointsDbStack | undefined;
  return {
    json,
    plan: JSON.parse(json),
    get stack() {
      return (stack ??= synthesizedStack(context, env).stack);
    },
  };
}

// Synthesizing the stack costs a fraction of a CPU second; test files ask for the same input often
// (the default plan above all), and the same input always gives the same bytes: each is synthesized once
// per test file (this map), and once per test run (the folder below, shared by the run's workers).
const planJsonByInput = new Map<string, string>();

/** The run cache folder (support/run-cache.ts) of synthesized plans. */
const PLAN_CACHE = "synthesized-plans";

/** Synthesizes, or reads what another file of this run synthesized for the same input. */
function synthesizedJson(key: string, context: unknown, env: Record<string, string>): string {
  const cached = readRunCache(PLAN_CACHE, key);
  if (cached !== undefined) return cached;
  const json = synthesizedStack(context, env).json;
  writeRunCache(PLAN_CACHE, key, json);
  return json;
}

/**
 * The production stack's cdk.tf.json for a context and environment, as synthProductionStack writes it,
 * synthesized once per test run for each input (issue 26).
 */
export function planJsonFor(context: unknown = {}, env: Record<string, string> = {}): string {
  const key = JSON.stringify([context, env]);
  let json = planJsonByInput.get(key);
  if (json === undefined) {
    json = synthesizedJson(key, context, env);
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

/**
 * A new directory holding every stack's cdk.tf.json, as `npm run synth` writes them, for the given
 * context: a copy of what this run synthesized for it (the caller may change or remove its copy).
 */
export function synthesizedPlanDir(context: unknown = {}, env: Record<string, string> = {}): string {
  const synth = () => {
    const { buildApp } = require("../../main") as typeof import("../../main");
    const app = buildApp(cdktf().Testing.app({ context: { checkpoints: context } }), env);
    app.synth();
    return app.outdir;
  };
  const cache = runCacheFolder(PLAN_CACHE);
  if (!cache) return synth();
  const done = path.join(cache, `${crypto.createHash("sha256").update(JSON.stringify(["app", context, env])).digest("hex")}.d`);
  if (!fs.existsSync(done)) {
    // Synthesized into a folder of its own, then renamed whole: a file copying at the same time sees
    // every stack or none. A second worker that synthesized the same input keeps its own folder.
    fs.mkdirSync(cache, { recursive: true });
    const outdir = synth();
    try {
      fs.renameSync(outdir, done);
    } catch {
      return outdir;
    }
  }
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf.outdir."));
  fs.cpSync(done, copy, { recursive: true });
  return copy;
}
