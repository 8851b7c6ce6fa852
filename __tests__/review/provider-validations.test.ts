import { RULES } from "../../review/rules";
import { ReviewedPlan } from "../../plan/reviewed-plan";
import { reviewPlan } from "../../review/run-review";
import { parseConfiguration } from "../../plan";
import { isCidrNetwork, PROVIDER_VALIDATIONS, ProviderValidation } from "../../review/provider-validations";

/**
 * Issue 23: a value the provider's schema refuses is an error. For every validation transcribed from
 * terraform-provider-aws v6.25.0, a value it accepts and one it refuses (from the ValidateFunc's own text).
 */
const SAMPLES: Record<string, [accepted: unknown, refused: unknown]> = {
  "aws_db_instance.backup_retention_period": [35, 36],
  "aws_db_instance.backup_window": ["03:00-04:00", "3:00-4:00"],
  "aws_db_instance.enabled_cloudwatch_logs_exports": [["postgresql", "upgrade"], ["postgresql", "postgres"]],
  "aws_db_instance.final_snapshot_identifier": ["checkpoints-final", "checkpoints--final"],
  "aws_db_instance.identifier": ["checkpoints-db", "Checkpoints-db"],
  "aws_db_instance.maintenance_window": ["Sun:05:00-sun:06:00", "sun:25:00-sun:26:00"],
  "aws_db_instance.monitoring_interval": [60, 120],
  "aws_db_instance.monitoring_role_arn": ["arn:aws:iam::123456789012:role/rds-monitoring", "rds-monitoring"],
  "aws_db_instance.performance_insights_kms_key_id": ["arn:aws:kms:us-east-1:123456789012:key/abc", "arn:aws:kms:us-east-1:12345:key/abc"],
  "aws_db_instance.performance_insights_retention_period": [93, 30],
  "aws_db_parameter_group.parameter.apply_method": ["Pending-Reboot", "later"],
  "aws_cloudwatch_log_group.retention_in_days": [400, 200],
  "aws_security_group.description": ["x".repeat(255), "x".repeat(256)],
  "aws_security_group.ingress.cidr_blocks": [["10.0.1.0/24"], ["10.0.1.5/24"]],
  "aws_security_group.ingress.ipv6_cidr_blocks": [["2001:db8::/32"], ["2001:db8::1/32"]],
  "aws_security_group.ingress.description": ["app subnet (5432)", "app's subnet"],
  "aws_security_group.egress.cidr_blocks": [["0.0.0.0/0"], ["0.0.0.0"]],
  "aws_security_group.egress.ipv6_cidr_blocks": [["::/0"], ["10.0.0.0/8"]],
  "aws_security_group.egress.description": ["all out", "é"],
  "aws_security_group_rule.type": ["egress", "inbound"],
  "aws_security_group_rule.cidr_blocks": [["192.168.0.0/16"], ["192.168.0.0/8"]],
  "aws_security_group_rule.ipv6_cidr_blocks": [["::/0"], ["::1/0"]],
  "aws_security_group_rule.description": ["ssh", "ssh\u00a0"],
  "aws_vpc_security_group_ingress_rule.from_port": [-1, 65536],
  "aws_vpc_security_group_ingress_rule.to_port": [65535, -2],
  "aws_vpc_security_group_ingress_rule.cidr_ipv4": ["10.0.0.0/16", "10.0.0.0/33"],
  "aws_vpc_security_group_ingress_rule.cidr_ipv6": ["::/0", "0.0.0.0/0"],
};

const keyOf = (v: ProviderValidation) => [v.resources[0], v.block, v.attribute].filter(Boolean).join(".");

function schemaFindings(v: ProviderValidation, value: unknown) {
  const body = v.block === undefined ? { [v.attribute]: value } : { [v.block]: { [v.attribute]: value } };
  const json = { resource: { [v.resources[0]]: { x: body } } };
  const plan = new ReviewedPlan("s", "case.tf.json", parseConfiguration([{ file: "case.tf.json", text: JSON.stringify(json) }]));
  // Only this argument's findings: the bare resource also lacks the arguments the schema requires.
  return reviewPlan(plan, {}, RULES.filter((r) => r.id === "CKPT-PROVIDER-SCHEMA")).results[0].findings
    .filter((f) => f.attribute === v.attribute);
}

