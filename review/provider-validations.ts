/**
 * The AWS provider's own validation of the arguments the rules read: a value the provider's schema refuses
 * makes `terraform plan` fail, so the gate must not pass it. Each entry is one ValidateFunc (or framework
 * validator) of hashicorp/terraform-provider-aws v6.25.0, transcribed with the line that holds it. Source text:
 * the repository lonegunmanb/terraform-provider-aws-index, tag v6.25.0 (commit add8b630ad579abe2739cec45ae7b27c103ed9c1),
 * which keeps each provider function word for word under index/<package>/<kind>.<name>.goindex; the line numbers
 * are that file's.
 */
import { isIP } from "node:net";
import { blocksOf, readNumber, readString, readStringList, Read, showValue, TerraformValue } from "../plan";
import { ReviewedPlan } from "../plan/reviewed-plan";
import { LOG_RETENTION_DAYS } from "../rds/cloudwatch-logs";
import { MONITORING_INTERVALS } from "../rds/monitoring";
import { MAX_BACKUP_RETENTION_DAYS } from "../rds/backup-retention";
import { expansionFindings, Finding, finding } from "./findings";

export const PROVIDER_SOURCE = "hashicorp/terraform-provider-aws v6.25.0 (lonegunmanb/terraform-provider-aws-index@add8b630)";

/** One argument's validation: what it accepts, the test, and the source line that decides. */
export interface ProviderValidation {
  readonly resources: readonly string[];
  /** A nested block the argument lives in (each block is checked), or none for a top-level argument. */
  readonly block?: string;
  readonly attribute: string;
  /** "int" and "string" are one value; "string set" checks each element. */
  readonly type: "int" | "string" | "string set";
  readonly accepted: string;
  readonly isValid: (value: number | string) => boolean;
  /** index path:line and the validator as written there. */
  readonly source: string;
}

const between = (min: number, max: number) => (v: number | string) => typeof v === "number" && v >= min && v <= max;
const oneOf = (values: readonly (number | string)[]) => (v: number | string) => values.includes(v);

/** verify.ValidARNCheck (index/internal/verify/func.ValidARNCheck.goindex) over aws-sdk-go-v2 arn.Parse: "" is allowed. */
export function isProviderArn(value: number | string): boolean {
  if (value === "") return true;
  if (typeof value !== "string" || !value.startsWith("arn:")) return false;
  const sections = value.split(":");
  if (sections.length < 6) return false;
  const [, partition, , region, account] = sections;
  const resource = sections.slice(5).join(":");
  return /^aws(-[a-z]+)*$/.test(partition) // var.partitionRegexp.goindex
    && (region === "" || /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/.test(region)) // types/func.IsAWSRegion.goindex
    && (account === "" || /^(aws|aws-managed|third-party|aws-marketplace|\d{12}|cw.{10})$/.test(account)) // var.accountIDRegexp.goindex
    && resource !== "";
}

/** An IPv6 address node's isIP accepted, as its eight 16-bit words ("::" filled, a dotted IPv4 tail as two words). */
function ipv6Words(address: string): number[] {
  let text = address;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::");
  const words = (part: string) => (part === "" ? [] : part.split(":").map((w) => parseInt(w, 16)));
  if (tail === undefined) return words(head);
  const before = words(head);
  const after = words(tail);
  return [...before, ...Array(8 - before.length - after.length).fill(0), ...after];
}

/**
 * verify.ValidateIPv4CIDRBlock / ValidateIPv6CIDRBlock (index/internal/verify/func.ValidateIPv4CIDRBlock.goindex,
 * func.ValidateIPv6CIDRBlock.goindex): Go's net.ParseCIDR, the right family, and the block equal to its network
 * (no host bits: "10.0.0.1/16" is refused, "did you mean 10.0.0.0/16?"). An IPv4-mapped address written as
 * IPv4 CIDR ("::ffff:10.0.0.0/104"), which Go would accept as the IPv4 block 10.0.0.0/8, is refused here: a
 * stricter answer, on purpose (no configuration needs it).
 */
