import { parseConfiguration } from "../../plan";
import { ReviewedPlan } from "../../plan/reviewed-plan";
import { isCidrNetwork, isProviderArn, PROVIDER_VALIDATIONS, providerSchemaFindings } from "../../review/provider-validations";

// Issue 27: the provider's validations (review/provider-validations.ts) decided on the values their Go source
// names, called directly (no synth): each test catches a mutant that survived the samples of
// provider-validations.test.ts. Source: hashicorp/terraform-provider-aws v6.25.0 as kept by
// lonegunmanb/terraform-provider-aws-index (index/<package>/<kind>.<name>.goindex), and Go's net.ParseCIDR.

const validation = (resource: string, attribute: string, block?: string) =>
  PROVIDER_VALIDATIONS.find((v) => v.resources.includes(resource) && v.attribute === attribute && v.block === block)!;
const findingsOf = (resource: Record<string, unknown>) => providerSchemaFindings(new ReviewedPlan("s", "c.tf.json",
  parseConfiguration([{ file: "c.tf.json", text: JSON.stringify({ variable: { v: { type: "string" } }, resource }) }])));

describe("isProviderArn: verify.ValidARNCheck over aws-sdk-go-v2's arn.Parse", () => {
  test("\"\" is allowed (ValidARNCheck: `if value == \"\" { return }`)", () => {
    expect(isProviderArn("")).toBe(true);
  });

  test("arn.Parse: the \"arn:\" prefix, six sections, and a resource (which may hold colons)", () => {
    expect(isProviderArn("xyz:aws:iam::123456789012:role/x")).toBe(false);
    expect(isProviderArn("arn:aws:iam::123456789012")).toBe(false);
    expect(isProviderArn("arn:aws:iam::123456789012:")).toBe(false);
    expect(isProviderArn("arn:aws:logs:us-east-1:123456789012:log-group:x:*")).toBe(true);
  });

  test("the partition matches partitionRegexp ^aws(-[a-z]+)*$", () => {
    expect(["aws", "aws-cn", "aws-us-gov"].map((p) => isProviderArn(`arn:${p}:iam::123456789012:role/x`))).toEqual([true, true, true]);
    expect(["xaws", "awsx", "foo", "aws-", "aws-1"].map((p) => isProviderArn(`arn:${p}:iam::123456789012:role/x`)))
      .toEqual([false, false, false, false, false]);
  });

  test("a region, when given, matches IsAWSRegion ^[a-z]{2,4}(-[a-z]+)+-\\d{1,2}$", () => {
    const arn = (region: string) => isProviderArn(`arn:aws:kms:${region}:123456789012:key/abc`);
    expect(["", "us-east-1", "us-gov-west-1", "us-east-10"].map(arn)).toEqual([true, true, true, true]);
    expect(["useast1", "abcde-east-1", "us-east-1x", "us-east-100"].map(arn)).toEqual([false, false, false, false]);
  });

  test("an account, when given, matches accountIDRegexp ^(aws|aws-managed|third-party|aws-marketplace|\\d{12}|cw.{10})$", () => {
    const arn = (account: string) => isProviderArn(`arn:aws:iam::${account}:role/x`);
    expect(["", "aws", "123456789012", "cw0123456789"].map(arn)).toEqual([true, true, true, true]);
    expect(["x123456789012", "123456789012x", "cwx", "12345"].map(arn)).toEqual([false, false, false, false]);
  });
});

describe("isCidrNetwork: verify.ValidateIPv4CIDRBlock / ValidateIPv6CIDRBlock (Go's net.ParseCIDR)", () => {
  test("an IPv6 address with a dotted IPv4 tail is read as its last two words", () => {
    // 64:ff9b::/96 is the NAT64 prefix; 10.0.0.0 fills word 7 with 0x0a00, so /104 leaves no host bits.
    expect(isCidrNetwork("64:ff9b::10.0.0.0/104", 6)).toBe(true);
    expect(isCidrNetwork("64:ff9b::10.0.0.1/104", 6)).toBe(false);
    // ::a10:2020: the last five bits are zero.
    expect(isCidrNetwork("::10.16.32.32/123", 6)).toBe(true);
    expect(isCidrNetwork("::10.16.32.32/122", 6)).toBe(false);
  });

  test("ParseCIDR refuses a zone (netip.ParseAddr's Zone() != \"\"), which node's isIP accepts", () => {
    expect(isCidrNetwork("fe80::%eth0/10", 6)).toBe(false);
    expect(isCidrNetwork("fe80::1%eth0/128", 6)).toBe(false);
  });

  test("ValidateIPv6CIDRBlock refuses an IPv4-mapped address (ip.To4() != nil)", () => {
    expect(isCidrNetwork("::ffff:10.0.0.0/104", 6)).toBe(false);
    expect(isCidrNetwork("::ffff:a00:0/104", 6)).toBe(false);
    expect(isCidrNetwork("::fffe:a00:0/104", 6)).toBe(true);
  });

  test("the whole text is address/bits: ParseCIDR splits at the first slash and reads every digit of the mask", () => {
    expect(isCidrNetwork("a/10.0.0.0/8", 4)).toBe(false);
    expect(isCidrNetwork("10.0.0.0/8x", 4)).toBe(false);
    expect(isCidrNetwork(0, 4)).toBe(false);
  });
});

