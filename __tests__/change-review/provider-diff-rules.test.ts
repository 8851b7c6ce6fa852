// The provider's own diff rules (change-review/provider-diff-rules.ts) on their own, without a synthesized stack:
// when a configuration change is no change for terraform plan. Expected behaviour from the AWS provider v6.25.0
// (lonegunmanb/terraform-provider-aws-index@v6.25.0, index/internal/service/...: the function named in each test)
// and terraform-plugin-sdk/v2 helper/schema (schemaMap.diffString: StateFunc, `if removed && schema.Computed`).
import { FromVariable } from "../../change-review/attribute-values";
import {
  describeProviderDiffRules, headAsProviderPlans, noChangeReason, plannedByProvider, providerRegion, withProviderRegion,
} from "../../change-review/provider-diff-rules";
import { PROVIDER_SCHEMAS, schemaVerdict } from "../../change-review/provider-schema";
import type { ProviderConfiguration } from "../../plan";

type Attributes = Record<string, unknown>;

/** Whether terraform plan shows a change of `attribute` from `before` to `after` (each a resource's arguments). */
function planned(type: string, attribute: string, before: Attributes, after: Attributes): "change" | "no change" {
  return noChangeReason(type, attribute, before, after) === undefined ? "change" : "no change";
}
const db = (attribute: string, before: Attributes, after: Attributes) => planned("aws_db_instance", attribute, before, after);

describe("StateFunc strings.ToLower (resourceInstance() engine, maintenance_window)", () => {
  test.each(["engine", "maintenance_window"])("%s: a change of case alone is no change; another value is one", (attribute) => {
    const [upper, lower, other] = attribute === "engine" ? ["POSTGRES", "postgres", "mysql"] : ["Sun:05:00-Sun:06:00", "sun:05:00-sun:06:00", "mon:05:00-mon:06:00"];
    expect(db(attribute, { [attribute]: lower }, { [attribute]: upper })).toBe("no change");
    expect(db(attribute, { [attribute]: upper }, { [attribute]: lower })).toBe("no change");
    expect(db(attribute, { [attribute]: lower }, { [attribute]: new FromVariable(attribute, upper) })).toBe("no change");
    expect(db(attribute, { [attribute]: lower }, { [attribute]: other })).toBe("change");
  });

  test("a reference is not known offline: two references differing in case are not the same value", () => {
    expect(db("engine", { engine: "${var.Engine}" }, { engine: "${var.engine}" })).toBe("change");
    expect(db("engine", { engine: "postgres" }, { engine: "${var.engine}" })).toBe("change");
    expect(db("maintenance_window", { maintenance_window: "${var.Window}" }, { maintenance_window: "${var.window}" })).toBe("change");
  });

  test("a number where the name is expected is compared as written, not case-folded", () => {
    expect(db("engine", { engine: "postgres" }, { engine: 11 })).toBe("change");
  });

  test("an argument without a StateFunc keeps its case: username (Optional, Computed, ForceNew, no StateFunc) is a change", () => {
    expect(db("username", { username: "Admin" }, { username: "admin" })).toBe("change");
  });
});

