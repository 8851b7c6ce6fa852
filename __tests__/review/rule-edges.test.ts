import { reviewPlan } from "../../review/run-review";
import { validateSuppressions } from "../../review/suppressions";
import { openToTheWorld } from "../../review/checkov-security-groups";
import { parseConfiguration } from "../../plan";
import { ReviewedPlan } from "../../plan/reviewed-plan";
import { documentPlan, TerraformJson } from "../support/synth-plan";

// Issue 27: each test here catches a realistic mutant of the gate that survived the rest of the suite.
const db = (j: TerraformJson) => j.resource.aws_db_instance.checkpoints;
const sg = (j: TerraformJson) => j.resource.aws_security_group.checkpoints_db;
const group = (j: TerraformJson) => j.resource.aws_db_parameter_group.checkpoints;
const planOf = (json: unknown, stack: string) =>
  new ReviewedPlan(stack, "memory.tf.json", parseConfiguration([{ file: "memory.tf.json", text: JSON.stringify(json) }]));
const result = (j: unknown, id: string, stack = "checkpoints-db", suppressions = {}) =>
  reviewPlan(planOf(j, stack), suppressions).results.find((r) => r.id === id);

test("the app subnet is var.app_subnet_cidr, not any variable: another one cannot be evaluated and fails the error rule", () => {
  const j = documentPlan();
  j.variable.other_cidr = { type: "string" };
  sg(j).ingress[0].cidr_blocks = ["${var.other_cidr}"];
  const r = result(j, "CKPT-SG-APP-SUBNET-ONLY");
  expect(r?.status).toBe("fail");
  expect(JSON.stringify(r?.findings)).toContain("var.other_cidr");
  expect(result(documentPlan(), "CKPT-SG-APP-SUBNET-ONLY")?.status).toBe("pass");
});

test("a suppression is for its own stack only: staging's leaves production's finding failing", () => {
  const j = documentPlan();
  db(j).instance_class = "db.t4g.micro";
  const suppressions = { "checkpoints-db-staging": [{ rule: "CKPT-MAX-CONNECTIONS", reason: "staging is small on purpose" }] };
  expect(result(j, "CKPT-MAX-CONNECTIONS", "checkpoints-db", suppressions)?.status).toBe("fail");
  expect(result(j, "CKPT-MAX-CONNECTIONS", "checkpoints-db-staging", suppressions)?.status).toBe("suppressed");
});

test("a suppression reason of white space is no reason", () => {
  expect(() => validateSuppressions({ "checkpoints-db": [{ rule: "CKPT-MAX-CONNECTIONS", reason: "             " }] }, "s.json"))
    .toThrow('stack "checkpoints-db" entry 0: a suppression needs a written reason');
});

test("a dynamic parameter block over a variable: TLS and max_connections cannot be evaluated, never pass", () => {
  const j = documentPlan();
  j.variable.parameters = { type: "list(object({ name = string, value = string }))" };
  group(j).parameter = [];
  group(j).dynamic = { parameter: { for_each: "${var.parameters}", content: { name: "${parameter.value.name}", value: "${parameter.value.value}" } } };
  for (const id of ["CKPT-TLS-REQUIRED", "CKPT-MAX-CONNECTIONS"]) {
    const r = result(j, id);
    expect([id, r?.status]).toEqual([id, "fail"]);
    expect(JSON.stringify(r?.findings)).toMatch(/cannot evaluate|var\.parameters/);
  }
});

test("rds.force_ssl absent from the group is reported as (not set)", () => {
  const j = documentPlan();
  group(j).parameter = group(j).parameter.filter((p: { name: string }) => p.name !== "rds.force_ssl");
  const r = result(j, "CKPT-TLS-REQUIRED");
  expect(r?.status).toBe("fail");
  expect(r?.findings[0]).toMatchObject({ found: "(not set)" });
});

test("publicly_accessible unset is the provider's default, false: it passes", () => {
  const j = documentPlan();
  delete db(j).publicly_accessible;
  expect(result(j, "CKPT-NOT-PUBLIC")?.status).toBe("pass");
});

test("a duplicate argument is refused when any two values differ, not only when all repeat", () => {
  const text = '{"resource": {"aws_db_instance": {"db": {"engine": "postgres", "engine": "mysql"}}}}';
  expect(() => parseConfiguration([{ file: "m.tf.json", text }])).toThrow('duplicate argument "engine"');
  const three = '{"resource": {"aws_db_instance": {"db": {"port": 5432, "port": 5432, "port": 3306}}}}';
  expect(() => parseConfiguration([{ file: "m.tf.json", text: three }])).toThrow('duplicate argument "port"');
});

test("an open ingress block before a self block still fails, as checkov decides it (it returns at the open rule)", () => {
  const config = parseConfiguration([{ file: "m.tf.json", text: JSON.stringify({ resource: { aws_security_group: { g: { ingress: [
    { from_port: 5432, to_port: 5432, protocol: "tcp", cidr_blocks: ["0.0.0.0/0"] },
    { from_port: 0, to_port: 0, protocol: "-1", self: true },
  ] } } } }) }]);
  const findings = openToTheWorld(config.resources[0], "ingress", 5432);
  expect(findings).toHaveLength(1);
  expect(findings[0]).toMatchObject({ found: "open to the world on port 5432" });
});
