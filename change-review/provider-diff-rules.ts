/**
 * The provider's own diff rules: when a configuration change is no change at all. terraform plan shows no
 * diff for these, so the review must not report an update, a replacement or a cost delta either.
 *
 * Each rule names the provider (or SDK) line that decides. The provider is hashicorp/aws v6.25.0, read from
 * lonegunmanb/terraform-provider-aws-index@v6.25.0 (see provider-schema.ts); the SDK is
 * hashicorp/terraform-plugin-sdk/v2 helper/schema/schema.go, whose schemaMap.diffString applies a StateFunc to
 * the new value before comparing, and skips an Optional+Computed argument the configuration no longer sets:
 *   `if removed && schema.Computed { return nil }`
 * Rules that need state (the storage autoscaling grew to) use the base configuration's value as the prior one.
 */
import { readNumber, valueOf } from "../plan";
import type { ProviderConfiguration, TerraformValue } from "../plan";
import { bareValue, canonical, sameValue, UnknownValue } from "./attribute-values";
import { argumentSchema, classify, ownEntry, PROVIDER_SCHEMAS } from "./provider-schema";

type Attributes = Readonly<Record<string, unknown>>;

/** A value as written, without the variable it came from. */
const bare = bareValue;

function absent(value: unknown): boolean {
  return value === undefined || bare(value) === null;
}

/**
 * A whole number as the SDK writes it for a number argument: Terraform converts a string first (cty's
 * string -> number conversion, plan/values.ts readNumber: "1e2" and "100.0" are 100, " 100 " is refused).
 */
function integer(value: unknown): number | undefined {
  const read = readNumber(valueOf(bare(value)));
  return read.state === "known" && Number.isInteger(read.value) ? read.value : undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

const lowerCased = (value: unknown) => {
  const v = bare(value);
  return typeof v === "string" && !v.includes("${") ? v.toLowerCase() : undefined;
};

/** securityGroupProtocolIntegers (internal/service/ec2, v6.25.0). */
const PROTOCOL_NUMBERS: Readonly<Record<string, string>> = { "58": "icmpv6", "17": "udp", "6": "tcp", "1": "icmp" };

/**
 * protocolForValue (internal/service/ec2, v6.25.0): lower case, "all" is "-1", a known number is its name. A
 * reference is compared as written: the provider folds the value it gives at apply, not its name.
 */
function protocolForValue(value: unknown): unknown {
  const v = bare(value);
  const protocol = typeof v === "number" ? String(v) : lowerCased(v);
  if (protocol === undefined) return v;
  if (protocol === "all") return "-1"; // "-1" is itself
  return ownEntry(PROTOCOL_NUMBERS, protocol) ?? protocol;
}

function rulesWithProtocolsNormalized(value: unknown): unknown {
  const rules = bare(value);
  if (!Array.isArray(rules)) return rules;
  return rules.map((rule) => {
    const r = bare(rule);
    return isObject(r) ? { ...r, protocol: protocolForValue(r.protocol) } : r;
  });
}

/** parameterHash (internal/service/rds, v6.25.0) lower-cases apply_method, whose Default is "immediate". */
function parametersWithApplyMethodDefaulted(value: unknown): unknown {
  const parameters = bare(value);
  if (!Array.isArray(parameters)) return parameters;
  return parameters.map((parameter) => {
    const p = bare(parameter);
    if (!isObject(p)) return p;
    const method = bare(p.apply_method);
    return { ...p, apply_method: absent(method) ? "immediate" : lowerCased(method) ?? method };
  });
}

/**
 * hashicorp/awspolicyequivalence PoliciesAreEquivalent: "treating single element string arrays as equivalent to
 * a string", ignoring reordering and whitespace. Arrays compare as sets, as IAM reads every array in a policy.
 */
function policyShape(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(policyShape);
    if (items.length === 1 && typeof items[0] === "string") return items[0];
    return items.map((i) => JSON.stringify(i)).sort();
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, v]) => [k, policyShape(v)]));
  }
  return value;
}

/** PolicyStringsEquivalent (internal/verify, v6.25.0): "" and "{}", white space trimmed, are one empty policy. */
const EMPTY_POLICIES = new Set(["", "{}"]);

/**
 * PolicyStringsEquivalent: the empty policies, else awspolicy.PoliciesAreEquivalent, whose error means "not
 * equivalent" (a change): not JSON, no Statement list or object (intermediatePolicyDocument.document()), or a
 * statement that is not an object (mapstructure.Decode into policyStatement).
 */
function equivalentPolicies(a: unknown, b: unknown): boolean {
  const [x, y] = [bare(a), bare(b)];
  if (typeof x !== "string" || typeof y !== "string" || x.includes("${") || y.includes("${")) return false;
  if (EMPTY_POLICIES.has(x.trim()) && EMPTY_POLICIES.has(y.trim())) return true;
  const [p, q] = [policyText(x), policyText(y)];
  return p !== undefined && p === q;
}