describe("the transcribed ValidateFuncs", () => {
  test("validSecurityGroupRuleDescription: len(value) > 255 is refused, 255 is not", () => {
    for (const v of [validation("aws_security_group_rule", "description"), validation("aws_security_group", "description", "ingress")]) {
      expect(v.isValid("x".repeat(255))).toBe(true);
      expect(v.isValid("x".repeat(256))).toBe(false);
    }
  });

  test("final_snapshot_identifier: StringMatch ^[A-Za-z], ^[0-9A-Za-z-]+$ (func.resourceInstance.goindex:307-312)", () => {
    const v = validation("aws_db_instance", "final_snapshot_identifier");
    expect(["final-1", "F"].map(v.isValid)).toEqual([true, true]);
    expect(["1final", "final_snapshot", "-final"].map(v.isValid)).toEqual([false, false, false]);
  });

  test("identifier: validIdentifier's ^[0-9a-z-]+$ and ^[a-z] (func.validIdentifier.goindex)", () => {
    const v = validation("aws_db_instance", "identifier");
    expect(["db-1", "d"].map(v.isValid)).toEqual([true, true]);
    expect(["db_1", "1db", "-db", "dB"].map(v.isValid)).toEqual([false, false, false, false]);
  });

  test("performance_insights_retention_period: IntInSlice{7, 731} or IntDivisibleBy(31)", () => {
    const v = validation("aws_db_instance", "performance_insights_retention_period");
    expect([7, 731, 31, 62, 0].map(v.isValid)).toEqual([true, true, true, true, true]);
    expect([8, 730, 32].map(v.isValid)).toEqual([false, false, false]);
  });

  test("apply_method: enum.ValidateIgnoreCase[types.ApplyMethod] (immediate, pending-reboot)", () => {
    const v = validation("aws_db_parameter_group", "apply_method", "parameter");
    expect(["immediate", "IMMEDIATE", "pending-reboot"].map(v.isValid)).toEqual([true, true, true]);
    expect(["", "reboot"].map(v.isValid)).toEqual([false, false]);
  });
});

describe("providerSchemaFindings", () => {
  test("a Required argument written as null is missing: terraform plan refuses it", () => {
    const findings = findingsOf({ aws_db_instance: { db: { instance_class: null } } });
    expect(findings).toEqual([expect.objectContaining({ address: "aws_db_instance.db", attribute: "instance_class", found: "(not set)",
      required: expect.stringContaining("the provider's schema requires it (index/internal/service/rds/func.resourceInstance.goindex:338 Required: true)") })]);
  });

  test("a block the gate cannot read (an unknown element) is left to the rules that read it; the readable blocks are checked, by index", () => {
    const rule = { from_port: 5432, to_port: 5432, protocol: "tcp" };
    const findings = findingsOf({ aws_security_group: { g: { ingress: ["${var.v}", { ...rule, cidr_blocks: ["10.0.0.1/24"] }] } } });
    expect(findings).toEqual([expect.objectContaining({ address: "aws_security_group.g.ingress[1]", attribute: "cidr_blocks", found: "10.0.0.1/24" })]);
  });

  test("every refused element of a set is named, comma-separated", () => {
    const findings = findingsOf({ aws_db_instance: { db: { instance_class: "db.t4g.micro", enabled_cloudwatch_logs_exports: ["postgres", "upgrade", "mysql"] } } });
    expect(findings).toEqual([expect.objectContaining({ attribute: "enabled_cloudwatch_logs_exports", found: "postgres, mysql" })]);
  });
});
