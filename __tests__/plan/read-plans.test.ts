import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { findConfigurations, parseConfiguration, readConfiguration, TerraformJsonError } from "../../plan";
import { readPlan, readPlans, ReviewInputError, reviewedPlanOf } from "../../plan/read-plans";
import { DOCUMENT_MIN_MAX_CONNECTIONS, ReviewedPlan, stackNameOf } from "../../plan/reviewed-plan";

// Issue 27: the reader's file-system edge (plan/read-configuration.ts, plan/read-plans.ts) and the plan every rule
// looks things up in (plan/reviewed-plan.ts), on small files: no 50 MB plan, no synth. Which files make one
// configuration is Terraform's rule: every *.tf.json (and *.tf) of one directory, merged; subdirectories are
// other modules (hashicorp/terraform internal/configs/parser_config_dir.go, dirFiles: `if info.IsDir() { continue }`).

const work = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-read-plans-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const write = (relative: string, json: unknown) => {
  const file = path.join(work, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof json === "string" ? json : JSON.stringify(json));
  return file;
};
const at = (relative: string) => path.join(work, relative);
const errorOf = (f: () => unknown): Error => {
  try {
    f();
  } catch (error) {
    return error as Error;
  }
  throw new Error("no error thrown");
};

describe("findConfigurations and readConfiguration", () => {
  test("a folder's *.tf.json files, sorted, make one configuration; other files and subfolders are not read", () => {
    write("one/b.tf.json", { resource: { aws_security_group: { sg: {} } } });
    write("one/a.tf.json", { resource: { aws_db_instance: { db: {} } } });
    write("one/notes.json", "not JSON at all");
    write("one/x.tf.json.bak", "not JSON at all");
    write("one/sub/c.tf.json", "not JSON at all");
    fs.mkdirSync(at("one/dir.tf.json"), { recursive: true });
    const c = readConfiguration(at("one"));
    expect(c.files).toEqual([at("one/a.tf.json"), at("one/b.tf.json")]);
    expect(c.resources.map((r) => r.address)).toEqual(["aws_db_instance.db", "aws_security_group.sg"]);
    expect(findConfigurations(at("one"))).toEqual([at("one")]);
  });

  test("a folder without *.tf.json is searched below, in name order, skipping node_modules, .terraform and .git", () => {
    for (const dir of ["tree/z", "tree/a/b", "tree/node_modules/m", "tree/.terraform/modules/m", "tree/.git/x", "tree/c.tf.json"]) {
      write(`${dir}/main.tf.json`, { resource: {} });
    }
    write("tree/plain.tf.json.txt", "{}");
    expect(findConfigurations(at("tree"))).toEqual([at("tree/a/b"), at("tree/c.tf.json"), at("tree/z")]);
    expect(findConfigurations(at("tree/z/main.tf.json"))).toEqual([at("tree/z/main.tf.json")]);
    // Name order as people read it (localeCompare), not byte order: "a" before "B".
    write("cased/B/main.tf.json", { resource: {} });
    write("cased/a/main.tf.json", { resource: {} });
    expect(findConfigurations(at("cased"))).toEqual([at("cased/a"), at("cased/B")]);
    fs.mkdirSync(at("empty-tree/sub"), { recursive: true });
    expect(findConfigurations(at("empty-tree"))).toEqual([]);
  });

  test("a path it cannot read, a folder with no *.tf.json, or HCL beside the JSON: an input error naming it", () => {
    expect(errorOf(() => findConfigurations(at("missing")))).toEqual(new TerraformJsonError(`cannot read ${at("missing")}: ENOENT`));
    expect(errorOf(() => readConfiguration(at("missing")))).toEqual(new TerraformJsonError(`cannot read ${at("missing")}: ENOENT`));
    fs.mkdirSync(at("none"), { recursive: true });
    expect(errorOf(() => readConfiguration(at("none")))).toEqual(new TerraformJsonError(`no *.tf.json file in ${at("none")}`));
    write("hcl/main.tf.json", { resource: {} });
    write("hcl/z.tf", "");
    write("hcl/a.tf", "");
    write("hcl/a.tfvars", "");
    expect(errorOf(() => readConfiguration(at("hcl"))).message).toBe(`${at("hcl")} also holds HCL files (a.tf, z.tf), which Terraform ` +
      "would merge and this reader cannot read; review `terraform show -json` of the plan instead, or convert them to *.tf.json");
    expect(errorOf(() => readConfiguration(at("hcl")))).toBeInstanceOf(TerraformJsonError);
  });
});

