import { isOverrideFile, parseConfiguration, readNumber, readString } from "../../plan";
import type { TerraformValue } from "../../plan";

// Issue 27: the configuration reader (plan/configuration.ts) on small hand-written Terraform JSON configurations,
// so the mutation run sees what only plan/terraform-json.test.ts (9 s a run) covered: an instance or block
// missed, a value read from the wrong place or an override not applied would give a false "pass" downstream.
// Reference: hashicorp/terraform v1.11.4, internal/configs (cited beside each group).
const config = (json: unknown, file = "main.tf.json") => parseConfiguration([{ file, text: JSON.stringify(json) }]);
const files = (...sources: Array<[string, unknown]>) =>
  parseConfiguration(sources.map(([file, json]) => ({ file, text: JSON.stringify(json) })));
const text = (value: TerraformValue | undefined) => { const r = readString(value); return r.state === "known" ? r.value : r.state; };
const num = (value: TerraformValue | undefined) => { const r = readNumber(value); return r.state === "known" ? r.value : r.state; };
const items = (value: TerraformValue | undefined) => (value?.kind === "list" ? value.items : []);
const field = (value: TerraformValue | undefined, name: string) => (value?.kind === "object" ? value.attributes.get(name) : undefined);

// internal/configs/resource.go (count, for_each, "Invalid combination of "count" and "for_each"", line 167);
// instance keys as internal/addrs/instance_key.go writes them: [0], ["a"].
describe("count and for_each expand a resource into its instances", () => {
  test("a literal count gives one instance per index, count.index evaluated in each", () => {
    const c = config({ resource: { aws_instance: { web: { count: 2, tags: { Name: "web-${count.index}" } } } } });
    expect(c.resources.map((r) => r.address)).toEqual(["aws_instance.web[0]", "aws_instance.web[1]"]);
    expect(c.resources.map((r) => r.expansion)).toEqual([{ kind: "count", index: 0 }, { kind: "count", index: 1 }]);
    expect(c.resources.map((r) => text(field(r.attributes.get("tags"), "Name")))).toEqual(["web-0", "web-1"]);
    expect(c.resources[1].blockAddress).toBe("aws_instance.web");
    expect(c.resources[0].attributes.has("count")).toBe(false);
  });

  test("count from a variable's default and count 0 (no instance at all)", () => {
    expect(config({ variable: { n: { default: 3 } }, resource: { a: { b: { count: "${var.n}" } } } }).resources).toHaveLength(3);
    expect(config({ resource: { a: { b: { count: 0 } } } }).resources).toEqual([]);
  });

  test("a count that is not a known whole number >= 0 leaves one instance standing for all, never none", () => {
    for (const count of ["${var.unknown}", -1, 1.5]) {
      const c = config({ resource: { a: { b: { count, x: 1 } } } });
      expect(c.resources).toHaveLength(1);
      expect(c.resources[0]).toMatchObject({ address: "a.b", blockAddress: "a.b",
        expansion: { kind: "not evaluable", argument: "count", expression: typeof count === "string" ? count : JSON.stringify(count) } });
      expect(num(c.resources[0].attributes.get("x"))).toBe(1);
    }
  });

  test("for_each over an object literal: one instance per key, each.key and each.value read", () => {
    const c = config({ resource: { aws_s3_bucket: { b: { for_each: { logs: "l", data: "d" }, bucket: "${each.key}-${each.value}" } } } });
    expect(c.resources.map((r) => r.address)).toEqual(['aws_s3_bucket.b["logs"]', 'aws_s3_bucket.b["data"]']);
    expect(c.resources.map((r) => r.expansion)).toEqual([{ kind: "for_each", key: "logs" }, { kind: "for_each", key: "data" }]);
    expect(c.resources.map((r) => text(r.attributes.get("bucket")))).toEqual(["logs-l", "data-d"]);
    expect(c.resources[0].attributes.has("for_each")).toBe(false);
  });

  test("for_each over toset([...]): the elements are keys and values", () => {
    const c = config({ resource: { a: { b: { for_each: '${toset(["x", "y"])}', v: "${each.value}" } } } });
    expect(c.resources.map((r) => r.address)).toEqual(['a.b["x"]', 'a.b["y"]']);
    expect(c.resources.map((r) => text(r.attributes.get("v")))).toEqual(["x", "y"]);
  });

  test("for_each over a list or an unknown is not evaluable (a resource for_each takes a map or a set), one instance kept", () => {
    for (const forEach of [["x", "y"], "${var.m}"]) {
      const c = config({ resource: { a: { b: { for_each: forEach } } } });
      expect(c.resources).toHaveLength(1);
      expect(c.resources[0].expansion).toEqual({ kind: "not evaluable", argument: "for_each",
        expression: typeof forEach === "string" ? forEach : JSON.stringify(forEach) });
    }
  });

  test("count and for_each together are refused", () => {
    expect(() => config({ resource: { a: { b: { count: 1, for_each: {} } } } })).toThrow(/a\.b: "count" and "for_each" cannot both be set/);
  });

  test("a data source is expanded the same way, under data.", () => {
    const c = config({ data: { aws_vpc: { main: { count: 1 } } } });
    expect(c.dataSources.map((d) => [d.mode, d.address, d.blockAddress])).toEqual([["data", "data.aws_vpc.main[0]", "data.aws_vpc.main"]]);
    expect(c.resources).toEqual([]);
  });
});

