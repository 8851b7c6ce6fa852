/**
 * checkov's security-group checks (AbsSecurityGroupUnrestrictedIngress/Egress, SGAttachedToResource), decided
 * as checkov decides them (bridgecrewio/checkov 03d5fdad8d6154b1565799a7b1fb8070c158866f), on values read as
 * Terraform reads them. An unknown that could change the verdict fails closed.
 */
import { cannotEvaluate, Finding, finding } from "./findings";
import { blocksOf, readBool, readNumber, readString, ResourceInstance, TerraformValue } from "../plan";

/** checkov CKV_AWS_23's resource types. */
export const SECURITY_GROUP_RESOURCE_TYPES = ["aws_security_group", "aws_security_group_rule", "aws_db_security_group",
  "aws_elasticache_security_group", "aws_redshift_security_group", "aws_vpc_security_group_egress_rule",
  "aws_vpc_security_group_ingress_rule"];

/** checkov CKV2_AWS_5's connected resource types: a group one of these references is attached. */
export const SG_ATTACHMENT_TYPES = ["aws_alb", "aws_apprunner_vpc_connector", "aws_appstream_fleet", "aws_batch_compute_environment", "aws_cloudwatch_event_target", "aws_codebuild_project", "aws_codestarconnections_host", "aws_dax_cluster", "aws_db_instance", "aws_dms_replication_instance", "aws_dms_replication_config", "aws_docdb_cluster", "aws_docdbelastic_cluster", "aws_ec2_client_vpn_endpoint", "aws_ec2_client_vpn_network_association", "aws_ec2_spot_fleet_request", "aws_ecs_service", "aws_efs_mount_target", "aws_eks_cluster", "aws_eks_node_group", "aws_elasticache_cluster", "aws_elasticache_replication_group", "aws_elasticache_serverless_cache", "aws_elasticsearch_domain", "aws_elb", "aws_emr_cluster", "aws_emr_studio", "aws_glue_dev_endpoint", "aws_instance", "aws_lambda_function", "aws_launch_configuration", "aws_launch_template", "aws_lb", "aws_memorydb_cluster", "aws_mq_broker", "aws_msk_cluster", "aws_mskconnect_connector", "aws_mwaa_environment", "aws_neptune_cluster", "aws_network_interface", "aws_opensearch_domain", "aws_opensearch_vpc_endpoint", "aws_quicksight_vpc_connection", "aws_rds_cluster", "aws_redshift_cluster", "aws_route53_resolver_endpoint", "aws_sagemaker_notebook_instance", "aws_transfer_server", "aws_vpc_endpoint", "aws_vpclattice_service_network_vpc_association", "aws_fsx_windows_file_system", "aws_fsx_ontap_file_system", "aws_grafana_workspace", "aws_apigatewayv2_vpc_link", "aws_fsx_lustre_file_system", "aws_imagebuilder_infrastructure_configuration", "aws_fsx_openzfs_file_system", "aws_fsx_file_cache", "aws_redshiftserverless_workgroup", "aws_ec2_instance_connect_endpoint", "aws_opensearchserverless_vpc_endpoint", "aws_verifiedaccess_endpoint", "aws_m2_environment", "aws_vpclattice_resource_gateway", "aws_spot_instance_request", "aws_msk_vpc_connection"];

/** true, false, or the attribute and expression that keep it from being known. */
type Tri = boolean | { readonly attribute: string; readonly expression: string };
const and = (a: Tri, b: Tri): Tri => (a === false || b === false ? false : a === true ? b : a);
const or = (a: Tri, b: Tri): Tri => (a === true || b === true ? true : a === false ? b : a);

/** checkov's force_int: a number, or None for anything absent or unconvertible. */
function port(attrs: ReadonlyMap<string, TerraformValue>, name: string): number | undefined | Tri {
  const read = readNumber(attrs.get(name));
  if (read.state === "unknown") return { attribute: name, expression: read.expression };
  return read.state === "known" && Number.isInteger(read.value) ? read.value : undefined;
}

const isUnset = (v: TerraformValue | undefined) => v === undefined || v.kind === "null" || (v.kind === "list" && v.items.length === 0)
  || (v.kind === "string" && v.value === "");

/** Whether a list of CIDRs (or one CIDR) holds one of the given "everywhere" blocks. */
function holdsAny(value: TerraformValue | undefined, name: string, everywhere: readonly string[]): Tri {
  if (value === undefined || value.kind === "null") return false;
  if (value.kind === "unknown" || value.kind === "reference") return { attribute: name, expression: value.expression };
  let result: Tri = false;
  for (const item of value.kind === "list" ? value.items : [value]) {
    const text = readString(item);
    if (text.state === "unknown") result = or(result, { attribute: name, expression: text.expression });
    else if (text.state === "known" && everywhere.includes(text.value)) return true;
  }
  return result;
}

/**
 * Every protocol: the provider reads "-1" and "all" (any case) as all protocols (terraform-provider-aws v6.25.0
 * internal/service/ec2 protocolForValue; aws_vpc_security_group_*_rule's ip_protocol type likewise), and EC2 then
 * opens every port "regardless of any port range you specify" (EC2 API Reference, IpPermission.IpProtocol).
 */
