import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  findConfigurations, parseConfiguration, parseJson, readBool, readConfiguration, readNumber, readString, readStringList,
  ResourceInstance, TerraformConfiguration, TerraformJsonError, TerraformValue, blocksOf, attribute, literalRead, literalValue,
} from "../../plan";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-tfjson-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const parse = (text: string, file = "main.tf.json") => parseConfiguration([{ file, text }]);
const config = (json: unknown) => parse(JSON.stringify(json));
const resource = (c: TerraformConfiguration, address: string): ResourceInstance => {
  const found = c.resources.find((r) => r.address === address);
  if (!found) throw new Error(`${address} not in ${c.resources.map((r) => r.address).join(", ")}`);
  return found;
};
const attr = (c: TerraformConfiguration, address: string, name: string) => resource(c, address).attributes.get(name);
const inputError = (fn: () => unknown): TerraformJsonError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof TerraformJsonError) return error;
    throw error;
  }
  throw new Error("expected a TerraformJsonError");
};

describe("Terraform's JSON syntax: object or array at every label level", () => {
  const body = { engine: "postgres", publicly_accessible: true };
  // Source: https://developer.hashicorp.com/terraform/language/syntax/json ("Blocks": labels as nested
  // objects, or arrays of objects where order or repetition matters).
  test.each([
    ["objects at every level", { resource: { aws_db_instance: { db: body } } }],
    ["an array at the block type level", { resource: [{ aws_db_instance: { db: body } }] }],
    ["an array at the type label level", { resource: { aws_db_instance: [{ db: body }] } }],
    ["an array at the name label level", { resource: { aws_db_instance: { db: [body] } } }],
    ["arrays at every level", { resource: [{ aws_db_instance: [{ db: [body] }] }] }],
  ])("%s", (_what, json) => {
    const c = config(json);
    expect(c.resources.map((r) => r.address)).toEqual(["aws_db_instance.db"]);
    expect(readBool(attr(c, "aws_db_instance.db", "publicly_accessible"))).toEqual({ state: "known", value: true });
  });

  test("a repeated key counts every time (JSON.parse would keep only the last)", () => {
    const c = parse('{"resource": {"aws_db_instance": {"a": {"engine": "postgres"}}}, "resource": {"aws_db_instance": {"b": {}}}}');
    expect(c.resources.map((r) => r.address)).toEqual(["aws_db_instance.a", "aws_db_instance.b"]);
    const types = parse('{"resource": {"aws_db_instance": {"a": {}}, "aws_db_instance": {"b": {}}}}');
    expect(types.resources.map((r) => r.address)).toEqual(["aws_db_instance.a", "aws_db_instance.b"]);
  });

  test("a repeated nested block key is several blocks; a repeated argument is Terraform's duplicate-argument error", () => {
    const c = parse('{"resource": {"aws_security_group": {"sg": {"ingress": {"from_port": 22}, "ingress": [{"from_port": 80}, {"from_port": 443}]}}}}');
    expect(blocksOf(attr(c, "aws_security_group.sg", "ingress")).map((b) => readNumber(attribute(b, "from_port"))))
      .toEqual([22, 80, 443].map((value) => ({ state: "known", value })));
    const error = inputError(() => parse('{"resource": {"aws_db_instance": {"db": {\n"publicly_accessible": false, "publicly_accessible": true}}}}'));
    expect(error.message).toBe('main.tf.json:2:54: duplicate argument "publicly_accessible": an argument may be set only once');
  });

  test("a nested block is one object or an array of objects", () => {
    const one = config({ resource: { aws_db_parameter_group: { pg: { parameter: { name: "rds.force_ssl", value: "1" } } } } });
    const many = config({ resource: { aws_db_parameter_group: { pg: { parameter: [{ name: "rds.force_ssl", value: "1" }] } } } });
    for (const c of [one, many]) {
      expect(blocksOf(attr(c, "aws_db_parameter_group.pg", "parameter")).map((b) => readString(attribute(b, "name"))))
        .toEqual([{ state: "known", value: "rds.force_ssl" }]);
    }
  });

  test("the same resource declared twice is Terraform's duplicate-resource error", () => {
    const error = inputError(() => parse('{"resource": {"aws_db_instance": {"db": {}}}, "resource": {"aws_db_instance": {"db": {}}}}'));
    expect(error.message).toBe("main.tf.json:1:86: duplicate resource aws_db_instance.db: already declared at main.tf.json:1:41");
  });

  test('"//" comments are ignored at every level', () => {
    const c = config({ "//": { metadata: { stackName: "s" } }, resource: { "//": "x", aws_db_instance: { db: { "//": "note", engine: "postgres" } } } });
    expect(c.stackName).toBe("s");
    expect([...resource(c, "aws_db_instance.db").attributes.keys()]).toEqual(["engine"]);
  });
});

