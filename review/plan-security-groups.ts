import { cannotEvaluate, Finding, finding } from "./findings";
import { ReviewedPlan } from "../plan/reviewed-plan";
import { blocksOf, readString, ResourceInstance, showValue, TerraformValue } from "../plan";

/** One security-group rule, however it is written: an inline block, aws_security_group_rule, or a VPC rule resource. */
export interface GroupRule {
  /** Where it is written, e.g. aws_security_group.db.ingress[0] or aws_security_group_rule.ssh */
  readonly address: string;
  readonly direction: "ingress" | "egress";
  readonly form: "inline" | "aws_security_group_rule" | "aws_vpc_security_group_rule";
  /** The group it belongs to, when it is in the plan. */
  readonly group: ResourceInstance;
  readonly attributes: ReadonlyMap<string, TerraformValue>;
}

/** The security groups attached to the plan's database instances, and what could not be resolved. */
export function databaseSecurityGroups(plan: ReviewedPlan): { groups: ResourceInstance[]; findings: Finding[] } {
  const groups = new Map<string, ResourceInstance>();
  const findings: Finding[] = [];
  for (const db of plan.dbInstances()) {
    const ids = db.attributes.get("vpc_security_group_ids");
    const items = ids === undefined || ids.kind === "null" ? [] : ids.kind === "list" ? ids.items : [ids];
    if (ids?.kind === "unknown" || ids?.kind === "reference") {
      findings.push(cannotEvaluate(db, "vpc_security_group_ids", ids.expression, "references to security groups in the plan"));
      continue;
    }
    for (const item of items) {
      const found = plan.referenced(item, "aws_security_group");
      for (const g of found) groups.set(g.address, g);
      if (found.length > 0) continue;
      if (item.kind === "unknown" || item.kind === "reference") {
        findings.push(cannotEvaluate(db, "vpc_security_group_ids", item.expression, "a security group declared in the plan"));
      } else {
        findings.push(finding(db, "vpc_security_group_ids", showValue(item), "a security group declared in the plan (its rules cannot be reviewed otherwise)"));
      }
    }
  }
  return { groups: [...groups.values()], findings };
}

/**
 * Every rule of the given direction that belongs to one of the groups, and a finding for each rule whose
 * content or owner cannot be evaluated (a dynamic block over a variable, a security_group_id not in the plan).
 */
export function groupRules(plan: ReviewedPlan, groups: readonly ResourceInstance[], direction: "ingress" | "egress"):
  { rules: GroupRule[]; findings: Finding[] } {
  const rules: GroupRule[] = [];
  const findings: Finding[] = [];
  for (const group of groups) {
    blocksOf(group.attributes.get(direction)).forEach((block, i) => {
      if (block.kind !== "object") {
        findings.push(cannotEvaluate(`${group.address}.${direction}`, direction, block.expression, "rules the gate can evaluate"));
        return;
      }
      rules.push({ address: `${group.address}.${direction}[${i}]`, direction, form: "inline", group, attributes: block.attributes });
    });
  }
  const owned = (rule: ResourceInstance): ResourceInstance | undefined | "unknown" => {
    const id = rule.attributes.get("security_group_id");
    const inPlan = plan.referenced(id, "aws_security_group");
    if (inPlan.length > 0) return groups.find((g) => inPlan.some((p) => p.address === g.address));
    // A literal sg-... id is not a group this plan creates; anything else might be.
    return id?.kind === "unknown" || (id?.kind === "reference" && id.traversal[0] !== "aws_security_group") ? "unknown" : undefined;
  };
  for (const rule of plan.instances("aws_security_group_rule", `aws_vpc_security_group_${direction}_rule`)) {
    if (rule.type === "aws_security_group_rule") {
      const type = readString(rule.attributes.get("type"));
      if (type.state === "unknown") {
        findings.push(cannotEvaluate(rule, "type", type.expression, "ingress or egress"));
        continue;
      }
      if (type.state !== "known" || type.value !== direction) continue;
    }
    const group = owned(rule);
    if (group === "unknown") {
      const id = rule.attributes.get("security_group_id");
      findings.push(cannotEvaluate(rule, "security_group_id", id?.kind === "unknown" || id?.kind === "reference" ? id.expression : "?",
        "a security group of the plan, to know whether the rule applies to the database"));
      continue;
    }
    if (group) {
      rules.push({ address: rule.address, direction, group, attributes: rule.attributes,
        form: rule.type === "aws_security_group_rule" ? "aws_security_group_rule" : "aws_vpc_security_group_rule" });
    }
  }
  return { rules, findings };
}
