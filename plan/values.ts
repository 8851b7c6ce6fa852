/**
 * Values as Terraform reads them from a JSON configuration, and Terraform's conversions between them.
 * Anything the reader cannot evaluate statically is an explicit unknown carrying the expression as written:
 * a rule that needs it reports "cannot evaluate", never a guess.
 */

/** Where a known value came from when it was not written in place, e.g. "the default of var.public". */
type Provenance = { readonly from?: string };

export type TerraformValue =
  | ({ readonly kind: "string"; readonly value: string } & Provenance)
  | ({ readonly kind: "number"; readonly value: number } & Provenance)
  | ({ readonly kind: "bool"; readonly value: boolean } & Provenance)
  | ({ readonly kind: "null" } & Provenance)
  | ({ readonly kind: "list"; readonly items: readonly TerraformValue[] } & Provenance)
  | ({ readonly kind: "object"; readonly attributes: ReadonlyMap<string, TerraformValue> } & Provenance)
  /** A reference to another object of the configuration (aws_security_group.db.id): known only at apply. */
  | { readonly kind: "reference"; readonly expression: string; readonly traversal: readonly string[] }
  /** Anything else: a function call, an operator, a variable without a default... */
  | { readonly kind: "unknown"; readonly expression: string };

export type ObjectValue = Extract<TerraformValue, { kind: "object" }>;
export type ListValue = Extract<TerraformValue, { kind: "list" }>;

/**
 * The outcome of reading a value as a given type: known (maybe from a variable's default), unset
 * (absent or null: the provider's default applies), unknown (cannot be evaluated from the configuration),
 * or invalid (Terraform itself would refuse the conversion).
 */
export type Read<T> =
  | { readonly state: "known"; readonly value: T; readonly from?: string }
  | { readonly state: "unset" }
  | { readonly state: "unknown"; readonly expression: string }
  | { readonly state: "invalid"; readonly value: TerraformValue; readonly expected: string };

const UNSET = { state: "unset" } as const;

function unknownRead(value: TerraformValue): Read<never> | undefined {
  if (value.kind === "unknown" || value.kind === "reference") return { state: "unknown", expression: value.expression };
  return undefined;
}