describe("values: Terraform's conversions and the evaluated expressions", () => {
  const value = (v: unknown, extra: Record<string, unknown> = {}) =>
    attr(config({ ...extra, resource: { aws_db_instance: { db: { v } } } }), "aws_db_instance.db", "v");

  test.each([
    [true, true], [false, false], ["true", true], ["false", false], ["1", true], ["0", false], ["${true}", true], ["${false}", false],
  ])("bool %j reads as %j", (written, expected) => {
    expect(readBool(value(written))).toEqual({ state: "known", value: expected });
  });

  test.each([[7, 7], ["7", 7], ["5432", 5432], ["${7}", 7], ["1.5", 1.5], ["${\"7\"}", 7]])("number %j reads as %j", (written, expected) => {
    expect(readNumber(value(written))).toEqual({ state: "known", value: expected });
  });

  test("strings: numbers and bools convert to strings; escapes $${ and %%{ are literal", () => {
    expect(readString(value(7))).toEqual({ state: "known", value: "7" });
    expect(readString(value(true))).toEqual({ state: "known", value: "true" });
    expect(readString(value("a$${b}c%%{d}"))).toEqual({ state: "known", value: "a${b}c%{d}" });
    expect(readString(value("db-${1}-${\"x\"}"))).toEqual({ state: "known", value: "db-1-x" });
  });

  test("conversions Terraform refuses are invalid, not guessed", () => {
    expect(readBool(value("yes"))).toEqual({ state: "invalid", value: { kind: "string", value: "yes" }, expected: "a bool" });
    expect(readBool(value("True")).state).toBe("invalid");
    expect(readNumber(value("7 days")).state).toBe("invalid");
  });

  test("var.X with a literal default is evaluated from the default, and says so", () => {
    const variable = { public: { type: "bool", default: true }, days: { default: "7" }, cidrs: { default: ["10.0.0.0/8"] } };
    expect(readBool(value("${var.public}", { variable }))).toEqual({ state: "known", value: true, from: "the default of var.public" });
    expect(readNumber(value("${var.days}", { variable }))).toEqual({ state: "known", value: 7, from: "the default of var.days" });
    expect(readStringList(value("${var.cidrs}", { variable }))).toEqual({ state: "known", value: ["10.0.0.0/8"], from: "the default of var.cidrs" });
    expect(readStringList(value(["${var.cidrs[0]}"], { variable }))).toEqual({ state: "known", value: ["10.0.0.0/8"] });
  });

  test("a list of literals and references", () => {
    const v = value('${["a", aws_security_group.sg.id, 3]}');
    expect(v).toEqual({ kind: "list", items: [{ kind: "string", value: "a" },
      { kind: "reference", expression: "aws_security_group.sg.id", traversal: ["aws_security_group", "sg", "id"] }, { kind: "number", value: 3 }] });
  });

  test.each([
    ["a variable without a default", "${var.public}"],
    ["a function call", "${lower(\"TRUE\")}"],
    ["a conditional", "${var.env == \"prod\" ? true : false}"],
    ["a local that is not declared", "${local.public}"],
    ["a template with a directive", "%{ if true }true%{ endif }"],
    ["a template mixing text and a reference", "${aws_db_instance.x.address}:5432"],
  ])("%s is an explicit unknown carrying the expression", (_what, written) => {
    expect(value(written, { variable: { public: { type: "bool" } } })).toEqual({ kind: "unknown", expression: written });
    expect(readBool(value(written, { variable: { public: { type: "bool" } } }))).toEqual({ state: "unknown", expression: written });
  });

  test("local.X is the local's evaluated value: literal, from another local in any order, from a variable's default", () => {
    const c = config({
      locals: [{ name: "${local.prefix}-db", tags: { Team: "${local.team}" } }, { prefix: "checkpoints", team: "data", port: 5432 }],
      variable: { days: { default: 7 } },
      resource: { aws_db_instance: { db: { identifier: "${local.name}", port: "${local.port}", tags: "${local.tags}",
        backup_retention_period: "${local.days}", db_name: "${local.db[0]}" } } },
    });
    expect(readString(attr(c, "aws_db_instance.db", "identifier"))).toEqual({ state: "known", value: "checkpoints-db" });
    expect(readNumber(attr(c, "aws_db_instance.db", "port"))).toEqual({ state: "known", value: 5432 });
    expect(readString(attribute(attr(c, "aws_db_instance.db", "tags"), "Team"))).toEqual({ state: "known", value: "data" });
    expect(attr(c, "aws_db_instance.db", "db_name")).toEqual({ kind: "unknown", expression: "${local.db[0]}" });
    const fromVariable = config({ locals: { days: "${var.days}" }, variable: { days: { default: 7 } },
      resource: { aws_db_instance: { db: { backup_retention_period: "${local.days}" } } } });
    expect(readNumber(attr(fromVariable, "aws_db_instance.db", "backup_retention_period")))
      .toEqual({ state: "known", value: 7, from: "the default of var.days" });
  });

  test("a local that cannot be evaluated, or sits in a cycle, stays unknown; one naming a resource stays a reference", () => {
    const c = config({
      locals: { a: "${local.b}", b: "${local.a}", opaque: "${upper(var.x)}", key: "${aws_kms_key.db.arn}" },
      resource: { aws_db_instance: { db: { db_name: "${local.a}", username: "${local.opaque}", kms_key_id: "${local.key}" } } },
    });
    expect(attr(c, "aws_db_instance.db", "db_name")).toEqual({ kind: "unknown", expression: "${local.a}" });
    expect(readString(attr(c, "aws_db_instance.db", "username")).state).toBe("unknown");
    expect(attr(c, "aws_db_instance.db", "kms_key_id")).toMatchObject({ kind: "reference", traversal: ["aws_kms_key", "db", "arn"] });
  });

  test("literalValue / literalRead count only what is written in place: a variable's default is not (a deployer may set it)", () => {
    const c = config({ variable: { cls: { default: "db.t4g.small" }, days: { default: 7 } }, locals: { port: 5432 },
      resource: { aws_db_instance: { db: { instance_class: "${var.cls}", backup_retention_period: "${var.days}",
        tags: { Name: "x", Class: "${var.cls}" }, port: "${local.port}", engine: "postgres", allocated_storage: "${var.missing}" } } } });
    expect(literalValue(attr(c, "aws_db_instance.db", "instance_class"))).toBeUndefined();
    expect(literalValue(attr(c, "aws_db_instance.db", "tags"))).toBeUndefined();
    expect(literalValue(attr(c, "aws_db_instance.db", "allocated_storage"))).toBeUndefined();
    expect(literalRead(readNumber(attr(c, "aws_db_instance.db", "backup_retention_period"))))
      .toEqual({ state: "unknown", expression: "the default of var.days" });
    expect(literalValue(attr(c, "aws_db_instance.db", "engine"))).toBe("postgres");
    expect(literalValue(attr(c, "aws_db_instance.db", "port"))).toBe(5432);
    expect(literalRead(readString(attr(c, "aws_db_instance.db", "engine")))).toEqual({ state: "known", value: "postgres" });
  });

  test("a reference is known to point somewhere, its value unknown until apply", () => {
    expect(value("${aws_security_group.sg.id}")).toEqual({ kind: "reference", expression: "${aws_security_group.sg.id}",
      traversal: ["aws_security_group", "sg", "id"] });
    expect(readBool(value("${aws_security_group.sg.id}")).state).toBe("unknown");
  });
});

