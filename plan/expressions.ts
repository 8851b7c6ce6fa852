/**
 * The part of Terraform's expression language the reader evaluates statically: in a JSON string, a
 * template; inside "${...}", a literal, a reference, a list of those, var.X with a literal default, or local.X
 * (the local's own evaluated value).
 * Everything else is an unknown that keeps the expression as written.
 */
import { TerraformValue } from "./values";

/** What names resolve to while evaluating: iterator objects (each, count, a dynamic block's iterator) and variables. */
export interface EvaluationScope {
  /** each, count, or a dynamic block's iterator name -> its object value */
  readonly iterators: ReadonlyMap<string, TerraformValue>;
  /** var.X -> its literal default, when it has one */
  readonly variableDefaults: ReadonlyMap<string, TerraformValue>;
  /** local.X -> its evaluated value (unknown where the local itself cannot be evaluated) */
  readonly localValues?: ReadonlyMap<string, TerraformValue>;
}

export const EMPTY_SCOPE: EvaluationScope = { iterators: new Map(), variableDefaults: new Map() };

type TemplatePart = { readonly literal: string } | { readonly expression: string };

/**
 * Splits a template into literal text and "${...}" interpolations; "$${" and "%%{" are escapes.
 * undefined when the template holds a "%{...}" directive or an unclosed interpolation (not evaluated).
 */
export function templateParts(text: string): TemplatePart[] | undefined {
  if (!text.includes("{")) return [{ literal: text }];
  const parts: TemplatePart[] = [];
  let literal = "";
  let i = 0;
  while (i < text.length) {
    if (text.startsWith("$${", i) || text.startsWith("%%{", i)) {
      literal += text.slice(i + 1, i + 3);
      i += 3;
      continue;
    }
    if (text.startsWith("%{", i)) return undefined;
    if (!text.startsWith("${", i)) {
      const next = nextSpecial(text, i + 1);
      literal += text.slice(i, next);
      i = next;
      continue;
    }
    const end = closingBrace(text, i + 1);
    if (end < 0) return undefined;
    if (literal) parts.push({ literal });
    literal = "";
    parts.push({ expression: text.slice(i + 2, end) });
    i = end + 1;
  }
  if (literal || parts.length === 0) parts.push({ literal });
  return parts;
}

/** The next index at or after `from` where "$" or "%" starts something a template treats specially. */
function nextSpecial(text: string, from: number): number {
  const dollar = text.indexOf("$", from);
  const percent = text.indexOf("%", from);
  const found = [dollar, percent].filter((n) => n >= 0);
  return found.length > 0 ? Math.min(...found) : text.length;
}

/** Index of the "}" closing the "{" at `open`, skipping quoted strings and nested braces; -1 if none. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i;
  }
  return -1;
}

/** The "${...}" expressions of a string, for reference checks. */
export function interpolations(text: string): string[] {
  const found: string[] = [];
  for (const part of templateParts(text) ?? []) if ("expression" in part) found.push(part.expression);
  return found;
}

/** A JSON string in an expression position, evaluated as Terraform would. */
export function evaluateTemplate(text: string, scope: EvaluationScope): TerraformValue {
  const parts = templateParts(text);
  if (!parts) return { kind: "unknown", expression: text };
  if (parts.length === 1 && "literal" in parts[0]) return { kind: "string", value: parts[0].literal };
  // A template that is exactly one interpolation yields that expression's value, of its own type.
  if (parts.length === 1 && "expression" in parts[0] && !/^~|~$/.test(parts[0].expression)) {
    const value = evaluateExpression(parts[0].expression, scope);
    return value === undefined || value.kind === "unknown" ? { kind: "unknown", expression: text }
      : value.kind === "reference" ? { ...value, expression: text } : value;
  }
  let result = "";
  let from: string | undefined;
  for (const part of parts) {
    if ("literal" in part) {
      result += part.literal;
      continue;
    }
    const value = evaluateExpression(part.expression.replace(/^~|~$/g, ""), scope);
    if (value?.kind === "string") result += value.value;
    else if (value?.kind === "number") result += Number.isInteger(value.value) ? value.value.toFixed(0) : String(value.value);
    else if (value?.kind === "bool") result += String(value.value);
    else return { kind: "unknown", expression: text };
    from = from ?? value.from;
  }
  return from === undefined ? { kind: "string", value: result } : { kind: "string", value: result, from };
}