// internal/configs/resource.go (meta-arguments decoded apart from the body: depends_on, lifecycle, provider).
describe("meta-arguments are read apart from the arguments", () => {
  test("depends_on without ${}, lifecycle as object or one-element array, provider without ${}", () => {
    const r = config({ resource: { a: { b: { depends_on: ["${aws_x.y}", "aws_z.w"], lifecycle: { prevent_destroy: true },
      provider: "${aws.west}", connection: {}, provisioner: {}, x: 1 } } } }).resources[0];
    expect(r.dependsOn).toEqual(["aws_x.y", "aws_z.w"]);
    expect(r.lifecycle.get("prevent_destroy")).toEqual({ kind: "bool", value: true });
    expect(r.provider).toBe("aws.west");
    expect([...r.attributes.keys()]).toEqual(["x"]);
    const s = config({ resource: { a: { b: { lifecycle: [{ ignore_changes: ["tags"] }], depends_on: ["aws_q.r"] } } } }).resources[0];
    expect(s.lifecycle.has("ignore_changes")).toBe(true);
    expect(s.dependsOn).toEqual(["aws_q.r"]);
    expect(s.provider).toBeUndefined();
    expect("provider" in s).toBe(false);
    expect(config({ resource: { a: { b: { lifecycle: "x" } } } }).resources[0].lifecycle.size).toBe(0);
  });
});

