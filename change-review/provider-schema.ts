/**
 * What the AWS provider does with a change to each argument of the resource types the app synthesizes:
 * ForceNew (Terraform destroys and recreates the resource), in place, or not an argument at all.
 *
 * The pinned @cdktf/provider-aws 21.22.1 wraps hashicorp/aws 6.25.0 (its README's first line). Every entry
 * is the provider's own schema at tag v6.25.0, flag for flag, read word for word from the repository
 * lonegunmanb/terraform-provider-aws-index at its tag v6.25.0 (commit add8b630ad579abe2739cec45ae7b27c103ed9c1),
 * which holds each function of hashicorp/terraform-provider-aws v6.25.0 as index/internal/<package>/func.<name>.goindex.
 * The source beside each entry names that function. __tests__/change-review/provider-schema.test.ts checks
 * that every argument the provider bindings know has an entry here, so an upgrade cannot add one silently.
 */

/** The schema's own flags, as the provider source sets them (helper/schema.Schema fields). */
export type SchemaFlag = "Required" | "Optional" | "Computed" | "ForceNew" | "Sensitive" | "WriteOnly";

export interface ArgumentSchema {
  readonly flags: readonly SchemaFlag[];
  /** Schema Default: the value an argument removed from the configuration takes. */
  readonly default?: string | number | boolean;
  /** ForceNew decided elsewhere than the flag (a CustomizeDiff, a nested block's fields). */
  readonly forceNewBy?: string;
  /** The provider sends nothing to AWS when only this argument changes (read at create or delete, or write-only). */
  readonly notSentOnUpdate?: string;
  /** Set for what the bindings expose but the provider does not read as an argument. */
  readonly notAnArgument?: string;
  /** The function (and version) that sets the flags. */
  readonly source: string;
}

export interface ResourceSchemaFacts {
  /** The schema function read, for the report and the docs. */
  readonly source: string;
  /** Regional: the provider injects a `region` argument that forces replacement when it changes. */
  readonly regional: boolean;
  readonly arguments: Readonly<Record<string, ArgumentSchema>>;
}

const INDEX = "lonegunmanb/terraform-provider-aws-index@v6.25.0";
const at = (pkg: string, fn: string) => `hashicorp/terraform-provider-aws v6.25.0 internal/${pkg} ${fn}() (${INDEX} index/internal/${pkg}/func.${fn}.goindex)`;

const RDS_INSTANCE = at("service/rds", "resourceInstance");
const SECURITY_GROUP = at("service/ec2", "resourceSecurityGroup") + "; ingress/egress: securityGroupRuleSetNestedBlock (Optional, Computed, ConfigMode Attr)";
const SUBNET_GROUP = at("service/rds", "resourceSubnetGroup");
const PARAMETER_GROUP = at("service/rds", "resourceParameterGroup");
const LOG_GROUP = at("service/logs", "resourceGroup");
const IAM_ROLE = at("service/iam", "resourceRole");
const ROLE_POLICY_ATTACHMENT = at("service/iam", "resourceRolePolicyAttachment") + "; no Update function";
const KMS_KEY = at("service/kms", "resourceKey");
const TAGS = "internal/tags TagsSchema (Optional) and TagsSchemaComputed (Optional, Computed) v6.25.0";

const a = (flags: string, source: string, more: Partial<Omit<ArgumentSchema, "flags" | "source">> = {}): ArgumentSchema =>
  ({ flags: flags.split(" ") as SchemaFlag[], source, ...more });

/**
 * 6.x injects `region` (attribute.Region(): Optional, Computed) into every resource registered with
 * ResourceRegionDefault, and replaces the resource when it changes: not with the ForceNew flag but in a
 * CustomizeDiff, because a v5 state has no region. A resource that sets none takes the provider's.
 */
const REGION: ArgumentSchema = {
  flags: ["Optional", "Computed"],
  forceNewBy: "CustomizeDiff forceNewIfRegionChanges() calls d.ForceNew(region) when it changes; defaultRegion() sets the provider's region when the resource sets none",
  source: `hashicorp/terraform-provider-aws v6.25.0 internal/provider/sdkv2 (*sdkProvider).initialize (injects attribute.Region() when Region IsOverrideEnabled), ` +
    `forceNewIfRegionChanges(), defaultRegion() (${INDEX} index/internal/provider/sdkv2/)`,
};
/** SDKv2's implicit id: the bindings offer it, the provider does not read it from the configuration. */
const NOT_AN_ARGUMENT_ID: ArgumentSchema = {
  flags: ["Optional", "Computed"],
  notAnArgument: "id is the resource's identity, set by the provider after create; a configuration that sets it does not change the resource",
  source: "terraform-plugin-sdk/v2 helper/schema: every SDKv2 resource has an implicit id attribute (Optional, Computed)",
};
/** The timeouts block: how long Terraform waits; nothing is sent to AWS. */
const TIMEOUTS: ArgumentSchema = {
  flags: ["Optional"],
  notSentOnUpdate: "timeouts only set how long Terraform waits for AWS",
  source: "terraform-plugin-sdk/v2 helper/schema Resource.Timeouts (resourceInstance: Create 50m, Update 80m, Delete 60m; resourceSecurityGroup: Create 10m, Delete 15m)",
};

