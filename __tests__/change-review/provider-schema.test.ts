// Every argument of every resource type the app synthesizes is classified by change-review/provider-schema.ts
// (ForceNew, in place, computed-only or not an argument), with its source. The argument lists are the provider
// bindings' own (@cdktf/provider-aws, generated from hashicorp/aws 6.25.0's schema): a provider upgrade that adds
// an argument fails here until the table says what changing it does.
import * as fs from "node:fs";
import * as path from "node:path";
import { TerraformResource, TerraformStack, Testing } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { argumentSchema, classify, PROVIDER_SCHEMAS, schemaVerdict } from "../../change-review/provider-schema";
import { productionPlan } from "./change-review-harness";

/** One resource of each type, built with its required arguments only, in a throw-away stack. */
function bindingsOf(): Map<string, TerraformResource> {
  const stack = new TerraformStack(Testing.app(), "bindings");
  const resources: TerraformResource[] = [
    new DbInstance(stack, "db", { instanceClass: "db.t4g.small" }),
    new SecurityGroup(stack, "sg", {}),
    new DbSubnetGroup(stack, "subnets", { subnetIds: [] }),
    new DbParameterGroup(stack, "parameters", { family: "postgres15" }),
    new CloudwatchLogGroup(stack, "logs", {}),
    new IamRole(stack, "role", { assumeRolePolicy: "{}" }),
    new IamRolePolicyAttachment(stack, "attachment", { role: "r", policyArn: "arn:aws:iam::aws:policy/p" }),
  ];
  return new Map(resources.map((r) => [r.terraformResourceType, r]));
}

/** The arguments the bindings write for a resource: every key synthesizeAttributes produces. */
function bindingArguments(resource: TerraformResource): string[] {
  const synthesize = (resource as unknown as { synthesizeAttributes(): Record<string, unknown> }).synthesizeAttributes.bind(resource);
  return Object.keys(synthesize()).sort();
}

const bindings = bindingsOf();
const synthesizedTypes = Object.keys(productionPlan().resource).sort();

describe("the provider table covers every argument the app can write", () => {
  test("every resource type the app synthesizes has bindings here and a table entry", () => {
    expect(synthesizedTypes.filter((t) => !bindings.has(t))).toEqual([]);
    expect(synthesizedTypes.filter((t) => !Object.prototype.hasOwnProperty.call(PROVIDER_SCHEMAS, t))).toEqual([]);
  });

  test.each([...bindings.keys()])("%s: every argument of the bindings is ForceNew, in place, computed-only or not an argument", (type) => {
    const unclassified = bindingArguments(bindings.get(type)!).filter((a) => schemaVerdict(type, a) === "unknown");
    expect(unclassified).toEqual([]);
  });

  test.each([...bindings.keys()])("%s: every entry names the provider source it was read from", (type) => {
    for (const argument of bindingArguments(bindings.get(type)!)) {
      const schema = argumentSchema(type, argument)!;
      expect(`${argument}: ${schema.source}`).toMatch(/v6\.25\.0|terraform-plugin-sdk/);
    }
  });

  test("the table holds no argument the bindings lack, except what only the provider computes", () => {
    const extra = Object.entries(PROVIDER_SCHEMAS).flatMap(([type, facts]) => Object.entries(facts.arguments)
      .filter(([name, s]) => classify(s) !== "computed-only" && bindings.has(type) && !bindingArguments(bindings.get(type)!).includes(name))
      .map(([name]) => `${type}.${name}`));
    expect(extra).toEqual([]);
  });

  test("the table is for the provider version the bindings wrap", () => {
    const readme = fs.readFileSync(path.join(path.dirname(require.resolve("@cdktf/provider-aws/package.json")), "README.md"), "utf8");
    expect(readme).toMatch(/hashicorp\/aws provider version 6\.25\.0/);
  });
});

describe("entries the 5.x-era table got wrong or lacked (provider 6.25.0 source)", () => {
  test.each([
    ["aws_db_instance", "region", "force-new"], ["aws_security_group", "region", "force-new"], ["aws_db_subnet_group", "region", "force-new"],
    ["aws_db_parameter_group", "region", "force-new"], ["aws_cloudwatch_log_group", "region", "force-new"],
    ["aws_db_instance", "backup_target", "force-new"], ["aws_db_instance", "name", "unknown"], ["aws_db_instance", "id", "not-an-argument"],
    ["aws_iam_role", "region", "unknown"], ["aws_db_instance", "arn", "computed-only"],
    ...["blue_green_update", "database_insights_mode", "option_group_name", "password_wo", "network_type", "domain", "domain_auth_secret_arn",
      "domain_dns_ips", "domain_fqdn", "domain_iam_role_name", "domain_ou", "dedicated_log_volume", "upgrade_storage_config",
      "customer_owned_ip_enabled", "engine_lifecycle_support", "identifier_prefix", "license_model", "master_user_secret_kms_key_id",
      "replica_mode", "replicate_source_db", "timeouts"].map((a) => ["aws_db_instance", a, "in-place"]),
    ["aws_cloudwatch_log_group", "deletion_protection_enabled", "in-place"],
  ])("%s.%s is %s", (type, argument, verdict) => {
    expect(schemaVerdict(type, argument)).toBe(verdict);
  });
});
