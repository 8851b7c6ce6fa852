/**
 * What the change review needs from one stack's configuration: resource instances by address, the
 * `moved` blocks, and which variables are sensitive. Read through the project's one Terraform JSON reader
 * (plan/); this module only adapts its typed values to the comparison's plain ones.
 */
import * as path from "node:path";
import { findConfigurations, readBool, readConfiguration, TerraformConfiguration, TerraformValue } from "../plan";
import { canonical, FromVariable } from "./attribute-values";
import { providerRegion, withProviderRegion } from "./provider-diff-rules";

export interface PlannedResource {
  /** Terraform address of the instance: aws_x.name, aws_x.name["key"] or aws_x.name[0]. */
  readonly address: string;
  readonly type: string;
  /** Address of the resource block (no instance key), as references name it. */
  readonly resource: string;
  /** Arguments as plain values (references and unknowns as their "${...}" expression). */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** Set when count/for_each cannot be evaluated offline: the instances are not known. */
  readonly notEvaluable?: string;
  /** lifecycle.ignore_changes: attributes Terraform leaves as they are ("all": every one). */
  readonly ignoreChanges?: ReadonlySet<string> | "all";
  /** lifecycle.prevent_destroy = true: Terraform refuses a plan that destroys it. */
  readonly preventDestroy?: boolean;
  /** lifecycle.create_before_destroy = true (as written; Terraform may also force it, see destroy-order.ts). */
  readonly createBeforeDestroy?: boolean;
  /** lifecycle.replace_triggered_by, each a reference without "${}" (aws_kms_key.db, aws_kms_key.db.arn). */
  readonly replaceTriggeredBy?: readonly string[];
  /** depends_on: resource blocks this one waits for (Terraform's graph edges beside references). */
  readonly dependsOn?: readonly string[];
  /** How the block repeats: count and for_each decide Terraform's implied moves (instance-moves.ts). */
  readonly repetition?: "single" | "count" | "for_each";
}

export interface RemovedResource {
  readonly from: string;
  /** false: Terraform forgets the object and leaves it running; "unknown": not a literal. */
  readonly destroy: boolean | "unknown";
}

export interface MovedBlock {
  readonly from: string;
  readonly to: string;
}

export interface PlannedStack {
  readonly stack: string;
  readonly resources: ReadonlyMap<string, PlannedResource>;
  readonly moved: readonly MovedBlock[];
  readonly removed: readonly RemovedResource[];
  /** Each local, variable default and data source's arguments ("local.x", "var.x", "data.t.n") as a comparable string: what an unevaluated expression reads. */
  readonly inputs: ReadonlyMap<string, string>;
  readonly sensitiveVariables: ReadonlySet<string>;
  /** The configuration's files, for what reads the plan another way (the monthly cost estimate). */
  readonly files: readonly string[];
}

const asExpression = (text: string) => (text.includes("${") ? text : `\${${text}}`);

/** A reader value as the comparison sees it; a value taken from a variable's default keeps the variable's name. */
export function plainValue(value: TerraformValue, top = true): unknown {
  if (top && "from" in value && value.from) {
    const variable = /var\.([A-Za-z0-9_-]+)/.exec(value.from)?.[1];
    if (variable) return new FromVariable(variable, plainValue(value, false));
  }
  switch (value.kind) {
    case "string": case "number": case "bool": return value.value;
    case "null": return null;
    case "list": return value.items.map((v) => plainValue(v));
    case "object": return Object.fromEntries([...value.attributes].map(([k, v]) => [k, plainValue(v)]));
    case "reference": case "unknown": return asExpression(value.expression);
  }
}

