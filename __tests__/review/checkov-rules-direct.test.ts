import { parseConfiguration } from "../../plan";
import { ReviewedPlan } from "../../plan/reviewed-plan";
import { CHECKOV_RULES } from "../../review/checkov-rules";
import { reviewPlan } from "../../review/run-review";

// Issue 27: the rules that carry a checkov id (review/checkov-rules.ts), each run alone on a small configuration
// (no synth), asserting what the report shows: where, which attribute, what was found. Each test catches mutants
// that survived checkov's own cases (checkov-parity.test.ts), which only compare the verdict. The verdicts are
// checkov's (bridgecrewio/checkov 03d5fdad, checkov/terraform/checks/resource/aws/<Check>.py and
// checkov/terraform/checks/graph_checks/aws/<Check>.yaml); an unknown fails closed where checkov skips.

const UNKNOWN = "${var.v}";
function findings(id: string, resource: Record<string, unknown>) {
  const text = JSON.stringify({ variable: { v: { type: "string" } }, resource });
  const plan = new ReviewedPlan("s", "c.tf.json", parseConfiguration([{ file: "c.tf.json", text }]));
  return reviewPlan(plan, {}, CHECKOV_RULES.filter((r) => r.id === id)).results[0].findings
    .map(({ address, attribute, found, from, required }) => ({ address, attribute, found, required, ...(from ? { from } : {}) }));
}
const shown = (id: string, resource: Record<string, unknown>) => findings(id, resource).map((f) => `${f.address} ${f.attribute}: ${
  typeof f.found === "string" ? f.found : `cannot evaluate ${f.found.unknown}`}`);
const db = (body: Record<string, unknown>) => ({ aws_db_instance: { db: body } });

describe("CKV_AWS_354: Performance Insights encrypted with a customer-managed key (RDSInstancePerfInsightsEncryptionWithCMK.py)", () => {
  const on = (key: unknown) => shown("CKV_AWS_354", db({ performance_insights_enabled: true, performance_insights_kms_key_id: key }));
  test("a key of any value passes; \"\", null or an empty list is no key (checkov's ANY_VALUE)", () => {
    expect(on("arn:aws:kms:us-east-1:123456789012:key/abc")).toEqual([]);
    for (const key of ["", null, []]) expect(on(key)).toEqual(["aws_db_instance.db performance_insights_kms_key_id: (not set)"]);
    // checkov reads every value as a list: any non-empty one is ANY_VALUE.
    expect(on(["arn:aws:kms:us-east-1:123456789012:key/abc"])).toEqual([]);
  });

  test("performance_insights_enabled it cannot read, or not a bool, fails (it would decide whether a key is needed)", () => {
    expect(shown("CKV_AWS_354", db({ performance_insights_enabled: UNKNOWN })))
      .toEqual([`aws_db_instance.db performance_insights_enabled: cannot evaluate ${UNKNOWN}`]);
    expect(shown("CKV_AWS_354", db({ performance_insights_enabled: "maybe" })))
      .toEqual(["aws_db_instance.db performance_insights_enabled: maybe (not a bool)"]);
  });
});

describe("CKV_AWS_23: every security group and rule has a description (SecurityGroupRuleDescription.py)", () => {
  const rule = { from_port: 5432, to_port: 5432, protocol: "tcp", cidr_blocks: ["10.0.0.0/16"] };
  test("the group's own description, then each inline egress and ingress block's, each named by its index", () => {
    expect(shown("CKV_AWS_23", { aws_security_group: { g: { description: "", egress: [{ ...rule, description: "out" }, rule], ingress: [rule] } } }))
      .toEqual(["aws_security_group.g description: ", "aws_security_group.g.egress[1] description: (not set)",
        "aws_security_group.g.ingress[0] description: (not set)"]);
    expect(findings("CKV_AWS_23", { aws_security_group: { g: {} } })[0].required).toMatch(/description/);
  });

  test("an inline block it cannot read fails closed", () => {
    expect(shown("CKV_AWS_23", { aws_security_group: { g: { description: "db", ingress: [UNKNOWN] } } }))
      .toEqual([`aws_security_group.g.ingress ingress: cannot evaluate ${UNKNOWN}`]);
  });
});

