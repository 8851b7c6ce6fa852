import { parseConfiguration, readNumber, readString } from "../../plan";

// Issue 27: how the reader declares variables and evaluates locals (plan/configuration.ts), the inputs of every
// "from a variable's default" and "cannot evaluate" verdict: each test catches a mutant that survived the rest
// of the unit tier. Terraform's own rules (developer.hashicorp.com/terraform/language/values/variables): a
// variable's default is a literal value and "the default value for nullable is true"; locals
// (language/values/locals) may refer to each other in any order.
const config = (json: unknown) => parseConfiguration([{ file: "m.tf.json", text: JSON.stringify(json) }]);
const attr = (json: Record<string, unknown>, name: string) => config(json).resources[0].attributes.get(name);

describe("variable declarations", () => {
  test("sensitive and nullable as written, bools or their strings; nullable by default, not sensitive by default", () => {
    const c = config({ variable: { a: { sensitive: true, nullable: false }, b: { sensitive: "true", nullable: "false" }, c: {},
      d: { sensitive: false, nullable: true } } });
    const flags = (name: string) => [c.variables.get(name)?.sensitive, c.variables.get(name)?.nullable];
    expect(flags("a")).toEqual([true, false]);
    expect(flags("b")).toEqual([true, false]);
    expect(flags("c")).toEqual([false, true]);
    expect(flags("d")).toEqual([false, true]);
  });

  test("type and description when written as text; the default read literally, templates included", () => {
    const c = config({ variable: { a: { type: "string", description: "the app subnet", default: "${var.b}" }, b: { type: ["list", "string"] } } });
    expect(c.variables.get("a")).toMatchObject({ name: "a", type: "string", description: "the app subnet", default: { kind: "string", value: "${var.b}" } });
    expect(c.variables.get("b")?.type).toBeUndefined();
    expect(c.variables.get("b")?.default).toBeUndefined();
    expect(c.variables.get("b")?.description).toBeUndefined();
  });

  test("a null default is not taken as a value: the variable stays unknown (fail closed, never read as unset)", () => {
    expect(attr({ variable: { days: { default: null } }, resource: { aws_db_instance: { db: { backup_retention_period: "${var.days}" } } } },
      "backup_retention_period")).toEqual({ kind: "unknown", expression: "${var.days}" });
  });

  test("a default's object keys are kept, except \"//\" comments", () => {
    const c = config({ variable: { tags: { default: { "//": "note", Team: "data", Nested: { "//": "x", a: 1 } } } } });
    const tags = c.variables.get("tags")?.default;
    expect(tags?.kind === "object" && [...tags.attributes.keys()]).toEqual(["Team", "Nested"]);
  });
});

describe("locals", () => {
  test("a chain written in reverse order is followed to its end", () => {
    const json = { locals: { a: "${local.b}", b: "${local.c}", c: "${local.d}", d: "${local.e}", e: 9 },
      resource: { aws_db_instance: { db: { backup_retention_period: "${local.a}" } } } };
    expect(readNumber(attr(json, "backup_retention_period"))).toEqual({ state: "known", value: 9 });
    expect(config(json).locals.get("a")).toEqual({ kind: "number", value: 9 });
  });

  test("locals from several blocks and files are one namespace", () => {
    const c = parseConfiguration([
      { file: "a.tf.json", text: JSON.stringify({ locals: [{ name: "${local.prefix}-db" }] }) },
      { file: "b.tf.json", text: JSON.stringify({ locals: { prefix: "${local.team}" }, resource: { aws_db_instance: { db: { identifier: "${local.name}" } } } }) },
      { file: "c.tf.json", text: JSON.stringify({ locals: { team: "data" } }) },
    ]);
    expect(readString(c.resources[0].attributes.get("identifier"))).toEqual({ state: "known", value: "data-db" });
  });

  test("a local in a list keeps the list's other values; a local naming a variable's default keeps that provenance", () => {
    const json = { variable: { port: { default: 5432 } }, locals: { port: "${var.port}", ports: ["${local.port}", 22] },
      resource: { aws_db_instance: { db: { port: "${local.ports[0]}" } } } };
    expect(readNumber(attr(json, "port"))).toEqual({ state: "known", value: 5432, from: "the default of var.port" });
    expect(config(json).locals.get("ports")).toEqual({ kind: "list", items: [{ kind: "number", value: 5432, from: "the default of var.port" },
      { kind: "number", value: 22 }] });
  });
});