describe("allocated_storage DiffSuppressFunc: `oldInt > newInt && mas > newInt` (mas: the configured max_allocated_storage)", () => {
  test("configured below what storage autoscaling grew to, with autoscaling above it: no change", () => {
    expect(db("allocated_storage", { allocated_storage: 120 }, { allocated_storage: 100, max_allocated_storage: 200 })).toBe("no change");
    expect(db("allocated_storage", { allocated_storage: "120" }, { allocated_storage: "100", max_allocated_storage: "200" })).toBe("no change");
  });

  // A string given for a number argument is converted by Terraform first (cty's string -> number conversion,
  // big.ParseFloat: "1e2" and "100.0" are 100, " 100 " is refused: "a number is required"; plan/values.ts
  // readNumber), so the DiffSuppressFunc's strconv.Atoi reads the whole number the SDK writes for it.
  test("a number written as Terraform converts it (1e2, 100.0) is that number; text Terraform refuses is a change", () => {
    for (const size of ["1e2", "100.0", "+100"]) {
      expect(db("allocated_storage", { allocated_storage: 120 }, { allocated_storage: size, max_allocated_storage: 200 })).toBe("no change");
      expect(db("max_allocated_storage", { max_allocated_storage: 0 }, { max_allocated_storage: size, allocated_storage: 100 })).toBe("no change");
    }
    for (const size of [" 100 ", "100 ", " 100", "0x64", "1_00", ""]) {
      expect(db("allocated_storage", { allocated_storage: 120 }, { allocated_storage: size, max_allocated_storage: 200 })).toBe("change");
      expect(db("max_allocated_storage", { max_allocated_storage: 0 }, { max_allocated_storage: size, allocated_storage: 100 })).toBe("change");
    }
  });

  // terraform-plugin-sdk/v2 schemaMap.diffString: `if os == ns && !all && !computed { ... return nil }`: the state's
  // and the configuration's values compared as the SDK writes them ("100"), before any DiffSuppressFunc.
  test("the same size written differently (100.0, 1e2 for 100) is no change, autoscaling or not", () => {
    expect(db("allocated_storage", { allocated_storage: 100 }, { allocated_storage: "100.0" })).toBe("no change");
    expect(db("allocated_storage", { allocated_storage: "1e2" }, { allocated_storage: 100, max_allocated_storage: 100 })).toBe("no change");
    expect(db("allocated_storage", { allocated_storage: 100 }, { allocated_storage: "100.5" })).toBe("change");
  });

  test("without autoscaling, or autoscaling not above the new size, or a growth: a change", () => {
    expect(db("allocated_storage", { allocated_storage: 120 }, { allocated_storage: 100 })).toBe("change");
    expect(db("allocated_storage", { allocated_storage: 120 }, { allocated_storage: 100, max_allocated_storage: 100 })).toBe("change");
    expect(db("allocated_storage", { allocated_storage: 100 }, { allocated_storage: 120, max_allocated_storage: 200 })).toBe("change");
  });

  test("a value strconv.Atoi refuses (not an integer, or a reference) is a change", () => {
    expect(db("allocated_storage", { allocated_storage: 120 }, { allocated_storage: "${var.size}", max_allocated_storage: 200 })).toBe("change");
    expect(db("allocated_storage", { allocated_storage: 120 }, { allocated_storage: 99.5, max_allocated_storage: 200 })).toBe("change");
    expect(db("allocated_storage", { allocated_storage: "${var.size}" }, { allocated_storage: 100, max_allocated_storage: 200 })).toBe("change");
  });
});

describe("max_allocated_storage DiffSuppressFunc: `old == \"0\" && new == allocated_storage`", () => {
  test("from 0 (or unset) to the allocated storage: no change", () => {
    expect(db("max_allocated_storage", { max_allocated_storage: 0 }, { max_allocated_storage: 100, allocated_storage: 100 })).toBe("no change");
    expect(db("max_allocated_storage", {}, { max_allocated_storage: "100", allocated_storage: 100 })).toBe("no change");
  });

  test("from 0 to another size, from a set size, or to a value not known: a change", () => {
    expect(db("max_allocated_storage", { max_allocated_storage: 0 }, { max_allocated_storage: 200, allocated_storage: 100 })).toBe("change");
    expect(db("max_allocated_storage", { max_allocated_storage: 150 }, { max_allocated_storage: 100, allocated_storage: 100 })).toBe("change");
    expect(db("max_allocated_storage", { max_allocated_storage: 0 }, { max_allocated_storage: "${var.max}" })).toBe("change");
  });
});