/** A policy in a comparable form, or undefined where awspolicy.PoliciesAreEquivalent returns an error. */
function policyText(text: string): string | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(doc)) return undefined;
  // A lone statement object is a one-element Statement list; anything else that is not a list is no statement.
  const statements: unknown[] = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  if (!statements.every(isObject)) return undefined;
  return JSON.stringify(policyShape({ ...doc, Statement: statements }));
}

/** One rule: given the prior value and the configured one, whether the provider plans no change. */
interface DiffRule {
  readonly type: string;
  readonly attribute: string;
  /** The provider line that decides. */
  readonly source: string;
  readonly same: (before: unknown, after: unknown, resource: { before: Attributes; after: Attributes }) => boolean;
}

export const PROVIDER_DIFF_RULES: readonly DiffRule[] = [
  {
    type: "aws_db_instance", attribute: "engine",
    source: "resourceInstance() engine: StateFunc strings.ToLower(value) (internal/service/rds, v6.25.0)",
    same: (b, a) => lowerCased(a) !== undefined && lowerCased(a) === lowerCased(b),
  },
  {
    type: "aws_db_instance", attribute: "maintenance_window",
    source: "resourceInstance() maintenance_window: StateFunc strings.ToLower(value) (internal/service/rds, v6.25.0)",
    same: (b, a) => lowerCased(a) !== undefined && lowerCased(a) === lowerCased(b),
  },
  // backup_window has no rule to apply: ValidOnceADayWindowFormat admits "hh24:mi-hh24:mi" only, digits that have no case.
  {
    type: "aws_db_instance", attribute: "allocated_storage",
    source: "resourceInstance() allocated_storage: DiffSuppressFunc `if oldInt > newInt && mas > newInt { return true }` (mas: max_allocated_storage) (internal/service/rds, v6.25.0); the same number written differently is no diff (terraform-plugin-sdk/v2 schemaMap.diffString: `if os == ns`)",
    same: (b, a, r) => {
      const [oldInt, newInt, mas] = [integer(b), integer(a), integer(r.after.max_allocated_storage) ?? 0];
      return oldInt !== undefined && newInt !== undefined && oldInt >= newInt && (oldInt === newInt || mas > newInt);
    },
  },
  {
    type: "aws_db_instance", attribute: "max_allocated_storage",
    source: "resourceInstance() max_allocated_storage: DiffSuppressFunc `old == \"0\" && new == allocated_storage` (internal/service/rds, v6.25.0)",
    same: (b, a, r) => (absent(b) || integer(b) === 0) && integer(a) !== undefined && integer(a) === integer(r.after.allocated_storage),
  },
  {
    type: "aws_iam_role", attribute: "assume_role_policy",
    source: "resourceRole() assume_role_policy: DiffSuppressFunc verify.SuppressEquivalentPolicyDiffs -> awspolicy.PoliciesAreEquivalent (internal/service/iam, v6.25.0)",
    same: (b, a) => equivalentPolicies(b, a),
  },
  ...(["ingress", "egress"] as const).map((attribute): DiffRule => ({
    type: "aws_security_group", attribute,
    source: `resourceSecurityGroup() ${attribute}: a set hashed by securityGroupRuleHash, protocol through protocolStateFunc/protocolForValue (internal/service/ec2, v6.25.0)`,
    same: (b, a) => sameValue(rulesWithProtocolsNormalized(b), rulesWithProtocolsNormalized(a)),
  })),
  {
    type: "aws_db_parameter_group", attribute: "parameter",
    source: "resourceParameterGroup() parameter.apply_method Default types.ApplyMethodImmediate; parameterHash lower-cases it (internal/service/rds, v6.25.0)",
    same: (b, a) => sameValue(parametersWithApplyMethodDefaulted(b), parametersWithApplyMethodDefaulted(a)),
  },
  {
    type: "aws_cloudwatch_log_group", attribute: "retention_in_days",
    source: "resourceGroup() retention_in_days: DiffSuppressFunc, suppressed while log_group_class is DELIVERY and unchanged (internal/service/logs, v6.25.0)",
    same: (_b, _a, r) => bare(r.after.log_group_class) === "DELIVERY" && sameValue(r.before.log_group_class, r.after.log_group_class),
  },
];

