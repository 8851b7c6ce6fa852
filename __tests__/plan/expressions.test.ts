import { EMPTY_SCOPE, EvaluationScope, evaluateExpression, evaluateTemplate, interpolations, literalSet, templateParts,
  traversalSteps, valueOf } from "../../plan";

// Issue 27: the part of Terraform's expression language the reader evaluates (plan/expressions.ts), called
// directly: each test catches a mutant that survived the rest of the unit tier. The behaviour is Terraform's
// (HCL's template and expression syntax, hashicorp/hcl v2 hclsyntax spec.md: "Template Expressions",
// "Template Interpolations" and "Template Literals": "$${" and "%%{" are escapes; a template that is a single
// interpolation yields its value unconverted).
const scope = (defaults: Record<string, unknown> = {}, locals: Record<string, unknown> = {}, iterators: Record<string, unknown> = {}):
  EvaluationScope => ({
  variableDefaults: new Map(Object.entries(defaults).map(([k, v]) => [k, valueOf(v)])),
  localValues: new Map(Object.entries(locals).map(([k, v]) => [k, valueOf(v)])),
  iterators: new Map(Object.entries(iterators).map(([k, v]) => [k, valueOf(v)])),
});

describe("templateParts", () => {
  test("text without a brace is one literal, the empty text included", () => {
    expect(templateParts("postgres")).toEqual([{ literal: "postgres" }]);
    expect(templateParts("")).toEqual([{ literal: "" }]);
    expect(templateParts("100% $5")).toEqual([{ literal: "100% $5" }]);
  });

  test("literal text around interpolations, the escapes kept as their literal", () => {
    expect(templateParts("a$${b}%%{c}${x}d${y}")).toEqual([{ literal: "a${b}%{c}" }, { expression: "x" }, { literal: "d" }, { expression: "y" }]);
    expect(templateParts("{a} $x %y ${z}")).toEqual([{ literal: "{a} $x %y " }, { expression: "z" }]);
    expect(templateParts("${x}")).toEqual([{ expression: "x" }]);
  });

  test("an interpolation ends at its own closing brace: nested braces and quoted braces do not end it", () => {
    expect(templateParts('${ {a = "}"}.a }-${"\\"}"}')).toEqual([{ expression: ' {a = "}"}.a ' }, { literal: "-" }, { expression: '"\\"}"' }]);
  });

  test("a directive or an unclosed interpolation is not evaluated", () => {
    expect(templateParts("a%{ if x }b%{ endif }")).toBeUndefined();
    expect(templateParts("a${x")).toBeUndefined();
    expect(templateParts('${"}')).toBeUndefined();
  });

  test("interpolations lists the expressions only, none for a template it cannot split", () => {
    expect(interpolations("a${x}b${ y.z }")).toEqual(["x", " y.z "]);
    expect(interpolations("%{ if x }${y}%{ endif }")).toEqual([]);
  });
});