/** Terraform's string -> bool conversion (cty): "true"/"1" and "false"/"0". */
export function readBool(value: TerraformValue | undefined): Read<boolean> {
  if (value === undefined || value.kind === "null") return UNSET;
  const unknown = unknownRead(value);
  if (unknown) return unknown;
  if (value.kind === "bool") return { state: "known", value: value.value, from: value.from };
  if (value.kind === "string") {
    if (value.value === "true" || value.value === "1") return { state: "known", value: true, from: value.from };
    if (value.value === "false" || value.value === "0") return { state: "known", value: false, from: value.from };
  }
  return { state: "invalid", value, expected: "a bool" };
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Terraform's string -> number conversion: a decimal number written as a string ("7", "5432"). */
export function readNumber(value: TerraformValue | undefined): Read<number> {
  if (value === undefined || value.kind === "null") return UNSET;
  const unknown = unknownRead(value);
  if (unknown) return unknown;
  if (value.kind === "number") return { state: "known", value: value.value, from: value.from };
  if (value.kind === "string" && DECIMAL.test(value.value.trim()) && value.value.trim() === value.value) {
    return { state: "known", value: Number(value.value), from: value.from };
  }
  return { state: "invalid", value, expected: "a number" };
}

/** Terraform's number/bool -> string conversion. */
export function readString(value: TerraformValue | undefined): Read<string> {
  if (value === undefined || value.kind === "null") return UNSET;
  const unknown = unknownRead(value);
  if (unknown) return unknown;
  if (value.kind === "string") return { state: "known", value: value.value, from: value.from };
  if (value.kind === "number") return { state: "known", value: numberText(value.value), from: value.from };
  if (value.kind === "bool") return { state: "known", value: String(value.value), from: value.from };
  return { state: "invalid", value, expected: "a string" };
}

/** A list, set or tuple: its elements (each still to be read). A single unknown makes the whole list unknown. */
export function readList(value: TerraformValue | undefined): Read<readonly TerraformValue[]> {
  if (value === undefined || value.kind === "null") return UNSET;
  const unknown = unknownRead(value);
  if (unknown) return unknown;
  if (value.kind === "list") return { state: "known", value: value.items, from: value.from };
  return { state: "invalid", value, expected: "a list" };
}

/** A list of strings, each converted; the first unknown element makes the list unknown. */
export function readStringList(value: TerraformValue | undefined): Read<readonly string[]> {
  const list = readList(value);
  if (list.state !== "known") return list;
  const strings: string[] = [];
  for (const item of list.value) {
    const text = readString(item);
    if (text.state === "unknown" || text.state === "invalid") return text;
    if (text.state === "known") strings.push(text.value);
  }
  return { state: "known", value: strings, from: list.from };
}

/**
 * Nested blocks written under one name: Terraform's JSON syntax accepts one object or an array of
 * objects. Unknown entries (a dynamic block over something not evaluable) stay unknown.
 */
export function blocksOf(value: TerraformValue | undefined): Array<ObjectValue | Extract<TerraformValue, { kind: "unknown" | "reference" }>> {
  if (value === undefined || value.kind === "null") return [];
  if (value.kind === "object") return [value];
  if (value.kind === "list") return value.items.flatMap(blocksOf);
  if (value.kind === "unknown" || value.kind === "reference") return [value];
  return [];
}

/**
 * A parameter's value in an aws_db_parameter_group's `parameter` blocks: unset when no block sets it; unknown when
 * a block, or its name, cannot be read (a dynamic block, a variable), since that block may set it. The review
 * gate's rules and cost's capacity line both read a group through this.
 */
export function parameterValue(group: { readonly attributes: ReadonlyMap<string, TerraformValue> }, name: string): Read<string> {
  let result: Read<string> = { state: "unset" };
  for (const block of blocksOf(group.attributes.get("parameter"))) {
    if (block.kind !== "object") return { state: "unknown", expression: block.expression };
    const blockName = readString(block.attributes.get("name"));
    if (blockName.state === "unknown") return { state: "unknown", expression: blockName.expression };
    if (blockName.state === "known" && blockName.value === name) result = readString(block.attributes.get("value"));
  }
  return result;
}

/** An attribute of an object value. */
export function attribute(value: TerraformValue | undefined, name: string): TerraformValue | undefined {
  return value?.kind === "object" ? value.attributes.get(name) : undefined;
}

function numberText(n: number): string {
  return Number.isInteger(n) ? n.toFixed(0) : String(n);
}

/** The value as a report shows it (unknowns as their expression; long text cut). */
export function showValue(value: TerraformValue | undefined): string {
  const text = renderValue(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function renderValue(value: TerraformValue | undefined): string {
  if (value === undefined) return "(not set)";
  switch (value.kind) {
    case "string": return value.value;
    case "number": return numberText(value.value);
    case "bool": return String(value.value);
    case "null": return "null";
    case "reference":
    case "unknown": return value.expression;
    case "list": return `[${value.items.map((v) => JSON.stringify(renderValue(v))).join(",")}]`;
    case "object": return `{${[...value.attributes].map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(renderValue(v))}`).join(",")}}`;
  }
}

/** Builds a known value from plain data (tests, defaults). */
export function valueOf(plain: unknown, from?: string): TerraformValue {
  const tag = from === undefined ? {} : { from };
  if (plain === null || plain === undefined) return { kind: "null", ...tag };
  if (typeof plain === "string") return { kind: "string", value: plain, ...tag };
  if (typeof plain === "number") return { kind: "number", value: plain, ...tag };
  if (typeof plain === "boolean") return { kind: "bool", value: plain, ...tag };
  if (Array.isArray(plain)) return { kind: "list", items: plain.map((p) => valueOf(p, from)), ...tag };
  return { kind: "object", attributes: new Map(Object.entries(plain as Record<string, unknown>).map(([k, v]) => [k, valueOf(v, from)])), ...tag };
}

/**
 * The value as plain JSON when all of it is written in place: no reference, no unknown, nothing taken from a
 * variable's default (a deployer may set the variable). undefined otherwise. For tools that compare the plan's
 * literals with something else (verify, preflight, cost).
 */
export function literalValue(value: TerraformValue | undefined): unknown {
  if (value === undefined || value.kind === "reference" || value.kind === "unknown" || value.from !== undefined) return undefined;
  switch (value.kind) {
    case "null": return null;
    case "string": case "number": case "bool": return value.value;
    case "list": {
      const items = value.items.map(literalValue);
      return items.some((i) => i === undefined) ? undefined : items;
    }
    case "object": {
      const entries = [...value.attributes].map(([k, v]) => [k, literalValue(v)] as const);
      return entries.some(([, v]) => v === undefined) ? undefined : Object.fromEntries(entries);
    }
  }
}

/** A read that counts only what is written in place: a value from a variable's default is unknown (shown as the variable). */
export function literalRead<T>(read: Read<T>): Read<T> {
  return read.state === "known" && read.from !== undefined ? { state: "unknown", expression: read.from } : read;
}
