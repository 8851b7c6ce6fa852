/**
 * Comparing and showing attribute values. Terraform converts primitives to the schema's type ("7" and 7
 * are the same number, "true" and true the same bool), so values compare in that canonical form; sets
 * and lists compare without regard to order (an order-only change is not reported).
 */
import { ownEntry } from "./provider-schema";

/** A value that is not known until apply (from a plan's after_unknown, or a replaced dependency). */
export interface UnknownValue {
  readonly unknown: string;
}

export type ShownValue = string;

/** A value that came from a variable's default: compared by value, shown by the variable's name. */
export class FromVariable {
  constructor(readonly variable: string, readonly value: unknown) {}
}

/**
 * A plan's after_unknown / *_sensitive marks an attribute with true, or with an object or list holding a true
 * somewhere inside (an attribute named like Object's own properties is an attribute, not the prototype's).
 */
export function markedIn(marks: unknown, attribute: string): boolean {
  if (marks === true) return true;
  if (typeof marks !== "object" || marks === null || Array.isArray(marks)) return false;
  const mark = ownEntry(marks as Record<string, unknown>, attribute);
  return mark === true || (typeof mark === "object" && mark !== null && JSON.stringify(mark).includes("true"));
}

/** The value Terraform uses: a variable's default counts as that value (the variable's name aside). */
export function bareValue(value: unknown): unknown {
  return value instanceof FromVariable ? bareValue(value.value) : value;
}

/** A bool as Terraform converts it (true / "true", false / "false"), a variable's default included; undefined otherwise. */
export function literalBool(raw: unknown): boolean | undefined {
  const value = bareValue(raw);
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  return undefined;
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

/** A value with every part taken from a sensitive variable replaced by the variable's name. */
function redacted(value: unknown, options: ShowOptions): unknown {
  if (value instanceof FromVariable) {
    return options.sensitiveVariables.has(value.variable) ? `var.${value.variable}` : `var.${value.variable} (default ${showValue(value.value, options)})`;
  }
  if (typeof value === "string") {
    const sensitive = referencedVariables(value).filter((v) => options.sensitiveVariables.has(v));
    return sensitive.length > 0 ? `(sensitive: from ${sensitive.map((v) => `var.${v}`).join(", ")})` : value;
  }
  if (Array.isArray(value)) return value.map((v) => redacted(v, options));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, redacted(v, options)]));
  }
  return value;
}

/**
 * A value for a report: never a secret. Sensitive attributes show as "(sensitive value)" or by the variable
 * they come from; any part built from a sensitive variable shows by that variable's name.
 */
export function showValue(value: unknown, options: ShowOptions): ShownValue {
  if (value === undefined) return "(not set)";
  if (value !== null && typeof value === "object" && "unknown" in (value as object)) {
    return `(known after apply: ${(value as UnknownValue).unknown})`;
  }
  const whole = typeof value === "string" ? /^\$\{\s*var\.([A-Za-z0-9_-]+)\s*\}$/.exec(value) : null;
  if (whole) return `var.${whole[1]}`;
  if (value instanceof FromVariable && (options.sensitiveAttribute || options.sensitiveVariables.has(value.variable))) return `var.${value.variable}`;
  if (options.sensitiveAttribute) {
    const names = referencedVariables(value).map((v) => `var.${v}`);
    return names.length > 0 ? `(sensitive: from ${names.join(", ")})` : "(sensitive value)";
  }
  const shown = redacted(value, options);
  const text = typeof shown === "string" ? shown : JSON.stringify(shown);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}