describe("assume_role_policy: SuppressEquivalentPolicyDiffs -> awspolicy.PoliciesAreEquivalent (resourceRole())", () => {
  const role = (before: string, after: string) => planned("aws_iam_role", "assume_role_policy", { assume_role_policy: before }, { assume_role_policy: after });
  const policy = (statement: unknown) => JSON.stringify({ Version: "2012-10-17", Statement: statement });
  const allow = { Effect: "Allow", Principal: { Service: "monitoring.rds.amazonaws.com" }, Action: "sts:AssumeRole" };

  test("whitespace, key order, a one-element list for a string, a lone statement for a list of one, list order: no change", () => {
    expect(role(policy([allow]), JSON.stringify(JSON.parse(policy([allow])), null, 2))).toBe("no change");
    expect(role(policy([allow]), policy([{ Action: "sts:AssumeRole", Principal: allow.Principal, Effect: "Allow" }]))).toBe("no change");
    expect(role(policy([allow]), policy([{ ...allow, Action: ["sts:AssumeRole"] }]))).toBe("no change");
    expect(role(policy([allow]), policy(allow))).toBe("no change");
    expect(role(policy([{ ...allow, Action: ["sts:AssumeRole", "sts:TagSession"] }]), policy([{ ...allow, Action: ["sts:TagSession", "sts:AssumeRole"] }]))).toBe("no change");
  });

  test("another action, one action of two, a policy that is not JSON, or a reference: a change", () => {
    expect(role(policy([allow]), policy([{ ...allow, Action: "sts:TagSession" }]))).toBe("change");
    expect(role(policy([{ ...allow, Action: ["sts:AssumeRole", "sts:TagSession"] }]), policy([allow]))).toBe("change");
    expect(role(policy([allow]), "{not json")).toBe("change");
    expect(role("${data.aws_iam_policy_document.a.json}", "${data.aws_iam_policy_document.A.json}")).toBe("change");
    const mfa = (present: boolean) => policy([{ ...allow, Condition: { Bool: { "aws:MultiFactorAuthPresent": present } } }]);
    expect(role(mfa(true), mfa(false))).toBe("change");
  });

  // hashicorp/awspolicyequivalence aws_policy_equivalence.go: a one-element list is its element for the string sets
  // (newStringSet); a Principal is compared as a string (stringPrincipalsEqual) or as a map (mapPrincipalsEqual,
  // `ours.(map[string]interface{})`): a list holding one map is neither, so it does not match the map.
  test("a Principal written as a list holding the map is not the map: a change", () => {
    expect(role(policy([allow]), policy([{ ...allow, Principal: [allow.Principal] }]))).toBe("change");
    expect(role(policy([{ ...allow, Principal: [allow.Principal] }]), policy([allow]))).toBe("change");
  });

  // PolicyStringsEquivalent (internal/verify, v6.25.0): "" and "{}", white space trimmed, are the same empty policy;
  // anything else goes to awspolicy.PoliciesAreEquivalent, and its error is "not equivalent": a document without a
  // Statement list or object (intermediatePolicyDocument.document(): "Unknown error parsing statement"), or a
  // statement that is not an object (mapstructure.Decode into policyStatement: "expected a map").
  test("an empty policy (\"\" or \"{}\") is the same as another; a document the library cannot read is never the same, even reformatted", () => {
    expect(role("{}", " {} ")).toBe("no change");
    expect(role("", "{}")).toBe("no change");
    expect(role("\n{}\n", "")).toBe("no change");
    expect(role("{}", "{ }")).toBe("change");
    expect(role("{}", policy([allow]))).toBe("change");
    expect(role(policy([]), JSON.stringify(JSON.parse(policy([])), null, 2))).toBe("no change");
    const unreadable = [JSON.stringify({ Version: "2012-10-17" }), policy(null), policy("x"), policy(["x"]), policy([null]), policy([[allow]]),
      policy([allow, "x"]), "null", "[]"];
    for (const text of unreadable) expect(role(text, JSON.stringify(JSON.parse(text), null, 2))).toBe("change");
  });

  test("a null member (which IAM reads as absent) reformatted is still the same policy", () => {
    const text = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: null, ...allow }] });
    expect(role(text, JSON.stringify(JSON.parse(text), null, 2))).toBe("no change");
  });

  // Fail closed: the reference's value is known at apply (a replaced bucket has a new ARN), so it is not compared offline.
  test("a policy whose text holds a reference, reformatted, is still a change", () => {
    const text = JSON.stringify({ Version: "2012-10-17", Statement: [{ ...allow, Resource: "${aws_s3_bucket.b.arn}" }] });
    expect(role(text, JSON.stringify(JSON.parse(text), null, 2))).toBe("change");
  });

  test("a policy set on one side only is a change", () => {
    const policy = JSON.stringify({ Version: "2012-10-17", Statement: [] });
    expect(planned("aws_iam_role", "assume_role_policy", {}, { assume_role_policy: policy })).toBe("change");
    expect(planned("aws_iam_role", "assume_role_policy", { assume_role_policy: policy }, {})).toBe("change");
  });
});