describe("evaluateTemplate", () => {
  test("a single interpolation yields its value of its own type", () => {
    expect(evaluateTemplate("${7}", EMPTY_SCOPE)).toEqual({ kind: "number", value: 7 });
    expect(evaluateTemplate("${true}", EMPTY_SCOPE)).toEqual({ kind: "bool", value: true });
    expect(evaluateTemplate("${var.n}", scope({ n: 5 }))).toEqual({ kind: "number", value: 5, from: "the default of var.n" });
    expect(evaluateTemplate("${aws_x.y.id}", EMPTY_SCOPE)).toEqual({ kind: "reference", expression: "${aws_x.y.id}", traversal: ["aws_x", "y", "id"] });
    expect(evaluateTemplate("${var.n}", EMPTY_SCOPE)).toEqual({ kind: "unknown", expression: "${var.n}" });
    expect(evaluateTemplate("${f(1)}", EMPTY_SCOPE)).toEqual({ kind: "unknown", expression: "${f(1)}" });
  });

  test("text and interpolations make a string, numbers written as Terraform writes them", () => {
    expect(evaluateTemplate("n${10}-${1.5}-${false}-${\"s\"}", EMPTY_SCOPE)).toEqual({ kind: "string", value: "n10-1.5-false-s" });
    expect(evaluateTemplate("${-3}x${0.25}", EMPTY_SCOPE)).toEqual({ kind: "string", value: "-3x0.25" });
  });

  test("a string built from a variable's default says so; one unknown part makes the whole unknown", () => {
    expect(evaluateTemplate("db-${var.env}", scope({ env: "prod" }))).toEqual({ kind: "string", value: "db-prod", from: "the default of var.env" });
    expect(evaluateTemplate("${1}-${var.env}", scope({ env: "prod" }))).toEqual({ kind: "string", value: "1-prod", from: "the default of var.env" });
    expect(evaluateTemplate("db-${var.env}", EMPTY_SCOPE)).toEqual({ kind: "unknown", expression: "db-${var.env}" });
    expect(evaluateTemplate("db-${aws_x.y.id}", EMPTY_SCOPE)).toEqual({ kind: "unknown", expression: "db-${aws_x.y.id}" });
    expect(evaluateTemplate("db-${null}", EMPTY_SCOPE)).toEqual({ kind: "unknown", expression: "db-${null}" });
  });

  test("strip markers (~) trim nothing from the value: the interpolation is evaluated, as a string", () => {
    expect(evaluateTemplate("${~ 7 ~}", EMPTY_SCOPE)).toEqual({ kind: "string", value: "7" });
    expect(evaluateTemplate("a ${~\"b\"}", EMPTY_SCOPE)).toMatchObject({ kind: "string" });
  });

  test("a ~ inside an expression is no strip marker; a part outside the evaluated subset makes the template unknown", () => {
    expect(evaluateTemplate('${["a~b"]}', EMPTY_SCOPE)).toEqual({ kind: "list", items: [{ kind: "string", value: "a~b" }] });
    expect(evaluateTemplate('a${"x~y"}', EMPTY_SCOPE)).toEqual({ kind: "string", value: "ax~y" });
    expect(evaluateTemplate("a-${f(1)}", EMPTY_SCOPE)).toEqual({ kind: "unknown", expression: "a-${f(1)}" });
  });

  test("a template it cannot split is unknown as written", () => {
    expect(evaluateTemplate("%{ if true }x%{ endif }", EMPTY_SCOPE)).toEqual({ kind: "unknown", expression: "%{ if true }x%{ endif }" });
  });
});

