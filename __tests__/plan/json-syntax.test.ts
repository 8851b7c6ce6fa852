import { JsonSyntaxError, MAX_JSON_DEPTH, parseJson, plainValue, TerraformJsonError } from "../../plan/json-syntax";

// Issue 27: the JSON reader of plan/json-syntax.ts on small texts (no 50 MB plan): it accepts what JSON
// (RFC 8259) accepts, with JavaScript's JSON.parse as the oracle, and refuses the rest with the line and column.

const VALID = ['{"a": [1, -2.5e3, 0, 10, true, false, null, "x\\n\\u0041\\"\\\\"]}', ' \t\r\n{"a":{}, "b": []} \n', "[]", '"s"', "[[[]]]",
  '{"a": [null, [1]], "b": {"c": null}}', '{"a": 1, "a": 2}', "null", "0.5", '"tab\\there"', '[\n1,\n2\n]'];
const INVALID = ["", "   ", "{", "[", '{"a": 1', "[1,]", '{"a" 1}', "{a: 1}", '{"a": 1,}', "[1 2]", '{"a": 1} x', "tru", "nul", '"abc',
  '"a\u0001"', '"\\x"', "[1}", '{"a": 1]', "01", "1.", "-", '{"a": 1 "b": 2}', "[1] [2]", '"\\u00"'];

function errorOf(text: string): JsonSyntaxError {
  try {
    parseJson(text, "t.tf.json");
  } catch (error) {
    return error as JsonSyntaxError;
  }
  throw new Error(`accepted ${JSON.stringify(text)}`);
}

describe("parseJson", () => {
  test.each(VALID)("accepts %j as JSON.parse reads it (duplicate keys: the last wins, in plainValue)", (text) => {
    expect(plainValue(parseJson(text, "t.tf.json"))).toEqual(JSON.parse(text));
  });

  test.each(INVALID)("refuses %j, as JSON.parse does", (text) => {
    expect(() => JSON.parse(text)).toThrow();
    const error = errorOf(text);
    expect(error).toBeInstanceOf(JsonSyntaxError);
    expect(error).toMatchObject({ name: "JsonSyntaxError", code: "TERRAFORM_JSON", position: { file: "t.tf.json" } });
    expect(error.detail.length).toBeGreaterThan(10);
  });

  test("a byte-order mark is skipped (editors write one; Terraform reads the file as UTF-8)", () => {
    expect(plainValue(parseJson("\ufeff[1]", "t.tf.json"))).toEqual([1]);
  });

  test("the error names the line and column (1-based) where the text stops being JSON", () => {
    expect(errorOf('{\n  "a": x\n}').message).toBe("t.tf.json:2:8: unexpected character where a value should be");
    expect(errorOf('{\n"a": 1,\n"b" 2}').position).toEqual({ file: "t.tf.json", line: 3, column: 5 });
    expect(errorOf('[1,\n\n 2 3]').position).toEqual({ file: "t.tf.json", line: 3, column: 4 });
    expect(errorOf('"a\nb"').position).toEqual({ file: "t.tf.json", line: 1, column: 3 });
    expect(errorOf("").message).toBe("t.tf.json:1:1: the file is empty");
    expect(errorOf("\n\n").position).toEqual({ file: "t.tf.json", line: 3, column: 1 });
    expect(errorOf('{"a": 1} x').position).toEqual({ file: "t.tf.json", line: 1, column: 10 });
  });

  test("each refusal says what was expected there", () => {
    expect(errorOf('{"a": 1 "b": 2}').message).toBe('t.tf.json:1:9: expected "," or "}" after an object member');
    expect(errorOf("{a: 1}").message).toBe("t.tf.json:1:2: expected a quoted object key");
    expect(errorOf('["\\x"]').message).toBe("t.tf.json:1:2: invalid escape sequence in a string");
    expect(errorOf("[1 2]").message).toBe('t.tf.json:1:4: expected "," or "]" after an array element');
    expect(errorOf('{"a" 1}').message).toBe('t.tf.json:1:6: expected ":" after an object key');
    expect(errorOf("[1] [2]").message).toBe("t.tf.json:1:5: unexpected content after the end of the JSON value");
  });

  test(`nesting stops at ${MAX_JSON_DEPTH} levels (a configuration is never that deep; evaluation recurses over values)`, () => {
    expect(() => parseJson(`${"[".repeat(MAX_JSON_DEPTH)}${"]".repeat(MAX_JSON_DEPTH)}`, "t.tf.json")).not.toThrow();
    expect(errorOf(`${"[".repeat(MAX_JSON_DEPTH + 1)}${"]".repeat(MAX_JSON_DEPTH + 1)}`).message)
      .toBe(`t.tf.json:1:${MAX_JSON_DEPTH + 1}: nested more than ${MAX_JSON_DEPTH} levels deep; no Terraform configuration is`);
  });

  test("a configuration error that is not a syntax error has its own name", () => {
    expect(new TerraformJsonError("duplicate resource")).toMatchObject({ name: "TerraformJsonError", code: "TERRAFORM_JSON", message: "duplicate resource" });
  });

  test("values keep where they are written", () => {
    const node = parseJson('{\n  "a": [true,\n   null, false]\n}', "t.tf.json");
    expect(node).toMatchObject({ kind: "object", line: 1, column: 1, entries: [{ key: "a",
      value: { kind: "array", line: 2, column: 8, items: [{ kind: "boolean", value: true, line: 2, column: 9 }, { kind: "null", line: 3, column: 4 },
        { kind: "boolean", value: false, line: 3, column: 10 }] } }] });
  });
});
