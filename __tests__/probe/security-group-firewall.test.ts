import { translateIngress } from "../../rehearsal/security-group-firewall";
import { IngressPermission } from "../../review/security-group-ingress";

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
