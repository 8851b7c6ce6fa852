import { attribute, blocksOf, literalRead, literalValue, readBool, readList, readNumber, readString, readStringList, showValue,
  TerraformValue, valueOf } from "../../plan";

// Issue 27: Terraform's conversions as the reader applies them (plan/values.ts), called directly: each test
// catches a mutant that survived the rest of the unit tier. The conversions are cty's (hashicorp/go-cty
// cty/convert conversion_primitive.go: string "true"/"1" and "false"/"0" to bool; a decimal string to
// number; numbers and bools to strings).
const unknown: TerraformValue = { kind: "unknown", expression: "f(x)" };
const reference: TerraformValue = { kind: "reference", expression: "${aws_x.y.id}", traversal: ["aws_x", "y", "id"] };
const FROM = "the default of var.v";

describe("reads", () => {
  test("absent or null is unset for every type", () => {
    for (const read of [readBool, readNumber, readString, readList, readStringList]) {
      expect(read(undefined)).toEqual({ state: "unset" });
      expect(read({ kind: "null" })).toEqual({ state: "unset" });
    }
  });

  test("an unknown or a reference is unknown, with its expression", () => {
    for (const read of [readBool, readNumber, readString, readList, readStringList]) {
      expect(read(unknown)).toEqual({ state: "unknown", expression: "f(x)" });
      expect(read(reference)).toEqual({ state: "unknown", expression: "${aws_x.y.id}" });
    }
  });

  test("bool: true/false, and the strings cty converts, keeping where the value came from", () => {
    expect(readBool(valueOf(false, FROM))).toEqual({ state: "known", value: false, from: FROM });
    expect(readBool(valueOf("true", FROM))).toEqual({ state: "known", value: true, from: FROM });
    expect(readBool(valueOf("false", FROM))).toEqual({ state: "known", value: false, from: FROM });
    expect(readBool(valueOf("yes"))).toEqual({ state: "invalid", value: valueOf("yes"), expected: "a bool" });
    expect(readBool(valueOf("1", FROM))).toEqual({ state: "known", value: true, from: FROM });
    expect(readBool(valueOf("0", FROM))).toEqual({ state: "known", value: false, from: FROM });
    for (const v of [1, 0, "yes", "", "TRUE", ["true"]]) expect(readBool(valueOf(v)).state).toBe("invalid");
  });

  test("number: numbers, and decimal strings without surrounding space", () => {
    expect(readNumber(valueOf(7, FROM))).toEqual({ state: "known", value: 7, from: FROM });
    for (const [text, n] of [["-1", -1], ["+2", 2], ["1.", 1], [".5", 0.5], ["1e3", 1000], ["2.5E-1", 0.25]] as const) {
      expect(readNumber(valueOf(text, FROM))).toEqual({ state: "known", value: n, from: FROM });
    }
    for (const text of [" 7", "7 ", "", "0x10", "1e", "e3", ".", "1,000", "7 days", "Infinity"]) {
      expect([text, readNumber(valueOf(text)).state]).toEqual([text, "invalid"]);
    }
    expect(readNumber(valueOf(true))).toEqual({ state: "invalid", value: { kind: "bool", value: true }, expected: "a number" });
  });

  test("string: strings, numbers as Terraform writes them, bools; a list or object is invalid", () => {
    expect(readString(valueOf("x", FROM))).toEqual({ state: "known", value: "x", from: FROM });
    expect(readString(valueOf(5432, FROM))).toEqual({ state: "known", value: "5432", from: FROM });
    expect(readString(valueOf(0.5))).toEqual({ state: "known", value: "0.5" });
    expect(readString(valueOf(false, FROM))).toEqual({ state: "known", value: "false", from: FROM });
    expect(readString(valueOf(["x"]))).toEqual({ state: "invalid", value: valueOf(["x"]), expected: "a string" });
    expect(readString(valueOf({ a: 1 })).state).toBe("invalid");
  });

  test("list: its items; anything else is invalid", () => {
    expect(readList(valueOf([1], FROM))).toEqual({ state: "known", value: [valueOf(1, FROM)], from: FROM });
    expect(readList(valueOf("a"))).toEqual({ state: "invalid", value: valueOf("a"), expected: "a list" });
  });

  test("a list of strings: each converted, nulls skipped; the first unknown or invalid element decides", () => {
    expect(readStringList(valueOf(["a", 1, true, null], FROM))).toStrictEqual({ state: "known", value: ["a", "1", "true"], from: FROM });
    expect(readStringList({ kind: "list", items: [valueOf("a"), unknown, valueOf([1])] })).toEqual({ state: "unknown", expression: "f(x)" });
    expect(readStringList({ kind: "list", items: [valueOf("a"), valueOf([1]), unknown] })).toEqual({ state: "invalid", value: valueOf([1]), expected: "a string" });
    expect(readStringList(valueOf("a"))).toEqual({ state: "invalid", value: valueOf("a"), expected: "a list" });
  });
});