describe("CKV2_AWS_69: the parameter group enforces TLS for its family (RDSEncryptionInTransit.yaml)", () => {
  const group = (family: unknown, parameter: unknown[]) => ({ aws_db_parameter_group: { p: { family, parameter } },
    ...db({ parameter_group_name: "${aws_db_parameter_group.p.name}" }) });
  test("the parameter that decides is named; a family it cannot read fails closed", () => {
    expect(shown("CKV2_AWS_69", group("postgres16", [{ name: "rds.force_ssl", value: "0" }])))
      .toEqual(["aws_db_parameter_group.p parameter rds.force_ssl: 0"]);
    expect(shown("CKV2_AWS_69", group(UNKNOWN, [{ name: "rds.force_ssl", value: "1" }])))
      .toEqual([`aws_db_parameter_group.p family: cannot evaluate ${UNKNOWN}`]);
  });
});

describe("CKV2_AWS_30: PostgreSQL query logging (PostgresDBHasQueryLoggingEnabled.yaml)", () => {
  const withGroup = (parameter: unknown) => ({ aws_db_parameter_group: { p: { family: "postgres16", parameter } },
    ...db({ engine: "postgres", parameter_group_name: "${aws_db_parameter_group.p.name}" }) });
  test("each missing parameter is named", () => {
    expect(shown("CKV2_AWS_30", withGroup([{ name: "log_statement", value: "ddl" }])))
      .toEqual(["aws_db_parameter_group.p parameter: no log_min_duration_statement"]);
    expect(shown("CKV2_AWS_30", withGroup([]))).toEqual(["aws_db_parameter_group.p parameter: no log_statement",
      "aws_db_parameter_group.p parameter: no log_min_duration_statement"]);
  });

  test("no group of the plan, a parameter block it cannot read, an engine it cannot read", () => {
    expect(findings("CKV2_AWS_30", db({ engine: "postgres" }))).toEqual([expect.objectContaining({ attribute: "parameter_group_name",
      found: "no aws_db_parameter_group of the plan", required: expect.stringContaining("log_statement and log_min_duration_statement") })]);
    expect(shown("CKV2_AWS_30", withGroup([UNKNOWN]))).toEqual([`aws_db_parameter_group.p parameter: cannot evaluate ${UNKNOWN}`,
      `aws_db_parameter_group.p parameter: cannot evaluate ${UNKNOWN}`]);
    expect(findings("CKV2_AWS_30", db({ engine: UNKNOWN }))).toEqual([expect.objectContaining({ attribute: "engine",
      found: { unknown: UNKNOWN }, required: expect.stringContaining("PostgreSQL query logging") })]);
  });
});

describe("CKV2_AWS_5: every security group is attached (SGAttachedToResource.yaml)", () => {
  test("a reference to another type with the group's name attaches nothing", () => {
    expect(shown("CKV2_AWS_5", { aws_security_group: { x: {} }, ...db({ db_subnet_group_name: "${aws_db_subnet_group.x.name}" }) }))
      .toEqual(["aws_security_group.x attachment: attached to nothing in the plan"]);
  });

  test("a group named inside an expression it cannot evaluate counts as attached (whole name, hyphens included)", () => {
    expect(shown("CKV2_AWS_5", { aws_security_group: { "app-db": {} },
      ...db({ vpc_security_group_ids: "${concat([aws_security_group.app-db.id], var.v)}" }) })).toEqual([]);
  });
});

describe("CKV_AWS_129, CKV_AWS_161, CKV_AWS_211", () => {
  test("CKV_AWS_129: no log type exported is shown as the empty list", () => {
    expect(shown("CKV_AWS_129", db({ enabled_cloudwatch_logs_exports: [] }))).toEqual(["aws_db_instance.db enabled_cloudwatch_logs_exports: [0 entries]"]);
  });

  test("CKV_AWS_161: an engine it cannot read fails closed, saying why it is needed", () => {
    expect(findings("CKV_AWS_161", db({ engine: UNKNOWN }))).toEqual([expect.objectContaining({ attribute: "engine",
      required: expect.stringContaining("IAM authentication") })]);
  });

  test("CKV_AWS_211: unset passes (RDSCACertIsRecent.py: missing_block_result=CheckResult.PASSED); an old CA fails, naming the current ones", () => {
    expect(shown("CKV_AWS_211", db({}))).toEqual([]);
    expect(findings("CKV_AWS_211", db({ ca_cert_identifier: "rds-ca-2019" }))).toEqual([expect.objectContaining({ attribute: "ca_cert_identifier",
      found: "rds-ca-2019", required: expect.stringContaining("rds-ca-rsa2048-g1") })]);
  });
});

