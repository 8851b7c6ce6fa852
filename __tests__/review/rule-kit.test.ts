import { parameterValue, unlessExcluded } from "../../review/rule-kit";
import { finding } from "../../review/findings";
import { ReviewedPlan } from "../../plan/reviewed-plan";
import { reviewPlan } from "../../review/run-review";
import { RULES } from "../../review/rules";
import { parseConfiguration } from "../../plan";

// Issue 27: the helpers every rule is built from, through the rules that use them, on small configurations
// (no synth): each test catches a mutant of review/rule-kit.ts that survived the rest of the unit tier.
const configOf = (json: unknown) => parseConfiguration([{ file: "m.tf.json", text: JSON.stringify(json) }]);
const result = (json: unknown, id: string) =>
  reviewPlan(new ReviewedPlan("s", "m.tf.json", configOf(json)), {}, RULES.filter((r) => r.id === id)).results[0];
const VARIABLES = { engine: { type: "string" }, name: { type: "string" }, parameters: { type: "list(any)" } };

describe("unlessExcluded (checkov's engine exclusions)", () => {
  const failing = [finding("aws_db_instance.db", "x", "false", "true")];
  const db = (engine: unknown) => configOf({ variable: VARIABLES, resource: { aws_db_instance: { db: { engine } } } }).resources[0];
  const notPostgres = (e: string) => e !== "postgres";

  test("an engine it cannot read, on a failing check: cannot evaluate the engine, not the check's own finding", () => {
    expect(unlessExcluded(db("${var.engine}"), failing, "engine", notPostgres, "the engine")).toEqual([
      { address: "aws_db_instance.db", attribute: "engine", found: { unknown: "${var.engine}" }, required: "the engine" }]);
  });

  test("an excluded engine passes; PostgreSQL, no engine or an engine Terraform would refuse keep the finding", () => {
    expect(unlessExcluded(db("mysql"), failing, "engine", notPostgres, "the engine")).toEqual([]);
    expect(unlessExcluded(db("postgres"), failing, "engine", notPostgres, "the engine")).toEqual(failing);
    expect(unlessExcluded(db(null), failing, "engine", notPostgres, "the engine")).toEqual(failing);
    expect(unlessExcluded(db(["postgres"]), failing, "engine", notPostgres, "the engine")).toEqual(failing);
  });

  test("CKV_AWS_161 (IAM authentication) on an engine given as a list fails, never excluded", () => {
    const json = { resource: { aws_db_instance: { db: { engine: ["postgres"], iam_database_authentication_enabled: false } } } };
    expect(result(json, "CKV_AWS_161").status).toBe("fail");
  });
});

describe("parameterValue (a parameter group's setting)", () => {
  const group = (parameter: unknown, more: Record<string, unknown> = {}) => configOf({ variable: VARIABLES,
    resource: { aws_db_parameter_group: { g: { family: "postgres15", parameter, ...more } } } }).resources[0];

  test("the value of the block that names it, not of another block after it", () => {
    const g = group([{ name: "rds.force_ssl", value: "0" }, { name: "log_connections", value: "1" }]);
    expect(parameterValue(g, "rds.force_ssl")).toEqual({ state: "known", value: "0" });
    expect(parameterValue(g, "log_connections")).toEqual({ state: "known", value: "1" });
    expect(parameterValue(g, "max_connections")).toEqual({ state: "unset" });
  });

  test("a block whose name cannot be read makes every parameter unknown: it may be the one asked", () => {
    const g = group([{ name: "${var.name}", value: "0" }, { name: "rds.force_ssl", value: "1" }]);
    expect(parameterValue(g, "rds.force_ssl")).toEqual({ state: "unknown", expression: "${var.name}" });
  });

  test("a dynamic parameter block over a variable makes every parameter unknown", () => {
    const g = group([], { dynamic: { parameter: { for_each: "${var.parameters}", content: { name: "${parameter.value.n}", value: "1" } } } });
    const read = parameterValue(g, "rds.force_ssl");
    expect(read.state).toBe("unknown");
  });

  test("CKPT-TLS-REQUIRED: rds.force_ssl 0 fails even when a later parameter is 1", () => {
    const json = { resource: {
      aws_db_parameter_group: { g: { family: "postgres15", parameter: [{ name: "rds.force_ssl", value: "0" }, { name: "log_connections", value: "1" }] } },
      aws_db_instance: { db: { parameter_group_name: "${aws_db_parameter_group.g.name}" } } } };
    const r = result(json, "CKPT-TLS-REQUIRED");
    expect(r.status).toBe("fail");
    expect(r.findings).toEqual([expect.objectContaining({ attribute: "parameter rds.force_ssl", found: "0" })]);
  });
});

describe("numberIn", () => {
  test("CKV_AWS_118: an interval outside checkov's list fails, saying which values it takes", () => {
    const r = result({ resource: { aws_db_instance: { db: { monitoring_interval: 7 } } } }, "CKV_AWS_118");
    expect(r.status).toBe("fail");
    expect(r.findings).toEqual([expect.objectContaining({ attribute: "monitoring_interval", found: "7", required: "one of 1, 5, 10, 15, 30, 60" })]);
  });
});