describe("instances: count, for_each and dynamic blocks", () => {
  test("a literal count expands to its instances, with count.index", () => {
    const c = config({ resource: { aws_db_instance: { db: { count: "2", identifier: "db-${count.index}" } } } });
    expect(c.resources.map((r) => [r.address, readString(r.attributes.get("identifier"))])).toEqual([
      ["aws_db_instance.db[0]", { state: "known", value: "db-0" }], ["aws_db_instance.db[1]", { state: "known", value: "db-1" }]]);
    expect(config({ resource: { aws_db_instance: { db: { count: 0 } } } }).resources).toEqual([]);
  });

  test("for_each over a literal map or set expands to its instances, with each.key and each.value", () => {
    const map = config({ resource: { aws_db_instance: { db: { for_each: { a: { public: true }, b: { public: false } },
      publicly_accessible: "${each.value.public}" } } } });
    expect(map.resources.map((r) => [r.address, readBool(r.attributes.get("publicly_accessible"))])).toEqual([
      ['aws_db_instance.db["a"]', { state: "known", value: true }], ['aws_db_instance.db["b"]', { state: "known", value: false }]]);
    const set = config({ resource: { aws_db_instance: { db: { for_each: '${toset(["y", "x", "y"])}', identifier: "${each.key}" } } } });
    expect(set.resources.map((r) => r.address)).toEqual(['aws_db_instance.db["x"]', 'aws_db_instance.db["y"]']);
  });

  test("count or for_each over anything else is one instance marked not evaluable", () => {
    const c = config({ resource: { aws_db_instance: { db: { for_each: "${var.dbs}", publicly_accessible: "${each.value}" } } } });
    expect(c.resources).toHaveLength(1);
    expect(c.resources[0].expansion).toEqual({ kind: "not evaluable", argument: "for_each", expression: "${var.dbs}" });
    expect(readBool(c.resources[0].attributes.get("publicly_accessible"))).toEqual({ state: "unknown", expression: "${each.value}" });
    expect(config({ resource: { aws_db_instance: { db: { count: "${length(var.x)}" } } } }).resources[0].expansion)
      .toEqual({ kind: "not evaluable", argument: "count", expression: "${length(var.x)}" });
  });

  test("a dynamic block over a literal collection becomes blocks of its type, beside the static ones", () => {
    const c = config({ resource: { aws_security_group: { sg: {
      ingress: { from_port: 5432 },
      dynamic: { ingress: { for_each: [22, 80], iterator: "port", content: { from_port: "${port.value}", description: "${port.key}" } } },
    } } } });
    expect(blocksOf(attr(c, "aws_security_group.sg", "ingress")).map((b) => readNumber(attribute(b, "from_port")).state === "known"
      && (readNumber(attribute(b, "from_port")) as { value: number }).value)).toEqual([5432, 22, 80]);
    const arrays = config({ resource: { aws_security_group: { sg: {
      dynamic: [{ ingress: [{ for_each: { a: 22 }, content: { from_port: "${ingress.value}" } }] }] } } } });
    expect(blocksOf(attr(arrays, "aws_security_group.sg", "ingress")).map((b) => readNumber(attribute(b, "from_port"))))
      .toEqual([{ state: "known", value: 22 }]);
  });

  test("a dynamic block's content written as a one-element array (hcl2json's form) is read as the block; two are refused", () => {
    const c = config({ resource: { aws_security_group: { sg: {
      dynamic: { ingress: [{ for_each: [22], content: [{ from_port: "${ingress.value}" }] }] } } } } });
    expect(blocksOf(attr(c, "aws_security_group.sg", "ingress")).map((b) => readNumber(attribute(b, "from_port"))))
      .toEqual([{ state: "known", value: 22 }]);
    expect(() => config({ resource: { aws_security_group: { sg: {
      dynamic: { ingress: { for_each: [22], content: [{ from_port: 1 }, { from_port: 2 }] } } } } } }))
      .toThrow(/dynamic "ingress" takes exactly one content block, not 2/);
  });

  test("a dynamic block over anything else is an unknown block", () => {
    const c = config({ resource: { aws_security_group: { sg: { dynamic: { ingress: { for_each: "${var.rules}", content: {} } } } } } });
    expect(blocksOf(attr(c, "aws_security_group.sg", "ingress"))).toEqual([{ kind: "unknown", expression: "${var.rules}" }]);
  });
});

