// Comparing and showing attribute values (change-review/attribute-values.ts), called directly (issue 27,
// mutation testing). Terraform converts primitives to the schema's type before comparing ("7" and 7 are the
// same number, "true" and true the same bool: hashicorp/go-cty convert), and a null argument is an unset
// one; a value shown in a report never carries a secret.
import { bareValue, canonical, FromVariable, referencedVariables, sameValue, showValue } from "../../change-review/attribute-values";

const plain = { sensitiveAttribute: false, sensitiveVariables: new Set<string>() };
const secretVars = { sensitiveAttribute: false, sensitiveVariables: new Set(["db_password"]) };
const sensitive = { sensitiveAttribute: true, sensitiveVariables: new Set<string>() };

describe("sameValue: values in Terraform's terms", () => {
  test.each([[7, "7"], [true, "true"], [false, "false"], [null, undefined], [["a", "b"], ["b", "a"]], [{ a: 1, b: null }, { a: "1" }],
    [{ b: 1, a: 2 }, { a: 2, b: 1 }], [{ c: 3, b: 2, a: 1, d: 4 }, { a: 1, b: 2, c: 3, d: 4 }], [{ a: 1, b: undefined }, { a: 1 }], [{ "//": "cdktf metadata", a: 1 }, { a: 1 }], [[{ x: 1 }, { y: 2 }], [{ y: "2" }, { x: "1" }]]])("%p is %p", (a, b) => {
    expect(sameValue(a, b)).toBe(true);
  });

  test.each([[7, 8], ["a", "A"], [true, false], [null, ""], [["a"], ["a", "a"]], [{ a: 1 }, { a: 1, b: 2 }], [[1, 2], "1,2"], [["a"], ["b"]], [[{ x: 1 }], [{ x: 2 }]], [0, null], [{}, []]])(
    "%p is not %p", (a, b) => {
      expect(sameValue(a, b)).toBe(false);
    });

  test("a variable's default compares with the variable's name: a new variable with the same default is a change", () => {
    expect(sameValue(new FromVariable("a", 5), new FromVariable("a", "5"))).toBe(true);
    expect(sameValue(new FromVariable("a", 5), new FromVariable("b", 5))).toBe(false);
    expect(sameValue(new FromVariable("a", 5), 5)).toBe(false);
  });

  test("canonical is one string per value", () => {
    expect(canonical(undefined)).toBe("null");
    expect(canonical({ b: [2, 1], a: true })).toBe(canonical({ a: "true", b: ["1", "2"] }));
  });
});

describe("bareValue", () => {
  test("a variable's default is its value; any other value is itself", () => {
    expect(bareValue(new FromVariable("a", new FromVariable("b", 0)))).toBe(0);
    const value = { a: 1 };
    expect(bareValue(value)).toBe(value);
  });
});

describe("referencedVariables", () => {
  test("every variable an expression reads, inside lists and objects too", () => {
    expect(referencedVariables("${var.a}-${ var.b_2 }")).toEqual(["a", "b_2"]);
    expect(referencedVariables({ x: ["${var.c}"] })).toEqual(["c"]);
    expect(referencedVariables("var.a")).toEqual([]);
    expect(referencedVariables(undefined)).toEqual([]);
  });
});

describe("showValue: never a secret", () => {
  test("unset, unknown and whole variable references", () => {
    expect(showValue(undefined, plain)).toBe("(not set)");
    expect(showValue(null, plain)).toBe("null");
    expect(showValue({ unknown: "aws_kms_key.db is replaced" }, plain)).toBe("(known after apply: aws_kms_key.db is replaced)");
    expect(showValue("${var.db_password}", sensitive)).toBe("var.db_password");
    expect(showValue("${ var.size }", plain)).toBe("var.size");
    expect(showValue(["${var.size}"], plain)).toBe('["${var.size}"]');
  });

  test("a sensitive attribute shows only where its value comes from", () => {
    expect(showValue("hunter2-hunter2", sensitive)).toBe("(sensitive value)");
    expect(showValue("${var.user}:${var.pass}", sensitive)).toBe("(sensitive: from var.user, var.pass)");
    expect(showValue(new FromVariable("pass", "hunter2-hunter2"), sensitive)).toBe("var.pass");
  });

  test("a sensitive variable's default shows by the variable's name; another's with its default", () => {
    expect(showValue(new FromVariable("db_password", "hunter2-hunter2"), secretVars)).toBe("var.db_password");
    expect(showValue(new FromVariable("size", 100), plain)).toBe("var.size (default 100)");
    expect(showValue({ size: new FromVariable("size", 100) }, plain)).toBe('{"size":"var.size (default 100)"}');
    expect(showValue([new FromVariable("db_password", "hunter2-hunter2")], secretVars)).toBe('["var.db_password"]');
  });

  test("any part built from a sensitive variable shows by the variable's name, in lists and objects too", () => {
    expect(showValue("postgres://app:${var.db_password}@db", secretVars)).toBe("(sensitive: from var.db_password)");
    expect(showValue({ url: "postgres://app:${var.db_password}@db", port: 5432 }, secretVars)).toBe('{"url":"(sensitive: from var.db_password)","port":5432}');
    expect(showValue("${var.db_password}/${var.api_key}", { sensitiveAttribute: false, sensitiveVariables: new Set(["db_password", "api_key"]) }))
      .toBe("(sensitive: from var.db_password, var.api_key)");
    expect(showValue(["${var.other}-x", "y"], secretVars)).toBe('["${var.other}-x","y"]');
  });

  test("long values are cut at 160 characters", () => {
    expect(showValue("x".repeat(160), plain)).toBe("x".repeat(160));
    expect(showValue("x".repeat(161), plain)).toBe(`${"x".repeat(157)}...`);
  });
});
