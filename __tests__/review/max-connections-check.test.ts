import { maxConnectionsFindings } from "../../review/max-connections-check";
import { maxConnectionsEstimateForClass } from "../../rds/max-connections";
import { ReviewedPlan } from "../../plan/reviewed-plan";
import { parseConfiguration } from "../../plan";

// Issue 27: CKPT-MAX-CONNECTIONS on small configurations (no synth), at the edges of where the limit comes
// from (the plan's parameter group, RDS's default group, a group outside the plan) and of the minimum: each
// test catches a mutant of review/max-connections-check.ts that survived the rest of the unit tier.
const VARIABLES = { v: { type: "string" } };
function check(db: Record<string, unknown>, parameters?: unknown, minimum = 100) {
  const resource: Record<string, unknown> = { aws_db_instance: { db: { engine: "postgres", instance_class: "db.t4g.small", ...db } } };
  if (parameters !== undefined) resource.aws_db_parameter_group = { g: { family: "postgres15", parameter: parameters } };
  const config = parseConfiguration([{ file: "m.tf.json", text: JSON.stringify({ variable: VARIABLES, resource }) }]);
  const plan = new ReviewedPlan("s", "m.tf.json", config, minimum);
  return maxConnectionsFindings(plan, plan.dbInstances()[0]);
}
const IN_GROUP = { parameter_group_name: "${aws_db_parameter_group.g.name}" };
const maxConnections = (value: unknown) => [{ name: "max_connections", value }];
const SMALL = maxConnectionsEstimateForClass("db.t4g.small")!;
const REQUIRED = "max_connections >= 100 (minMaxConnections)";

describe("CKPT-MAX-CONNECTIONS: where the limit comes from", () => {
  test("the plan's group sets it: at the minimum passes, one below fails naming the group's value", () => {
    expect(check(IN_GROUP, maxConnections("100"))).toEqual([]);
    expect(check(IN_GROUP, maxConnections(" 150 "))).toEqual([]);
    expect(check(IN_GROUP, maxConnections("99"))).toEqual([{ address: "aws_db_parameter_group.g", attribute: "parameter max_connections",
      found: "99", required: REQUIRED }]);
    // The group wins over the class: a large class with a small setting still fails.
    expect(check({ ...IN_GROUP, instance_class: "db.r6g.4xlarge" }, maxConnections("50"))).toHaveLength(1);
  });

  test("a setting from a variable's default is judged, and says where it came from", () => {
    const resource = { aws_db_instance: { db: { engine: "postgres", ...IN_GROUP } },
      aws_db_parameter_group: { g: { parameter: [{ name: "max_connections", value: "${var.mc}" }] } } };
    const config = parseConfiguration([{ file: "m.tf.json", text: JSON.stringify({ variable: { mc: { default: "20" } }, resource }) }]);
    const plan = new ReviewedPlan("s", "m.tf.json", config);
    expect(maxConnectionsFindings(plan, plan.dbInstances()[0])).toEqual([expect.objectContaining({ found: "20", from: "the default of var.mc" })]);
  });

  test("a setting it cannot read, a formula, or a value Terraform would refuse never passes", () => {
    expect(check(IN_GROUP, maxConnections("${var.v}"))).toEqual([{ address: "aws_db_parameter_group.g", attribute: "parameter max_connections",
      found: { unknown: "${var.v}" }, required: REQUIRED }]);
    expect(check(IN_GROUP, maxConnections("{DBInstanceClassMemory/9531392}"))).toEqual([expect.objectContaining({
      found: { unknown: "{DBInstanceClassMemory/9531392}" } })]);
    for (const written of ["200x", "x200", "2 00", "-200", "1e3"]) {
      expect([written, check(IN_GROUP, maxConnections(written))[0]?.found]).toEqual([written, { unknown: written }]);
    }
    expect(check(IN_GROUP, maxConnections(["500"]))).toEqual([expect.objectContaining({ found: '["500"] (not a string)' })]);
  });

  test("the plan's group without max_connections: the class's default decides", () => {
    expect(check(IN_GROUP, [{ name: "rds.force_ssl", value: "1" }])).toEqual([]);
    expect(check({ ...IN_GROUP, instance_class: "db.t4g.micro" }, [{ name: "rds.force_ssl", value: "1" }])).toEqual([
      expect.objectContaining({ attribute: "instance_class" })]);
  });

  test("a reference to a group the plan does not create cannot be evaluated", () => {
    expect(check({ parameter_group_name: "${aws_db_parameter_group.other.name}" }, maxConnections("500"))).toEqual([{
      address: "aws_db_instance.db", attribute: "parameter_group_name", found: { unknown: "${aws_db_parameter_group.other.name}" },
      required: `${REQUIRED}: a parameter group the plan creates` }]);
  });

  test("a group named in place: RDS's default.* keeps the formula, any other may set anything", () => {
    expect(check({ parameter_group_name: "default.postgres15" })).toEqual([]);
    expect(check({ parameter_group_name: "default.postgres15", instance_class: "db.t4g.micro" })).toHaveLength(1);
    expect(check({ parameter_group_name: "custom-default." })).toEqual([{ address: "aws_db_instance.db", attribute: "parameter_group_name",
      found: { unknown: "custom-default. (a group outside the plan)" }, required: REQUIRED }]);
    expect(check({ parameter_group_name: "${var.v}" })).toEqual([expect.objectContaining({ attribute: "parameter_group_name",
      found: { unknown: "${var.v}" }, required: REQUIRED })]);
  });

  test("a group name Terraform would refuse (a list) is a finding, never the class's default", () => {
    expect(check({ parameter_group_name: ["default.postgres15"] })).toEqual([{ address: "aws_db_instance.db", attribute: "parameter_group_name",
      found: '["default.postgres15"] (not a string)', required: REQUIRED }]);
  });

  test("no group, or null: the class's default decides", () => {
    expect(check({})).toEqual([]);
    expect(check({ parameter_group_name: null })).toEqual([]);
    expect(check({ parameter_group_name: null, instance_class: "db.t4g.micro" })).toHaveLength(1);
  });
});