describe("blocks and attributes", () => {
  test("blocksOf: one object, a list of them (nested lists flattened), unknowns kept; scalars and null are no block", () => {
    const a = valueOf({ a: 1 });
    const b = valueOf({ b: 2 });
    expect(blocksOf(a)).toEqual([a]);
    expect(blocksOf({ kind: "list", items: [a, { kind: "list", items: [b] }, unknown, reference] })).toEqual([a, b, unknown, reference]);
    expect(blocksOf(valueOf("x"))).toEqual([]);
    expect(blocksOf(valueOf(null))).toEqual([]);
    expect(blocksOf(undefined)).toEqual([]);
  });

  test("attribute: an object's attribute; of anything else, nothing", () => {
    expect(attribute(valueOf({ a: 1 }), "a")).toEqual(valueOf(1));
    expect(attribute(valueOf([{ a: 1 }]), "a")).toBeUndefined();
    expect(attribute(undefined, "a")).toBeUndefined();
  });
});

describe("showValue", () => {
  test("each kind as a report shows it", () => {
    expect(showValue(undefined)).toBe("(not set)");
    expect(showValue(valueOf(null))).toBe("null");
    expect(showValue(valueOf(5432))).toBe("5432");
    expect(showValue(valueOf(1.5))).toBe("1.5");
    expect(showValue(valueOf(true))).toBe("true");
    expect(showValue(reference)).toBe("${aws_x.y.id}");
    expect(showValue(unknown)).toBe("f(x)");
    expect(showValue(valueOf(["a", 1]))).toBe('["a","1"]');
    expect(showValue(valueOf({ k: "v", n: [1] }))).toBe('{"k":"v","n":"[\\"1\\"]"}');
  });

  test("text is cut at 120 characters, keeping 117 and an ellipsis", () => {
    expect(showValue(valueOf("x".repeat(120)))).toBe("x".repeat(120));
    expect(showValue(valueOf("x".repeat(121)))).toBe(`${"x".repeat(117)}...`);
  });
});

describe("valueOf", () => {
  test("plain data to values, each part tagged with where it came from", () => {
    expect(valueOf(undefined)).toEqual({ kind: "null" });
    expect(valueOf({ a: [1] }, FROM)).toEqual({ kind: "object", from: FROM,
      attributes: new Map([["a", { kind: "list", from: FROM, items: [{ kind: "number", value: 1, from: FROM }] }]]) });
    expect(Object.keys(valueOf("x"))).toEqual(["kind", "value"]);
  });
});

describe("literalValue and literalRead: only what is written in place", () => {
  test("written values, nested, as plain JSON", () => {
    expect(literalValue(valueOf({ a: [1, "x", true, null] }))).toEqual({ a: [1, "x", true, null] });
    expect(literalValue(valueOf(null))).toBeNull();
    expect(literalValue(valueOf(false))).toBe(false);
  });

  test("anything from a default, a reference or an unknown, at any depth, is not a literal", () => {
    expect(literalValue(undefined)).toBeUndefined();
    expect(literalValue(valueOf("x", FROM))).toBeUndefined();
    expect(literalValue(reference)).toBeUndefined();
    expect(literalValue({ kind: "list", items: [valueOf(1), unknown] })).toBeUndefined();
    expect(literalValue({ kind: "list", items: [valueOf(1), valueOf(2, FROM)] })).toBeUndefined();
    expect(literalValue({ kind: "object", attributes: new Map([["a", valueOf(1)], ["b", reference]]) })).toBeUndefined();
  });

  test("literalRead turns a read from a default into an unknown naming it; other reads pass through", () => {
    expect(literalRead({ state: "known", value: 1, from: FROM })).toEqual({ state: "unknown", expression: FROM });
    expect(literalRead({ state: "known", value: 1 })).toEqual({ state: "known", value: 1 });
    expect(literalRead({ state: "unset" })).toEqual({ state: "unset" });
  });
});
