import { IngressPermission, translateIngress } from "../../rehearsal/security-group-firewall";
import { databaseIngress } from "../../rehearsal/plan-ingress";
import { reviewedPlanOf } from "../../plan/read-plans";
import { synthProductionStack } from "../support/synth-plan";

const group = { type: "aws_security_group", name: "checkpoints_db", address: "aws_security_group.checkpoints_db", body: {} };
const permission = (over: Partial<IngressPermission>): IngressPermission => ({
  address: "aws_security_group.checkpoints_db.ingress[0]", group, protocol: "tcp", fromPort: 5432, toPort: 5432,
  ipv4Sources: ["${var.app_subnet_cidr}"], otherSources: [], description: undefined, ...over,
});
const bindings = { variables: { app_subnet_cidr: "198.51.100.0/28" } };

describe("security-group ingress as nftables", () => {
  test("the app subnet variable is bound; the chain denies by default and keeps established flows", () => {
    const { ruleset, translated, untranslatable } = translateIngress([permission({})], bindings);
    expect(ruleset).toBe([
      "table inet checkpoints_security_group {",
      "  chain input {",
      "    type filter hook input priority filter; policy drop;",
      "    ct state established,related accept",
      '    iifname "lo" accept',
      '    ip saddr { 198.51.100.0/28 } tcp dport 5432 accept comment "aws_security_group.checkpoints_db.ingress[0]"',
      "  }",
      "}",
      "",
    ].join("\n"));
    expect(translated).toEqual(["aws_security_group.checkpoints_db.ingress[0]: tcp 5432 from 198.51.100.0/28"]);
    expect(untranslatable).toEqual([]);
  });

  test("port ranges, all protocols and literal CIDRs", () => {
    const { ruleset } = translateIngress([
      permission({ fromPort: 5000, toPort: 6000, ipv4Sources: ["10.9.0.0/16"] }),
      permission({ protocol: "-1", fromPort: 0, toPort: 0, ipv4Sources: ["0.0.0.0/0"] }),
    ], bindings);
    expect(ruleset).toContain("ip saddr { 10.9.0.0/16 } tcp dport 5000-6000 accept");
    expect(ruleset).toContain('ip saddr { 0.0.0.0/0 } accept comment');
  });

  test("sources with no counterpart are reported, never silently dropped", () => {
    const { untranslatable } = translateIngress([
      permission({ ipv4Sources: ["${var.office_cidr}"], otherSources: ["sg-0123456789abcdef0", "pl-63a5400a"] }),
      permission({ protocol: "icmp", address: "aws_security_group_rule.ping" }),
    ], bindings);
    expect(untranslatable).toEqual([
      "aws_security_group.checkpoints_db.ingress[0]: source ${var.office_cidr} has no value in the rehearsal",
      expect.stringContaining("source sg-0123456789abcdef0 (IPv6, security-group, prefix-list or self sources"),
      expect.stringContaining("source pl-63a5400a"),
      "aws_security_group_rule.ping: protocol icmp is not tcp, udp or all",
    ]);
  });
});

describe("the plan's ingress, read by the project's one Terraform JSON reader (rehearsal/plan-ingress.ts)", () => {
  const read = (json: unknown) => databaseIngress(reviewedPlanOf({ stack: "checkpoints-db", json: json as Record<string, unknown> }));
  const { plan } = synthProductionStack();

  test("the synthesized plan: one permission, PostgreSQL from the app subnet variable", () => {
    const { permissions, unreadable } = read(plan);
    expect(unreadable).toEqual([]);
    expect(permissions).toEqual([expect.objectContaining({ address: "aws_security_group.checkpoints_db.ingress[0]", protocol: "tcp",
      fromPort: 5432, toPort: 5432, ipv4Sources: ["${var.app_subnet_cidr}"], otherSources: [] })]);
    expect(translateIngress(permissions, bindings).translated)
      .toEqual(["aws_security_group.checkpoints_db.ingress[0]: tcp 5432 from 198.51.100.0/28"]);
  });

  test("Terraform's other JSON shapes read the same: ports as strings, the block as an object, the resource as an array", () => {
    const json = JSON.parse(JSON.stringify(plan));
    const group = json.resource.aws_security_group.checkpoints_db;
    group.ingress = { ...group.ingress[0], from_port: "5432", to_port: "5432" };
    json.resource.aws_security_group = [{ checkpoints_db: group }];
    expect(read(json).permissions).toEqual([expect.objectContaining({ fromPort: 5432, toPort: 5432, ipv4Sources: ["${var.app_subnet_cidr}"] })]);
  });

  test("a variable's default is still bound as the variable; a rule the reader cannot evaluate is reported, never dropped", () => {
    const json = JSON.parse(JSON.stringify(plan));
    json.variable.app_subnet_cidr.default = "10.0.1.0/24";
    expect(read(json).permissions[0].ipv4Sources).toEqual(["${var.app_subnet_cidr}"]);
    json.resource.aws_security_group_rule = { extra: { type: "ingress", security_group_id: "${var.other_group}", protocol: "tcp",
      from_port: 22, to_port: 22, cidr_blocks: ["0.0.0.0/0"] } };
    expect(read(json).unreadable).toEqual([expect.stringContaining("aws_security_group_rule.extra cannot evaluate security_group_id")]);
  });
});
