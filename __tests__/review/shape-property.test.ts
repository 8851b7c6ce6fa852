import { ReviewedPlan } from "../../plan/reviewed-plan";
import { reviewPlan } from "../../review/run-review";
import { parseConfiguration } from "../../plan";
import { synthProductionStack, TerraformJson } from "../support/synth-plan";
import { reshape, seeded } from "../support/terraform-json-shapes";

/** Picks one of the options with the seeded generator. */
const oneOf = <T>(random: () => number, options: readonly T[]): T => options[Math.floor(random() * options.length)];

/**
 * A random plan: the document's plan with each attribute the rules read set, unset or varied at random
 * (values in both of Terraform's spellings), extra rules, groups and instances by count or for_each.
 */
function randomPlan(base: TerraformJson, random: () => number): TerraformJson {
  const json = structuredClone(base);
  const db = json.resource.aws_db_instance.checkpoints;
  const sg = json.resource.aws_security_group.checkpoints_db;
  const maybe = (attribute: string, options: readonly unknown[]) => {
    const choice = oneOf(random, [...options, undefined]);
    if (choice === undefined) delete db[attribute];
    else db[attribute] = choice;
  };
  maybe("publicly_accessible", [false, true, "true", "false", "${true}"]);
  maybe("storage_encrypted", [true, false, "true"]);
  maybe("backup_retention_period", [7, 3, "7", "0", 30]);
  maybe("multi_az", [true, false]);
  maybe("engine_version", ["15", "15.4", "16.3", "15.15"]);
  maybe("auto_minor_version_upgrade", [true, false, "false"]);
  maybe("monitoring_interval", [0, 60, "5", 7]);
  maybe("performance_insights_enabled", [true, false]);
  maybe("ca_cert_identifier", ["rds-ca-rsa2048-g1", "rds-ca-2019"]);
  maybe("instance_class", ["db.t4g.small", "db.t4g.micro"]);
  maybe("enabled_cloudwatch_logs_exports", [["postgresql", "upgrade"], ["upgrade"], []]);
  if (random() < 0.3) db.count = oneOf(random, [1, 2, "2"]);
  else if (random() < 0.2) db.for_each = { a: "x", b: "y" };
  const rule = sg.ingress[0];
  rule.cidr_blocks = oneOf(random, [["${var.app_subnet_cidr}"], ["0.0.0.0/0"], ["${var.app_subnet_cidr}", "10.0.0.0/8"]]);
  rule.from_port = oneOf(random, [5432, "5432", 22, 0]);
  rule.to_port = oneOf(random, [5432, 22, 65535]);
  rule.protocol = oneOf(random, ["tcp", "-1", "6"]);
  if (random() < 0.3) sg.ingress.push({ cidr_blocks: ["0.0.0.0/0"], description: "web", from_port: 80, to_port: 80, protocol: "tcp" });
  if (random() < 0.3) {
    json.resource.aws_security_group_rule = { ssh: { type: "ingress", security_group_id: "${aws_security_group.checkpoints_db.id}",
      from_port: 22, to_port: 22, protocol: "tcp", cidr_blocks: oneOf(random, [["0.0.0.0/0"], ["10.0.0.0/8"]]), description: "ssh" } };
  }
  if (random() < 0.2) json.resource.aws_security_group.spare = { description: "spare", vpc_id: "${var.vpc_id}" };
  const parameters = json.resource.aws_db_parameter_group.checkpoints.parameter as Array<{ name: string; value: string }>;
  if (random() < 0.3) parameters.splice(Math.floor(random() * parameters.length), 1);
  if (random() < 0.3) parameters.push({ name: "log_statement", value: "ddl" });
  return json;
}

const verdicts = (text: string) => {
  const plan = new ReviewedPlan("checkpoints-db", "plan.tf.json", parseConfiguration([{ file: "plan.tf.json", text }]));
  return reviewPlan(plan).results.map((r) => ({ id: r.id, status: r.status, findings: r.findings.map(({ location: _where, ...rest }) => rest) }));
};

describe("property: rewriting a plan into another valid Terraform JSON shape never changes a verdict", () => {
  const base = synthProductionStack().plan;
  const seeds = Array.from({ length: 40 }, (_, i) => 1000 + i);
  // Each seed's plan as written, and its verdicts: the last test reads those the tests above worked out.
  const firstPlan = (seed: number) => randomPlan(base, seeded(seed));
  const verdictsBySeed = new Map<number, ReturnType<typeof verdicts>>();
  const seedVerdicts = (seed: number) => verdictsBySeed.get(seed) ?? verdicts(JSON.stringify(firstPlan(seed)));
  test.each(seeds)("random plan, seed %i", (seed) => {
    const random = seeded(seed);
    const plan = randomPlan(base, random);
    const expected = verdicts(JSON.stringify(plan));
    verdictsBySeed.set(seed, expected);
    for (const shape of ["array", "random", "random"] as const) {
      const text = reshape(plan, shape, random);
      expect(verdicts(text)).toEqual(expected);
    }
  });

  test("the generator does produce failing and passing plans (the property is not vacuous)", () => {
    const statuses = new Set(seeds.flatMap((seed) => seedVerdicts(seed).map((v) => `${v.id}:${v.status}`)));
    expect([...statuses].filter((s) => s.endsWith(":fail")).length).toBeGreaterThan(10);
    expect(statuses.has("CKPT-NOT-PUBLIC:pass") && statuses.has("CKPT-NOT-PUBLIC:fail")).toBe(true);
  });
});