/** ignore_changes as Terraform reads it: "all", or a list of attribute names (plain or as references). */
function ignoreChangesOf(lifecycle: ReadonlyMap<string, TerraformValue>): ReadonlySet<string> | "all" | undefined {
  const value = lifecycle.get("ignore_changes");
  if (!value) return undefined;
  const plain = plainValue(value);
  const name = (v: unknown) => (typeof v === "string" ? v.replace(/^\$\{(.*)\}$/s, "$1").trim() : undefined);
  if (name(plain) === "all") return "all";
  if (!Array.isArray(plain)) return undefined;
  // A nested path (tags["x"], ingress[0]) ignores part of the attribute: its top-level name is what we compare.
  return new Set(plain.map(name).filter((n): n is string => !!n).map((n) => n.split(/[.[]/)[0]));
}

/**
 * replace_triggered_by as references: Terraform accepts only resource references here, written in JSON as
 * "${aws_x.y}" or "aws_x.y" (hashicorp/terraform v1.11.4 internal/terraform/evaluate_triggers.go).
 */
function replaceTriggersOf(lifecycle: ReadonlyMap<string, TerraformValue>): string[] {
  const value = lifecycle.get("replace_triggered_by");
  const items = value?.kind === "list" ? value.items : value ? [value] : [];
  return items.map((v) => (v.kind === "reference" || v.kind === "unknown" ? v.expression : v.kind === "string" ? v.value : ""))
    .map((text) => text.replace(/^\$\{(.*)\}$/s, "$1").trim()).filter((text) => text.length > 0);
}

export function plannedStack(configuration: TerraformConfiguration, fallbackName: string): PlannedStack {
  const resources = new Map<string, PlannedResource>();
  for (const r of configuration.resources) {
    const region = providerRegion(configuration.providers, r.provider);
    // A regional resource without its own region has the provider's: a change of the provider's replaces it.
    const attributes = withProviderRegion(r.type, Object.fromEntries([...r.attributes].map(([k, v]) => [k, plainValue(v)])), region && plainValue(region));
    const notEvaluable = r.expansion.kind === "not evaluable" ? `${r.expansion.argument} = ${r.expansion.expression}` : undefined;
    const ignoreChanges = ignoreChangesOf(r.lifecycle);
    const preventDestroy = readBool(r.lifecycle.get("prevent_destroy"));
    const createBeforeDestroy = readBool(r.lifecycle.get("create_before_destroy"));
    const replaceTriggeredBy = replaceTriggersOf(r.lifecycle);
    const repetition = r.expansion.kind === "not evaluable" ? undefined : r.expansion.kind;
    resources.set(r.address, { address: r.address, type: r.type, resource: r.blockAddress, attributes, ...(notEvaluable ? { notEvaluable } : {}),
      ...(ignoreChanges ? { ignoreChanges } : {}), ...(preventDestroy.state === "known" && preventDestroy.value ? { preventDestroy: true } : {}),
      ...(createBeforeDestroy.state === "known" && createBeforeDestroy.value ? { createBeforeDestroy: true } : {}),
      ...(replaceTriggeredBy.length ? { replaceTriggeredBy } : {}), ...(repetition ? { repetition } : {}),
      ...(r.dependsOn.length ? { dependsOn: r.dependsOn.map((d) => d.replace(/\[.*$/, "")) } : {}) });
  }
  const inputs = new Map<string, string>([
    ...[...configuration.locals].map(([k, v]) => [`local.${k}`, canonical(plainValue(v, false))] as const),
    ...[...configuration.variables.values()].map((v) => [`var.${v.name}`, canonical({ default: v.default ? plainValue(v.default, false) : null, type: v.type ?? null })] as const),
    // A data source is read again at plan: new arguments may read a new object.
    ...configuration.dataSources.map((d) => [d.address, canonical(Object.fromEntries([...d.attributes].map(([k, v]) => [k, plainValue(v, false)])))] as const),
  ]);
  const sensitiveVariables = new Set([...configuration.variables.values()].filter((v) => v.sensitive).map((v) => v.name));
  return {
    stack: configuration.stackName ?? fallbackName,
    resources,
    moved: configuration.moved.map(({ from, to }) => ({ from, to })),
    removed: configuration.removed.map(({ from, destroy }) => ({ from, destroy })),
    inputs,
    sensitiveVariables,
    files: configuration.files,
  };
}

/** Every stack under the given paths (cdk.tf.json files, or folders holding stacks/<name>/cdk.tf.json). */
export function loadPlannedStacks(paths: string[]): PlannedStack[] {
  return paths.flatMap((p) => findConfigurations(p)).map((target) => {
    const folder = target.endsWith(".json") ? path.dirname(target) : target;
    return plannedStack(readConfiguration(target), path.basename(folder));
  });
}