export function isCidrNetwork(value: number | string, family: 4 | 6): boolean {
  if (typeof value !== "string") return false;
  const match = /^([^/]+)\/(\d{1,3})$/.exec(value);
  if (!match) return false;
  const [, address, bitsText] = match;
  const bits = Number(bitsText);
  // Go's ParseCIDR refuses a zone ("fe80::%eth0"), which node's isIP accepts, and IPv4 octets with leading
  // zeros, which isIP refuses too.
  if (isIP(address) !== family || address.includes("%") || bits > (family === 4 ? 32 : 128)) return false;
  const ipv6 = family === 6 ? ipv6Words(address) : [];
  // ValidateIPv6CIDRBlock: `if ip.To4() != nil` (an IPv4-mapped ::ffff:a.b.c.d, however written) is no IPv6 block.
  if (family === 6 && ipv6.slice(0, 6).join(":") === "0:0:0:0:0:65535") return false;
  const words = family === 4 ? address.split(".").flatMap((o) => [Number(o) >> 4, Number(o) & 15])
    : ipv6.flatMap((w) => [w >> 12, (w >> 8) & 15, (w >> 4) & 15, w & 15]);
  // Every nibble after the prefix must be zero.
  return words.every((nibble, i) => {
    const hostBits = Math.min(4, Math.max(0, (i + 1) * 4 - bits));
    return (nibble & ((1 << hostBits) - 1)) === 0;
  });
}

const RDS = "index/internal/service/rds";
const EC2 = "index/internal/service/ec2";
const LOGS = "index/internal/service/logs";
const DAY_WINDOW = /^(([0-1][0-9]|2[0-3]):([0-5][0-9])-([0-1][0-9]|2[0-3]):([0-5][0-9])|)$/;
const WEEK_DAY = "(sun|mon|tue|wed|thu|fri|sat):([0-1][0-9]|2[0-3]):([0-5][0-9])";
const WEEK_WINDOW = new RegExp(`^(${WEEK_DAY}-${WEEK_DAY}|)$`);
/** instanceExportableLogType_Values (func.instanceExportableLogType_Values.goindex and its var.exportableLogType*.goindex). */
export const EXPORTABLE_LOG_TYPES = ["agent", "alert", "audit", "diag.log", "error", "general", "iam-db-auth-error", "listener",
  "notify.log", "oemagent", "postgresql", "slowquery", "trace", "upgrade"];
