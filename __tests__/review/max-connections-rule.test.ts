import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../review/cli";
import { describeFinding } from "../../review/findings";
import { ReviewedPlan } from "../../plan/reviewed-plan";
import { reviewPlan } from "../../review/run-review";
import { parseConfiguration } from "../../plan";
import { documentPlan, synthesizedPlanDir, TerraformJson } from "../support/synth-plan";
import { captureIo } from "../support/capture-io";

const RULE = "CKPT-MAX-CONNECTIONS";
const plan = (json: unknown, minimum?: number) =>
  new ReviewedPlan("checkpoints-db", "memory.tf.json", parseConfiguration([{ file: "memory.tf.json", text: JSON.stringify(json) }]), minimum);
const verdict = (json: unknown, minimum?: number) => {
  const result = reviewPlan(plan(json, minimum)).results.find((r) => r.id === RULE)!;
  return { status: result.status, severity: result.severity, findings: result.findings.map(describeFinding) };
};
const db = (json: TerraformJson) => json.resource.aws_db_instance.checkpoints;
const parameters = (json: TerraformJson) => json.resource.aws_db_parameter_group.checkpoints.parameter as { name: string; value: string }[];

// Expected figures worked by hand from rds/max-connections.ts's facts, not read back from the code:
//   reserve observed: 2 GiB - 198 x 9531392 = 2147483648 - 1887215616 = 260268032 bytes
//   db.t4g.micro 1 GiB: formula 1073741824 / 9531392 = 112.6 -> at most 112; (1073741824 - 260268032) / 9531392 = 85.3 -> about 85
//   db.t4g.small 2 GiB: at most 225; about 198 (the observation itself)
describe("CKPT-MAX-CONNECTIONS: the plan's connection limit against minMaxConnections", () => {
  test("the document's plan (db.t4g.small, no max_connections set) passes the default minimum of 100", () => {
    expect(verdict(documentPlan())).toEqual({ status: "pass", severity: "warning", findings: [] });
  });

  test("a db.t4g.micro fails at warning severity: about 85 by default, though the formula's bound is 112", () => {
    const json = documentPlan();
    db(json).instance_class = "db.t4g.micro";
    expect(verdict(json)).toEqual({ status: "fail", severity: "warning", findings: [
      "aws_db_instance.checkpoints instance_class: found db.t4g.micro: about 85 connections by default (at most 112 by " +
      "LEAST({DBInstanceClassMemory/9531392}, 5000) on 1 GiB, less the memory RDS keeps); required max_connections >= 100 " +
      "(minMaxConnections): a larger class, or max_connections in the plan's parameter group",
    ] });
  });

  test("the minimum is the plan's own: db.t4g.small fails a minimum of 199 and passes 198", () => {
    expect(verdict(documentPlan(), 199).status).toBe("fail");
    expect(verdict(documentPlan(), 198).status).toBe("pass");
  });

  test("an unknown class cannot be evaluated: it fails closed, never passes", () => {
    const json = documentPlan();
    db(json).instance_class = "db.x9z.large";
    expect(verdict(json)).toEqual({ status: "fail", severity: "warning", findings: [
      "aws_db_instance.checkpoints cannot evaluate instance_class: db.x9z.large (its memory is not in rds/instance-classes.ts); " +
      "required max_connections >= 100 (minMaxConnections)",
    ] });
  });

  test("another engine's default is not PostgreSQL's formula: cannot evaluate", () => {
    const json = documentPlan();
    db(json).engine = "mysql";
    expect(verdict(json).findings).toEqual([
      "aws_db_instance.checkpoints cannot evaluate engine: mysql (the default formula the gate knows is RDS for PostgreSQL's); " +
      "required max_connections >= 100 (minMaxConnections)",
    ]);
  });

  test("a class from a variable without a default cannot be evaluated", () => {
    const json = documentPlan();
    json.variable.instance_class = { type: "string" };
    db(json).instance_class = "${var.instance_class}";
    expect(verdict(json).findings).toEqual([
      "aws_db_instance.checkpoints cannot evaluate instance_class: ${var.instance_class}; required max_connections >= 100 (minMaxConnections)",
    ]);
  });

  test("max_connections set in the plan's parameter group wins over the class's default, both ways", () => {
    const low = documentPlan();
    parameters(low).push({ name: "max_connections", value: "50" });
    expect(verdict(low).findings).toEqual([
      "aws_db_parameter_group.checkpoints parameter max_connections: found 50; required max_connections >= 100 (minMaxConnections)",
    ]);
    const high = documentPlan();
    db(high).instance_class = "db.t4g.micro";
    parameters(high).push({ name: "max_connections", value: "150" });
    expect(verdict(high).status).toBe("pass");
  });

  test("a formula in max_connections, or a group outside the plan, cannot be evaluated", () => {
    const formula = documentPlan();
    parameters(formula).push({ name: "max_connections", value: "LEAST({DBInstanceClassMemory/9531392},5000)" });
    expect(verdict(formula).findings).toEqual([
      "aws_db_parameter_group.checkpoints cannot evaluate parameter max_connections: LEAST({DBInstanceClassMemory/9531392},5000); " +
      "required max_connections >= 100 (minMaxConnections)",
    ]);
    const outside = documentPlan();
    db(outside).parameter_group_name = "team-postgres15";
    expect(verdict(outside).findings).toEqual([
      "aws_db_instance.checkpoints cannot evaluate parameter_group_name: team-postgres15 (a group outside the plan); " +
      "required max_connections >= 100 (minMaxConnections)",
    ]);
    const rdsDefault = documentPlan();
    db(rdsDefault).parameter_group_name = "default.postgres15";
    expect(verdict(rdsDefault).status).toBe("pass");
  });
});

