import { openToTheWorld } from "../../review/checkov-security-groups";
import { parseConfiguration } from "../../plan";

// Issue 27: checkov's unrestricted-ingress/egress verdict (review/checkov-security-groups.ts, as checkov
// 03d5fdad decides it: AbsSecurityGroupUnrestrictedIngress/Egress) on one resource, called directly (no synth):
// each test catches a mutant that survived the fast unit tests. An unknown that could open the rule fails closed.
const resourceOf = (type: string, body: Record<string, unknown>) => parseConfiguration([{ file: "m.tf.json",
  text: JSON.stringify({ variable: { v: { type: "string" } }, resource: { [type]: { r: body } } }) }]).resources[0];
const inline = (rule: Record<string, unknown>, direction: "ingress" | "egress" = "ingress", target = 22) =>
  openToTheWorld(resourceOf("aws_security_group", { [direction]: [rule] }), direction, target);
const WORLD = { from_port: 22, to_port: 22, protocol: "tcp", cidr_blocks: ["0.0.0.0/0"] };
const REQUIRED_22 = "no ingress from 0.0.0.0/0 or ::/0 on port 22";

describe("openToTheWorld", () => {
  test("unknowns combine as checkov's verdict would: closed sources decide without the port, every protocol without the range", () => {
    expect(inline({ ...WORLD, from_port: "${var.v}", cidr_blocks: ["10.0.0.0/8"] })).toEqual([]);
    expect(inline({ ...WORLD, from_port: "${var.v}", protocol: "-1" })).toEqual([expect.objectContaining({ found: "open to the world on port 22" })]);
    expect(inline({ ...WORLD, self: "maybe" })).toEqual([expect.objectContaining({ found: "open to the world on port 22" })]);
  });

  test("an unknown finding does not end the verdict: an open rule after it is still found", () => {
    const group = resourceOf("aws_security_group", { ingress: [{ ...WORLD, cidr_blocks: ["${var.v}"] }, WORLD] });
    expect(openToTheWorld(group, "ingress", 22).map((f) => f.found)).toEqual([{ unknown: "${var.v}" }, "open to the world on port 22"]);
  });

  test("sources written as null or \"\" are no source: the rule is open", () => {
    expect(inline({ from_port: 22, to_port: 22, protocol: "tcp", cidr_blocks: null, security_groups: null })).toHaveLength(1);
    const vpc = (more: Record<string, unknown>) => openToTheWorld(resourceOf("aws_vpc_security_group_ingress_rule",
      { security_group_id: "sg-1", ip_protocol: "tcp", from_port: 22, to_port: 22, ...more }), "ingress", 22);
    expect(vpc({ cidr_ipv4: "" })).toEqual([expect.objectContaining({ found: "open to the world on port 22" })]);
    expect(vpc({ cidr_ipv6: "::/0" })).toEqual([expect.objectContaining({ found: "open to the world on port 22" })]);
    expect(vpc({ referenced_security_group_id: "sg-2" })).toEqual([]);
    expect(vpc({ cidr_ipv6: "2001:db8::/32" })).toEqual([]);
    expect(vpc({ cidr_ipv4: "0.0.0.0/0", prefix_list_id: "pl-1" })).toEqual([]);
    expect(vpc({ cidr_ipv4: "0.0.0.0/0", prefix_list_id: "${var.v}" })).toEqual([expect.objectContaining({ attribute: "prefix_list_id",
      found: { unknown: "${var.v}" } })]);
  });

  test("a prefix list it cannot read matters only on an open rule; a reference to one cannot be read either", () => {
    expect(inline({ ...WORLD, from_port: 80, to_port: 80, prefix_list_ids: "${var.v}" })).toEqual([]);
    expect(inline({ ...WORLD, prefix_list_ids: "${aws_ec2_managed_prefix_list.p.id}" })).toEqual([expect.objectContaining({
      attribute: "prefix_list_ids", found: { unknown: "${aws_ec2_managed_prefix_list.p.id}" } })]);
    expect(inline({ ...WORLD, prefix_list_ids: [] })).toEqual([expect.objectContaining({ found: "open to the world on port 22" })]);
  });

  test("another type is read when it writes a port (either one), and a self rule there passes it", () => {
    const other = (body: Record<string, unknown>) => openToTheWorld(resourceOf("aws_db_security_group", body), "ingress", 22);
    expect(other({ protocol: "-1", cidr_blocks: ["0.0.0.0/0"] })).toEqual([]);
    expect(other({ from_port: 22, protocol: "-1", cidr_blocks: ["0.0.0.0/0"] })).toHaveLength(1);
    expect(other({ to_port: 22, protocol: "-1", cidr_blocks: ["0.0.0.0/0"] })).toHaveLength(1);
    expect(other({ from_port: 22, to_port: 22, cidr_blocks: ["0.0.0.0/0"], self: true })).toEqual([]);
  });

  test("an inline rule open to the world on the port: the finding says where and what", () => {
    expect(inline(WORLD)).toEqual([{ address: "aws_security_group.r.ingress[0]", attribute: "ingress", found: "open to the world on port 22",
      required: REQUIRED_22 }]);
    expect(inline({ ...WORLD, protocol: "-1" }, "egress", -1)).toEqual([{ address: "aws_security_group.r.egress[0]",
      attribute: "egress", found: "open to the world on all ports", required: "no egress to 0.0.0.0/0 or ::/0 on all ports" }]);
  });

  test("ports: in range or not; 0-0 is every port; a fractional port is none", () => {
    expect(inline({ ...WORLD, from_port: 20, to_port: 21 })).toEqual([]);
    expect(inline({ ...WORLD, from_port: 23, to_port: 30 })).toEqual([]);
    expect(inline({ ...WORLD, from_port: 0, to_port: 0 })).toHaveLength(1);
    expect(inline({ ...WORLD, from_port: 0, to_port: 1 })).toEqual([]);
    expect(inline({ ...WORLD, from_port: 1, to_port: 0 })).toEqual([]);
    expect(inline({ ...WORLD, from_port: 21.5, to_port: 22 })).toEqual([]);
    expect(inline({ ...WORLD, from_port: 22, to_port: 22.5 })).toEqual([]);
  });

  test("every protocol (-1 or all, any case) opens every port whatever the range", () => {
    for (const protocol of ["-1", "ALL", "all"]) expect(inline({ ...WORLD, from_port: 80, to_port: 80, protocol })).toHaveLength(1);
    expect(inline({ ...WORLD, from_port: 80, to_port: 80, protocol: "tcp" })).toEqual([]);
  });

  test("an unknown that could open the rule cannot be evaluated, naming the attribute", () => {
    for (const attribute of ["from_port", "to_port", "cidr_blocks"]) {
      expect([attribute, inline({ ...WORLD, [attribute]: "${var.v}" })]).toEqual([attribute, [{ address: "aws_security_group.r.ingress[0]",
        attribute, found: { unknown: "${var.v}" }, required: REQUIRED_22 }]]);
    }
    expect(inline({ ...WORLD, cidr_blocks: ["10.0.0.0/8", "${var.v}"] })).toEqual([expect.objectContaining({ attribute: "cidr_blocks",
      found: { unknown: "${var.v}" } })]);
    expect(inline({ ...WORLD, cidr_blocks: ["${var.v}", "0.0.0.0/0"] })).toEqual([expect.objectContaining({ found: "open to the world on port 22" })]);
    // A self it cannot read might have passed the group (checkov passes it at a self rule): the open rule still fails.
    expect(inline({ ...WORLD, self: "${var.v}" })).toEqual([expect.objectContaining({ found: "open to the world on port 22" })]);
  });

  test("an unknown that cannot open it changes nothing: a closed port, or a range decided without it", () => {
    expect(inline({ ...WORLD, protocol: "${var.v}", from_port: 80, to_port: 80, cidr_blocks: ["10.0.0.0/8"] })).toEqual([]);
    expect(inline({ ...WORLD, cidr_blocks: "${var.v}", from_port: 80, to_port: 80 })).toEqual([]);
    expect(inline({ ...WORLD, protocol: "${var.v}" })).toEqual([expect.objectContaining({ found: "open to the world on port 22" })]);
    expect(inline({ ...WORLD, protocol: "${var.v}", from_port: 80, to_port: 80 })).toEqual([expect.objectContaining({ attribute: "protocol",
      found: { unknown: "${var.v}" } })]);
  });

  test("IPv6: ::/0 in either form", () => {
    for (const cidr of ["::/0", "0000:0000:0000:0000:0000:0000:0000:0000/0"]) {
      expect(inline({ from_port: 22, to_port: 22, protocol: "tcp", ipv6_cidr_blocks: [cidr] })).toHaveLength(1);
    }
    expect(inline({ from_port: 22, to_port: 22, protocol: "tcp", ipv6_cidr_blocks: ["2001:db8::/32"] })).toEqual([]);
  });

  test("no source at all is open; a security-group source is not; a prefix list closes it unless it cannot be read", () => {
    expect(inline({ from_port: 22, to_port: 22, protocol: "tcp" })).toHaveLength(1);
    expect(inline({ from_port: 22, to_port: 22, protocol: "tcp", security_groups: ["sg-1"] })).toEqual([]);
    expect(inline({ ...WORLD, prefix_list_ids: ["pl-1"] })).toEqual([]);
    expect(inline({ ...WORLD, prefix_list_ids: "${var.v}" })).toEqual([expect.objectContaining({ attribute: "prefix_list_ids",
      found: { unknown: "${var.v}" } })]);
    expect(inline({ ...WORLD, prefix_list_ids: [] })).toHaveLength(1);
  });

  test("a self rule passes the whole group, as checkov returns at it", () => {
    const group = resourceOf("aws_security_group", { ingress: [{ from_port: 0, to_port: 0, protocol: "-1", self: true }, WORLD] });
    expect(openToTheWorld(group, "ingress", 22)).toEqual([]);
  });

  test("an inline block it cannot read is a finding, the blocks around it still read; the first open one ends the verdict", () => {
    const closed = { ...WORLD, cidr_blocks: ["10.0.0.0/8"] };
    const group = resourceOf("aws_security_group", { dynamic: { ingress: { for_each: "${var.v}", content: WORLD } }, ingress: [closed] });
    expect(openToTheWorld(group, "ingress", 22).map((f) => [f.address, f.attribute, f.found])).toEqual([
      ["aws_security_group.r.ingress[1]", "ingress", { unknown: "${var.v}" }]]);
    expect(openToTheWorld(resourceOf("aws_security_group", { ingress: [WORLD, WORLD] }), "ingress", 22)).toHaveLength(1);
    const unknownFirst = resourceOf("aws_security_group", { ingress: "${var.v}" });
    expect(openToTheWorld(unknownFirst, "ingress", 22)).toEqual([{ address: "aws_security_group.r.ingress[0]", attribute: "ingress",
      found: { unknown: "${var.v}" }, required: "rules the gate can evaluate" }]);
  });

  test("an aws_security_group_rule: its type decides the direction; a type it cannot read cannot be evaluated", () => {
    const rule = (type: unknown, more: Record<string, unknown> = {}) => openToTheWorld(resourceOf("aws_security_group_rule",
      { type, security_group_id: "sg-1", ...WORLD, ...more }), "ingress", 22);
    expect(rule("ingress")).toEqual([{ address: "aws_security_group_rule.r", attribute: "ingress", found: "open to the world on port 22", required: REQUIRED_22 }]);
    expect(rule("egress")).toEqual([]);
    expect(rule("${var.v}")).toEqual([{ address: "aws_security_group_rule.r", attribute: "type", found: { unknown: "${var.v}" }, required: "ingress or egress" }]);
    expect(rule("ingress", { self: true })).toEqual([]);
  });

  test("a VPC rule resource is read even without ports; another type without ports is not, a group without the block passes", () => {
    const vpc = resourceOf("aws_vpc_security_group_ingress_rule", { security_group_id: "sg-1", ip_protocol: "-1", cidr_ipv4: "0.0.0.0/0" });
    expect(openToTheWorld(vpc, "ingress", 22)).toEqual([expect.objectContaining({ address: "aws_vpc_security_group_ingress_rule.r",
      found: "open to the world on port 22" })]);
    expect(openToTheWorld(resourceOf("aws_db_security_group", { name: "x" }), "ingress", 22)).toEqual([]);
    expect(openToTheWorld(resourceOf("aws_db_security_group", { from_port: 22, to_port: 22, cidr_blocks: ["0.0.0.0/0"] }), "ingress", 22))
      .toHaveLength(1);
    expect(openToTheWorld(resourceOf("aws_security_group", { description: "no rules" }), "ingress", 22)).toEqual([]);
  });
});