/** validSecurityGroupRuleDescription (ec2/func.validSecurityGroupRuleDescription.goindex). */
const RULE_DESCRIPTION = /^[0-9A-Za-z_ .:/()#,@[\]+=&;{}!$*-]*$/;
const ruleDescription = (v: number | string) => typeof v === "string" && v.length <= 255 && RULE_DESCRIPTION.test(v);
const SG_RULES = ["aws_security_group_rule"];
const VPC_RULES = ["aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"];

export const PROVIDER_VALIDATIONS: readonly ProviderValidation[] = [
  { resources: ["aws_db_instance"], attribute: "backup_retention_period", type: "int", accepted: `0 to ${MAX_BACKUP_RETENTION_DAYS}`,
    isValid: between(0, MAX_BACKUP_RETENTION_DAYS), source: `${RDS}/func.resourceInstance.goindex:132 validation.IntBetween(0, 35)` },
  { resources: ["aws_db_instance"], attribute: "backup_window", type: "string", accepted: "hh24:mi-hh24:mi",
    isValid: (v) => typeof v === "string" && DAY_WINDOW.test(v),
    source: `${RDS}/func.resourceInstance.goindex:148 verify.ValidOnceADayWindowFormat (types/timestamp ValidateOnceADayWindowFormat)` },
  { resources: ["aws_db_instance"], attribute: "enabled_cloudwatch_logs_exports", type: "string set", accepted: `each one of ${EXPORTABLE_LOG_TYPES.join(", ")}`,
    isValid: oneOf(EXPORTABLE_LOG_TYPES), source: `${RDS}/func.resourceInstance.goindex:272 validation.StringInSlice(instanceExportableLogType_Values(), false)` },
  { resources: ["aws_db_instance"], attribute: "final_snapshot_identifier", type: "string",
    accepted: "a letter first, then letters, digits and single hyphens, not ending in a hyphen",
    isValid: (v) => typeof v === "string" && /^[A-Za-z]/.test(v) && /^[0-9A-Za-z-]+$/.test(v) && !/--/.test(v) && !/-$/.test(v),
    source: `${RDS}/func.resourceInstance.goindex:307-312 validation.All(StringMatch ^[A-Za-z], ^[0-9A-Za-z-]+$, not --, not -$)` },
  { resources: ["aws_db_instance"], attribute: "identifier", type: "string",
    accepted: "a lowercase letter first, then lowercase letters, digits and single hyphens, not ending in a hyphen",
    isValid: (v) => typeof v === "string" && /^[0-9a-z-]+$/.test(v) && /^[a-z]/.test(v) && !/--/.test(v) && !/-$/.test(v),
    source: `${RDS}/func.resourceInstance.goindex:327 validIdentifier (func.validIdentifier.goindex)` },
  { resources: ["aws_db_instance"], attribute: "maintenance_window", type: "string", accepted: "ddd:hh24:mi-ddd:hh24:mi",
    isValid: (v) => typeof v === "string" && WEEK_WINDOW.test(v.toLowerCase()),
    source: `${RDS}/func.resourceInstance.goindex:392 verify.ValidOnceAWeekWindowFormat (types/timestamp ValidateOnceAWeekWindowFormat)` },
  { resources: ["aws_db_instance"], attribute: "monitoring_interval", type: "int", accepted: `one of ${MONITORING_INTERVALS.join(", ")}`,
    isValid: oneOf(MONITORING_INTERVALS), source: `${RDS}/func.resourceInstance.goindex:439 validation.IntInSlice([]int{0, 1, 5, 10, 15, 30, 60})` },
  { resources: ["aws_db_instance"], attribute: "monitoring_role_arn", type: "string", accepted: "an ARN",
    isValid: isProviderArn, source: `${RDS}/func.resourceInstance.goindex:445 verify.ValidARN` },
  { resources: ["aws_db_instance"], attribute: "performance_insights_kms_key_id", type: "string", accepted: "an ARN",
    isValid: isProviderArn, source: `${RDS}/func.resourceInstance.goindex:502 verify.ValidARN` },
  { resources: ["aws_db_instance"], attribute: "performance_insights_retention_period", type: "int", accepted: "7, 731, or a multiple of 31",
    isValid: (v) => typeof v === "number" && (v === 7 || v === 731 || v % 31 === 0),
    source: `${RDS}/func.resourceInstance.goindex:508-511 validation.Any(validation.IntInSlice([]int{7, 731}), validation.IntDivisibleBy(31))` },
  { resources: ["aws_db_parameter_group"], block: "parameter", attribute: "apply_method", type: "string", accepted: "immediate or pending-reboot (any case)",
    isValid: (v) => typeof v === "string" && ["immediate", "pending-reboot"].includes(v.toLowerCase()),
    source: `${RDS}/func.resourceParameterGroup.goindex:80 enum.ValidateIgnoreCase[types.ApplyMethod]()` },
  // The provider's list is 0 (never expire) and CloudWatch's own (rds/cloudwatch-logs.ts), the same values.
  { resources: ["aws_cloudwatch_log_group"], attribute: "retention_in_days", type: "int",
    accepted: `one of ${[0, ...LOG_RETENTION_DAYS].join(", ")}`, isValid: oneOf([0, ...LOG_RETENTION_DAYS]),
    source: `${LOGS}/func.resourceGroup.goindex:79 validation.IntInSlice([]int{0, 1, 3, ... 3653})` },
  { resources: ["aws_security_group"], attribute: "description", type: "string", accepted: "at most 255 characters",
    isValid: (v) => typeof v === "string" && v.length <= 255, source: `${EC2}/func.resourceSecurityGroup.goindex:59 validation.StringLenBetween(0, 255)` },
  ...(["ingress", "egress"] as const).flatMap((block): ProviderValidation[] => [
    { resources: ["aws_security_group"], block, attribute: "cidr_blocks", type: "string set", accepted: "IPv4 networks in CIDR notation (no host bits)",
      isValid: (v) => isCidrNetwork(v, 4), source: `${EC2}/var.securityGroupRuleNestedBlock.goindex:38 verify.ValidIPv4CIDRNetworkAddress` },
    { resources: ["aws_security_group"], block, attribute: "ipv6_cidr_blocks", type: "string set", accepted: "IPv6 networks in CIDR notation (no host bits)",
      isValid: (v) => isCidrNetwork(v, 6), source: `${EC2}/var.securityGroupRuleNestedBlock.goindex:55 verify.ValidIPv6CIDRNetworkAddress` },
    { resources: ["aws_security_group"], block, attribute: "description", type: "string", accepted: "at most 255 of A-Z a-z 0-9 space and _.:/()#,@[]+=&;{}!$*-",
      isValid: ruleDescription, source: `${EC2}/var.securityGroupRuleNestedBlock.goindex:44 validSecurityGroupRuleDescription` },
  ]),
  { resources: SG_RULES, attribute: "type", type: "string", accepted: "ingress or egress",
    isValid: oneOf(["ingress", "egress"]), source: `${EC2}/func.resourceSecurityGroupRule.goindex:148 enum.Validate[securityGroupRuleType]()` },
  { resources: SG_RULES, attribute: "cidr_blocks", type: "string set", accepted: "IPv4 networks in CIDR notation (no host bits)",
    isValid: (v) => isCidrNetwork(v, 4), source: `${EC2}/func.resourceSecurityGroupRule.goindex:56 verify.ValidIPv4CIDRNetworkAddress` },
  { resources: SG_RULES, attribute: "ipv6_cidr_blocks", type: "string set", accepted: "IPv6 networks in CIDR notation (no host bits)",
    isValid: (v) => isCidrNetwork(v, 6), source: `${EC2}/func.resourceSecurityGroupRule.goindex:85 verify.ValidIPv6CIDRNetworkAddress` },
  { resources: SG_RULES, attribute: "description", type: "string", accepted: "at most 255 of A-Z a-z 0-9 space and _.:/()#,@[]+=&;{}!$*-",
    isValid: ruleDescription, source: `${EC2}/func.resourceSecurityGroupRule.goindex:64 validSecurityGroupRuleDescription` },
  ...(["from_port", "to_port"] as const).map((attribute, i): ProviderValidation => ({
    resources: VPC_RULES, attribute, type: "int", accepted: "-1 to 65535",
    isValid: between(-1, 65535), source: `${EC2}/method.securityGroupRuleResource.Schema.goindex:${[66, 97][i]} int64validator.Between(-1, 65535)` })),
  { resources: VPC_RULES, attribute: "cidr_ipv4", type: "string", accepted: "an IPv4 network in CIDR notation (no host bits)",
    isValid: (v) => isCidrNetwork(v, 4), source: `${EC2}/method.securityGroupRuleResource.Schema.goindex:51 fwvalidators.IPv4CIDRNetworkAddress()` },
  { resources: VPC_RULES, attribute: "cidr_ipv6", type: "string", accepted: "an IPv6 network in CIDR notation (no host bits)",
    isValid: (v) => isCidrNetwork(v, 6), source: `${EC2}/method.securityGroupRuleResource.Schema.goindex:57 fwvalidators.IPv6CIDRNetworkAddress()` },
];

/**
 * Arguments the rules read that v6.25.0's schema does not validate: terraform plan accepts any value of the type,
 * and RDS or EC2 refuses a bad one only at apply (the storage ones are checked against RDS's limits by
 * CKPT-RDS-STORAGE instead).
 */
export const UNVALIDATED_ARGUMENTS: ReadonlyArray<{ resource: string; attribute: string; source: string }> = [
  { resource: "aws_db_instance", attribute: "allocated_storage", source: `${RDS}/func.resourceInstance.goindex:75 (TypeInt, DiffSuppressFunc only)` },
  { resource: "aws_db_instance", attribute: "iops", source: `${RDS}/func.resourceInstance.goindex (TypeInt, no ValidateFunc)` },
  { resource: "aws_db_instance", attribute: "storage_throughput", source: `${RDS}/func.resourceInstance.goindex:640 (TypeInt, no ValidateFunc)` },
  { resource: "aws_db_instance", attribute: "storage_type", source: `${RDS}/func.resourceInstance.goindex:645 (TypeString, no ValidateFunc)` },
  { resource: "aws_db_instance", attribute: "port", source: `${RDS}/func.resourceInstance.goindex:513 (TypeInt, no ValidateFunc)` },
  { resource: "aws_security_group_rule", attribute: "from_port, to_port, protocol", source: `${EC2}/func.resourceSecurityGroupRule.goindex:66,100,131 (no ValidateFunc; protocol has a StateFunc)` },
];

/** Arguments the provider's schema marks Required: a resource (or nested block) without one fails terraform plan. */
export const REQUIRED_ARGUMENTS: ReadonlyArray<{ resources: readonly string[]; block?: string; attribute: string; source: string }> = [
  { resources: ["aws_db_instance"], attribute: "instance_class", source: `${RDS}/func.resourceInstance.goindex:338` },
  { resources: ["aws_db_parameter_group"], attribute: "family", source: `${RDS}/func.resourceParameterGroup.goindex:52` },
  { resources: ["aws_db_parameter_group"], block: "parameter", attribute: "name", source: `${RDS}/func.resourceParameterGroup.goindex:84` },
  { resources: ["aws_db_parameter_group"], block: "parameter", attribute: "value", source: `${RDS}/func.resourceParameterGroup.goindex:88` },
  ...["ingress", "egress"].flatMap((block) => [["from_port", 48], ["protocol", 65], ["to_port", 81]].map(([attribute, line]) =>
    ({ resources: ["aws_security_group"], block, attribute: String(attribute), source: `${EC2}/var.securityGroupRuleNestedBlock.goindex:${line}` }))),
  ...[["from_port", 68], ["protocol", 102], ["security_group_id", 108], ["to_port", 133], ["type", 146]].map(([attribute, line]) =>
    ({ resources: SG_RULES, attribute: String(attribute), source: `${EC2}/func.resourceSecurityGroupRule.goindex:${line}` })),
  ...[["ip_protocol", 72], ["security_group_id", 81]].map(([attribute, line]) =>
    ({ resources: VPC_RULES, attribute: String(attribute), source: `${EC2}/method.securityGroupRuleResource.Schema.goindex:${line}` })),
];

/** The read value's elements, as the validation's type sees them: known values only. */
export function readForValidation(value: TerraformValue | undefined, type: ProviderValidation["type"]): Read<readonly (number | string)[]> {
  if (type === "string set") return readStringList(value);
  const read = type === "int" ? readNumber(value) : readString(value);
  if (read.state !== "known") return read;
  // TypeInt: Terraform refuses a fractional number for an int argument.
  if (type === "int" && !Number.isInteger(read.value)) return { state: "invalid", value: value as TerraformValue, expected: "a whole number" };
  return { state: "known", value: [read.value], from: read.from };
}

/**
 * Every value the provider's schema refuses, as a finding: terraform plan would stop on it. A value the gate cannot
 * evaluate is left to the rules that read it (each fails closed on it); terraform plan validates it once known.
 */
export function providerSchemaFindings(plan: ReviewedPlan): Finding[] {
  const findings: Finding[] = [];
  const types = [...new Set([...PROVIDER_VALIDATIONS, ...REQUIRED_ARGUMENTS].flatMap((v) => v.resources))];
  for (const r of plan.instances(...types)) {
    findings.push(...expansionFindings(r));
    for (const required of REQUIRED_ARGUMENTS.filter((a) => a.resources.includes(r.type))) {
      const places = required.block === undefined ? [{ where: r.address, attributes: r.attributes }]
        : blocksOf(r.attributes.get(required.block)).flatMap((block, i) => block.kind === "object"
          ? [{ where: `${r.address}.${required.block}[${i}]`, attributes: block.attributes }] : []);
      for (const { where, attributes } of places) {
        const value = attributes.get(required.attribute);
        if (value === undefined || value.kind === "null") {
          findings.push(finding(where, required.attribute, "(not set)", `set: the provider's schema requires it (${required.source} Required: true)`));
        }
      }
    }
    for (const validation of PROVIDER_VALIDATIONS.filter((v) => v.resources.includes(r.type))) {
      const places = validation.block === undefined ? [{ where: r.address, value: r.attributes.get(validation.attribute) }]
        : blocksOf(r.attributes.get(validation.block)).map((block, i) => ({ where: `${r.address}.${validation.block}[${i}]`,
          value: block.kind === "object" ? block.attributes.get(validation.attribute) : undefined }));
      for (const { where, value } of places) {
        const required = `${validation.accepted} (the provider refuses anything else: ${validation.source})`;
        const read = readForValidation(value, validation.type);
        if (read.state === "invalid") findings.push(finding(where, validation.attribute, `${showValue(read.value)} (not ${read.expected})`, required));
        if (read.state !== "known") continue;
        const refused = read.value.filter((v) => !validation.isValid(v));
        if (refused.length > 0) findings.push(finding(where, validation.attribute, refused.map(String).join(", "), required, read.from));
      }
    }
  }
  return findings;
}