export const PROVIDER_SCHEMAS: Readonly<Record<string, ResourceSchemaFacts>> = {
  aws_db_instance: { source: RDS_INSTANCE, regional: true, arguments: {
    address: a("Computed", RDS_INSTANCE),
    allocated_storage: a("Optional Computed", RDS_INSTANCE),
    allow_major_version_upgrade: a("Optional", RDS_INSTANCE, { notSentOnUpdate: "a change of it alone sends nothing (resourceInstanceUpdate: HasChangesExcept); it is sent with an engine_version change" }),
    apply_immediately: a("Optional", RDS_INSTANCE, { default: false, notSentOnUpdate: "decides when RDS applies the other changes (ModifyDBInstanceInput.ApplyImmediately); it changes nothing by itself" }),
    arn: a("Computed", RDS_INSTANCE),
    auto_minor_version_upgrade: a("Optional", RDS_INSTANCE, { default: true }),
    availability_zone: a("Optional Computed ForceNew", RDS_INSTANCE),
    backup_retention_period: a("Optional Computed", RDS_INSTANCE),
    backup_target: a("Optional Computed ForceNew", RDS_INSTANCE),
    backup_window: a("Optional Computed", RDS_INSTANCE),
    blue_green_update: a("Optional", RDS_INSTANCE, { notSentOnUpdate: "left out of ModifyDBInstance (resourceInstanceUpdate: HasChangesExcept); it only chooses how later changes are applied (enabled: a blue/green deployment whose new instance takes over at switchover)" }),
    ca_cert_identifier: a("Optional Computed", RDS_INSTANCE),
    character_set_name: a("Optional Computed ForceNew", RDS_INSTANCE),
    copy_tags_to_snapshot: a("Optional", RDS_INSTANCE, { default: false }),
    custom_iam_instance_profile: a("Optional ForceNew", RDS_INSTANCE),
    customer_owned_ip_enabled: a("Optional", RDS_INSTANCE),
    database_insights_mode: a("Optional Computed", RDS_INSTANCE),
    db_name: a("Optional Computed ForceNew", RDS_INSTANCE),
    db_subnet_group_name: a("Optional Computed", RDS_INSTANCE),
    dedicated_log_volume: a("Optional", RDS_INSTANCE, { default: false }),
    delete_automated_backups: a("Optional", RDS_INSTANCE, { default: true, notSentOnUpdate: "used when the instance is deleted (resourceInstanceUpdate: HasChangesExcept)" }),
    deletion_protection: a("Optional", RDS_INSTANCE),
    domain: a("Optional", RDS_INSTANCE),
    domain_auth_secret_arn: a("Optional", RDS_INSTANCE),
    domain_dns_ips: a("Optional", RDS_INSTANCE),
    domain_fqdn: a("Optional Computed", RDS_INSTANCE),
    domain_iam_role_name: a("Optional", RDS_INSTANCE),
    domain_ou: a("Optional", RDS_INSTANCE),
    enabled_cloudwatch_logs_exports: a("Optional", RDS_INSTANCE),
    endpoint: a("Computed", RDS_INSTANCE),
    engine: a("Optional Computed ForceNew", RDS_INSTANCE),
    engine_lifecycle_support: a("Optional Computed", RDS_INSTANCE, { notSentOnUpdate: "read by resourceInstanceCreate only; dbInstancePopulateModify never sends it, so an update changes nothing on the instance" }),
    engine_version: a("Optional Computed", RDS_INSTANCE),
    engine_version_actual: a("Computed", RDS_INSTANCE),
    final_snapshot_identifier: a("Optional", RDS_INSTANCE, { notSentOnUpdate: "used when the instance is deleted (resourceInstanceUpdate: HasChangesExcept)" }),
    hosted_zone_id: a("Computed", RDS_INSTANCE),
    iam_database_authentication_enabled: a("Optional", RDS_INSTANCE),
    identifier: a("Optional Computed", RDS_INSTANCE),
    identifier_prefix: a("Optional Computed", RDS_INSTANCE),
    instance_class: a("Required", RDS_INSTANCE),
    iops: a("Optional Computed", RDS_INSTANCE),
    kms_key_id: a("Optional Computed ForceNew", RDS_INSTANCE),
    latest_restorable_time: a("Computed", RDS_INSTANCE),
    license_model: a("Optional Computed", RDS_INSTANCE),
    listener_endpoint: a("Computed", RDS_INSTANCE),
    maintenance_window: a("Optional Computed", RDS_INSTANCE),
    manage_master_user_password: a("Optional", RDS_INSTANCE),
    master_user_secret: a("Computed", RDS_INSTANCE),
    master_user_secret_kms_key_id: a("Optional Computed", RDS_INSTANCE),
    max_allocated_storage: a("Optional", RDS_INSTANCE),
    monitoring_interval: a("Optional", RDS_INSTANCE, { default: 0 }),
    monitoring_role_arn: a("Optional Computed", RDS_INSTANCE),
    multi_az: a("Optional Computed", RDS_INSTANCE),
    nchar_character_set_name: a("Optional Computed ForceNew", RDS_INSTANCE),
    network_type: a("Optional Computed", RDS_INSTANCE),
    option_group_name: a("Optional Computed", RDS_INSTANCE),
    parameter_group_name: a("Optional Computed", RDS_INSTANCE),
    password: a("Optional Sensitive", RDS_INSTANCE),
    password_wo: a("Optional Sensitive WriteOnly", RDS_INSTANCE, { notSentOnUpdate: "write-only: never in the plan or the state; it is sent only when password_wo_version changes (dbInstancePopulateModify)" }),
    password_wo_version: a("Optional", RDS_INSTANCE),
    performance_insights_enabled: a("Optional", RDS_INSTANCE, { default: false }),
    performance_insights_kms_key_id: a("Optional Computed", RDS_INSTANCE),
    performance_insights_retention_period: a("Optional Computed", RDS_INSTANCE),
    port: a("Optional Computed", RDS_INSTANCE),
    publicly_accessible: a("Optional", RDS_INSTANCE, { default: false }),
    replica_mode: a("Optional Computed", RDS_INSTANCE),
    replicas: a("Computed", RDS_INSTANCE),
    replicate_source_db: a("Optional", RDS_INSTANCE),
    resource_id: a("Computed", RDS_INSTANCE),
    restore_to_point_in_time: a("Optional ForceNew", RDS_INSTANCE),
    s3_import: a("Optional", RDS_INSTANCE, { forceNewBy: "every field of the block (bucket_name, bucket_prefix, ingestion_role, source_engine, source_engine_version) is ForceNew" }),
    skip_final_snapshot: a("Optional", RDS_INSTANCE, { default: false, notSentOnUpdate: "used when the instance is deleted (resourceInstanceUpdate: HasChangesExcept)" }),
    snapshot_identifier: a("Optional Computed ForceNew", RDS_INSTANCE),
    status: a("Computed", RDS_INSTANCE),
    storage_encrypted: a("Optional ForceNew", RDS_INSTANCE),
    storage_throughput: a("Optional Computed", RDS_INSTANCE),
    storage_type: a("Optional Computed", RDS_INSTANCE),
    tags: a("Optional", TAGS),
    tags_all: a("Optional Computed", TAGS),
    timezone: a("Optional Computed ForceNew", RDS_INSTANCE),
    upgrade_storage_config: a("Optional", RDS_INSTANCE, { notSentOnUpdate: "read by resourceInstanceCreate only; dbInstancePopulateModify never sends it" }),
    username: a("Optional Computed ForceNew", RDS_INSTANCE),
    vpc_security_group_ids: a("Optional Computed", RDS_INSTANCE),
    id: NOT_AN_ARGUMENT_ID,
    region: REGION,
    timeouts: TIMEOUTS,
  } },
  aws_security_group: { source: SECURITY_GROUP, regional: true, arguments: {
    arn: a("Computed", SECURITY_GROUP),
    description: a("Optional ForceNew", SECURITY_GROUP, { default: "Managed by Terraform" }),
    egress: a("Optional Computed", SECURITY_GROUP),
    ingress: a("Optional Computed", SECURITY_GROUP),
    name: a("Optional Computed ForceNew", SECURITY_GROUP),
    name_prefix: a("Optional Computed ForceNew", SECURITY_GROUP),
    owner_id: a("Computed", SECURITY_GROUP),
    revoke_rules_on_delete: a("Optional", SECURITY_GROUP, { default: false, notSentOnUpdate: "used when the group is deleted" }),
    tags: a("Optional", TAGS),
    tags_all: a("Optional Computed", TAGS),
    vpc_id: a("Optional Computed ForceNew", SECURITY_GROUP),
    id: NOT_AN_ARGUMENT_ID,
    region: REGION,
    timeouts: TIMEOUTS,
  } },
  aws_db_subnet_group: { source: SUBNET_GROUP, regional: true, arguments: {
    arn: a("Computed", SUBNET_GROUP),
    description: a("Optional", SUBNET_GROUP, { default: "Managed by Terraform" }),
    name: a("Optional Computed ForceNew", SUBNET_GROUP),
    name_prefix: a("Optional Computed ForceNew", SUBNET_GROUP),
    subnet_ids: a("Required", SUBNET_GROUP),
    supported_network_types: a("Computed", SUBNET_GROUP),
    tags: a("Optional", TAGS),
    tags_all: a("Optional Computed", TAGS),
    vpc_id: a("Computed", SUBNET_GROUP),
    id: NOT_AN_ARGUMENT_ID,
    region: REGION,
  } },
  aws_db_parameter_group: { source: PARAMETER_GROUP, regional: true, arguments: {
    arn: a("Computed", PARAMETER_GROUP),
    description: a("Optional ForceNew", PARAMETER_GROUP, { default: "Managed by Terraform" }),
    family: a("Required ForceNew", PARAMETER_GROUP),
    name: a("Optional Computed ForceNew", PARAMETER_GROUP),
    name_prefix: a("Optional Computed ForceNew", PARAMETER_GROUP),
    parameter: a("Optional", PARAMETER_GROUP),
    skip_destroy: a("Optional", PARAMETER_GROUP, { default: false, notSentOnUpdate: "used when the group is deleted" }),
    tags: a("Optional", TAGS),
    tags_all: a("Optional Computed", TAGS),
    id: NOT_AN_ARGUMENT_ID,
    region: REGION,
  } },
  aws_cloudwatch_log_group: { source: LOG_GROUP, regional: true, arguments: {
    arn: a("Computed", LOG_GROUP),
    deletion_protection_enabled: a("Optional Computed", LOG_GROUP),
    kms_key_id: a("Optional", LOG_GROUP),
    log_group_class: a("Optional Computed ForceNew", LOG_GROUP),
    name: a("Optional Computed ForceNew", LOG_GROUP),
    name_prefix: a("Optional Computed ForceNew", LOG_GROUP),
    retention_in_days: a("Optional", LOG_GROUP, { default: 0 }),
    skip_destroy: a("Optional", LOG_GROUP, { default: false, notSentOnUpdate: "used when the group is deleted" }),
    tags: a("Optional", TAGS),
    tags_all: a("Optional Computed", TAGS),
    id: NOT_AN_ARGUMENT_ID,
    region: REGION,
  } },
  aws_iam_role: { source: IAM_ROLE, regional: false, arguments: {
    arn: a("Computed", IAM_ROLE),
    assume_role_policy: a("Required", IAM_ROLE),
    create_date: a("Computed", IAM_ROLE),
    description: a("Optional", IAM_ROLE),
    force_detach_policies: a("Optional", IAM_ROLE, { default: false, notSentOnUpdate: "used when the role is deleted" }),
    inline_policy: a("Optional Computed", IAM_ROLE),
    managed_policy_arns: a("Optional Computed", IAM_ROLE),
    max_session_duration: a("Optional", IAM_ROLE, { default: 3600 }),
    name: a("Optional Computed ForceNew", IAM_ROLE),
    name_prefix: a("Optional Computed ForceNew", IAM_ROLE),
    path: a("Optional ForceNew", IAM_ROLE, { default: "/" }),
    permissions_boundary: a("Optional", IAM_ROLE),
    tags: a("Optional", TAGS),
    tags_all: a("Optional Computed", TAGS),
    unique_id: a("Computed", IAM_ROLE),
    id: NOT_AN_ARGUMENT_ID,
  } },
  aws_iam_role_policy_attachment: { source: ROLE_POLICY_ATTACHMENT, regional: false, arguments: {
    policy_arn: a("Required ForceNew", ROLE_POLICY_ATTACHMENT),
    role: a("Required ForceNew", ROLE_POLICY_ATTACHMENT),
    id: NOT_AN_ARGUMENT_ID,
  } },
  // A customer key the instance may name in kms_key_id (issue 21): replacing it replaces the database.
  aws_kms_key: { source: KMS_KEY, regional: true, arguments: {
    arn: a("Computed", KMS_KEY),
    bypass_policy_lockout_safety_check: a("Optional", KMS_KEY, { default: false }),
    custom_key_store_id: a("Optional ForceNew", KMS_KEY),
    customer_master_key_spec: a("Optional ForceNew", KMS_KEY, { default: "SYMMETRIC_DEFAULT" }),
    deletion_window_in_days: a("Optional", KMS_KEY),
    description: a("Optional Computed", KMS_KEY),
    enable_key_rotation: a("Optional", KMS_KEY, { default: false }),
    is_enabled: a("Optional", KMS_KEY, { default: true }),
    key_id: a("Computed", KMS_KEY),
    key_usage: a("Optional ForceNew", KMS_KEY, { default: "ENCRYPT_DECRYPT" }),
    multi_region: a("Optional Computed ForceNew", KMS_KEY),
    policy: a("Optional Computed", KMS_KEY),
    rotation_period_in_days: a("Optional Computed", KMS_KEY),
    tags: a("Optional", TAGS),
    tags_all: a("Optional Computed", TAGS),
    xks_key_id: a("Optional ForceNew", KMS_KEY),
    id: NOT_AN_ARGUMENT_ID,
    region: REGION,
    timeouts: TIMEOUTS,
  } },
};