describe("CKV_AWS_353: Performance Insights on (RDSInstancePerformanceInsights.py)", () => {
  const off = (body: Record<string, unknown>) => shown("CKV_AWS_353", db({ performance_insights_enabled: false, ...body }));
  const FAILS = "aws_db_instance.db performance_insights_enabled: false";
  test("DB2 is not reported: `if conf.get(\"engine\") in ([\"db2-se\"], [\"db2-ae\"])`", () => {
    expect(off({ engine: "db2-se" })).toEqual([]);
    expect(off({ engine: "db2-ae" })).toEqual([]);
    expect(off({ engine: "postgres" })).toEqual([FAILS]);
  });

  test("only MariaDB and MySQL on the six small classes are not reported", () => {
    for (const instance_class of ["db.t2.micro", "db.t2.small", "db.t3.micro", "db.t3.small", "db.t4g.micro", "db.t4g.small"]) {
      expect(off({ engine: "mariadb", instance_class })).toEqual([]);
    }
    expect(off({ engine: "mysql", instance_class: "db.t3.medium" })).toEqual([FAILS]);
    expect(off({ engine: "mariadb", instance_class: "db.m5.large" })).toEqual([FAILS]);
    expect(off({ engine: "postgres", instance_class: "db.t3.micro" })).toEqual([FAILS]);
    // A class written as null is no class (checkov's "no class written" case).
    expect(off({ engine: "mariadb", instance_class: null })).toEqual([]);
  });

  test("an engine or a class it cannot read fails closed, saying why it is needed", () => {
    for (const body of [{ engine: UNKNOWN }, { engine: "mysql", instance_class: UNKNOWN }]) {
      expect(findings("CKV_AWS_353", db({ performance_insights_enabled: false, ...body }))).toEqual([expect.objectContaining({
        found: { unknown: UNKNOWN }, required: expect.stringContaining("Performance Insights applies") })]);
    }
  });
});

describe("CKV2_AWS_60: tags copied to snapshots, and not neptune, aurora or docdb (RDSEnableCopyTagsToSnapshot.yaml)", () => {
  test("each of the three engines fails, named; an engine it cannot read fails closed", () => {
    for (const engine of ["neptune", "aurora", "docdb"]) {
      expect(shown("CKV2_AWS_60", db({ copy_tags_to_snapshot: true, engine }))).toEqual([`aws_db_instance.db engine: ${engine}`]);
    }
    expect(shown("CKV2_AWS_60", db({ copy_tags_to_snapshot: true, engine: "postgres" }))).toEqual([]);
    expect(shown("CKV2_AWS_60", db({ copy_tags_to_snapshot: true, engine: UNKNOWN }))).toEqual([`aws_db_instance.db engine: cannot evaluate ${UNKNOWN}`]);
  });
});

describe("what each finding requires, as the report shows it", () => {
  const required = (id: string, resource: Record<string, unknown>) => findings(id, resource).map((f) => f.required);
  const group = (family: unknown, parameter: unknown) => ({ aws_db_parameter_group: { p: { family, parameter } },
    ...db({ engine: "postgres", parameter_group_name: "${aws_db_parameter_group.p.name}" }) });
  test("each names what would pass", () => {
    expect(required("CKV_AWS_23", { aws_security_group: { g: { description: "db", ingress: [UNKNOWN] } } })).toEqual(["rules with descriptions"]);
    expect(required("CKV2_AWS_69", group(UNKNOWN, []))).toEqual(["a family the gate can read"]);
    expect(required("CKV2_AWS_30", group("postgres16", [UNKNOWN, { name: "log_statement", value: "ddl" }])))
      .toEqual(["log_statement set", "log_min_duration_statement set"]);
    expect(required("CKV2_AWS_30", group("postgres16", [{ name: "log_statement", value: "ddl" }]))).toEqual(["log_min_duration_statement set (query logging)"]);
    expect(required("CKV2_AWS_5", { aws_security_group: { g: {} } })).toEqual([expect.stringMatching(/^a resource that uses the group/)]);
    expect(required("CKV_AWS_129", db({}))).toEqual(["at least one log type"]);
    expect(required("CKV_AWS_354", db({ performance_insights_enabled: UNKNOWN }))).toEqual(["true with a KMS key, or false"]);
    expect(required("CKV_AWS_354", db({ performance_insights_enabled: true }))).toEqual([expect.stringMatching(/^a customer-managed KMS key/)]);
    expect(required("CKV_AWS_211", db({ ca_cert_identifier: "rds-ca-2019" }))).toEqual(["one of rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1"]);
    expect(required("CKV2_AWS_60", db({ copy_tags_to_snapshot: true, engine: "aurora" }))).toEqual(["an engine other than neptune, aurora, docdb"]);
    expect(required("CKV2_AWS_60", db({ copy_tags_to_snapshot: true, engine: UNKNOWN }))).toEqual(["an engine other than neptune, aurora, docdb"]);
  });
});
