import { databaseSecurityGroups, groupRules } from "../../review/plan-security-groups";
import { ReviewedPlan } from "../../plan/reviewed-plan";
import { parseConfiguration } from "../../plan";

// Issue 27: which security groups guard the database, and which rules belong to them (the gate's
// CKPT-SG-APP-SUBNET-ONLY and the network rehearsal both read them here). Small configurations, no synth:
// each test catches a mutant of review/plan-security-groups.ts that survived the rest of the unit tier.
const planOf = (resource: Record<string, unknown>, variable: Record<string, unknown> = {}) =>
  new ReviewedPlan("s", "m.tf.json", parseConfiguration([{ file: "m.tf.json", text: JSON.stringify({ variable, resource }) }]));
const OPEN = { from_port: 5432, to_port: 5432, protocol: "tcp", cidr_blocks: ["10.0.0.0/24"] };
const groupsOf = (ids: unknown, more: Record<string, unknown> = {}) => databaseSecurityGroups(planOf({
  aws_db_instance: { db: { vpc_security_group_ids: ids } },
  aws_security_group: { a: { ingress: [OPEN] }, b: { ingress: [OPEN] } }, ...more }, { ids: { type: "list(string)" } }));
const addresses = (list: readonly { address: string }[]) => list.map((g) => g.address);

describe("databaseSecurityGroups", () => {
  test("the groups the database's list references, each once", () => {
    const { groups, findings } = groupsOf(["${aws_security_group.a.id}", "${aws_security_group.b.id}", "${aws_security_group.a.id}"]);
    expect(addresses(groups)).toEqual(["aws_security_group.a", "aws_security_group.b"]);
    expect(findings).toEqual([]);
  });

  test("no list, or null: no group and nothing to say (the rule says the list is missing)", () => {
    expect(databaseSecurityGroups(planOf({ aws_db_instance: { db: {} } }))).toEqual({ groups: [], findings: [] });
    expect(groupsOf(null)).toEqual({ groups: [], findings: [] });
  });

  test("one literal id in place of a list is named, and a single reference cannot be evaluated (Terraform wants a set)", () => {
    expect(groupsOf("sg-0123")).toEqual({ groups: [], findings: [expect.objectContaining({ attribute: "vpc_security_group_ids",
      found: "sg-0123", required: "a security group declared in the plan (its rules cannot be reviewed otherwise)" })] });
    expect(groupsOf("${aws_security_group.b.id}")).toEqual({ groups: [], findings: [expect.objectContaining({
      found: { unknown: "${aws_security_group.b.id}" }, required: "references to security groups in the plan" })] });
  });

  test("a whole list from a variable cannot be evaluated: one finding, no group", () => {
    const { groups, findings } = groupsOf("${var.ids}");
    expect(groups).toEqual([]);
    expect(findings).toEqual([{ address: "aws_db_instance.db", attribute: "vpc_security_group_ids", found: { unknown: "${var.ids}" },
      required: "references to security groups in the plan" }]);
  });

  test("a whole list from another resource's attribute cannot be evaluated either", () => {
    const { findings } = groupsOf("${aws_instance.x.vpc_security_group_ids}", { aws_instance: { x: {} } });
    expect(findings).toEqual([expect.objectContaining({ found: { unknown: "${aws_instance.x.vpc_security_group_ids}" },
      required: "references to security groups in the plan" })]);
  });

  test("an element the plan does not declare: a reference or variable cannot be evaluated, a literal id is named", () => {
    const { groups, findings } = groupsOf(["${aws_security_group.a.id}", "${var.ids[0]}", "sg-0123", "${data.aws_security_group.x.id}"]);
    expect(addresses(groups)).toEqual(["aws_security_group.a"]);
    expect(findings).toEqual([
      { address: "aws_db_instance.db", attribute: "vpc_security_group_ids", found: { unknown: "${var.ids[0]}" }, required: "a security group declared in the plan" },
      expect.objectContaining({ found: "sg-0123", required: "a security group declared in the plan (its rules cannot be reviewed otherwise)" }),
      expect.objectContaining({ found: { unknown: "${data.aws_security_group.x.id}" }, required: "a security group declared in the plan" }),
    ]);
  });

  test("a reference to another type's id is no security group of the plan", () => {
    const { groups, findings } = groupsOf(["${aws_instance.x.id}"], { aws_instance: { x: {} } });
    expect(groups).toEqual([]);
    expect(findings).toHaveLength(1);
  });
});