/** The provider's verdict on changing one top-level argument. */
export type SchemaVerdict = "force-new" | "in-place" | "computed-only" | "not-an-argument" | "unknown";

/** A table's own entry: never one inherited from Object ("constructor", "toString"...). */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

export function argumentSchema(type: string, attribute: string): ArgumentSchema | undefined {
  const facts = ownEntry(PROVIDER_SCHEMAS, type);
  return facts ? ownEntry(facts.arguments, attribute) : undefined;
}

/** The class an argument's schema puts it in. */
export function classify(schema: ArgumentSchema): Exclude<SchemaVerdict, "unknown"> {
  if (schema.notAnArgument) return "not-an-argument";
  if (schema.flags.includes("ForceNew") || schema.forceNewBy) return "force-new";
  if (schema.flags.includes("Computed") && !schema.flags.includes("Optional") && !schema.flags.includes("Required")) return "computed-only";
  return "in-place";
}

export function schemaVerdict(type: string, attribute: string): SchemaVerdict {
  const schema = argumentSchema(type, attribute);
  return schema ? classify(schema) : "unknown";
}

/**
 * Arguments a resource type once had and no longer has: terraform plan refuses them. Source: the 6.25.0 schema has
 * no such key (resourceInstance()); the provider's version 5 upgrade guide, "Use db_name instead of name".
 */
