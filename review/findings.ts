import { ResourceInstance, Read, showValue, SourcePosition } from "../plan";

/** A value the gate could not evaluate, as the JSON report shows it. */
export interface UnknownFound {
  readonly unknown: string;
}

/** One failed check: where, which attribute, what was found (or could not be evaluated) and what is required. */
export interface Finding {
  readonly address: string;
  readonly attribute: string;
  readonly found: string | UnknownFound;
  readonly required: string;
  /** Where a known value came from when not written in place, e.g. "the default of var.public". */
  readonly from?: string;
  /** Where it is written (file, 1-based line and column), added by the review run; SARIF reports it. */
  readonly location?: SourcePosition;
}

type Where = ResourceInstance | string;
const addressOf = (where: Where) => (typeof where === "string" ? where : where.address);

export function finding(where: Where, attribute: string, found: string, required: string, from?: string): Finding {
  return { address: addressOf(where), attribute, found, required, ...(from ? { from } : {}) };
}

/** "cannot evaluate <attribute>: <expression>": fails the rule at its own severity. */
export function cannotEvaluate(where: Where, attribute: string, expression: string, required: string): Finding {
  return { address: addressOf(where), attribute, found: { unknown: expression }, required };
}

/** The finding's one-line text, as the table and markdown reports show it. */
export function describeFinding(f: Finding): string {
  if (typeof f.found !== "string") return `${f.address} cannot evaluate ${f.attribute}: ${f.found.unknown}; required ${f.required}`;
  return `${f.address} ${f.attribute}: found ${f.found}${f.from ? ` (from ${f.from})` : ""}; required ${f.required}`;
}

/**
 * Checks one read attribute: known values go through `ok`; unknown ones cannot be evaluated (a finding);
 * invalid ones fail (Terraform itself would refuse them); unset ones follow `unset` (the check's own treatment).
 */
export function checkRead<T>(where: Where, attribute: string, read: Read<T>, required: string,
  ok: (value: T) => boolean, unset: "pass" | "fail" = "fail", show: (value: T) => string = String): Finding[] {
  switch (read.state) {
    case "unset": return unset === "pass" ? [] : [finding(where, attribute, "(not set)", required)];
    case "unknown": return [cannotEvaluate(where, attribute, read.expression, required)];
    case "invalid": return [finding(where, attribute, `${showValue(read.value)} (not ${read.expected})`, required)];
    case "known": return ok(read.value) ? [] : [finding(where, attribute, show(read.value), required, read.from)];
  }
}

/** A finding for a resource whose count/for_each cannot be evaluated: its instances cannot be known. */
export function expansionFindings(r: ResourceInstance): Finding[] {
  return r.expansion.kind === "not evaluable"
    ? [cannotEvaluate(r, r.expansion.argument, r.expansion.expression, `a ${r.expansion.argument} the gate can evaluate (a literal)`)]
    : [];
}