describe("evaluateExpression", () => {
  test("literals: bools, null, numbers, strings with their escapes", () => {
    expect(evaluateExpression(" true ", EMPTY_SCOPE)).toEqual({ kind: "bool", value: true });
    expect(evaluateExpression("false", EMPTY_SCOPE)).toEqual({ kind: "bool", value: false });
    expect(evaluateExpression("null", EMPTY_SCOPE)).toEqual({ kind: "null" });
    for (const [text, n] of [["-1", -1], ["1.5", 1.5], ["2e3", 2000], ["2E-1", 0.2], ["5432", 5432]] as const) {
      expect(evaluateExpression(text, EMPTY_SCOPE)).toEqual({ kind: "number", value: n });
    }
    expect(evaluateExpression('"a\\"b\\\\c"', EMPTY_SCOPE)).toEqual({ kind: "string", value: 'a"b\\c' });
    expect(evaluateExpression('"100$ and 5%"', EMPTY_SCOPE)).toEqual({ kind: "string", value: "100$ and 5%" });
  });

  test("not a literal: a number with a dot and no digits, a string holding a template, an unterminated string", () => {
    expect(evaluateExpression("1.", EMPTY_SCOPE)).toBeUndefined();
    expect(evaluateExpression('"${x}"', EMPTY_SCOPE)).toBeUndefined();
    expect(evaluateExpression('"%{x}"', EMPTY_SCOPE)).toBeUndefined();
    expect(evaluateExpression('"a', EMPTY_SCOPE)).toBeUndefined();
    expect(evaluateExpression('"\\q"', EMPTY_SCOPE)).toBeUndefined();
    expect(evaluateExpression("1 + 1", EMPTY_SCOPE)).toBeUndefined();
  });

  test("lists: elements evaluated, a trailing comma allowed, an empty element or an unbalanced bracket refused", () => {
    expect(evaluateExpression('[1, "a", [true]]', EMPTY_SCOPE)).toEqual({ kind: "list", items: [{ kind: "number", value: 1 },
      { kind: "string", value: "a" }, { kind: "list", items: [{ kind: "bool", value: true }] }] });
    expect(evaluateExpression("[1, 2,]", EMPTY_SCOPE)).toEqual({ kind: "list", items: [{ kind: "number", value: 1 }, { kind: "number", value: 2 }] });
    expect(evaluateExpression("[]", EMPTY_SCOPE)).toEqual({ kind: "list", items: [] });
    expect(evaluateExpression('["a,b", "c"]', EMPTY_SCOPE)).toEqual({ kind: "list", items: [{ kind: "string", value: "a,b" }, { kind: "string", value: "c" }] });
    expect(evaluateExpression("[f(1, 2), 3]", EMPTY_SCOPE)).toBeUndefined();
    expect(evaluateExpression("[1,,2]", EMPTY_SCOPE)).toBeUndefined();
    expect(evaluateExpression("[1, (2]", EMPTY_SCOPE)).toBeUndefined();
    expect(evaluateExpression("[1, 2)]", EMPTY_SCOPE)).toBeUndefined();
    expect(evaluateExpression('[1, "2]', EMPTY_SCOPE)).toBeUndefined();
  });

  test("lists: nested commas, escaped quotes, a trailing comma with space; a list not closed is none", () => {
    expect(evaluateExpression("[[1, 2], 3]", EMPTY_SCOPE)).toEqual({ kind: "list", items: [{ kind: "list", items: [{ kind: "number", value: 1 },
      { kind: "number", value: 2 }] }, { kind: "number", value: 3 }] });
    expect(evaluateExpression('["a\\",b"]', EMPTY_SCOPE)).toEqual({ kind: "list", items: [{ kind: "string", value: 'a",b' }] });
    expect(evaluateExpression("[1, 2, ]", EMPTY_SCOPE)).toEqual({ kind: "list", items: [{ kind: "number", value: 1 }, { kind: "number", value: 2 }] });
    expect(evaluateExpression("[1, 2", EMPTY_SCOPE)).toBeUndefined();
  });

  test("a list element it cannot know is an unknown carrying that element", () => {
    expect(evaluateExpression("[var.a, 1]", EMPTY_SCOPE)).toEqual({ kind: "list", items: [{ kind: "unknown", expression: "var.a" }, { kind: "number", value: 1 }] });
    // As written, without the white space around it (the gate compares it with var.app_subnet_cidr).
    expect(evaluateExpression("[ var.app_subnet_cidr ]", EMPTY_SCOPE)).toEqual({ kind: "list", items: [{ kind: "unknown", expression: "var.app_subnet_cidr" }] });
  });

  test("var.X: the default, traversed, with where it came from; no default, a missing step or a reference inside is unknown", () => {
    const s = scope({ o: { a: [10, 20] }, s: "x" });
    expect(evaluateExpression("var.o.a[1]", s)).toEqual({ kind: "number", value: 20, from: "the default of var.o" });
    expect(evaluateExpression("var.o", s)).toEqual({ kind: "object", from: "the default of var.o",
      attributes: new Map([["a", { kind: "list", from: "the default of var.o", items: [{ kind: "number", value: 10, from: "the default of var.o" },
        { kind: "number", value: 20, from: "the default of var.o" }] }]]) });
    expect(evaluateExpression("var.o.a[2]", s)).toEqual({ kind: "unknown", expression: "var.o.a[2]" });
    expect(evaluateExpression("var.o.b", s)).toEqual({ kind: "unknown", expression: "var.o.b" });
    expect(evaluateExpression("var.s.x", s)).toEqual({ kind: "unknown", expression: "var.s.x" });
    expect(evaluateExpression("var.o.a.x", s)).toEqual({ kind: "unknown", expression: "var.o.a.x" });
    expect(evaluateExpression("var.none", s)).toEqual({ kind: "unknown", expression: "var.none" });
    expect(evaluateExpression("var.o.b.c", s)).toEqual({ kind: "unknown", expression: "var.o.b.c" });
    expect(evaluateExpression("var.s[0]", s)).toEqual({ kind: "unknown", expression: "var.s[0]" });
    const long = scope({ l: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] });
    expect(evaluateExpression("var.l[10]", long)).toEqual({ kind: "number", value: 10, from: "the default of var.l" });
    const withReference: EvaluationScope = { iterators: new Map(), variableDefaults: new Map([["r",
      { kind: "reference", expression: "aws_x.y.id", traversal: ["aws_x", "y", "id"] }]]) };
    expect(evaluateExpression("var.r", withReference)).toEqual({ kind: "unknown", expression: "var.r" });
  });

  test("local.X: its value as it is, a missing step or a local it does not know is unknown", () => {
    const s = scope({}, { port: 5432, names: ["a", "b"] });
    expect(evaluateExpression("local.port", s)).toEqual({ kind: "number", value: 5432 });
    expect(evaluateExpression("local.names[1]", s)).toEqual({ kind: "string", value: "b" });
    expect(evaluateExpression("local.names[2]", s)).toEqual({ kind: "unknown", expression: "local.names[2]" });
    expect(evaluateExpression("local.other", s)).toEqual({ kind: "unknown", expression: "local.other" });
    expect(evaluateExpression("local.port", EMPTY_SCOPE)).toEqual({ kind: "unknown", expression: "local.port" });
    const unknownLocal: EvaluationScope = { iterators: new Map(), variableDefaults: new Map(), localValues: new Map([["u", { kind: "unknown", expression: "f()" }]]) };
    expect(evaluateExpression("local.u", unknownLocal)).toEqual({ kind: "unknown", expression: "local.u" });
  });

  test("iterators (each, count, a dynamic block's): their value; a step they lack is unknown", () => {
    const s = scope({}, {}, { each: { key: "a", value: { port: 1 } }, count: { index: 2 } });
    expect(evaluateExpression("each.value.port", s)).toEqual({ kind: "number", value: 1 });
    expect(evaluateExpression("count.index", s)).toEqual({ kind: "number", value: 2 });
    expect(evaluateExpression("each.value.other", s)).toEqual({ kind: "unknown", expression: "each.value.other" });
  });

  test("each, count, self, path and terraform outside their scope are unknown; anything else named is a reference", () => {
    for (const text of ["each.key", "count.index", "self.id", "path.module", "terraform.workspace", "local"]) {
      expect(evaluateExpression(text, EMPTY_SCOPE)).toEqual({ kind: "unknown", expression: text });
    }
    expect(evaluateExpression('data.aws_vpc.main["k"].id', EMPTY_SCOPE)).toEqual({ kind: "reference", expression: 'data.aws_vpc.main["k"].id',
      traversal: ["data", "aws_vpc", "main", "k", "id"] });
  });
});