const REMOVED_ARGUMENTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  aws_db_instance: { name: "removed in provider 5.0.0; the database name is db_name" },
};

/** Why the table has no usable verdict for an argument: fail closed, and say which case it is. */
export function unclassifiedDetail(type: string, attribute: string): string {
  const facts = ownEntry(PROVIDER_SCHEMAS, type);
  if (!facts) return `${type} is not in the change review's provider table (change-review/provider-schema.ts)`;
  const schema = ownEntry(facts.arguments, attribute);
  if (schema?.notAnArgument) return `${attribute} is not an argument the provider reads: ${schema.notAnArgument}`;
  if (schema && classify(schema) === "computed-only") {
    return `${attribute} is computed by the provider (no Optional or Required in its schema): terraform plan refuses it as an argument`;
  }
  const removed = ownEntry(REMOVED_ARGUMENTS, type)?.[attribute];
  return `${type} has no argument ${attribute} in provider 6.25.0${removed ? ` (${removed})` : ""}: terraform plan fails with "Unsupported argument"`;
}

/** What the provider sends to AWS when only this argument changes: nothing, and why (undefined: it is sent). */
export function notSentOnUpdate(type: string, attribute: string): string | undefined {
  return argumentSchema(type, attribute)?.notSentOnUpdate;
}

export function isSensitiveAttribute(type: string, attribute: string): boolean {
  return argumentSchema(type, attribute)?.flags.includes("Sensitive") ?? false;
}

/** Resources whose data is lost with them: replacing or deleting one is an error finding. */
export const STATEFUL_TYPES: ReadonlySet<string> = new Set(["aws_db_instance", "aws_cloudwatch_log_group"]);