// The JSON syntax of labels: hashicorp/hcl v2 json/spec.md ("Blocks": each label level an object, or an array of objects).
describe("block label levels", () => {
  test("arrays at every label level and several resources of one type are all read", () => {
    const c = config({ resource: [{ a: [{ one: {} }, { two: [{ x: 1 }] }] }, { b: { three: {} } }] });
    expect(c.resources.map((r) => r.address)).toEqual(["a.one", "a.two", "b.three"]);
    expect(c.resources[0].position).toMatchObject({ file: "main.tf.json", line: 1 });
  });

  test("a label level that is not an object is refused, naming the path", () => {
    expect(() => config({ resource: { a: 1 } })).toThrow(/resource\.a: expected an object or an array of objects/);
    expect(() => config({ resource: 1 })).toThrow(/:\d+: resource: expected an object/);
  });

  test("a comment key at a label level is skipped", () => {
    expect(config({ resource: { "//": "note", a: { "//": "n", b: {} } } }).resources.map((r) => r.address)).toEqual(["a.b"]);
  });

  test("unsupported top-level keys and a non-object file are refused", () => {
    expect(() => config({ resources: {} })).toThrow(/unsupported top-level key "resources": Terraform accepts resource, data,/);
    expect(() => config({ resources: {} })).not.toThrow(/\/\//);
    expect(() => config([1])).toThrow(/must hold a JSON object/);
  });

  test("a resource declared twice is refused with the first place (internal/configs/module.go:397)", () => {
    expect(() => files(["a.tf.json", { resource: { a: { b: {} } } }], ["b.tf.json", { resource: { a: { b: {} } } }]))
      .toThrow(/duplicate resource a\.b: already declared at a\.tf\.json:1:/);
    expect(() => config({ variable: [{ v: {} }, { v: {} }] })).toThrow(/duplicate variable v/);
  });

  test("import and check blocks are accepted and read as nothing", () => {
    const c = config({ import: { to: "a.b", id: "x" }, check: { c: {} } });
    expect(c.resources).toEqual([]);
  });
});

// internal/configs/parser_config_dir.go:24 (override.tf and *_override.tf loaded after the primary files) and
// internal/configs/module_merge.go (an override's arguments replace the base's); module.go:814 "Missing base ...".
describe("override files", () => {
  test("isOverrideFile: override.tf.json and *_override.tf.json only", () => {
    expect(["override.tf.json", "x_override.tf.json", "dir/override.tf.json", "dir\\override.tf.json"].map(isOverrideFile)).toEqual([true, true, true, true]);
    expect(["xoverride.tf.json", "override.tf.json.bak", "override.tf", "main.tf.json"].map(isOverrideFile)).toEqual([false, false, false, false]);
  });

  test("an override replaces the arguments it names, wherever it is listed, and keeps the others", () => {
    const c = files(["z_override.tf.json", { resource: { a: { b: { x: 2 } } } }], ["main.tf.json", { resource: { a: { b: { x: 1, y: 1 } } } }]);
    expect(c.files).toEqual(["main.tf.json", "z_override.tf.json"]);
    const r = c.resources[0];
    expect(num(r.attributes.get("x"))).toBe(2);
    expect(num(r.attributes.get("y"))).toBe(1);
    expect(r.attributePositions.get("x")?.file).toBe("z_override.tf.json");
    expect(r.attributePositions.get("y")?.file).toBe("main.tf.json");
  });

  test("an override can change count, variables and outputs", () => {
    const c = files(["main.tf.json", { resource: { a: { b: { count: 1 } } }, variable: { v: { default: "a" } }, output: { o: { value: 1 } } }],
      ["override.tf.json", { resource: { a: { b: { count: 3 } } }, variable: { v: { default: "b" } }, output: { o: { value: 2 } } }]);
    expect(c.resources).toHaveLength(3);
    expect(text(c.variables.get("v")?.default)).toBe("b");
    expect(num(c.outputs.get("o")?.value)).toBe(2);
  });

  test("an override of a block no other file declares is refused", () => {
    expect(() => files(["main.tf.json", {}], ["override.tf.json", { resource: { a: { b: {} } } }]))
      .toThrow(/an override file declares resource a\.b, which no other file declares/);
  });
});

// Nested blocks in JSON (hcl json/spec.md: an object or an array of objects) and dynamic blocks
// (hashicorp/hcl ext/dynblock: for_each, iterator defaulting to the block type, content).
describe("nested blocks and dynamic blocks", () => {
  test("a repeated block key is several blocks; a repeated argument is refused", () => {
    const text2 = '{"resource":{"a":{"b":{"ingress":{"p":1},"ingress":[{"p":2},{"p":3}]}}}}';
    const r = parseConfiguration([{ file: "m.tf.json", text: text2 }]).resources[0];
    expect(items(r.attributes.get("ingress")).map((i) => num(field(i, "p")))).toEqual([1, 2, 3]);
    expect(() => parseConfiguration([{ file: "m.tf.json", text: '{"resource":{"a":{"b":{"x":1,"x":2}}}}' }]))
      .toThrow(/duplicate argument "x"/);
  });

  test("a dynamic block expands over a list, after the written blocks, with its iterator", () => {
    const r = config({ resource: { a: { b: { ingress: { p: 0 }, dynamic: { ingress: { for_each: [10, 20], content: { p: "${ingress.value}", k: "${ingress.key}" } } } } } } }).resources[0];
    const blocks = items(r.attributes.get("ingress"));
    expect(blocks.map((i) => num(field(i, "p")))).toEqual([0, 10, 20]);
    expect(blocks.slice(1).map((i) => text(field(i, "k")))).toEqual(["0", "1"]);
  });

  test("a named iterator, an object collection, content as a one-element array, no written block", () => {
    const r = config({ resource: { a: { b: { dynamic: [{ rule: { for_each: { x: "1" }, iterator: "r", content: [{ v: "${r.key}=${r.value}" }] } }] } } } }).resources[0];
    expect(items(r.attributes.get("rule")).map((i) => text(field(i, "v")))).toEqual(["x=1"]);
  });

  test("a dynamic block over an unknown collection gives an unknown block, never none", () => {
    const r = config({ resource: { a: { b: { dynamic: { rule: { for_each: "${var.rules}", content: {} } } } } } }).resources[0];
    expect(items(r.attributes.get("rule"))).toEqual([{ kind: "unknown", expression: "${var.rules}" }]);
  });

  test("a dynamic block over an empty collection gives no block", () => {
    const r = config({ resource: { a: { b: { dynamic: { rule: { for_each: [], content: {} } } } } } }).resources[0];
    expect(r.attributes.get("rule")).toEqual({ kind: "list", items: [] });
  });

  test("a dynamic block without for_each or content, or with two contents, is refused", () => {
    expect(() => config({ resource: { a: { b: { dynamic: { rule: { content: {} } } } } } })).toThrow(/dynamic "rule" needs for_each and a content block/);
    expect(() => config({ resource: { a: { b: { dynamic: { rule: { for_each: [] } } } } } })).toThrow(/needs for_each and a content block/);
    expect(() => config({ resource: { a: { b: { dynamic: { rule: { for_each: [], content: [{}, {}] } } } } } }))
      .toThrow(/dynamic "rule" takes exactly one content block, not 2/);
  });

  test("attribute positions: blocks counted in order, their arguments, dynamic and meta-arguments left out", () => {
    const r = config({ resource: { a: { b: { count: 1, x: 1, ingress: [{ p: 1 }, { p: 2 }], egress: { q: 1 }, dynamic: { ingress: { for_each: [], content: {} } } } } } }).resources[0];
    expect([...r.attributePositions.keys()]).toEqual(["x", "ingress", "ingress[0]", "ingress[0].p", "ingress[1]", "ingress[1].p",
      "egress", "egress[0]", "egress[0].q"]);
    expect(r.attributePositions.get("ingress[1].p")).toMatchObject({ file: "main.tf.json", line: 1 });
    const tags = config({ resource: { a: { b: { tags: [] } } } }).resources[0];
    expect([...tags.attributePositions.keys()]).toEqual(["tags"]);
  });
});

// internal/configs/module_call.go, provider.go, backend.go, moved.go, removed.go (removed.Destroy = true, line 60).
describe("modules, providers, backend, outputs, moved and removed", () => {
  test("a module call's source and version, as text; attributes evaluated", () => {
    const c = config({ variable: { r: { default: "eu" } }, module: { net: { source: "./net", version: "1.0", region: "${var.r}" } } });
    expect(c.modules).toHaveLength(1);
    expect(c.modules[0]).toMatchObject({ name: "net", address: "module.net", source: "./net", version: "1.0" });
    expect(text(c.modules[0].attributes.get("region"))).toBe("eu");
    expect(config({ module: { m: { source: "${var.x}" } } }).modules[0].source).toBeUndefined();
  });

  test("providers with and without alias", () => {
    const c = config({ provider: { aws: [{ region: "us-east-1" }, { alias: "west", region: "us-west-2" }] } });
    expect(c.providers.map((p) => [p.name, p.alias, text(p.attributes.get("region"))])).toEqual([["aws", undefined, "us-east-1"], ["aws", "west", "us-west-2"]]);
    expect("alias" in c.providers[0]).toBe(false);
  });

  test("a backend, a cloud block, and a second backend refused", () => {
    const c = config({ terraform: { required_version: ">= 1", backend: { s3: { bucket: "b" } } } });
    expect(c.backend?.type).toBe("s3");
    expect(text(c.backend?.attributes.get("bucket"))).toBe("b");
    expect(config({ terraform: { cloud: { organization: "o" } } }).backend?.type).toBe("cloud");
    expect(config({ terraform: {} }).backend).toBeUndefined();
    expect(() => config({ terraform: [{ backend: { s3: {} } }, { backend: { local: {} } }] })).toThrow(/a second backend: one is already declared at main\.tf\.json:1:/);
  });

  test("outputs: value and sensitive", () => {
    const c = config({ output: { a: { value: "x", sensitive: true }, b: { value: 1 } } });
    expect(text(c.outputs.get("a")?.value)).toBe("x");
    expect(c.outputs.get("a")?.sensitive).toBe(true);
    expect(c.outputs.get("b")?.sensitive).toBe(false);
  });

  test("moved blocks without ${}; a non-text address refused", () => {
    expect(config({ moved: [{ from: "${a.b}", to: "a.c" }] }).moved.map((m) => [m.from, m.to])).toEqual([["a.b", "a.c"]]);
    expect(() => config({ moved: { from: 1, to: "a.c" } })).toThrow(/moved: "from" must be a resource or module address/);
    expect(() => config({ moved: { from: "a.b" } })).toThrow(/moved: "to" must be/);
  });

  test("removed blocks: destroy true unless lifecycle says false; unknown when not a literal", () => {
    const c = config({ removed: [{ from: "${ a.b }" }, { from: "a.c", lifecycle: { destroy: false } }, { from: "a.d", lifecycle: [{ destroy: "${var.d}" }] },
      { from: "a.e", lifecycle: [{ destroy: true }] }] });
    expect(c.removed.map((r) => [r.from, r.destroy])).toEqual([["a.b", true], ["a.c", false], ["a.d", "unknown"], ["a.e", true]]);
    expect(() => config({ removed: { lifecycle: {} } })).toThrow(/removed: "from" must be a resource or module address/);
  });

  test("the stack name from the first file that carries it", () => {
    const c = files(["a.tf.json", { "//": { metadata: { stackName: "one" } } }], ["b.tf.json", { "//": { metadata: { stackName: "two" } } }]);
    expect(c.stackName).toBe("one");
    expect(config({ "//": null }).stackName).toBeUndefined();
  });
});

// Survivors of the first Stryker run (issue 27): each test below asserts what a caller reads.
describe("what the first mutation run left", () => {
  const raw = (textOf: string) => parseConfiguration([{ file: "m.tf.json", text: textOf }]);

  test("comments in a body are no argument; a repeated block keeps its first position; arrays of values are no blocks", () => {
    const body = '{"resource":{"a":{"b":{"//":"c","x":{"p":{},"p":{"z":1}},"x":{"q":1},"v":[1,2],"m":[{"p":1},1],"n":null}}}}';
    const r = raw(body).resources[0];
    expect([...r.attributes.keys()]).toEqual(["x", "v", "m", "n"]);
    expect(r.attributes.get("n")).toEqual({ kind: "null" });
    expect([...r.attributePositions.keys()]).toEqual(["x", "x[0]", "x[0].p", "x[1]", "x[1].q", "v", "m", "n"]);
    expect(r.attributePositions.get("x")?.column).toBe(r.attributePositions.get("x[0]")?.column);
    expect(r.attributePositions.get("x[0].p")?.column).toBe(body.indexOf('"p":{}') + 5);
  });

  test("duplicates of every block kind are refused, naming the kind", () => {
    expect(() => config({ data: [{ a: { b: {} } }, { a: { b: {} } }] })).toThrow(/duplicate data source a\.b/);
    expect(() => config({ output: [{ o: {} }, { o: {} }] })).toThrow(/duplicate output o/);
    expect(() => config({ module: [{ m: {} }, { m: {} }] })).toThrow(/duplicate module m/);
    expect(() => files(["main.tf.json", {}], ["override.tf.json", { module: { m: {} } }])).toThrow(/declares module m, which/);
    expect(() => files(["main.tf.json", {}], ["override.tf.json", { data: { a: { b: {} } } }])).toThrow(/declares data source a\.b/);
    expect(() => files(["main.tf.json", {}], ["override.tf.json", { variable: { v: {} } }])).toThrow(/declares variable v/);
    expect(() => files(["main.tf.json", {}], ["override.tf.json", { output: { o: {} } }])).toThrow(/declares output o/);
    expect(config({ resource: { a: { b: {} } } }).resources[0].mode).toBe("managed");
    expect(config({ resource: { a: { b: {} } } }).resources[0].expansion).toEqual({ kind: "single" });
  });

  test("values that are not text are not taken as text (stack name, description, module version)", () => {
    expect(config({ "//": { metadata: { stackName: 5 } } }).stackName).toBeUndefined();
    expect(config({ variable: { v: { description: 5 } } }).variables.get("v")?.description).toBeUndefined();
    expect(config({ module: { m: { source: "./m", version: "${var.v}" } } }).modules[0].version).toBeUndefined();
    expect(config({ module: { m: { source: ["./m"], version: { v: 1 } } } }).modules[0]).toMatchObject({ source: undefined, version: undefined });
    expect(() => config({ terraform: { backend: 1 } })).toThrow(/terraform\.backend: expected an object/);
  });

  test("an output's sensitive as Terraform converts it: true, \"true\" and \"1\" are sensitive, false and \"0\" are not", () => {
    const c = config({ output: { a: { value: 1, sensitive: "true" }, b: { value: 1, sensitive: "1" }, c: { value: 1, sensitive: false },
      d: { value: 1, sensitive: "0" }, e: { value: 1, sensitive: true } } });
    expect(["a", "b", "c", "d", "e"].map((k) => c.outputs.get(k)?.sensitive)).toEqual([true, true, false, false, true]);
  });

  test("a variable's default read literally: bools, nulls and lists", () => {
    const c = config({ variable: { a: { default: true }, b: { default: null }, c: { default: [false, "x"] } } });
    expect(c.variables.get("a")?.default).toEqual({ kind: "bool", value: true });
    expect(c.variables.get("b")?.default).toEqual({ kind: "null" });
    expect(c.variables.get("c")?.default).toEqual({ kind: "list", items: [{ kind: "bool", value: false }, { kind: "string", value: "x" }] });
  });

  test("a repeated key mixing a block and a value is a duplicate argument, dynamic included", () => {
    expect(() => raw('{"resource":{"a":{"b":{"x":{},"x":1}}}}')).toThrow(/duplicate argument "x"/);
    expect(() => raw('{"resource":{"a":{"b":{"x":{},"x":[{},1]}}}}')).toThrow(/duplicate argument "x"/);
    expect(() => raw('{"resource":{"a":{"b":{"dynamic":{"r":{"for_each":[],"content":{}}},"dynamic":"x"}}}}')).toThrow(/duplicate argument "dynamic"/);
    expect(() => config({ resource: { a: { b: { dynamic: { r: 1 } } } } })).toThrow(/dynamic\.r: expected an object/);
  });

  test("dynamic blocks are appended to a written list of blocks, not nested in it", () => {
    const r = config({ resource: { a: { b: { ingress: [{ p: 0 }, { p: 1 }], dynamic: { ingress: { for_each: [2], content: { p: "${ingress.value}" } } } } } } }).resources[0];
    expect(items(r.attributes.get("ingress")).map((i) => num(field(i, "p")))).toEqual([0, 1, 2]);
  });

  test("a for_each text that is not one whole ${...} is not read as the set inside it", () => {
    for (const forEach of ['x${toset(["a"])}', '${toset(["a"])}x', "abc"]) {
      const c = config({ resource: { a: { b: { for_each: forEach } } } });
      expect(c.resources.map((r) => r.expansion.kind)).toEqual(["not evaluable"]);
    }
  });

  test("depends_on: none is empty; a lifecycle array of no object is no lifecycle", () => {
    expect(config({ resource: { a: { b: {} } } }).resources[0].dependsOn).toEqual([]);
    expect(config({ resource: { a: { b: { lifecycle: [1] } } } }).resources[0].lifecycle.size).toBe(0);
    expect(config({ removed: { from: "a.b", lifecycle: [1] } }).removed[0].destroy).toBe(true);
  });
});

// internal/configs/named_values.go (Local) and the graph that orders locals by reference: written order does not matter.
describe("locals resolved through a chain written backwards", () => {
  test("a local naming a local naming a local is read, whatever the order and the files", () => {
    const c = files(["a.tf.json", { locals: { a: "${local.b}-1", b: "${local.c}" } }], ["b.tf.json", { locals: { c: "${local.d}", d: { k: ["x"] } } }],
      ["c.tf.json", { resource: { r: { s: { v: "${local.a}" } } } }]);
    expect(c.locals.get("c")).toEqual(c.locals.get("d"));
  });

  test("a chain of text locals ends known", () => {
    const c = config({ locals: { a: "${local.b}", b: "${local.c}", c: "${local.d}", d: "x" }, resource: { r: { s: { v: "${local.a}" } } } });
    expect(["a", "b", "c", "d"].map((k) => text(c.locals.get(k)))).toEqual(["x", "x", "x", "x"]);
    expect(text(c.resources[0].attributes.get("v"))).toBe("x");
  });
});

describe("what the second mutation run left", () => {
  test("a comment without metadata names no stack; a comment in a module body is no argument", () => {
    expect(config({ "//": { note: "x" } }).stackName).toBeUndefined();
    expect([...config({ module: { m: { "//": "c", source: "./m" } } }).modules[0].attributes.keys()]).toEqual(["source"]);
  });

  test("an empty lifecycle array is no lifecycle, and a removed block's destroy stays true; no depends_on is none", () => {
    expect(config({ resource: { a: { b: { lifecycle: [] } } } }).resources[0].lifecycle.size).toBe(0);
    expect(config({ removed: { from: "a.b", lifecycle: [] } }).removed[0].destroy).toBe(true);
    expect(config({ resource: { a: { b: {} } } }).resources[0].dependsOn).toHaveLength(0);
  });

  test("a null sensitive is not sensitive", () => {
    expect(config({ variable: { v: { sensitive: null } } }).variables.get("v")?.sensitive).toBe(false);
  });

  test("locals holding objects that name locals are read to the end (a change inside an object is a change)", () => {
    const c = config({ locals: { a: { k: "${local.b}" }, b: { k: "${local.c}" }, c: "x" } });
    expect(text(field(field(c.locals.get("a"), "k"), "k"))).toBe("x");
  });
});

// Terraform's JSON syntax gives a reference as a string holding one static traversal: hcl.AbsTraversalForExpr
// (hashicorp/hcl v2 json/structure.go, expression.AsTraversal: hclsyntax.ParseTraversalAbs of the whole string,
// else "Invalid expression: A single static variable reference is required") for moved and removed addresses
// (internal/configs/moved.go, removed.go), depends_on (resource.go decodeDependsOn, after hcl.ExprList: "A static
// list expression is required") and provider (decodeProviderConfigRef); a dynamic block's iterator must be one
// name (hashicorp/hcl ext/dynblock/expand_spec.go: "Dynamic iterator must be a single variable name"). The reader
// also reads one whole "${...}" around it; text around a "${...}" is no reference, and is refused, never read as
// the address inside it (or kept as an address no resource has).
describe("a reference written as text is one address, or the configuration is refused", () => {
  const AROUND = ["x${a.b}", "${a.b}x", "${a.b} ${a.c}", "a.b c", "f(a.b)", ""];

  test("moved: from and to", () => {
    expect(config({ moved: { from: "${ a.b }", to: 'a.c["k"]' } }).moved.map((m) => [m.from, m.to])).toEqual([["a.b", 'a.c["k"]']]);
    for (const bad of AROUND) {
      expect(() => config({ moved: { from: bad, to: "a.c" } })).toThrow(/moved: "from" must be a resource or module address, such as "aws_db_instance\.db"/);
      expect(() => config({ moved: { from: "a.c", to: bad } })).toThrow(/moved: "to" must be a resource or module address/);
    }
  });

  test("removed: from", () => {
    expect(config({ removed: { from: "${module.m}" } }).removed[0].from).toBe("module.m");
    for (const bad of AROUND) {
      expect(() => config({ removed: { from: bad } })).toThrow(/removed: "from" must be a resource or module address, such as "aws_db_instance\.db"/);
    }
  });

  test("depends_on: a list of references, each one address", () => {
    expect(config({ resource: { a: { b: { depends_on: ["${aws_x.y}", "module.m"] } } } }).resources[0].dependsOn).toEqual(["aws_x.y", "module.m"]);
    for (const bad of [...AROUND, 1, null]) {
      expect(() => config({ resource: { a: { b: { depends_on: [bad] } } } }))
        .toThrow(/a\.b: "depends_on" must be a list of resource or module addresses, such as \["aws_iam_role\.monitoring"\]/);
    }
    expect(() => config({ resource: { a: { b: { depends_on: "aws_x.y" } } } })).toThrow(/a\.b: "depends_on" must be a list/);
    expect(() => config({ data: { a: { b: { depends_on: {} } } } })).toThrow(/data\.a\.b: "depends_on" must be a list/);
  });

  test("provider: a provider configuration reference", () => {
    expect(config({ resource: { a: { b: { provider: "${aws.west}" } } } }).resources[0].provider).toBe("aws.west");
    for (const bad of [...AROUND, 1, ["aws"]]) {
      expect(() => config({ resource: { a: { b: { provider: bad } } } }))
        .toThrow(/a\.b: "provider" must be a provider configuration reference, such as "aws" or "aws\.west"/);
    }
  });

  test("a dynamic block's iterator: one name", () => {
    const blocks = (iterator: unknown) => items(config({ resource: { a: { b: { dynamic: { rule: { for_each: ["p"], iterator,
      content: { v: "${it.value}" } } } } } } }).resources[0].attributes.get("rule")).map((i) => text(field(i, "v")));
    expect(blocks("it")).toEqual(["p"]);
    expect(blocks("${it}")).toEqual(["p"]);
    for (const bad of ["x${it}", "${it}x", "it.value", "it x", "", 1]) {
      expect(() => blocks(bad)).toThrow(/dynamic "rule": "iterator" must be one name, such as "rule"/);
    }
  });
});