describe("traversalSteps", () => {
  test("names, indexes and quoted keys, with white space between steps", () => {
    expect(traversalSteps('aws_x.y["k\\"q"][0].id')).toEqual(["aws_x", "y", 'k"q', "0", "id"]);
    expect(traversalSteps(" a . b [ 1 ] .2 ")).toEqual(["a", "b", "1", "2"]);
    expect(traversalSteps("a-b.c_d")).toEqual(["a-b", "c_d"]);
  });

  test("anything else is no traversal", () => {
    for (const text of ["a..b", "a[x]", "1a", "a.", "a b", "a[0]x", "a.b()", "-a"]) expect([text, traversalSteps(text)]).toEqual([text, undefined]);
  });
});

describe("literalSet (for_each = toset([...]))", () => {
  test("the literal strings and numbers, deduplicated and sorted", () => {
    expect(literalSet('toset(["b", "a", "b"])', EMPTY_SCOPE)).toEqual(["a", "b"]);
    expect(literalSet(" toset ( [ 2, 1 ] ) ", EMPTY_SCOPE)).toEqual(["1", "2"]);
    expect(literalSet('toset(["a", 1])', EMPTY_SCOPE)).toEqual(["1", "a"]);
  });

  test("anything but toset over a literal list of strings or numbers is undefined", () => {
    for (const text of ["toset(var.x)", 'toset(["a"]) + 1', 'xtoset(["a"])', "toset([true])", "toset([var.u])", "toset([f(1)])"]) {
      expect([text, literalSet(text, EMPTY_SCOPE)]).toEqual([text, undefined]);
    }
  });
});