const EVERY_PROTOCOL = ["-1", "all"];

/**
 * checkov's contains_violation, port -1 meaning "all ports", and one difference on purpose: checkov counts
 * protocol "-1" as all ports only with 0-0 or 0-65535 and reads only `protocol`; here "-1"/"all" in `protocol` or
 * `ip_protocol` opens every port whatever from_port/to_port say, as EC2 applies it.
 */
function violation(attrs: ReadonlyMap<string, TerraformValue>, target: number): Tri {
  const from = port(attrs, "from_port");
  let to = port(attrs, "to_port");
  if (from === 0 && to === 0) to = 65535;
  const prefixName = attrs.has("prefix_list_id") ? "prefix_list_id" : "prefix_list_ids";
  const prefixes = attrs.get(prefixName);
  if (!isUnset(prefixes) && prefixes?.kind !== "unknown" && prefixes?.kind !== "reference") return false;
  const protocolName = attrs.has("ip_protocol") ? "ip_protocol" : "protocol";
  const protocol = readString(attrs.get(protocolName));
  const unknownPort = [from, to].find((p): p is Exclude<Tri, boolean> => typeof p === "object");
  const inRange: Tri = unknownPort ?? (typeof from === "number" && typeof to === "number" && from <= target && target <= to);
  const allTraffic: Tri = protocol.state === "unknown" ? { attribute: protocolName, expression: protocol.expression }
    : protocol.state === "known" && EVERY_PROTOCOL.includes(protocol.value.toLowerCase());
  const cidrName = isUnset(attrs.get("cidr_blocks")) ? "cidr_ipv4" : "cidr_blocks";
  const ipv6Name = isUnset(attrs.get("ipv6_cidr_blocks")) ? "cidr_ipv6" : "ipv6_cidr_blocks";
  const v4 = holdsAny(attrs.get(cidrName), cidrName, ["0.0.0.0/0"]);
  const v6 = holdsAny(attrs.get(ipv6Name), ipv6Name, ["::/0", "0000:0000:0000:0000:0000:0000:0000:0000/0"]);
  const noSource = [cidrName, ipv6Name, "security_groups", "source_security_group_id", "referenced_security_group_id"]
    .every((name) => isUnset(attrs.get(name)));
  const open = and(or(inRange, allTraffic), or(or(v4, v6), noSource));
  if (open !== false && prefixes !== undefined && (prefixes.kind === "unknown" || prefixes.kind === "reference")) {
    return { attribute: prefixName, expression: prefixes.expression };
  }
  return open;
}

function selfRule(attrs: ReadonlyMap<string, TerraformValue>): Tri {
  const self = readBool(attrs.get("self"));
  if (self.state === "unknown") return { attribute: "self", expression: self.expression };
  return self.state === "known" && self.value;
}

const portText = (target: number) => (target === -1 ? "all ports" : `port ${target}`);

function verdict(where: string, attrs: ReadonlyMap<string, TerraformValue>, direction: string, target: number): Finding[] | "self" {
  const required = `no ${direction} ${direction === "ingress" ? "from" : "to"} 0.0.0.0/0 or ::/0 on ${portText(target)}`;
  const self = selfRule(attrs);
  if (self === true) return "self";
  const open = violation(attrs, target);
  if (open === false) return [];
  if (open === true) return [finding(where, direction, `open to the world on ${portText(target)}`, required)];
  return [cannotEvaluate(where, open.attribute, open.expression, required)];
}

/** One resource's verdict, as checkov's check decides it for that resource type. */
export function openToTheWorld(r: ResourceInstance, direction: "ingress" | "egress", target: number): Finding[] {
  if (r.attributes.has(direction)) {
    const findings: Finding[] = [];
    const blocks = blocksOf(r.attributes.get(direction));
    for (let i = 0; i < blocks.length; i++) {
      const block = blocks[i];
      const where = `${r.address}.${direction}[${i}]`;
      if (block.kind !== "object") {
        findings.push(cannotEvaluate(where, direction, block.expression, "rules the gate can evaluate"));
        continue;
      }
      const result = verdict(where, block.attributes, direction, target);
      if (result === "self") return findings; // checkov: a self rule passes the group
      findings.push(...result);
      if (result.some((f) => typeof f.found === "string")) return findings;
    }
    return findings;
  }
  if (r.attributes.has("type")) {
    const type = readString(r.attributes.get("type"));
    if (type.state === "unknown") return [cannotEvaluate(r, "type", type.expression, "ingress or egress")];
    if (type.state !== "known" || type.value !== direction) return [];
    const result = verdict(r.address, r.attributes, direction, target);
    return result === "self" ? [] : result;
  }
  // checkov reads a VPC rule only when it writes a port; one with ip_protocol "-1" needs none to open every port.
  if (r.type === "aws_security_group" || (!r.type.startsWith("aws_vpc_security_group_")
    && !r.attributes.has("from_port") && !r.attributes.has("to_port"))) return [];
  const result = verdict(r.address, r.attributes, direction, target);
  return result === "self" ? [] : result;
}
