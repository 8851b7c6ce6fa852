/**
 * What the change review needs from one stack's configuration: resource instances by address, the
 * `moved` blocks, and which variables are sensitive. Built from the review gate's Terraform JSON reader
 * (review/load-plans.ts): this module is only the adapter, so the reader stays the one place that parses
 * Terraform JSON.
 */
import { loadPlans } from "../review/load-plans";
import { TerraformPlan } from "../review/terraform-plan";
import { META_ARGUMENTS } from "./provider-schema";

export interface PlannedResource {
  /** Terraform address of the instance: aws_x.name, aws_x.name["key"] or aws_x.name[0]. */
  readonly address: string;
  readonly type: string;
  /** Address of the resource block (no instance key), as references name it. */
  readonly resource: string;
  /** Arguments as written, meta-arguments removed. */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** Set when count/for_each cannot be evaluated offline: the instances are not known. */
  readonly notEvaluable?: string;
}

export interface MovedBlock {
  readonly from: string;
  readonly to: string;
}

export interface PlannedStack {
  readonly stack: string;
  readonly file: string;
  readonly resources: ReadonlyMap<string, PlannedResource>;
  readonly moved: readonly MovedBlock[];
  readonly sensitiveVariables: ReadonlySet<string>;
}

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

function withoutMetaArguments(body: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(body).filter(([k]) => !META_ARGUMENTS.has(k)));
}

/** The instance keys of a for_each / count written as a literal, or undefined when it is an expression. */
function instanceKeys(body: JsonObject): { keys: (string | number)[] } | { expression: string } | undefined {
  const forEach = body.for_each;
  if (forEach !== undefined) {
    if (isObject(forEach)) return { keys: Object.keys(forEach) };
    if (Array.isArray(forEach) && forEach.every((k) => typeof k === "string")) return { keys: [...new Set(forEach as string[])] };
    return { expression: `for_each = ${JSON.stringify(forEach)}` };
  }
  const count = body.count;
  if (count !== undefined) {
    const n = typeof count === "number" ? count : typeof count === "string" && /^\d+$/.test(count) ? Number(count) : NaN;
    if (Number.isInteger(n) && n >= 0) return { keys: Array.from({ length: n }, (_, i) => i) };
    return { expression: `count = ${JSON.stringify(count)}` };
  }
  return undefined;
}

export function instanceAddress(resource: string, key: string | number): string {
  return typeof key === "number" ? `${resource}[${key}]` : `${resource}[${JSON.stringify(key)}]`;
}

/** Terraform accepts "aws_x.a" and "${aws_x.a}" alike in moved blocks' from and to. */
function movedAddress(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const inner = /^\$\{(.*)\}$/.exec(value.trim());
  return (inner ? inner[1] : value).trim();
}

function movedBlocks(json: JsonObject): MovedBlock[] {
  const raw = json.moved;
  const blocks = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return blocks.flatMap((b) => {
    const from = isObject(b) ? movedAddress(b.from) : undefined;
    const to = isObject(b) ? movedAddress(b.to) : undefined;
    return from && to ? [{ from, to }] : [];
  });
}

export function plannedStack(plan: TerraformPlan): PlannedStack {
  const resources = new Map<string, PlannedResource>();
  for (const r of plan.resources()) {
    const body = isObject(r.body) ? r.body : {};
    const attributes = withoutMetaArguments(body);
    const instances = instanceKeys(body);
    if (instances === undefined) {
      resources.set(r.address, { address: r.address, type: r.type, resource: r.address, attributes });
    } else if ("keys" in instances) {
      for (const key of instances.keys) {
        const address = instanceAddress(r.address, key);
        resources.set(address, { address, type: r.type, resource: r.address, attributes });
      }
    } else {
      resources.set(r.address, { address: r.address, type: r.type, resource: r.address, attributes, notEvaluable: instances.expression });
    }
  }
  const sensitiveVariables = new Set(Object.entries(plan.variables as JsonObject)
    .filter(([, v]) => isObject(v) && (v.sensitive === true || v.sensitive === "true"))
    .map(([name]) => name));
  return { stack: plan.stack, file: plan.file, resources, moved: movedBlocks(plan.json), sensitiveVariables };
}

/** Every stack under the given paths (cdk.tf.json files, or folders holding stacks/<name>/cdk.tf.json). */
export function loadPlannedStacks(paths: string[]): PlannedStack[] {
  return loadPlans(paths).map(plannedStack);
}