describe("CKPT-MAX-CONNECTIONS: the class's default", () => {
  test("about as many as the minimum passes, one more required fails with the estimate", () => {
    expect(check({}, undefined, SMALL.about)).toEqual([]);
    expect(check({}, undefined, SMALL.about + 1)).toEqual([{ address: "aws_db_instance.db", attribute: "instance_class",
      found: `db.t4g.small: about ${SMALL.about} connections by default (at most ${SMALL.atMost} by LEAST({DBInstanceClassMemory/9531392}, 5000) ` +
        `on ${SMALL.memoryGib} GiB, less the memory RDS keeps)`,
      required: `max_connections >= ${SMALL.about + 1} (minMaxConnections): a larger class, or max_connections in the plan's parameter group` }]);
  });

  test("the formula is PostgreSQL's: another engine, or one it cannot read, cannot be evaluated; none is PostgreSQL's", () => {
    expect(check({ engine: "mysql" })).toEqual([{ address: "aws_db_instance.db", attribute: "engine",
      found: { unknown: "mysql (the default formula the gate knows is RDS for PostgreSQL's)" }, required: REQUIRED }]);
    expect(check({ engine: "${var.v}" })).toEqual([expect.objectContaining({ attribute: "engine", found: { unknown: "${var.v}" } })]);
    expect(check({ engine: null })).toEqual([]);
  });

  test("a class it cannot read, none, one Terraform would refuse, or one of unknown memory never passes", () => {
    expect(check({ instance_class: "${var.v}" })).toEqual([{ address: "aws_db_instance.db", attribute: "instance_class",
      found: { unknown: "${var.v}" }, required: REQUIRED }]);
    expect(check({ instance_class: null })).toEqual([{ address: "aws_db_instance.db", attribute: "instance_class", found: "(not set)", required: REQUIRED }]);
    expect(check({ instance_class: ["db.t4g.small"] })).toEqual([{ address: "aws_db_instance.db", attribute: "instance_class",
      found: '["db.t4g.small"] (not a string)', required: REQUIRED }]);
    expect(check({ instance_class: "db.x99.huge" })).toEqual([{ address: "aws_db_instance.db", attribute: "instance_class",
      found: { unknown: "db.x99.huge (its memory is not in rds/instance-classes.ts)" }, required: REQUIRED }]);
  });
});