describe("how the gate learns the minimum", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-capacity-"));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
  const file = path.join(work, "stacks", "checkpoints-db", "cdk.tf.json");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(documentPlan(), null, 2));
  const none = path.join(work, "none.json");
  fs.writeFileSync(none, "{}");
  const run = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
    const io = captureIo();
    const code = main(argv, io, env);
    const out = io.out();
    const result = out.startsWith("{") ? JSON.parse(out).stacks[0].results.find((r: { id: string }) => r.id === RULE) : undefined;
    return { code, status: result?.status, stderr: io.err() };
  };

  test("from the app's settings: CHECKPOINTS_MIN_MAX_CONNECTIONS as every setting is read", () => {
    expect(run([file, "--format", "json", "--suppressions", none]).status).toBe("pass");
    expect(run([file, "--format", "json", "--suppressions", none], { CHECKPOINTS_MIN_MAX_CONNECTIONS: "300" }).status).toBe("fail");
  });

  test("--min-max-connections sets it for every stack, over the settings", () => {
    expect(run([file, "--format", "json", "--suppressions", none, "--min-max-connections", "300"]).status).toBe("fail");
    expect(run([file, "--format", "json", "--suppressions", none, "--min-max-connections", "150"],
      { CHECKPOINTS_MIN_MAX_CONNECTIONS: "300" }).status).toBe("pass");
  });

  test("a bad minimum is bad input (exit 2) naming the flag or the setting, and what is accepted", () => {
    expect(run([file, "--min-max-connections", "lots"])).toEqual({ code: 2, status: undefined,
      stderr: "review: --min-max-connections must be a whole number of connections from 1 to 262143 (PostgreSQL's largest max_connections), not \"lots\"\n" });
    const bad = run([file], { CHECKPOINTS_MIN_MAX_CONNECTIONS: "0" });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("review: cannot read minMaxConnections (CKPT-MAX-CONNECTIONS) from the app's settings:");
    expect(bad.stderr).toContain("minMaxConnections = 0 (from environment variable CHECKPOINTS_MIN_MAX_CONNECTIONS)");
  });
});

describe("the repository's stacks", () => {
  test("production (db.t4g.small) passes; staging (db.t4g.micro, about 85) fails it and is suppressed with the reason", () => {
    const cdktfJson = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "cdktf.json"), "utf8"));
    const io = captureIo();
    expect(main([synthesizedPlanDir(cdktfJson.context.checkpoints), "--format", "json"], io, {})).toBe(0);
    const stacks = JSON.parse(io.out()).stacks as { stack: string; results: { id: string; status: string; suppression?: string }[] }[];
    const rule = (stack: string) => stacks.find((s) => s.stack === stack)!.results.find((r) => r.id === RULE)!;
    expect(rule("checkpoints-db").status).toBe("pass");
    expect(rule("checkpoints-db-staging").status).toBe("suppressed");
    expect(rule("checkpoints-db-staging").suppression).toContain("about 85");
  });
});
