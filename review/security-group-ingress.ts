// Legacy JSON.parse reader kept for verify/ and rehearsal/ only: the review gate reads plans through ./terraform-json.
import { JsonValue, PlanResource, TerraformPlan } from "./terraform-plan";

/** One ingress permission, however it was written: inline, aws_security_group_rule, or the VPC rule resource. */
export interface IngressPermission {
  /** Where it is written, e.g. aws_security_group.checkpoints_db.ingress[0] */
  readonly address: string;
  readonly group: PlanResource;
  readonly protocol: string;
  readonly fromPort: number | undefined;
  readonly toPort: number | undefined;
  readonly ipv4Sources: string[];
  readonly otherSources: string[];
  readonly description: string | undefined;
}

const list = (value: JsonValue): string[] => (Array.isArray(value) ? value.filter((v) => v !== null) : value ? [value] : []);

/** The security groups attached to the plan's database instances. */
export function databaseSecurityGroups(plan: TerraformPlan): PlanResource[] {
  const groups = plan.dbInstances().flatMap((db) => list(db.body.vpc_security_group_ids))
    .map((ref) => plan.referencedResource(ref, "aws_security_group"))
    .filter((g): g is PlanResource => g !== undefined);
  return [...new Map(groups.map((g) => [g.address, g])).values()];
}

/** Every ingress permission of the given groups, from the three ways Terraform can write one. */
export function ingressPermissions(plan: TerraformPlan, groups: PlanResource[]): IngressPermission[] {
  const permissions: IngressPermission[] = [];
  const owner = (ref: unknown) => groups.find((g) => plan.referencedResource(ref, "aws_security_group")?.address === g.address);
  for (const group of groups) {
    list(group.body.ingress).forEach((rule: JsonValue, i) => permissions.push({
      address: `${group.address}.ingress[${i}]`, group, protocol: String(rule.protocol),
      fromPort: rule.from_port, toPort: rule.to_port, ipv4Sources: list(rule.cidr_blocks),
      otherSources: [...list(rule.ipv6_cidr_blocks), ...list(rule.security_groups), ...list(rule.prefix_list_ids),
        ...(rule.self ? ["self"] : [])],
      description: rule.description ?? undefined,
    }));
  }
  for (const rule of plan.resources("aws_security_group_rule")) {
    const group = owner(rule.body.security_group_id);
    if (!group || rule.body.type !== "ingress") continue;
    permissions.push({ address: rule.address, group, protocol: String(rule.body.protocol),
      fromPort: rule.body.from_port, toPort: rule.body.to_port, ipv4Sources: list(rule.body.cidr_blocks),
      otherSources: [...list(rule.body.ipv6_cidr_blocks), ...list(rule.body.source_security_group_id),
        ...list(rule.body.prefix_list_ids), ...(rule.body.self ? ["self"] : [])],
      description: rule.body.description ?? undefined });
  }
  for (const rule of plan.resources("aws_vpc_security_group_ingress_rule")) {
    const group = owner(rule.body.security_group_id);
    if (!group) continue;
    permissions.push({ address: rule.address, group, protocol: String(rule.body.ip_protocol),
      fromPort: rule.body.from_port, toPort: rule.body.to_port, ipv4Sources: list(rule.body.cidr_ipv4),
      otherSources: [...list(rule.body.cidr_ipv6), ...list(rule.body.referenced_security_group_id),
        ...list(rule.body.prefix_list_id)],
      description: rule.body.description ?? undefined });
  }
  return permissions;
}

/** Every egress rule of the given groups, for the description check. */
export function egressRuleDescriptions(plan: TerraformPlan, groups: PlanResource[]): Array<{ address: string; description?: string }> {
  const rules: Array<{ address: string; description?: string }> = [];
  for (const group of groups) {
    list(group.body.egress).forEach((rule: JsonValue, i) =>
      rules.push({ address: `${group.address}.egress[${i}]`, description: rule.description ?? undefined }));
  }
  for (const type of ["aws_security_group_rule", "aws_vpc_security_group_egress_rule"]) {
    for (const rule of plan.resources(type)) {
      if (type === "aws_security_group_rule" && rule.body.type !== "egress") continue;
      if (groups.some((g) => plan.referencedResource(rule.body.security_group_id, "aws_security_group")?.address === g.address)) {
        rules.push({ address: rule.address, description: rule.body.description ?? undefined });
      }
    }
  }
  return rules;
}
