/**
 * Comparing and showing attribute values. Terraform converts primitives to the schema's type ("7" and 7
 * are the same number, "true" and true the same bool), so values compare in that canonical form; sets
 * and lists compare without regard to order (an order-only change is not reported).
 */

/** A value that is not known until apply (from a plan's after_unknown, or a replaced dependency). */
export interface UnknownValue {
  readonly unknown: string;
}

export type ShownValue = string;

/** A value that came from a variable's default: compared by value, shown by the variable's name. */
export class FromVariable {
  constructor(readonly variable: string, readonly value: unknown) {}
}

function canonicalValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof FromVariable) return { "var": value.variable, value: canonicalValue(value.value) };
  if (typeof value === "boolean" || typeof value === "number") return String(value);
  if (Array.isArray(value)) {
    return value.map(canonicalValue).map((v) => JSON.stringify(v)).sort();
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([k, v]) => k !== "//" && v !== null && v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => [k, canonicalValue(v)]);
    return Object.fromEntries(entries);
  }
  return value;
}

/** The value in Terraform's terms, as a comparable string. */
export function canonical(value: unknown): string {
  return JSON.stringify(canonicalValue(value));
}

export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

const VARIABLE_REFERENCE = /\$\{\s*var\.([A-Za-z0-9_-]+)\s*\}/g;

/** Variables a value refers to. */
export function referencedVariables(value: unknown): string[] {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? null);
  return [...text.matchAll(VARIABLE_REFERENCE)].map((m) => m[1]);
}

export interface ShowOptions {
  /** The provider marks the attribute sensitive (password...). */
  readonly sensitiveAttribute: boolean;
  readonly sensitiveVariables: ReadonlySet<string>;
}

/**
 * A value for a report: never a secret. Sensitive attributes and anything built from a sensitive variable
 * show by name only ("var.db_password"); a literal sensitive value shows as "(sensitive value)".
 */
export function showValue(value: unknown, options: ShowOptions): ShownValue {
  if (value === undefined) return "(not set)";
  if (value !== null && typeof value === "object" && "unknown" in (value as object)) {
    return `(known after apply: ${(value as UnknownValue).unknown})`;
  }
  if (value instanceof FromVariable) {
    const sensitive = options.sensitiveAttribute || options.sensitiveVariables.has(value.variable);
    return sensitive ? `var.${value.variable}` : `var.${value.variable} (default ${showValue(value.value, options)})`;
  }
  const variables = referencedVariables(value);
  const whole = typeof value === "string" ? /^\$\{\s*var\.([A-Za-z0-9_-]+)\s*\}$/.exec(value) : null;
  if (whole) return `var.${whole[1]}`;
  if (options.sensitiveAttribute || variables.some((v) => options.sensitiveVariables.has(v))) {
    const names = variables.map((v) => `var.${v}`);
    return names.length > 0 ? `(sensitive: from ${names.join(", ")})` : "(sensitive value)";
  }
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}
