// References read and resolved as Terraform evaluates them (change-review/reference-values.ts), called
// directly (issue 27, mutation testing): a configured argument is planned as written, a computed one is
// known only from state; a local or variable whose definition changed, or an impure function
// (timestamp, plantimestamp, uuid, bcrypt: Terraform's "impure" functions in internal/lang/funcs), may yield
// a new value.
import { PlannedResource } from "../../change-review/planned-configuration";
import { changedInputs, mayYieldNewValue, referencedResources, renameReferences, resolveReferences } from "../../change-review/reference-values";

const resource = (address: string, attributes: Record<string, unknown>): [string, PlannedResource] =>
  [address, { address, type: address.split(".")[0], resource: address.replace(/\[.*$/, ""), attributes }];

describe("referencedResources", () => {
  test("a resource and the attribute named after it; none for a plain string", () => {
    expect(referencedResources("${aws_kms_key.db.arn}")).toEqual([{ resource: "aws_kms_key.db", attribute: "arn" }]);
    expect(referencedResources("${aws_kms_key.db}")).toEqual([{ resource: "aws_kms_key.db" }]);
    expect(referencedResources("aws_kms_key.db.arn")).toEqual([]);
    expect(referencedResources(undefined)).toEqual([]);
  });

  test("an instance key is part of the reference, not of the block", () => {
    expect(referencedResources('${aws_subnet.app[0].id} ${aws_subnet.app["b"].id}')).toEqual([
      { resource: "aws_subnet.app", attribute: "id" }, { resource: "aws_subnet.app", attribute: "id" }]);
  });

  test("every reference of an expression, inside lists and objects too", () => {
    expect(referencedResources({ ids: ["${aws_security_group.db.id}"], arn: "${aws_kms_key.db.arn}-x" })).toEqual([
      { resource: "aws_security_group.db", attribute: "id" }, { resource: "aws_kms_key.db", attribute: "arn" }]);
  });

  test("data sources and module outputs are not resources of this configuration", () => {
    expect(referencedResources("${data.aws_iam_policy_document.assume.json}")).toEqual([]);
    expect(referencedResources("${module.aws_network.subnet_id}")).toEqual([]);
    expect(referencedResources("${data.aws_kms_key.shared.arn} ${aws_kms_key.db.arn}")).toEqual([{ resource: "aws_kms_key.db", attribute: "arn" }]);
    expect(referencedResources("Key for ${aws_db_instance.db.identifier} data.")).toEqual([{ resource: "aws_db_instance.db", attribute: "identifier" }]);
  });

  test("through a local, as written in the configuration; a local that names itself ends", () => {
    const inputs = new Map([["local.key", JSON.stringify("${aws_kms_key.db.arn}")], ["local.loop", JSON.stringify("${local.loop}")],
      ["var.key", JSON.stringify("${aws_kms_key.other.arn}")]]);
    expect(referencedResources("${local.key}", inputs)).toEqual([{ resource: "aws_kms_key.db", attribute: "arn" }]);
    expect(referencedResources("${local.loop}", inputs)).toEqual([]);
    expect(referencedResources("${var.key}", inputs)).toEqual([]);
    expect(referencedResources("${local.unknown}", inputs)).toEqual([]);
  });
});

describe("resolveReferences", () => {
  const resources = new Map([
    resource("aws_kms_key.db", { description: "checkpoints key", policy: "${data.aws_iam_policy_document.key.json}", nothing: null }),
    resource("aws_db_subnet_group.db", { name: "${aws_kms_key.db.description}" }),
    resource("aws_subnet.app[0]", { cidr_block: "10.0.1.0/24" }),
    resource("aws_loop.a", { name: "${aws_loop.a.name}" }),
    resource("aws_kms_key.unset", { description: undefined }),
    // A chain of nine configured references, the longest the resolution follows.
    ...Array.from({ length: 9 }, (_, i) => resource(`aws_chain.c${i}`, { name: i === 8 ? "end" : `\${aws_chain.c${i + 1}.name}` })),
  ]);

  test("a whole reference to a configured argument is its value", () => {
    expect(resolveReferences("${aws_kms_key.db.description}", resources)).toBe("checkpoints key");
    expect(resolveReferences("${ aws_kms_key.db.description }", resources)).toBe("checkpoints key");
    expect(resolveReferences("${aws_subnet.app[0].cidr_block}", resources)).toBe("10.0.1.0/24");
  });

  test("followed through another configured reference", () => {
    expect(resolveReferences("${aws_db_subnet_group.db.name}", resources)).toBe("checkpoints key");
  });

  test("a computed attribute, a missing resource, a null or an unevaluated value stays the reference", () => {
    for (const text of ["${aws_kms_key.db.arn}", "${aws_kms_key.gone.description}", "${aws_kms_key.db.nothing}", "${aws_kms_key.db.policy}",
      "${aws_subnet.app[1].cidr_block}", "${aws_kms_key.db.constructor}"]) {
      expect(resolveReferences(text, resources)).toBe(text);
    }
  });

  test("only a whole reference: one inside a longer expression stays as written", () => {
    expect(resolveReferences("key-${aws_kms_key.db.description}", resources)).toBe("key-${aws_kms_key.db.description}");
  });

  test("a chain of nine references resolves to the value at its end", () => {
    expect(resolveReferences("${aws_chain.c0.name}", resources)).toBe("end");
  });

  test("an argument present but undefined is not a value: the reference stays", () => {
    expect(resolveReferences("${aws_kms_key.unset.description}", resources)).toBe("${aws_kms_key.unset.description}");
  });

  test("a reference to itself ends, left as written", () => {
    expect(resolveReferences("${aws_loop.a.name}", resources)).toBe("${aws_loop.a.name}");
  });

  test("inside lists and plain objects; other values as they are", () => {
    expect(resolveReferences({ a: ["${aws_kms_key.db.description}"], b: 5 }, resources)).toEqual({ a: ["checkpoints key"], b: 5 });
    const notPlain = new (class { value = "${aws_kms_key.db.description}"; })();
    expect(resolveReferences(notPlain, resources)).toBe(notPlain);
    expect(resolveReferences(null, resources)).toBeNull();
    expect(resolveReferences(undefined, resources)).toBeUndefined();
    expect(resolveReferences({ a: null, b: undefined }, resources)).toEqual({ a: null, b: undefined });
  });
});

describe("renameReferences: the base's references under the head's moved addresses", () => {
  const renames = new Map([["aws_kms_key.old", "aws_kms_key.new"], ["aws_subnet.app[0]", "aws_subnet.app_a"]]);

  test("a moved object's reference names its new address", () => {
    expect(renameReferences("${aws_kms_key.old.arn}", renames)).toBe("${aws_kms_key.new.arn}");
    expect(renameReferences("${aws_kms_key.old}", renames)).toBe("${aws_kms_key.new}");
    expect(renameReferences("${aws_subnet.app[0].id}", renames)).toBe("${aws_subnet.app_a.id}");
    expect(renameReferences("${[aws_kms_key.old, aws_kms_key.old]}", renames)).toBe("${[aws_kms_key.new, aws_kms_key.new]}");
  });

  test("only whole names, only in expressions", () => {
    expect(renameReferences("${aws_kms_key.older.arn}", renames)).toBe("${aws_kms_key.older.arn}");
    expect(renameReferences("${data.aws_kms_key.old.arn}", renames)).toBe("${data.aws_kms_key.old.arn}");
    expect(renameReferences("${aws_subnet.app[1].id}", renames)).toBe("${aws_subnet.app[1].id}");
    expect(renameReferences("aws_kms_key.old", renames)).toBe("aws_kms_key.old");
  });

  test("inside lists and plain objects; no renames leaves the value as it is", () => {
    expect(renameReferences({ a: ["${aws_kms_key.old.arn}"], b: 5 }, renames)).toEqual({ a: ["${aws_kms_key.new.arn}"], b: 5 });
    const notPlain = new (class { value = "${aws_kms_key.old.arn}"; })();
    expect(renameReferences(notPlain, renames)).toBe(notPlain);
    expect(renameReferences({ a: null, b: undefined, c: 5 }, renames)).toEqual({ a: null, b: undefined, c: 5 });
    const value = { a: "${aws_kms_key.old.arn}" };
    expect(renameReferences(value, new Map())).toBe(value);
  });
});

describe("changedInputs", () => {
  test("a definition added, removed or changed; and whatever reads it, however far", () => {
    const base = new Map([["var.a", "1"], ["var.gone", "1"], ["local.same", "\"x\""], ["local.far", "\"${local.near}\""], ["local.near", "\"${var.a}\""]]);
    const head = new Map([["var.a", "2"], ["var.new", "1"], ["local.same", "\"x\""], ["local.far", "\"${local.near}\""], ["local.near", "\"${var.a}\""]]);
    expect([...changedInputs(base, head)].sort()).toEqual(["local.far", "local.near", "var.a", "var.gone", "var.new"]);
  });

  test("nothing changed: nothing", () => {
    const same = new Map([["local.a", "\"${var.b}\""], ["var.b", "1"]]);
    expect(changedInputs(same, new Map(same))).toEqual(new Set());
  });
});

describe("mayYieldNewValue", () => {
  test.each(["timestamp", "plantimestamp", "uuid", "bcrypt"])("%s() gives a new value on every run", (fn) => {
    expect(mayYieldNewValue(`\${formatdate("YYYY", ${fn} ())}`, new Set())).toBe(`${fn}() gives a new value on every run`);
  });

  test("an input that changed: the expression cannot be evaluated", () => {
    expect(mayYieldNewValue("${local.name}-db", new Set(["local.name"]))).toBe("local.name changed, and the review cannot evaluate this expression");
    expect(mayYieldNewValue("${local.name}-db", new Set(["local.other"]))).toBeUndefined();
  });

  test("a literal, or a method named like an impure function, is not one", () => {
    expect(mayYieldNewValue("timestamp()", new Set())).toBeUndefined();
    expect(mayYieldNewValue("${provider.uuid()}", new Set())).toBeUndefined();
    expect(mayYieldNewValue("${mytimestamp()}", new Set())).toBeUndefined();
  });
});
