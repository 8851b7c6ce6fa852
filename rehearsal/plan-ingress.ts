import { databaseSecurityGroups, GroupRule, groupRules } from "../review/plan-security-groups";
import { describeFinding } from "../review/findings";
import { ReviewedPlan } from "../plan/reviewed-plan";
import { literalRead, readBool, readNumber, readString, showValue, TerraformValue } from "../plan";
import { IngressPermission } from "./security-group-firewall";

/** A rule's ingress, and what in the plan could not be read (reported by the rehearsal, never dropped). */
export interface PlanIngress {
  readonly permissions: IngressPermission[];
  readonly unreadable: string[];
  /** How many security groups of the plan the database names. */
  readonly groups: number;
}

const items = (value: TerraformValue | undefined): TerraformValue[] =>
  value === undefined || value.kind === "null" ? [] : value.kind === "list" ? [...value.items] : [value];

/** A source as the firewall translation takes it: a CIDR, "${var.X}" for a variable (or its default), or the expression. */
function sourceText(value: TerraformValue): string {
  if (value.kind !== "unknown" && value.kind !== "reference" && value.from?.startsWith("the default of var.")) {
    return `\${${value.from.slice("the default of ".length)}}`; // bound like the variable: the deployer sets it
  }
  if (value.kind === "unknown" || value.kind === "reference") {
    const expression = value.expression.trim();
    return /^var\.[A-Za-z0-9_-]+$/.test(expression) ? `\${${expression}}` : expression;
  }
  return showValue(value);
}

const OTHER_SOURCES: Record<GroupRule["form"], string[]> = {
  inline: ["ipv6_cidr_blocks", "security_groups", "prefix_list_ids"],
  aws_security_group_rule: ["ipv6_cidr_blocks", "source_security_group_id", "prefix_list_ids"],
  aws_vpc_security_group_rule: ["cidr_ipv6", "referenced_security_group_id", "prefix_list_id"],
};

function permission(rule: GroupRule): IngressPermission {
  const a = rule.attributes;
  const vpc = rule.form === "aws_vpc_security_group_rule";
  const protocol = readString(a.get(vpc ? "ip_protocol" : "protocol"));
  const port = (name: string) => {
    const read = literalRead(readNumber(a.get(name)));
    return read.state === "known" ? read.value : undefined;
  };
  const self = readBool(a.get("self"));
  const description = readString(a.get("description"));
  return {
    address: rule.address,
    group: rule.group,
    protocol: protocol.state === "known" ? protocol.value : protocol.state === "unknown" ? protocol.expression : "undefined",
    fromPort: port("from_port"),
    toPort: port("to_port"),
    ipv4Sources: items(a.get(vpc ? "cidr_ipv4" : "cidr_blocks")).map(sourceText),
    otherSources: [...OTHER_SOURCES[rule.form].flatMap((name) => items(a.get(name)).map(sourceText)),
      ...(!vpc && self.state === "known" && self.value ? ["self"] : [])],
    description: description.state === "known" ? description.value : undefined,
  };
}

/**
 * The ingress of the security groups the plan's database names, read by the review gate's reader and rule
 * finder: inline blocks, aws_security_group_rule, VPC rule resources.
 */
export function databaseIngress(plan: ReviewedPlan): PlanIngress {
  const attached = databaseSecurityGroups(plan);
  const { rules, findings } = groupRules(plan, attached.groups, "ingress");
  return { permissions: rules.map(permission), unreadable: [...attached.findings, ...findings].map(describeFinding),
    groups: attached.groups.length };
}