const TRAVERSAL = /^[A-Za-z_][\w-]*(?:\s*(?:\.\s*[A-Za-z_][\w-]*|\.\d+|\[\s*(?:\d+|"(?:[^"\\]|\\.)*")\s*\]))*$/;
const STEP = /\.\s*([A-Za-z_][\w-]*|\d+)|\[\s*(\d+|"(?:[^"\\]|\\.)*")\s*\]/g;
const NUMBER_LITERAL = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const STRING_LITERAL = /^"(?:[^"\\$%]|\\.|\$(?!\{)|%(?!\{))*"$/;

/** The steps of a traversal: aws_x.y["k"][0].id -> ["aws_x", "y", "k", "0", "id"]. undefined if it is not one. */
export function traversalSteps(expression: string): string[] | undefined {
  const text = expression.trim();
  if (!TRAVERSAL.test(text)) return undefined;
  const root = /^[A-Za-z_][\w-]*/.exec(text)?.[0] as string;
  const steps = [root];
  for (const m of text.slice(root.length).matchAll(STEP)) {
    steps.push(m[1] ?? (m[2].startsWith('"') ? JSON.parse(m[2]) as string : m[2]));
  }
  return steps;
}

/** One "${...}" expression: a value, or undefined when it is outside the evaluated subset. */
export function evaluateExpression(expression: string, scope: EvaluationScope): TerraformValue | undefined {
  const text = expression.trim();
  if (text === "true" || text === "false") return { kind: "bool", value: text === "true" };
  if (text === "null") return { kind: "null" };
  if (NUMBER_LITERAL.test(text)) return { kind: "number", value: Number(text) };
  if (STRING_LITERAL.test(text)) {
    try {
      return { kind: "string", value: JSON.parse(text) as string };
    } catch {
      return undefined;
    }
  }
  if (text.startsWith("[") && text.endsWith("]")) {
    const elements = splitTopLevel(text.slice(1, -1));
    if (!elements) return undefined;
    const items: TerraformValue[] = [];
    for (const element of elements) {
      const item = evaluateExpression(element, scope);
      if (item === undefined) return undefined;
      items.push(item.kind === "unknown" ? { kind: "unknown", expression: element.trim() } : item);
    }
    return { kind: "list", items };
  }
  const steps = traversalSteps(text);
  if (!steps) return undefined;
  const [root, ...rest] = steps;
  const iterator = scope.iterators.get(root);
  if (iterator) return traverse(iterator, rest) ?? { kind: "unknown", expression: text };
  if (root === "var" && rest.length > 0) {
    const defaultValue = scope.variableDefaults.get(rest[0]);
    if (!defaultValue) return { kind: "unknown", expression: text };
    const found = traverse(defaultValue, rest.slice(1));
    return found && found.kind !== "unknown" && found.kind !== "reference" ? withFrom(found, `the default of var.${rest[0]}`)
      : { kind: "unknown", expression: text };
  }
  if (root === "local" && rest.length > 0) {
    const localValue = scope.localValues?.get(rest[0]);
    const found = localValue && traverse(localValue, rest.slice(1));
    // A local is fixed by the configuration: its literal value counts as written in place; one built from a
    // variable's default keeps that provenance, and one that is (or holds) a reference stays that reference.
    if (!found || found.kind === "unknown") return { kind: "unknown", expression: text };
    return found;
  }
  if (["each", "count", "self", "local", "path", "terraform"].includes(root)) return { kind: "unknown", expression: text };
  return { kind: "reference", expression: text, traversal: steps };
}

function traverse(value: TerraformValue, steps: readonly string[]): TerraformValue | undefined {
  let current: TerraformValue | undefined = value;
  for (const step of steps) {
    if (current?.kind === "object") current = current.attributes.get(step);
    else if (current?.kind === "list" && /^\d+$/.test(step)) current = current.items[Number(step)];
    else return undefined;
  }
  return current;
}

function withFrom(value: TerraformValue, from: string): TerraformValue {
  if (value.kind === "unknown" || value.kind === "reference") return value;
  if (value.kind === "list") return { kind: "list", items: value.items.map((v) => withFrom(v, from)), from };
  if (value.kind === "object") {
    return { kind: "object", attributes: new Map([...value.attributes].map(([k, v]) => [k, withFrom(v, from)])), from };
  }
  return { ...value, from };
}

/** Splits a list body at top-level commas; undefined when brackets or quotes do not balance. */
function splitTopLevel(body: string): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
    else if (c === "," && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
    if (depth < 0) return undefined;
  }
  if (depth !== 0 || inString) return undefined;
  const last = body.slice(start);
  if (last.trim() !== "") parts.push(last); // else a trailing comma, which HCL allows
  return parts.map((p) => p.trim()).some((p) => p === "") ? undefined : parts;
}

/** toset([...literal strings...]): the one set expression for_each is evaluated over. undefined otherwise. */
export function literalSet(expression: string, scope: EvaluationScope): string[] | undefined {
  const m = /^\s*toset\s*\(\s*(\[[\s\S]*\])\s*\)\s*$/.exec(expression);
  if (!m) return undefined;
  const list = evaluateExpression(m[1], scope);
  if (list?.kind !== "list") return undefined;
  const keys: string[] = [];
  for (const item of list.items) {
    if (item.kind === "string") keys.push(item.value);
    else if (item.kind === "number") keys.push(String(item.value));
    else return undefined;
  }
  return [...new Set(keys)].sort();
}