/** Why the provider plans no change for this attribute, or undefined when it plans one (the value differs). */
export function noChangeReason(type: string, attribute: string, before: Attributes, after: Attributes): string | undefined {
  const schema = argumentSchema(type, attribute);
  const [b, a] = [ownEntry(before, attribute), ownEntry(after, attribute)];
  if (schema?.flags.includes("WriteOnly")) {
    return "write-only: Terraform keeps it out of the plan and the state, so it never shows a change (schema WriteOnly: true)";
  }
  // Optional+Computed and no longer set: the provider keeps the value it has (diffString: removed && schema.Computed).
  if (schema && absent(a) && !absent(b) && schema.flags.includes("Optional") && schema.flags.includes("Computed") && attribute !== "region") {
    return "Optional and Computed: removed from the configuration, the provider keeps the current value (terraform-plugin-sdk/v2 schemaMap.diffString)";
  }
  // A Default stands in for a value the configuration does not set (helper/schema ConfigFieldReader).
  if (schema?.default !== undefined && sameValue(absent(b) ? schema.default : b, absent(a) ? schema.default : a)) {
    return `the schema's Default is ${JSON.stringify(schema.default)}: not setting it and setting it to the default are the same`;
  }
  const resource = { before, after };
  const rule = PROVIDER_DIFF_RULES.find((r) => r.type === type && r.attribute === attribute && r.same(b, a, resource));
  return rule?.source;
}

/**
 * The head's arguments as the provider plans them against the base's: where the provider sees no change,
 * the base's value. Works on the change review's values and on raw Terraform JSON alike.
 */
export function plannedByProvider<R extends { readonly type: string; readonly attributes: Attributes }>(
  before: { readonly attributes: Attributes } | undefined, after: R | undefined): R | undefined {
  if (!before || !after || !ownEntry(PROVIDER_SCHEMAS, after.type)) return after;
  let attributes: Record<string, unknown> | undefined;
  for (const attribute of new Set([...Object.keys(before.attributes), ...Object.keys(after.attributes)])) {
    const [b, a] = [ownEntry(before.attributes, attribute), ownEntry(after.attributes, attribute)];
    if (canonical(b) === canonical(a) || !noChangeReason(after.type, attribute, before.attributes, after.attributes)) continue;
    attributes ??= { ...after.attributes };
    if (b === undefined) delete attributes[attribute];
    else attributes[attribute] = b;
  }
  return attributes ? { ...after, attributes } : after;
}

/**
 * The region a provider configuration sets ("aws" or "aws.<alias>"), as the reader gives it (plan/configuration.ts:
 * one reference, without "${}" or white space around it; anything else is refused there).
 */
export function providerRegion(providers: readonly ProviderConfiguration[], provider: string | undefined): TerraformValue | undefined {
  const [name, alias] = (provider ?? "aws").split(".");
  return providers.find((p) => p.name === name && (p.alias ?? undefined) === (alias ?? undefined))?.attributes.get("region");
}

/**
 * A regional resource's `region` as the provider plans it: its own, else the provider's (defaultRegion(),
 * internal/provider/sdkv2 v6.25.0). A provider without a region takes it from the environment: not known offline.
 */
export function withProviderRegion(type: string, attributes: Attributes, region: unknown): Attributes {
  if (!ownEntry(PROVIDER_SCHEMAS, type)?.regional || !absent(ownEntry(attributes, "region"))) return attributes;
  const fromEnvironment: UnknownValue = { unknown: "the provider's region, from the environment (AWS_REGION or the profile)" };
  return { ...attributes, region: region === undefined ? fromEnvironment : region };
}

/** Raw Terraform JSON of the head, with each resource's arguments as the provider plans them against the base. */
export function headAsProviderPlans(base: Readonly<Record<string, unknown>>, head: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const blocks = (json: Readonly<Record<string, unknown>>) => (json.resource ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
  const resource: Record<string, Record<string, unknown>> = {};
  for (const [type, named] of Object.entries(blocks(head))) {
    resource[type] = {};
    for (const [name, attributes] of Object.entries(named ?? {})) {
      const prior = blocks(base)[type]?.[name];
      // Given a head resource, plannedByProvider returns one.
      resource[type][name] = plannedByProvider(prior ? { attributes: prior } : undefined, { type, attributes })!.attributes;
    }
  }
  return { ...head, resource };
}

/** For the docs: every rule with its source. */
export function describeProviderDiffRules(): { readonly rule: string; readonly source: string }[] {
  // Only counted: the arguments themselves are listed in the provider schema table.
  const optionalComputed = Object.values(PROVIDER_SCHEMAS).flatMap((facts) => Object.entries(facts.arguments)
    .filter(([name, s]) => name !== "region" && classify(s) !== "not-an-argument" && s.flags.includes("Optional") && s.flags.includes("Computed")));
  return [
    ...PROVIDER_DIFF_RULES.map((r) => ({ rule: `${r.type}.${r.attribute}`, source: r.source })),
    { rule: `removing an Optional+Computed argument (${optionalComputed.length} of them, e.g. aws_db_instance.db_name)`, source: "terraform-plugin-sdk/v2 schemaMap.diffString: `if removed && schema.Computed { return nil }`" },
    { rule: "removing an argument that has a Default, or setting it to the Default", source: "the schema's Default (provider-schema.ts); helper/schema reads a missing value as the Default" },
    { rule: "aws_db_instance.password_wo", source: "resourceInstance() password_wo: WriteOnly: true: never planned; password_wo_version sends it" },
  ];
}