describe("security group ingress/egress: protocol through protocolForValue (resourceSecurityGroup())", () => {
  const rule = (protocol: unknown) => [{ from_port: 5432, to_port: 5432, protocol, cidr_blocks: ["10.0.0.0/16"] }];
  test.each(["ingress", "egress"])("%s: a protocol's name, number or case is the same protocol; another protocol is a change", (attribute) => {
    const sg = (before: unknown, after: unknown) => planned("aws_security_group", attribute, { [attribute]: rule(before) }, { [attribute]: rule(after) });
    expect(sg("tcp", "TCP")).toBe("no change");
    expect(sg("tcp", "6")).toBe("no change");
    expect(sg("udp", 17)).toBe("no change");
    expect(sg("-1", "all")).toBe("no change");
    expect(sg("-1", "ALL")).toBe("no change");
    expect(sg("tcp", "udp")).toBe("change");
    expect(sg("-1", "tcp")).toBe("change");
    expect(sg("50", "51")).toBe("change");
  });

  test("rules given by a reference are not known offline: a change", () => {
    expect(planned("aws_security_group", "ingress", { ingress: rule("tcp") }, { ingress: "${var.rules}" })).toBe("change");
    expect(planned("aws_security_group", "ingress", { ingress: "${var.rules}" }, { ingress: rule("tcp") })).toBe("change");
  });

  // The provider lower-cases the value a reference gives at apply, not the reference: var.Proto and var.proto are two
  // variables (Terraform names are case-sensitive), which may hold different protocols.
  test("protocols given by references differing in case are not the same protocol: a change", () => {
    const sg = (before: unknown, after: unknown) => planned("aws_security_group", "ingress", { ingress: rule(before) }, { ingress: rule(after) });
    expect(sg("${var.Proto}", "${var.proto}")).toBe("change");
    expect(sg("${var.proto}", "tcp")).toBe("change");
  });
});

describe("parameter group parameter: apply_method Default \"immediate\", lower-cased by parameterHash (resourceParameterGroup())", () => {
  const group = (before: Attributes, after: Attributes) =>
    planned("aws_db_parameter_group", "parameter", { parameter: [{ name: "log_min_duration_statement", value: "500", ...before }] },
      { parameter: [{ name: "log_min_duration_statement", value: "500", ...after }] });
  test("unset and \"immediate\" in any case are the same; \"pending-reboot\" is a change", () => {
    expect(group({}, { apply_method: "immediate" })).toBe("no change");
    expect(group({ apply_method: "immediate" }, {})).toBe("no change");
    expect(group({}, { apply_method: "IMMEDIATE" })).toBe("no change");
    expect(group({}, { apply_method: "pending-reboot" })).toBe("change");
  });

  test("apply_methods given by references differing in case are not the same: a change", () => {
    expect(group({ apply_method: "${var.Method}" }, { apply_method: "${var.method}" })).toBe("change");
  });
});

describe("log group retention_in_days: suppressed while log_group_class is DELIVERY and unchanged (resourceGroup())", () => {
  const logs = (before: Attributes, after: Attributes) => planned("aws_cloudwatch_log_group", "retention_in_days", before, after);
  test("DELIVERY on both sides: no change; another class, or the class changing to DELIVERY: a change", () => {
    expect(logs({ retention_in_days: 2, log_group_class: "DELIVERY" }, { retention_in_days: 30, log_group_class: "DELIVERY" })).toBe("no change");
    expect(logs({ retention_in_days: 2, log_group_class: "STANDARD" }, { retention_in_days: 30, log_group_class: "STANDARD" })).toBe("change");
    expect(logs({ retention_in_days: 2, log_group_class: "STANDARD" }, { retention_in_days: 30, log_group_class: "DELIVERY" })).toBe("change");
    expect(logs({ retention_in_days: 2, log_group_class: "DELIVERY" }, { retention_in_days: 30, log_group_class: "STANDARD" })).toBe("change");
  });
});