describe("groupRules", () => {
  const rulesOf = (resource: Record<string, unknown>, direction: "ingress" | "egress" = "ingress") => {
    const plan = planOf({ aws_db_instance: { db: { vpc_security_group_ids: ["${aws_security_group.db.id}"] } }, ...resource },
      { sg: { type: "string" } });
    const { groups } = databaseSecurityGroups(plan);
    const { rules, findings } = groupRules(plan, groups, direction);
    return { rules: rules.map((r) => [r.address, r.form, r.group.address, r.direction]), findings };
  };

  test("inline blocks of the direction asked, each addressed by its index", () => {
    const { rules, findings } = rulesOf({ aws_security_group: { db: { ingress: [OPEN, OPEN], egress: [OPEN] } } });
    expect(rules).toEqual([["aws_security_group.db.ingress[0]", "inline", "aws_security_group.db", "ingress"],
      ["aws_security_group.db.ingress[1]", "inline", "aws_security_group.db", "ingress"]]);
    expect(findings).toEqual([]);
    expect(rulesOf({ aws_security_group: { db: { ingress: [OPEN], egress: [OPEN] } } }, "egress").rules)
      .toEqual([["aws_security_group.db.egress[0]", "inline", "aws_security_group.db", "egress"]]);
  });

  test("a dynamic block over a variable cannot be evaluated", () => {
    const { rules, findings } = rulesOf({ aws_security_group: { db: { dynamic: { ingress: { for_each: "${var.sg}", content: OPEN } } } } });
    expect(rules).toEqual([]);
    expect(findings).toEqual([expect.objectContaining({ address: "aws_security_group.db.ingress", attribute: "ingress",
      required: "rules the gate can evaluate" })]);
  });

  test("aws_security_group_rule of the database's group and the direction asked; another group's or direction's is not", () => {
    const { rules, findings } = rulesOf({ aws_security_group: { db: {}, other: {} }, aws_security_group_rule: {
      in: { type: "ingress", security_group_id: "${aws_security_group.db.id}", ...OPEN },
      out: { type: "egress", security_group_id: "${aws_security_group.db.id}", ...OPEN },
      elsewhere: { type: "ingress", security_group_id: "${aws_security_group.other.id}", ...OPEN },
      literal: { type: "ingress", security_group_id: "sg-0123", ...OPEN },
    } });
    expect(rules).toEqual([["aws_security_group_rule.in", "aws_security_group_rule", "aws_security_group.db", "ingress"]]);
    expect(findings).toEqual([]);
  });

  test("aws_vpc_security_group_ingress_rule of the group counts for ingress only, as its own form", () => {
    const resource = { aws_security_group: { db: {} }, aws_vpc_security_group_ingress_rule: {
      in: { security_group_id: "${aws_security_group.db.id}", ip_protocol: "tcp", from_port: 5432, to_port: 5432 } } };
    expect(rulesOf(resource).rules).toEqual([["aws_vpc_security_group_ingress_rule.in", "aws_vpc_security_group_rule", "aws_security_group.db", "ingress"]]);
    expect(rulesOf(resource, "egress").rules).toEqual([]);
    const egress = { aws_security_group: { db: {} }, aws_vpc_security_group_egress_rule: {
      out: { security_group_id: "${aws_security_group.db.id}", ip_protocol: "-1" } } };
    expect(rulesOf(egress, "egress").rules).toEqual([["aws_vpc_security_group_egress_rule.out", "aws_vpc_security_group_rule", "aws_security_group.db", "egress"]]);
    expect(rulesOf(egress).rules).toEqual([]);
  });

  test("a rule's type it cannot read: cannot evaluate, whatever the group", () => {
    const { rules, findings } = rulesOf({ aws_security_group: { db: {} }, aws_security_group_rule: {
      r: { type: "${var.sg}", security_group_id: "${aws_security_group.db.id}", ...OPEN } } });
    expect(rules).toEqual([]);
    expect(findings).toEqual([{ address: "aws_security_group_rule.r", attribute: "type", found: { unknown: "${var.sg}" }, required: "ingress or egress" }]);
  });

  test("a rule whose group it cannot tell (a variable, another resource's attribute) cannot be evaluated; a literal id is not the plan's", () => {
    const { rules, findings } = rulesOf({ aws_security_group: { db: {} }, aws_instance: { x: {} }, aws_vpc_security_group_ingress_rule: {
      v: { security_group_id: "${var.sg}", ip_protocol: "-1" },
      a: { security_group_id: "${aws_instance.x.security_groups[0]}", ip_protocol: "-1" },
      l: { security_group_id: "sg-0123", ip_protocol: "-1" },
    } });
    expect(rules).toEqual([]);
    expect(findings).toEqual([
      { address: "aws_vpc_security_group_ingress_rule.v", attribute: "security_group_id", found: { unknown: "${var.sg}" },
        required: "a security group of the plan, to know whether the rule applies to the database" },
      expect.objectContaining({ address: "aws_vpc_security_group_ingress_rule.a", found: { unknown: "${aws_instance.x.security_groups[0]}" } }),
    ]);
  });

  test("a rule on one instance of a counted group applies to it (the reference names the block, every instance)", () => {
    const plan = planOf({ aws_security_group: { db: { count: 2 } },
      aws_db_instance: { db: { vpc_security_group_ids: ["${aws_security_group.db[0].id}"] } },
      aws_security_group_rule: { r: { type: "ingress", security_group_id: "${aws_security_group.db[0].id}", ...OPEN } } });
    const { groups } = databaseSecurityGroups(plan);
    expect(addresses(groups)).toEqual(["aws_security_group.db[0]", "aws_security_group.db[1]"]);
    expect(groupRules(plan, groups, "ingress").rules.map((r) => [r.address, r.group.address])).toEqual([["aws_security_group_rule.r", "aws_security_group.db[0]"]]);
  });

  test("a rule on an aws_security_group the plan does not declare is no rule of the database's (CKPT-REFERENCES-RESOLVE reports the reference)", () => {
    const { rules, findings } = rulesOf({ aws_security_group: { db: {} }, aws_security_group_rule: {
      r: { type: "ingress", security_group_id: "${aws_security_group.undeclared.id}", ...OPEN } } });
    expect(rules).toEqual([]);
    expect(findings).toEqual([]);
  });

  test("a rule without security_group_id belongs to no group of the plan", () => {
    const { rules, findings } = rulesOf({ aws_security_group: { db: {} }, aws_vpc_security_group_ingress_rule: { n: { ip_protocol: "-1" } } });
    expect(rules).toEqual([]);
    expect(findings).toEqual([]);
  });
});