describe("the rest of a configuration", () => {
  const c = config({
    variable: { public: { type: "bool", default: "true", sensitive: true } },
    output: { host: { value: "${aws_db_instance.db.address}" } },
    module: { db: { source: "terraform-aws-modules/rds/aws", version: "6.10.0", engine: "postgres" } },
    moved: [{ from: "aws_db_instance.old", to: "aws_db_instance.db" }],
    terraform: { backend: { s3: { bucket: "state", key: "db.tfstate" } } },
    locals: [{ a: 1 }, { b: "${var.public}" }],
    data: { aws_vpc: { main: { default: true } } },
    resource: { aws_db_instance: { db: { depends_on: ["aws_iam_role.monitoring"], lifecycle: { prevent_destroy: true }, provider: "aws.east" } } },
  });
  test("variables, outputs, modules, moved blocks, the backend, locals and data sources", () => {
    expect(c.variables.get("public")).toMatchObject({ type: "bool", sensitive: true, default: { kind: "string", value: "true" } });
    expect(c.outputs.get("host")?.value).toMatchObject({ kind: "reference", traversal: ["aws_db_instance", "db", "address"] });
    expect(c.modules).toMatchObject([{ address: "module.db", source: "terraform-aws-modules/rds/aws", version: "6.10.0" }]);
    expect(c.moved).toMatchObject([{ from: "aws_db_instance.old", to: "aws_db_instance.db" }]);
    expect(c.backend).toMatchObject({ type: "s3" });
    expect(readString(c.backend?.attributes.get("key"))).toEqual({ state: "known", value: "db.tfstate" });
    expect([...c.locals.keys()]).toEqual(["a", "b"]);
    expect(c.dataSources.map((d) => d.address)).toEqual(["data.aws_vpc.main"]);
    const db = resource(c, "aws_db_instance.db");
    expect([db.dependsOn, db.provider, readBool(db.lifecycle.get("prevent_destroy"))])
      .toEqual([["aws_iam_role.monitoring"], "aws.east", { state: "known", value: true }]);
    expect(db.attributes.size).toBe(0);
  });
});