describe("schema flags: WriteOnly, Optional+Computed removed (diffString `if removed && schema.Computed`), Default", () => {
  test("a write-only argument never shows a change (password_wo: WriteOnly: true)", () => {
    expect(noChangeReason("aws_db_instance", "password_wo", { password_wo: "a" }, { password_wo: "b" })).toMatch(/^write-only/);
  });

  test("an Optional+Computed argument removed keeps its value; changed, it is a change; an Optional one removed is a change", () => {
    expect(db("db_name", { db_name: "checkpoints" }, {})).toBe("no change");
    expect(db("db_name", { db_name: "checkpoints" }, { db_name: null })).toBe("no change");
    expect(db("db_name", { db_name: "checkpoints" }, { db_name: "other" })).toBe("change");
    expect(db("max_allocated_storage", { max_allocated_storage: 200 }, {})).toBe("change");
  });

  test("region is Optional+Computed but not kept when removed: the provider's region is planned instead (withProviderRegion)", () => {
    expect(db("region", { region: "us-east-1" }, {})).toBe("change");
  });

  test("a Default stands in for an unset value, on either side; another value is a change", () => {
    expect(db("apply_immediately", {}, { apply_immediately: false })).toBe("no change");
    expect(db("apply_immediately", { apply_immediately: false }, {})).toBe("no change");
    expect(db("apply_immediately", { apply_immediately: null }, { apply_immediately: "false" })).toBe("no change");
    expect(db("apply_immediately", {}, { apply_immediately: true })).toBe("change");
    expect(db("apply_immediately", { apply_immediately: true }, {})).toBe("change");
    expect(planned("aws_cloudwatch_log_group", "retention_in_days", {}, { retention_in_days: 0 })).toBe("no change");
  });

  test("an argument without a schema entry or a rule is a change", () => {
    expect(db("instance_class", { instance_class: "db.t4g.micro" }, { instance_class: "db.t4g.small" })).toBe("change");
    expect(planned("aws_rds_cluster", "engine", { engine: "aurora-postgresql" }, { engine: "AURORA-POSTGRESQL" })).toBe("change");
    expect(db("constructor", {}, { constructor: "x" })).toBe("change");
  });
});

describe("plannedByProvider: the head's arguments as the provider plans them", () => {
  test("where the provider plans no change the base's value is planned; an unset base value stays unset; the rest is the head's", () => {
    const before = { attributes: { engine: "postgres", instance_class: "db.t4g.micro", db_name: "checkpoints" } };
    const after = { type: "aws_db_instance", address: "aws_db_instance.checkpoints",
      attributes: { engine: "POSTGRES", instance_class: "db.t4g.small", apply_immediately: false } };
    const planned = plannedByProvider(before, after);
    expect(planned).toStrictEqual({ type: "aws_db_instance", address: "aws_db_instance.checkpoints",
      attributes: { engine: "postgres", instance_class: "db.t4g.small", db_name: "checkpoints" } });
    expect(after.attributes).toEqual({ engine: "POSTGRES", instance_class: "db.t4g.small", apply_immediately: false });
  });

  test("nothing the provider would hide: the head as it is; no base, or a type without a schema: the head as it is", () => {
    const after = { type: "aws_db_instance", attributes: { engine: "postgres", instance_class: "db.t4g.small" } };
    expect(plannedByProvider({ attributes: { engine: "postgres", instance_class: "db.t4g.micro" } }, after)).toBe(after);
    expect(plannedByProvider(undefined, after)).toBe(after);
    expect(plannedByProvider({ attributes: {} }, undefined)).toBeUndefined();
    const cluster = { type: "aws_rds_cluster", attributes: { apply_immediately: false } };
    expect(plannedByProvider({ attributes: {} }, cluster)).toBe(cluster);
  });
});

describe("headAsProviderPlans: raw Terraform JSON of the head, planned against the base", () => {
  test("a block in both is planned against the base's; a new block and the other top-level keys are kept as written", () => {
    const base = { resource: { aws_db_instance: { checkpoints: { engine: "postgres", allocated_storage: 20 } } } };
    const head = { provider: { aws: [{ region: "us-east-1" }] }, resource: {
      aws_db_instance: { checkpoints: { engine: "POSTGRES", allocated_storage: 30 }, replica: { engine: "POSTGRES" } } } };
    expect(headAsProviderPlans(base, head)).toEqual({ provider: { aws: [{ region: "us-east-1" }] }, resource: {
      aws_db_instance: { checkpoints: { engine: "postgres", allocated_storage: 30 }, replica: { engine: "POSTGRES" } } } });
  });

  test("a head without resources, or a base without the type, is read as it is", () => {
    expect(headAsProviderPlans({}, { terraform: {} })).toEqual({ terraform: {}, resource: {} });
    const head = { resource: { aws_db_instance: { checkpoints: { engine: "POSTGRES" } } } };
    expect(headAsProviderPlans({}, head)).toEqual(head);
  });
});

