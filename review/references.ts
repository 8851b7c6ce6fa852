import { JsonValue, TerraformPlan } from "./terraform-plan";
import type { Finding } from "./rules";

/** Namespaces Terraform provides itself. */
const BUILT_IN = new Set(["count", "each", "self", "path", "terraform"]);

/** The ${...} expressions in a string, with nested braces and quoted strings taken into account. */
export function interpolations(text: string): string[] {
  const found: string[] = [];
  for (let start = text.indexOf("${"); start >= 0; start = text.indexOf("${", start + 2)) {
    if (start > 0 && text[start - 1] === "$") continue; // "$${" is an escaped literal
    let depth = 0;
    let inString = false;
    for (let i = start + 1; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === "\\") i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === "{") depth++;
      else if (c === "}" && --depth === 0) {
        found.push(text.slice(start + 2, i));
        start = i - 1;
        break;
      }
    }
  }
  return found;
}

/** Dotted references (var.x, aws_db_instance.checkpoints.address, data.aws_x.y.z) in one expression. */
export function referencesIn(expression: string): string[][] {
  const code = expression.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const iterators = new Set([...code.matchAll(/\bfor\s+([A-Za-z_]\w*)(?:\s*,\s*([A-Za-z_]\w*))?\s+in\b/g)]
    .flatMap((m) => [m[1], m[2]]).filter(Boolean));
  return [...code.matchAll(/(?<![\w.])([A-Za-z_][\w-]*)((?:\.[A-Za-z_][\w-]*|\[[^\]]*\])+)/g)]
    .filter((m) => !iterators.has(m[1]))
    .map((m) => [m[1], ...[...m[2].matchAll(/\.([A-Za-z_][\w-]*)/g)].map((p) => p[1])]);
}

const camel = (snake: string) => snake.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

const attributeCache = new Map<string, Set<string> | null>();

/**
 * The attributes the AWS provider declares for a resource or data source type, read from the prebuilt
 * @cdktf/provider-aws class (its getters); null for a type the package does not know.
 */
export function knownAttributes(type: string, kind: "resource" | "data"): Set<string> | null {
  const key = `${kind}:${type}`;
  if (attributeCache.has(key)) return attributeCache.get(key) ?? null;
  let attributes: Set<string> | null = null;
  // aws_db_instance -> lib/db-instance; data aws_vpc -> lib/data-aws-vpc
  const module = kind === "data" ? `data-${type.replace(/_/g, "-")}` : type.replace(/^aws_/, "").replace(/_/g, "-");
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const exports = require(`@cdktf/provider-aws/lib/${module}`) as Record<string, unknown>;
    const cls = Object.values(exports).find((e): e is { tfResourceType: string; prototype: object } =>
      typeof e === "function" && (e as { tfResourceType?: string }).tfResourceType === type);
    if (cls?.prototype) {
      attributes = new Set(["id"]);
      for (let proto: object | null = cls.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
        for (const name of Object.getOwnPropertyNames(proto)) {
          if (Object.getOwnPropertyDescriptor(proto, name)?.get) attributes.add(name);
        }
      }
    }
  } catch {
    attributes = null;
  }
  attributeCache.set(key, attributes);
  return attributes;
}

function strings(value: JsonValue, at: string, out: Array<[string, string]>): void {
  if (typeof value === "string") out.push([at, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${at}[${i}]`, out));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) if (k !== "//") strings(v, at ? `${at}.${k}` : k, out);
  }
}

/** Every reference in the plan that names nothing the plan declares, or an attribute its type lacks. */
export function unresolvedReferences(plan: TerraformPlan): Finding[] {
  const all: Array<[string, string]> = [];
  strings(plan.json, "", all);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const report = (at: string, ref: string, required: string) => {
    const key = `${at} ${ref}`;
    if (seen.has(key)) return;
    seen.add(key);
    const [address, ...rest] = at.split(".");
    findings.push({ address: rest.length >= 2 ? `${address === "resource" ? "" : `${address}.`}${rest.slice(0, 2).join(".")}` : at,
      attribute: rest.slice(2).join(".") || at, found: ref, required });
  };
  for (const [at, text] of all) {
    for (const expression of interpolations(text)) {
      for (const [head, ...path] of referencesIn(expression)) {
        const ref = [head, ...path].join(".");
        if (BUILT_IN.has(head)) continue;
        if (head === "var") {
          if (!(path[0] in plan.variables)) report(at, ref, `a declared variable (declared: ${Object.keys(plan.variables).join(", ") || "none"})`);
          continue;
        }
        if (head === "local") {
          if (!(path[0] in (plan.json.locals ?? {}))) report(at, ref, "a declared local value");
          continue;
        }
        if (head === "module") {
          report(at, ref, "a module declared in the plan (this project declares none)");
          continue;
        }
        const kind = head === "data" ? "data" : "resource";
        const [type, name, attribute] = kind === "data" ? path : [head, ...path];
        const exists = (kind === "data" ? plan.dataSources(type) : plan.resources(type)).some((r) => r.name === name);
        if (!exists) {
          report(at, ref, `a ${kind === "data" ? "data source" : "resource"} declared in the same plan`);
          continue;
        }
        const attributes = attribute ? knownAttributes(type, kind) : null;
        if (attributes && !attributes.has(camel(attribute))) report(at, ref, `an attribute of ${type}`);
      }
    }
  }
  return findings;
}