describe("removed blocks (issue 21)", () => {
  // hashicorp/terraform v1.11.4 internal/configs/removed.go:60-75: Destroy is true unless lifecycle.destroy says otherwise.
  test("from as written or as \"${...}\", destroy from lifecycle (object or array), true by default, unknown when not literal", () => {
    const c = config({ removed: [
      { from: "aws_cloudwatch_log_group.upgrade", lifecycle: { destroy: false } },
      { from: "${aws_db_instance.old}", lifecycle: [{ destroy: "true" }] },
      { from: "aws_iam_role.monitoring" },
      { from: "aws_security_group.sg", lifecycle: { destroy: "${var.destroy}" } },
    ] });
    expect(c.removed.map(({ from, destroy }) => ({ from, destroy }))).toEqual([
      { from: "aws_cloudwatch_log_group.upgrade", destroy: false }, { from: "aws_db_instance.old", destroy: true },
      { from: "aws_iam_role.monitoring", destroy: true }, { from: "aws_security_group.sg", destroy: "unknown" },
    ]);
  });

  test("a removed block without a from is an input error naming the field", () => {
    expect(inputError(() => parse('{"removed": {"lifecycle": {"destroy": false}}}', "r.tf.json")).message)
      .toBe('r.tf.json:1:13: removed: "from" must be a resource or module address, such as "aws_db_instance.db" or "module.network" (one address, no text or expression around it)');
  });
});