describe("readPlans and readPlan", () => {
  test("each stack found under the paths, named by cdktf's metadata or its folder, with its minimum connections", () => {
    write("stacks/staging/cdk.tf.json", { "//": { metadata: { stackName: "staging-db" } }, resource: {} });
    write("stacks/prod/cdk.tf.json", { resource: {} });
    const plans = readPlans([at("stacks")], (stack) => (stack === "prod" ? 300 : 50));
    expect(plans.map((p) => [p.stack, p.file, p.minMaxConnections])).toEqual([[ "prod", at("stacks/prod"), 300], ["staging-db", at("stacks/staging"), 50]]);
    expect(readPlans([at("stacks/prod")])[0].minMaxConnections).toBe(DOCUMENT_MIN_MAX_CONNECTIONS);
    expect(readPlans([at("stacks/prod"), at("stacks/staging/cdk.tf.json")]).map((p) => p.stack)).toEqual(["prod", "staging-db"]);
  });

  test("bad input is a ReviewInputError naming the path and the fix", () => {
    const missing = errorOf(() => readPlans([at("missing")]));
    expect(missing).toBeInstanceOf(ReviewInputError);
    expect(missing.message).toBe(`${at("missing")} does not exist; run \`npm run synth\` first, or name a *.tf.json file or a directory holding some`);
    fs.mkdirSync(at("no-json/sub"), { recursive: true });
    expect(errorOf(() => readPlans([at("no-json")]))).toEqual(new ReviewInputError(`no *.tf.json found under ${at("no-json")}; run \`npm run synth\` first`));
    write("dup/a.tf.json", { resource: { aws_db_instance: { db: {} } } });
    write("dup/b.tf.json", { resource: { aws_db_instance: { db: {} } } });
    const duplicate = errorOf(() => readPlans([at("dup")]));
    expect(duplicate).toBeInstanceOf(ReviewInputError);
    expect(duplicate.message).toMatch(/duplicate resource aws_db_instance\.db/);
    expect((duplicate as ReviewInputError).code).toBe("REVIEW_INPUT");
    expect(duplicate.name).toBe("ReviewInputError");
  });

  test("readPlan: one stack; invalid JSON is located, its text never echoed", () => {
    write("single/cdk.tf.json", { resource: { aws_db_instance: { db: {} } } });
    const plan = readPlan(at("single/cdk.tf.json"));
    expect([plan.stack, plan.file, plan.minMaxConnections]).toEqual(["single", at("single/cdk.tf.json"), DOCUMENT_MIN_MAX_CONNECTIONS]);
    expect(errorOf(() => readPlan(at("missing")))).toEqual(new ReviewInputError(`${at("missing")} does not exist; run \`npm run synth\` first`));
    write("broken/cdk.tf.json", '{"password": "hunter2"');
    const broken = errorOf(() => readPlan(at("broken/cdk.tf.json")));
    expect(broken).toBeInstanceOf(ReviewInputError);
    expect(broken.message).toMatch(new RegExp(`^${at("broken/cdk.tf.json").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is not valid JSON: line 1, column \\d+: `));
    expect(broken.message).not.toContain("hunter2");
    // Its own files: Stryker runs each covering test alone.
    write("dup-single/a.tf.json", { resource: { aws_db_instance: { db: {} } } });
    write("dup-single/b.tf.json", { resource: { aws_db_instance: { db: {} } } });
    expect(errorOf(() => readPlan(at("dup-single")))).toBeInstanceOf(ReviewInputError);
    fs.mkdirSync(at("no-json-here"), { recursive: true });
    expect(errorOf(() => readPlan(at("no-json-here")))).toEqual(new ReviewInputError(`no *.tf.json file in ${at("no-json-here")}`));
  });

  test("reviewedPlanOf: JSON read by the same reader, as <stack>/cdk.tf.json; a ReviewedPlan as it is", () => {
    const plan = reviewedPlanOf({ stack: "dev", json: { resource: { aws_db_instance: { db: {} } } } });
    expect([plan.stack, plan.file, plan.config.resources.map((r) => r.address)]).toEqual(["dev", path.join("dev", "cdk.tf.json"), ["aws_db_instance.db"]]);
    expect(reviewedPlanOf(plan)).toBe(plan);
  });
});

describe("ReviewedPlan's look-ups", () => {
  const config = parseConfiguration([{ file: "p.tf.json", text: JSON.stringify({ resource: {
    aws_security_group: { a: {}, b: {} }, aws_db_instance: { db: { vpc_security_group_ids: ["${aws_security_group.a.id}"],
      parameter_group_name: "${data.aws_security_group.a.name}", db_subnet_group_name: "${aws_db_subnet_group.a.name}", identifier: "x" } },
    aws_db_subnet_group: { a: {} } } }) }]);
  const plan = new ReviewedPlan("s", "p.tf.json", config);
  const attr = (name: string) => plan.dbInstances()[0].attributes.get(name);

  test("instances of the given types, in declaration order", () => {
    expect(plan.instances("aws_db_subnet_group", "aws_security_group").map((r) => r.address))
      .toEqual(["aws_security_group.a", "aws_security_group.b", "aws_db_subnet_group.a"]);
    expect(plan.dbInstances().map((r) => r.address)).toEqual(["aws_db_instance.db"]);
  });

  test("referenced: the managed block a reference names, of the type asked; a data source, another type or a literal is none", () => {
    const ids = attr("vpc_security_group_ids");
    const first = ids?.kind === "list" ? ids.items[0] : undefined;
    expect(plan.referenced(first).map((r) => r.address)).toEqual(["aws_security_group.a"]);
    expect(plan.referenced(first, "aws_security_group").map((r) => r.address)).toEqual(["aws_security_group.a"]);
    expect(plan.referenced(first, "aws_db_subnet_group")).toEqual([]);
    expect(plan.referenced(attr("db_subnet_group_name"), "aws_db_subnet_group").map((r) => r.address)).toEqual(["aws_db_subnet_group.a"]);
    expect(plan.referenced(attr("parameter_group_name"))).toEqual([]);
    expect(plan.referenced(attr("identifier"))).toEqual([]);
    expect(plan.referenced(undefined)).toEqual([]);
  });

  test("stackNameOf: cdktf's stackName, else the first file's folder, else the target's", () => {
    expect(stackNameOf(parseConfiguration([{ file: "out/stacks/prod/cdk.tf.json", text: "{}" }]), "ignored")).toBe("prod");
    expect(stackNameOf(parseConfiguration([{ file: "x/cdk.tf.json", text: JSON.stringify({ "//": { metadata: { stackName: "named" } } }) }]), "t"))
      .toBe("named");
    expect(stackNameOf(parseConfiguration([]), "out/stacks/dev/cdk.tf.json")).toBe("dev");
  });
});
