import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { Testing } from "cdktf";
import { buildApp } from "../../main";
import { PRODUCTION_STACK_NAME } from "../../stacks/checkpoints-db-stack";

/** Every [path, value] pair of string leaves whose key names a credential. */
function credentialLeaves(node: unknown, at: string[] = []): Array<[string, unknown]> {
  if (node === null || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([key, value]) => {
    const here = [...at, key];
    const own: Array<[string, unknown]> = /password|secret|token|private_key/i.test(key) && typeof value !== "object"
      ? [[here.join("."), value]] : [];
    return [...own, ...credentialLeaves(value, here)];
  });
}

describe("no literal secret in the synthesized JSON", () => {
  const password = `Pw-${crypto.randomBytes(18).toString("hex")}`;
  const env = { TF_VAR_db_password: password, PGPASSWORD: password, DATABASE_URL: `postgresql://u:${password}@h/d` };
  const saved = { ...process.env };
  let written = "";

  beforeAll(() => {
    // The password is in the deployer's environment, as it is during `cdktf deploy`.
    Object.assign(process.env, env);
    const app = buildApp(Testing.app(), process.env);
    app.synth();
    written = fs.readFileSync(path.join(app.outdir, "stacks", PRODUCTION_STACK_NAME, "cdk.tf.json"), "utf8");
  });
  afterAll(() => { process.env = saved; });

  test("the deployer's password does not leak from the environment into the plan", () => {
    expect(written.length).toBeGreaterThan(1000);
    expect(written).not.toContain(password);
  });

  test("every credential attribute is a variable reference, never a literal", () => {
    const leaves = credentialLeaves(JSON.parse(written)).filter(([at]) => at.startsWith("resource."));
    expect(leaves).toEqual([["resource.aws_db_instance.checkpoints.password", "${var.db_password}"]]);
  });

  test("the only password variable is sensitive and has no default", () => {
    const plan = JSON.parse(written);
    expect(plan.variable.db_password).toMatchObject({ sensitive: true, type: "string" });
    expect(plan.variable.db_password.default).toBeUndefined();
  });

  test("the detector would catch a literal", () => {
    const leaky = { resource: { aws_db_instance: { x: { password: "literal" } } } };
    expect(credentialLeaves(leaky)).toEqual([["resource.aws_db_instance.x.password", "literal"]]);
  });
});
