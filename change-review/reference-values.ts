/**
 * What an expression the reader could not evaluate will be at apply time, as far as the configuration decides:
 * a reference to another resource's configured argument is that argument's value (Terraform plans a
 * configured argument as written, even on a resource being replaced); a reference to a computed attribute
 * (id, arn) stays a reference, known only from state. An expression that reads a local or variable whose
 * definition changed, or an impure function, may yield a new value: unknown until apply.
 */
import { PlannedResource } from "./planned-configuration";

const WHOLE_REFERENCE = /^\$\{\s*([a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z_][\w-]*)((?:\[(?:\d+|"[^"]*")\])?)\.([A-Za-z_][\w-]*)\s*\}$/;
/**
 * resource-type.name anywhere in an expression (a type always has a provider prefix: "aws_"); not after a "."
 * (data.aws_x.y, module.x), so data sources and module outputs stay apart.
 */
const RESOURCE_NAME = /(?<![\w.$])([a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z_][\w-]*)(?:\[(?:\d+|"[^"]*")\])?(?:\.([A-Za-z_][\w-]*))?/g;
const INPUT_NAME = /(?<![\w.])((?:local|var)\.[A-Za-z_][\w-]*|data\.[a-z][a-z0-9_]*\.[A-Za-z_][\w-]*(?:\[(?:\d+|"[^"]*")\])?)/g;
/**
 * Functions whose result differs between runs: timestamp() is unknown during plan, plantimestamp() is a new time
 * each plan, uuid() and bcrypt() new each call (Terraform docs: internal/lang/funcs, "impure" functions).
 */
const IMPURE = /(?<![\w.])(timestamp|plantimestamp|uuid|bcrypt)\s*\(/;

const expressionsOf = (value: unknown): string[] => {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? null);
  return [...text.matchAll(/\$\{/g)].length ? [text] : [];
};

/**
 * The resource blocks (type.name) a value refers to, with the attribute named after each, when one is; through
 * locals too (`inputs`: the configuration's locals as written), since a local that holds a reference is known
 * only when that resource is.
 */
export function referencedResources(value: unknown, inputs: ReadonlyMap<string, string> = new Map(), seen = new Set<string>()): { resource: string; attribute?: string }[] {
  const found: { resource: string; attribute?: string }[] = [];
  for (const text of expressionsOf(value)) {
    for (const m of text.matchAll(RESOURCE_NAME)) {
      found.push({ resource: m[1], ...(m[2] ? { attribute: m[2] } : {}) });
    }
    for (const m of text.matchAll(INPUT_NAME)) {
      const definition = m[1].startsWith("local.") && !seen.has(m[1]) ? inputs.get(m[1]) : undefined;
      if (definition === undefined) continue;
      seen.add(m[1]);
      found.push(...referencedResources(JSON.parse(definition) as unknown, inputs, seen));
    }
  }
  return found;
}

/** The instance a reference names: aws_x.y (no key) or aws_x.y[0] / aws_x.y["k"]. */
function instanceOf(resources: ReadonlyMap<string, PlannedResource>, block: string, key: string): PlannedResource | undefined {
  return resources.get(`${block}${key}`);
}

/** The value with each whole reference to a configured, known argument replaced by that argument's value. */
export function resolveReferences(value: unknown, resources: ReadonlyMap<string, PlannedResource>, depth = 0): unknown {
  if (depth > 8) return value;
  if (typeof value === "string") {
    const m = WHOLE_REFERENCE.exec(value);
    if (!m) return value;
    const target = instanceOf(resources, m[1], m[2]);
    if (!target || !Object.prototype.hasOwnProperty.call(target.attributes, m[3])) return value;
    const configured = resolveReferences(target.attributes[m[3]], resources, depth + 1);
    return configured === null || configured === undefined || expressionsOf(configured).length > 0 ? value : configured;
  }
  if (Array.isArray(value)) return value.map((v) => resolveReferences(v, resources, depth));
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, resolveReferences(v, resources, depth)]));
  }
  return value;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The base's references rewritten to the addresses its objects have after the head's moves (written or implied):
 * `aws_kms_key.old.arn` read after `moved { from = aws_kms_key.old, to = aws_kms_key.new }` is `aws_kms_key.new.arn`,
 * the same object's same attribute, not a new value.
 */
export function renameReferences(value: unknown, renames: ReadonlyMap<string, string>): unknown {
  if (renames.size === 0) return value;
  const pattern = new RegExp(`(?<![\\w.])(${[...renames.keys()].sort((a, b) => b.length - a.length).map(escape).join("|")})(?=[.\\s}\\]),]|$)`, "g");
  const rename = (v: unknown): unknown => {
    if (typeof v === "string") return v.includes("${") ? v.replace(pattern, (m) => renames.get(m) ?? m) : v;
    if (Array.isArray(v)) return v.map(rename);
    if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, rename(x)]));
    }
    return v;
  };
  return rename(value);
}

/** Locals, variables and data sources whose definition differs between the two configurations, with those that read them. */
export function changedInputs(base: ReadonlyMap<string, string>, head: ReadonlyMap<string, string>): Set<string> {
  const changed = new Set([...new Set([...base.keys(), ...head.keys()])].filter((k) => base.get(k) !== head.get(k)));
  for (let grew = true; grew;) {
    grew = false;
    for (const [name, definition] of head) {
      if (changed.has(name)) continue;
      if ([...definition.matchAll(INPUT_NAME)].some((m) => changed.has(m[1]))) {
        changed.add(name);
        grew = true;
      }
    }
  }
  return changed;
}

/** Why an expression written the same on both sides may still yield a new value; undefined when it cannot. */
export function mayYieldNewValue(value: unknown, changed: ReadonlySet<string>): string | undefined {
  for (const text of expressionsOf(value)) {
    const impure = IMPURE.exec(text);
    if (impure) return `${impure[1]}() gives a new value on every run`;
    const input = [...text.matchAll(INPUT_NAME)].map((m) => m[1]).find((n) => changed.has(n));
    if (input) return `${input} changed, and the review cannot evaluate this expression`;
  }
  return undefined;
}