describe("region: the provider configuration's, planned on a regional resource that sets none (defaultRegion(), internal/provider/sdkv2)", () => {
  const provider = (region: string, alias?: string): ProviderConfiguration =>
    ({ name: "aws", ...(alias ? { alias } : {}), attributes: new Map([["region", region]]), position: { file: "main.tf", line: 1 } } as unknown as ProviderConfiguration);
  // awscc (the Cloud Control provider) has a region too: only the aws provider's is read.
  const providers = [{ ...provider("eu-central-1"), name: "awscc" }, provider("eu-west-1", "west"), provider("us-east-1")];

  // The reader gives a resource's provider as one reference, "${...}" and white space taken off (configuration.test.ts).
  test("the default provider, or the aliased one a resource names", () => {
    expect(providerRegion(providers, undefined)).toBe("us-east-1");
    expect(providerRegion(providers, "aws")).toBe("us-east-1");
    expect(providerRegion(providers, "aws.west")).toBe("eu-west-1");
    expect(providerRegion(providers, "aws.east")).toBeUndefined();
    expect(providerRegion([provider("eu-west-1", "west")], "aws")).toBeUndefined();
  });

  test("a regional resource without a region takes the provider's, or one not known offline; global types and set regions are kept", () => {
    expect(withProviderRegion("aws_db_instance", { engine: "postgres" }, "us-east-1")).toEqual({ engine: "postgres", region: "us-east-1" });
    expect(withProviderRegion("aws_db_instance", { region: null }, "us-east-1")).toEqual({ region: "us-east-1" });
    expect(withProviderRegion("aws_db_instance", {}, undefined)).toEqual({ region: { unknown: expect.stringMatching(/environment/) } });
    expect(withProviderRegion("aws_db_instance", { region: "eu-west-1" }, "us-east-1")).toEqual({ region: "eu-west-1" });
    expect(withProviderRegion("aws_iam_role", { name: "r" }, "us-east-1")).toEqual({ name: "r" });
    expect(withProviderRegion("aws_rds_cluster", { engine: "x" }, "us-east-1")).toEqual({ engine: "x" });
  });
});

describe("describeProviderDiffRules (the docs' table)", () => {
  test("every rule with its provider source, and the Optional+Computed rule counting the arguments without region", () => {
    const rules = describeProviderDiffRules();
    for (const rule of ["aws_db_instance.engine", "aws_db_instance.maintenance_window", "aws_db_instance.allocated_storage",
      "aws_db_instance.max_allocated_storage", "aws_iam_role.assume_role_policy", "aws_security_group.ingress", "aws_security_group.egress",
      "aws_db_parameter_group.parameter", "aws_cloudwatch_log_group.retention_in_days", "aws_db_instance.password_wo"]) {
      expect(rules.find((r) => r.rule === rule)?.source).toMatch(/v6\.25\.0|WriteOnly/);
    }
    expect(rules.find((r) => r.rule.includes("Default"))?.source).toMatch(/Default/);
    const optionalComputed = rules.find((r) => r.rule.startsWith("removing an Optional+Computed"));
    expect(optionalComputed?.source).toMatch(/schemaMap\.diffString/);
    // The count the docs give is the number of arguments (id is not one) the rule keeps when removed (noChangeReason).
    const kept = Object.entries(PROVIDER_SCHEMAS).flatMap(([type, facts]) => Object.keys(facts.arguments)
      .filter((name) => schemaVerdict(type, name) !== "not-an-argument" && noChangeReason(type, name, { [name]: "x" }, {})?.startsWith("Optional and Computed")));
    expect(kept).toContain("db_name");
    expect(optionalComputed?.rule).toContain(`(${kept.length} of them`);
  });
});