describe("CKPT-PROVIDER-SCHEMA: the provider's validations (v6.25.0)", () => {
  test("every validation cites its line in the provider's source, and has samples here", () => {
    for (const v of PROVIDER_VALIDATIONS) expect(v.source).toMatch(/^index\/internal\/service\/\w+\/[\w.]+\.goindex:\d+(-\d+)? \S/);
    expect(PROVIDER_VALIDATIONS.map(keyOf).filter((k) => !(k in SAMPLES))).toEqual([]);
  });

  test.each(PROVIDER_VALIDATIONS.map((v) => [keyOf(v), v] as const))("%s: the accepted sample passes, the refused one fails", (key, v) => {
    const [accepted, refused] = SAMPLES[key];
    expect(schemaFindings(v, accepted)).toEqual([]);
    const findings = schemaFindings(v, refused);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toEqual(expect.objectContaining({ attribute: v.attribute, required: expect.stringContaining(v.source) }));
  });

  test("backup_retention_period 36 fails, named with the provider's range and source; 7.5 is not a whole number", () => {
    const v = PROVIDER_VALIDATIONS.find((p) => p.attribute === "backup_retention_period")!;
    expect(schemaFindings(v, "36")[0]).toEqual(expect.objectContaining({ found: "36",
      required: expect.stringMatching(/^0 to 35 \(the provider refuses anything else: .*func\.resourceInstance\.goindex:132 validation\.IntBetween\(0, 35\)\)$/) }));
    expect(schemaFindings(v, 7.5)[0].found).toBe("7.5 (not a whole number)");
  });

  test("a value from a variable's default is checked and says where it came from; one without a default is left to the rules that read it", () => {
    const json = (variable: Record<string, unknown>) => ({ variable: { days: variable },
      resource: { aws_db_instance: { db: { backup_retention_period: "${var.days}" } } } });
    const review = (j: unknown) => reviewPlan(new ReviewedPlan("s", "c.tf.json", parseConfiguration([{ file: "c.tf.json", text: JSON.stringify(j) }])),
      {}, RULES.filter((r) => r.id === "CKPT-PROVIDER-SCHEMA")).results[0];
    const retention = (j: unknown) => review(j).findings.filter((f) => f.attribute === "backup_retention_period");
    expect(retention(json({ default: 40 }))[0]).toEqual(expect.objectContaining({ found: "40", from: "the default of var.days" }));
    expect(retention(json({ type: "number" }))).toEqual([]);
  });

  test("an argument the schema requires, missing, fails (a block-less egress of trivy's cases, a rule without ports)", () => {
    const plan = (resource: unknown) => new ReviewedPlan("s", "c.tf.json", parseConfiguration([{ file: "c.tf.json", text: JSON.stringify({ resource }) }]));
    const missing = (resource: unknown) => reviewPlan(plan(resource), {}, RULES.filter((r) => r.id === "CKPT-PROVIDER-SCHEMA")).results[0].findings
      .map((f) => `${f.address} ${f.attribute}`);
    expect(missing({ aws_security_group: { g: { egress: { cidr_blocks: ["0.0.0.0/0"] } } } }))
      .toEqual(["aws_security_group.g.egress[0] from_port", "aws_security_group.g.egress[0] protocol", "aws_security_group.g.egress[0] to_port"]);
    expect(missing({ aws_vpc_security_group_egress_rule: { r: { cidr_ipv4: "0.0.0.0/0" } } }))
      .toEqual(["aws_vpc_security_group_egress_rule.r ip_protocol", "aws_vpc_security_group_egress_rule.r security_group_id"]);
    expect(missing({ aws_vpc_security_group_egress_rule: { r: { cidr_ipv4: "0.0.0.0/0", ip_protocol: "-1", security_group_id: "sg-1" } } })).toEqual([]);
  });

  test("CIDR networks as Go's net.ParseCIDR and the host-bit check decide", () => {
    expect(["0.0.0.0/0", "10.0.0.0/8", "1.2.3.4/32"].every((c) => isCidrNetwork(c, 4))).toBe(true);
    expect(["10.0.0.1/8", "1.2.3.4", "01.2.3.4/32", "1.2.3.4/33", "::/0"].some((c) => isCidrNetwork(c, 4))).toBe(false);
    expect(["::/0", "0000:0000:0000:0000:0000:0000:0000:0000/0", "fe80::/10", "2001:db8::1/128"].every((c) => isCidrNetwork(c, 6))).toBe(true);
    expect(["2001:db8::1/64", "::/129", "0.0.0.0/0"].some((c) => isCidrNetwork(c, 6))).toBe(false);
  });
});
