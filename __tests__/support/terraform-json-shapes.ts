/**
 * Rewrites a Terraform JSON configuration into another shape Terraform reads identically
 * (developer.hashicorp.com/terraform/language/syntax/json): arrays of objects at label levels, nested
 * blocks as one object or an array, a block type key repeated, numbers and booleans written as strings.
 * Output is JSON text, because repeated keys cannot live in a JS object.
 */
type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

/** A tiny seeded generator (mulberry32), so a failing case can be replayed from its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type ShapeChoice = "object" | "array" | "random";

/** Nested block types of the resources the gate reads: written as one object or an array of objects. */
const NESTED_BLOCKS = new Set(["ingress", "egress", "parameter", "lifecycle", "vpc_config", "validation"]);
/** Where a scalar may be written as a string (Terraform converts it back). */
const CONVERTIBLE = /^(resource)$/;

class Writer {
  constructor(private readonly choice: ShapeChoice, private readonly random: () => number) {}

  private pick(): boolean {
    return this.choice === "array" || (this.choice === "random" && this.random() < 0.5);
  }

  value(v: Plain, convert: boolean): string {
    if (v === null) return "null";
    if (typeof v === "number" || typeof v === "boolean") {
      return convert && this.choice === "random" && this.random() < 0.3 ? JSON.stringify(String(v)) : JSON.stringify(v);
    }
    if (typeof v === "string") return JSON.stringify(v);
    if (Array.isArray(v)) return `[${v.map((x) => this.value(x, convert)).join(",")}]`;
    return this.body(v, convert);
  }

  /** A block body or an object value: nested block types may become arrays. */
  body(o: { [key: string]: Plain }, convert: boolean): string {
    const entries = Object.entries(o).map(([k, v]) => {
      if (NESTED_BLOCKS.has(k) && v !== null && typeof v === "object" && !Array.isArray(v) && this.pick()) {
        return `${JSON.stringify(k)}:[${this.body(v, convert)}]`;
      }
      if (NESTED_BLOCKS.has(k) && Array.isArray(v) && v.length === 1 && v[0] !== null && typeof v[0] === "object" && !Array.isArray(v[0])
        && this.choice === "random" && this.random() < 0.5) {
        return `${JSON.stringify(k)}:${this.body(v[0] as { [key: string]: Plain }, convert)}`;
      }
      return `${JSON.stringify(k)}:${this.value(v, convert)}`;
    });
    return `{${entries.join(",")}}`;
  }

  /** A label level: an object of labels, or an array of single-label objects. */
  labels(o: { [key: string]: Plain }, depth: number, convert: boolean): string {
    const inner = (v: Plain) => (depth > 1 ? this.labels(v as { [key: string]: Plain }, depth - 1, convert)
      : this.pick() ? `[${this.body(v as { [key: string]: Plain }, convert)}]` : this.body(v as { [key: string]: Plain }, convert));
    const keys = Object.keys(o);
    if (keys.length === 0) return this.pick() ? "[]" : "{}";
    if (this.pick()) return `[${keys.map((k) => `{${JSON.stringify(k)}:${inner(o[k])}}`).join(",")}]`;
    return `{${keys.map((k) => `${JSON.stringify(k)}:${inner(o[k])}`).join(",")}}`;
  }
}

const LABELS: Record<string, number> = { resource: 2, data: 2, variable: 1, output: 1, module: 1, provider: 1 };

/** The configuration in another valid shape. */
export function reshape(config: { [key: string]: Plain }, choice: ShapeChoice, random: () => number = seeded(1)): string {
  const writer = new Writer(choice, random);
  const parts: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    const depth = LABELS[key];
    if (!depth || value === null || typeof value !== "object" || Array.isArray(value)) {
      parts.push(`${JSON.stringify(key)}:${writer.value(value, false)}`);
      continue;
    }
    const convert = CONVERTIBLE.test(key);
    const names = Object.keys(value);
    // A block type key may repeat: split its labels over two keys.
    if (choice === "random" && names.length > 1 && random() < 0.5) {
      const half = Math.ceil(names.length / 2);
      for (const slice of [names.slice(0, half), names.slice(half)]) {
        parts.push(`${JSON.stringify(key)}:${writer.labels(Object.fromEntries(slice.map((n) => [n, value[n]])), depth, convert)}`);
      }
    } else parts.push(`${JSON.stringify(key)}:${writer.labels(value, depth, convert)}`);
  }
  return `{${parts.join(",")}}`;
}
