import { cannotEvaluate, Finding, finding } from "./findings";
import { ReviewedPlan } from "../plan/reviewed-plan";
import { interpolations, TerraformValue } from "../plan";

export { interpolations };

/** Namespaces Terraform provides itself. */
const BUILT_IN = new Set(["count", "each", "self", "path", "terraform"]);

/** Dotted references (var.x, aws_db_instance.checkpoints.address, data.aws_x.y.z) in one expression. */
export function referencesIn(expression: string): string[][] {
  const code = expression.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const iterators = new Set([...code.matchAll(/\bfor\s+([A-Za-z_]\w*)(?:\s*,\s*([A-Za-z_]\w*))?\s+in\b/g)]
    .flatMap((m) => [m[1], m[2]]).filter(Boolean));
  return [...code.matchAll(/(?<![\w.])([A-Za-z_][\w-]*)((?:\.[A-Za-z_][\w-]*|\[[^\]]*\])+)/g)]
    .filter((m) => !iterators.has(m[1]))
    .map((m) => [m[1], ...[...m[2].matchAll(/\.([A-Za-z_][\w-]*)/g)].map((p) => p[1])]);
}

/** The references an evaluated value still carries (references, and those inside unknown templates). */
export function referencesOf(value: TerraformValue | undefined): string[][] {
  if (!value) return [];
  switch (value.kind) {
    case "reference":
    case "unknown": return value.expression.includes("${") ? interpolations(value.expression).flatMap(referencesIn) : referencesIn(value.expression);
    case "list": return value.items.flatMap(referencesOf);
    case "object": return [...value.attributes.values()].flatMap(referencesOf);
    default: return [];
  }
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
    // A provider module is loaded only for the resource types a plan names: the barrel loads all of them.
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

/** Every [address, attribute, value] of the configuration that may carry references. */
function valuesOf(plan: ReviewedPlan): Array<[string, string, TerraformValue]> {
  const out: Array<[string, string, TerraformValue]> = [];
  const { config } = plan;
  for (const r of [...config.resources, ...config.dataSources]) {
    for (const [k, v] of r.attributes) out.push([r.address, k, v]);
    r.dependsOn.forEach((d, i) => out.push([r.address, `depends_on[${i}]`, { kind: "unknown", expression: d }]));
    if (r.expansion.kind === "not evaluable") out.push([r.address, r.expansion.argument, { kind: "unknown", expression: r.expansion.expression }]);
  }
  for (const o of config.outputs.values()) for (const [k, v] of o.attributes) out.push([`output.${o.name}`, k, v]);
  for (const [k, v] of config.locals) out.push(["locals", k, v]);
  for (const m of config.modules) for (const [k, v] of m.attributes) out.push([m.address, k, v]);
  for (const p of config.providers) for (const [k, v] of p.attributes) out.push([`provider.${p.name}`, k, v]);
  return out;
}

/** Every reference in the plan that names nothing the plan declares, or an attribute its type lacks. */
export function unresolvedReferences(plan: ReviewedPlan): Finding[] {
  const { config } = plan;
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const report = (address: string, attribute: string, ref: string, required: string) => {
    const key = `${address} ${attribute} ${ref}`;
    if (seen.has(key)) return;
    seen.add(key);
    findings.push(finding(address, attribute, ref, required));
  };
  for (const [address, attribute, value] of valuesOf(plan)) {
    if (value.kind === "unknown" && /%\{/.test(value.expression.replace(/%%\{/g, ""))) {
      findings.push(cannotEvaluate(address, attribute, value.expression, "a template whose references the gate can read"));
      continue;
    }
    for (const [head, ...path] of referencesOf(value)) {
      const ref = [head, ...path].join(".");
      if (BUILT_IN.has(head)) continue;
      if (head === "var") {
        if (!config.variables.has(path[0])) report(address, attribute, ref, `a declared variable (declared: ${[...config.variables.keys()].join(", ") || "none"})`);
        continue;
      }
      if (head === "local") {
        if (!config.locals.has(path[0])) report(address, attribute, ref, "a declared local value");
        continue;
      }
      if (head === "module") {
        if (!config.modules.some((m) => m.name === path[0])) report(address, attribute, ref, "a module declared in the plan");
        continue;
      }
      const kind = head === "data" ? "data" : "resource";
      const [type, name, attr] = kind === "data" ? path : [head, ...path];
      const pool = kind === "data" ? config.dataSources : config.resources;
      if (!pool.some((r) => r.type === type && r.name === name)) {
        // An iterator of a dynamic block whose for_each is not evaluated stays a bare two-part name.
        report(address, attribute, ref, `a ${kind === "data" ? "data source" : "resource"} declared in the same plan`);
        continue;
      }
      const attributes = attr ? knownAttributes(type, kind) : null;
      if (attributes && !attributes.has(camel(attr))) report(address, attribute, ref, `an attribute of ${type}`);
    }
  }
  return findings;
}
