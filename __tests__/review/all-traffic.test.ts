import { RULES } from "../../review/rules";
import { ReviewedPlan } from "../../plan/reviewed-plan";
import { reviewPlan } from "../../review/run-review";
import { parseConfiguration } from "../../plan";

/**
 * Issue 23: protocol "-1" (or "all") opens every port whatever from_port/to_port say (the provider's
 * protocolForValue, v6.25.0; EC2 API Reference, IpPermission.IpProtocol), and the VPC rule resources name it
 * ip_protocol. Each case is reviewed alone; the listed rules must fail.
 */
function failing(resource: Record<string, unknown>, ids: readonly string[]): string[] {
  const plan = new ReviewedPlan("s", "case.tf.json", parseConfiguration([{ file: "case.tf.json", text: JSON.stringify({ resource }) }]));
  return reviewPlan(plan, {}, RULES.filter((r) => ids.includes(r.id))).results.filter((r) => r.status === "fail").map((r) => r.id);
}

const INGRESS = ["CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260", "CKV_AWS_277"];
const world = { description: "d", cidr_blocks: ["0.0.0.0/0"] };

describe("protocol -1 opens every port", () => {
  test.each([
    ["-1", 100, 200], ["-1", 443, 443], ["all", 1000, 2000], ["ALL", 0, 0], ["-1", 0, 65535],
  ])("aws_security_group_rule, protocol %j, ports %d-%d from 0.0.0.0/0 fails SSH, RDP, HTTP and all-ports", (protocol, from, to) => {
    const rule = { type: "ingress", security_group_id: "sg-1", protocol, from_port: from, to_port: to, ...world };
    expect(failing({ aws_security_group_rule: { open: rule } }, INGRESS)).toEqual(INGRESS);
  });

  test("an inline ingress block with protocol -1 and a narrow range fails too", () => {
    const group = { description: "d", ingress: [{ protocol: "-1", from_port: 8000, to_port: 8001, ...world }] };
    expect(failing({ aws_security_group: { g: group } }, INGRESS)).toEqual(INGRESS);
  });

  test("tcp on a narrow range still decides by the range (443 is not 22, 3389, 80 or all ports)", () => {
    const rule = { type: "ingress", security_group_id: "sg-1", protocol: "tcp", from_port: 443, to_port: 443, ...world };
    expect(failing({ aws_security_group_rule: { open: rule } }, INGRESS)).toEqual([]);
  });

  test("a protocol the gate cannot evaluate, on a range without the port, fails closed", () => {
    const rule = { type: "ingress", security_group_id: "sg-1", protocol: "${var.p}", from_port: 443, to_port: 443, ...world };
    expect(failing({ aws_security_group_rule: { open: rule } }, ["CKV_AWS_24"])).toEqual(["CKV_AWS_24"]);
  });

  test("egress with protocol -1 on a narrow range to 0.0.0.0/0 fails CKV_AWS_382", () => {
    const rule = { type: "egress", security_group_id: "sg-1", protocol: "-1", from_port: 443, to_port: 443, ...world };
    expect(failing({ aws_security_group_rule: { out: rule } }, ["CKV_AWS_382"])).toEqual(["CKV_AWS_382"]);
  });
});

describe("aws_vpc_security_group_ingress_rule / _egress_rule: ip_protocol, cidr_ipv4, cidr_ipv6", () => {
  test.each([["cidr_ipv4", "0.0.0.0/0"], ["cidr_ipv6", "::/0"]])("all traffic in from %s %s fails CKV_AWS_277 (and 22, 3389, 80)", (key, cidr) => {
    const rule = { security_group_id: "sg-1", ip_protocol: "-1", [key]: cidr, description: "d" };
    expect(failing({ aws_vpc_security_group_ingress_rule: { all: rule } }, INGRESS)).toEqual(INGRESS);
  });

  test.each([["cidr_ipv4", "0.0.0.0/0"], ["cidr_ipv6", "::/0"]])("all traffic out to %s %s fails CKV_AWS_382", (key, cidr) => {
    const rule = { security_group_id: "sg-1", ip_protocol: "-1", [key]: cidr, description: "d" };
    expect(failing({ aws_vpc_security_group_egress_rule: { all: rule } }, ["CKV_AWS_382"])).toEqual(["CKV_AWS_382"]);
  });

  test("ip_protocol -1 with a port range written still opens every port", () => {
    const rule = { security_group_id: "sg-1", ip_protocol: "-1", from_port: 5432, to_port: 5432, cidr_ipv4: "0.0.0.0/0" };
    expect(failing({ aws_vpc_security_group_ingress_rule: { all: rule } }, ["CKV_AWS_277"])).toEqual(["CKV_AWS_277"]);
  });

  test("a tcp rule to one address passes", () => {
    const rule = { security_group_id: "sg-1", ip_protocol: "tcp", from_port: 443, to_port: 443, cidr_ipv4: "10.0.0.0/16" };
    expect(failing({ aws_vpc_security_group_ingress_rule: { one: rule } }, INGRESS)).toEqual([]);
  });

  test("on the database's own group, all traffic from 0.0.0.0/0 fails the document's app-subnet rule", () => {
    const resource = {
      aws_security_group: { db: { description: "d" } },
      aws_db_instance: { db: { vpc_security_group_ids: ["${aws_security_group.db.id}"] } },
      aws_vpc_security_group_ingress_rule: { all: { security_group_id: "${aws_security_group.db.id}", ip_protocol: "-1", cidr_ipv4: "0.0.0.0/0" } },
    };
    expect(failing(resource, ["CKPT-SG-APP-SUBNET-ONLY", "CKV_AWS_277"])).toEqual(["CKPT-SG-APP-SUBNET-ONLY", "CKV_AWS_277"]);
  });
});