describe("input errors: where, never what", () => {
  test.each([
    ["not JSON", "root:x:0:0:root:/root:/bin/bash\n", "f.tf.json:1:1: not JSON: the file does not start with a JSON value"],
    ["a bad token inside", '{"resource": {\n  "a": tru }}', "f.tf.json:2:8: unexpected character where a value should be"],
    ["an unterminated string", '{"password": "hunter2', "f.tf.json:1:14: unterminated string"],
    ["an unclosed object", '{"resource": {}', "f.tf.json:1:16: unexpected end of file: a bracket or brace is not closed"],
    ["trailing content", '{} secret', "f.tf.json:1:4: unexpected content after the end of the JSON value"],
    ["a root that is not an object", '["resource"]', "f.tf.json:1:1: the file must hold a JSON object (Terraform's JSON configuration syntax)"],
    ["an unknown top-level key", '{"name": "package"}', 'f.tf.json:1:10: unsupported top-level key "name": Terraform accepts resource, data, variable, output, module, locals, terraform, provider, moved, import, removed, check'],
    ["a label level that is not an object", '{"resource": {"aws_db_instance": "db"}}', "f.tf.json:1:34: resource.aws_db_instance: expected an object or an array of objects"],
  ])("%s", (_what, text, message) => {
    const error = inputError(() => parse(text, "f.tf.json"));
    expect(error.message).toBe(message);
    expect(error.message).not.toMatch(/root:x|hunter2|secret/);
  });

  test("a file nested 200,000 levels deep is a clean input error", () => {
    const deep = `{"locals": {"a": ${"[".repeat(200_000)}${"]".repeat(200_000)}}}`;
    expect(inputError(() => parse(deep, "deep.tf.json")).message)
      .toBe("deep.tf.json:1:516: nested more than 500 levels deep; no Terraform configuration is");
    expect(inputError(() => parseJson("[".repeat(200_000), "x")).message).toMatch(/^x:1:501: nested more than 500/);
  });
});

