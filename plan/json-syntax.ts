/**
 * A JSON reader that keeps what JSON.parse throws away and Terraform needs: repeated keys (Terraform's
 * JSON syntax counts a repeated "resource" key twice) and where each value starts (for error messages).
 * Iterative, so a file nested 200,000 levels deep is an input error, not a stack overflow. Errors name
 * a line and column and never quote the file: a mis-named secrets file must not be echoed.
 */

/** Where a value starts in its file, 1-based. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export type JsonNode =
  | { readonly kind: "object"; readonly entries: JsonEntry[]; readonly line: number; readonly column: number }
  | { readonly kind: "array"; readonly items: JsonNode[]; readonly line: number; readonly column: number }
  | { readonly kind: "string"; readonly value: string; readonly line: number; readonly column: number }
  | { readonly kind: "number"; readonly value: number; readonly line: number; readonly column: number }
  | { readonly kind: "boolean"; readonly value: boolean; readonly line: number; readonly column: number }
  | { readonly kind: "null"; readonly line: number; readonly column: number };

export interface JsonEntry {
  readonly key: string;
  readonly value: JsonNode;
}

/**
 * Terraform's configuration nests a handful of levels; a limit far above any real plan keeps the
 * evaluation (which recurses over values) safe.
 */
export const MAX_JSON_DEPTH = 500;

/** Input that is not Terraform JSON: the gate exits 2 with this message. */
export class TerraformJsonError extends Error {
  readonly code = "TERRAFORM_JSON";
  constructor(message: string, readonly position?: SourcePosition) {
    super(position ? `${position.file}:${position.line}:${position.column}: ${message}` : message);
    this.name = "TerraformJsonError";
  }
}

/** The text is not JSON at all (as opposed to JSON that is not a Terraform configuration). */
export class JsonSyntaxError extends TerraformJsonError {
  constructor(readonly detail: string, readonly position: SourcePosition) {
    super(detail, position);
    this.name = "JsonSyntaxError";
  }
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

type Container =
  | { kind: "object"; node: Extract<JsonNode, { kind: "object" }>; key: string | undefined }
  | { kind: "array"; node: Extract<JsonNode, { kind: "array" }> };

/** Parses one JSON document, keeping repeated keys in order. Throws TerraformJsonError naming line:column. */
export function parseJson(text: string, file: string): JsonNode {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = 0;
  const stack: Container[] = [];
  let root: JsonNode | undefined;

  const fail = (message: string, at = i): never => {
    throw new JsonSyntaxError(message, { file, line, column: at - lineStart + 1 });
  };
  const skipWhitespace = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (!WHITESPACE.has(c)) break;
      if (c === 0x0a) {
        line++;
        lineStart = i + 1;
      }
      i++;
    }
  };
  const readString = (): string => {
    const start = i + 1;
    let j = start;
    let escaped = false;
    for (;;) {
      if (j >= text.length) fail("unterminated string");
      const c = text.charCodeAt(j);
      if (c === 0x22) break;
      if (c < 0x20) fail("control character in a string", j);
      if (c === 0x5c) {
        escaped = true;
        j++;
      }
      j++;
    }
    const raw = text.slice(start, j);
    i = j + 1;
    if (!escaped) return raw;
    try {
      return JSON.parse(`"${raw}"`) as string;
    } catch {
      return fail("invalid escape sequence in a string", start - 1);
    }
  };
  const attach = (node: JsonNode) => {
    const parent = stack[stack.length - 1];
    if (!parent) root = node;
    else if (parent.kind === "array") parent.node.items.push(node);
    else {
      parent.node.entries.push({ key: parent.key as string, value: node });
      parent.key = undefined;
    }
  };

  for (;;) {
    skipWhitespace();
    const parent = stack[stack.length - 1];
    if (root !== undefined && !parent) {
      if (i < text.length) fail("unexpected content after the end of the JSON value");
      return root;
    }
    if (i >= text.length) fail(parent ? "unexpected end of file: a bracket or brace is not closed" : "the file is empty");
    const c = text.charCodeAt(i);

    if (parent?.kind === "object" && parent.key === undefined) {
      // Expecting a key, or the end of the object.
      if (c === 0x7d) {
        i++;
        stack.pop();
        if (stack.length === 0) root = parent.node;
        continue;
      }
      if (parent.node.entries.length > 0) {
        if (c !== 0x2c) fail("expected \",\" or \"}\" after an object member");
        i++;
        skipWhitespace();
      }
      if (text.charCodeAt(i) !== 0x22) fail("expected a quoted object key");
      parent.key = readString();
      skipWhitespace();
      if (text.charCodeAt(i) !== 0x3a) fail("expected \":\" after an object key");
      i++;
      continue;
    }
    if (parent?.kind === "array") {
      if (c === 0x5d) {
        i++;
        stack.pop();
        if (stack.length === 0) root = parent.node;
        continue;
      }
      if (parent.node.items.length > 0) {
        if (c !== 0x2c) fail("expected \",\" or \"]\" after an array element");
        i++;
        skipWhitespace();
      }
    }

    // A value.
    const v = text.charCodeAt(i);
    // Each node carries its own line and column (no shared object spread into it): a 50 MB plan has
    // millions of nodes, and one allocation fewer for each is a fifth less garbage to collect.
    const column = i - lineStart + 1;
    if (v === 0x7b || v === 0x5b) {
      if (stack.length >= MAX_JSON_DEPTH) fail(`nested more than ${MAX_JSON_DEPTH} levels deep; no Terraform configuration is`);
      const node = v === 0x7b
        ? { kind: "object" as const, entries: [], line, column }
        : { kind: "array" as const, items: [], line, column };
      attach(node);
      if (root === node) root = undefined; // the root is set when it closes
      i++;
      stack.push(node.kind === "object" ? { kind: "object", node, key: undefined } : { kind: "array", node });
      continue;
    }
    if (v === 0x22) {
      attach({ kind: "string", value: readString(), line, column });
    } else if (text.startsWith("true", i)) {
      i += 4;
      attach({ kind: "boolean", value: true, line, column });
    } else if (text.startsWith("false", i)) {
      i += 5;
      attach({ kind: "boolean", value: false, line, column });
    } else if (text.startsWith("null", i)) {
      i += 4;
      attach({ kind: "null", line, column });
    } else {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      if (!match) fail(parent ? "unexpected character where a value should be" : "not JSON: the file does not start with a JSON value");
      i += (match as RegExpExecArray)[0].length;
      attach({ kind: "number", value: Number((match as RegExpExecArray)[0]), line, column });
    }
  }
}

/** The node as a plain JS value (duplicate keys: the last wins), for literal-only places such as a cdktf "//" block. */
export function plainValue(node: JsonNode): unknown {
  switch (node.kind) {
    case "object": return Object.fromEntries(node.entries.map((e) => [e.key, plainValue(e.value)]));
    case "array": return node.items.map(plainValue);
    case "null": return null;
    default: return node.value;
  }
}