describe("files and folders", () => {
  const write = (relative: string, json: unknown) => {
    const file = path.join(work, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, typeof json === "string" ? json : JSON.stringify(json));
    return file;
  };

  test("Terraform's own main.tf.json, and several files of one folder merged", () => {
    write("multi/main.tf.json", { resource: { aws_db_instance: { db: { engine: "postgres" } } } });
    write("multi/network.tf.json", { resource: { aws_security_group: { sg: {} } }, variable: { x: {} } });
    write("multi/README.md", "not read");
    const c = readConfiguration(path.join(work, "multi"));
    expect(c.files.map((f) => path.basename(f))).toEqual(["main.tf.json", "network.tf.json"]);
    expect(c.resources.map((r) => r.address)).toEqual(["aws_db_instance.db", "aws_security_group.sg"]);
    expect([...c.variables.keys()]).toEqual(["x"]);
  });

  test("override files merge into the blocks they name, after the others", () => {
    write("over/main.tf.json", { resource: { aws_db_instance: { db: { engine: "postgres", publicly_accessible: false } } } });
    write("over/a_override.tf.json", { resource: { aws_db_instance: { db: { publicly_accessible: true } } } });
    const c = readConfiguration(path.join(work, "over"));
    expect(readBool(attr(c, "aws_db_instance.db", "publicly_accessible"))).toEqual({ state: "known", value: true });
    expect(readString(attr(c, "aws_db_instance.db", "engine"))).toEqual({ state: "known", value: "postgres" });
  });

  test("a resource declared in two files is a duplicate; HCL beside JSON is refused", () => {
    write("dup/a.tf.json", { resource: { aws_db_instance: { db: {} } } });
    write("dup/b.tf.json", { resource: { aws_db_instance: { db: {} } } });
    expect(inputError(() => readConfiguration(path.join(work, "dup"))).message)
      .toBe(`${path.join(work, "dup/b.tf.json")}:1:38: duplicate resource aws_db_instance.db: already declared at ${path.join(work, "dup/a.tf.json")}:1:38`);
    write("hcl/main.tf.json", { resource: {} });
    write("hcl/extra.tf", 'resource "aws_db_instance" "x" {}');
    expect(inputError(() => readConfiguration(path.join(work, "hcl"))).message).toMatch(/also holds HCL files \(extra\.tf\)/);
  });

  test("a directory is one configuration when it holds *.tf.json files, else searched below", () => {
    write("tree/stacks/a/cdk.tf.json", { resource: {} });
    write("tree/stacks/b/main.tf.json", { resource: {} });
    write("tree/stacks/b/sub/ignored.tf.json", { resource: {} });
    expect(findConfigurations(path.join(work, "tree")).map((p) => path.relative(work, p))).toEqual(["tree/stacks/a", "tree/stacks/b"]);
  });

  test("a 50 MB file is read in bounded memory", () => {
    const file = path.join(work, "big.tf.json");
    const fd = fs.openSync(file, "w");
    fs.writeSync(fd, '{"resource": {"aws_db_instance": {"db": {"engine": "postgres"}}}, "resource": [');
    const tags = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`tag${i}`, `value-${i}-${"x".repeat(40)}`]));
    const body = JSON.stringify({ bucket: "bucket", tags });
    let written = 0;
    for (let i = 0; written < 50 * 1024 * 1024; i += 1000) {
      const batch = Array.from({ length: 1000 }, (_, j) => `{"aws_s3_bucket": {"b${i + j}": ${body}}}`).join(",");
      written += fs.writeSync(fd, `${i === 0 ? "" : ","}${batch}`);
    }
    fs.writeSync(fd, "]}");
    fs.closeSync(fd);
    const before = process.memoryUsage().rss;
    const c = readConfiguration(file);
    const growth = process.memoryUsage().rss - before;
    fs.rmSync(file);
    expect(c.resources[0].address).toBe("aws_db_instance.db");
    expect(c.resources.length).toBeGreaterThan(20_000);
    // Bounded: a small multiple of the file's size, whatever the count of resources.
    expect(growth).toBeLessThan(800 * 1024 * 1024);
  });
});

// Keeps the union exhaustive in the type checker: a new kind must be handled by every consumer.
export const kinds: Array<TerraformValue["kind"]> = ["string", "number", "bool", "null", "list", "object", "reference", "unknown"];

describe("where arguments are written (SARIF locates findings with it)", () => {
  test("each argument, nested block and nested argument has its file, line and column; an override's argument names the override file", () => {
    const main = '{\n  "resource": {\n    "aws_security_group": {\n      "g": {\n        "description": "d",\n' +
      '        "ingress": [\n          { "from_port": 22, "cidr_blocks": ["0.0.0.0/0"] },\n          { "from_port": 80 }\n        ]\n      }\n    }\n  }\n}';
    const override = '{"resource": {"aws_security_group": {"g": {"description": "over"}}}}';
    const c = parseConfiguration([{ file: "main.tf.json", text: main }, { file: "x_override.tf.json", text: override }]);
    const positions = c.resources[0].attributePositions;
    expect(positions.get("ingress")).toEqual({ file: "main.tf.json", line: 6, column: 20 });
    expect(positions.get("ingress[0]")).toEqual({ file: "main.tf.json", line: 7, column: 11 });
    expect(positions.get("ingress[0].cidr_blocks")).toEqual({ file: "main.tf.json", line: 7, column: 45 });
    expect(positions.get("ingress[1].from_port")).toEqual({ file: "main.tf.json", line: 8, column: 26 });
    expect(positions.get("description")).toEqual({ file: "x_override.tf.json", line: 1, column: 59 });
  });
});
