// cost/plan-inputs.ts on hand-written Terraform JSON (no stack synthesized): what the estimate reads from a plan.
// An absent argument is read as the AWS provider's default (hashicorp/terraform-provider-aws v6.25.0,
// internal/service/rds/instance.go: multi_az false, max_allocated_storage/iops/storage_throughput/monitoring_interval
// 0 when unset, performance_insights_enabled false, performance_insights_retention_period 7 (RDS's free tier);
// aws_cloudwatch_log_group retention_in_days 0 = never expire); anything that is not written in place (a
// reference, a variable, an expression) is "unknown" with what the plan says, never a zero or a default.
import { boolAttr, numberAttr, planCostInputs, stringAttr } from "../../cost/plan-inputs";
import { valueOf } from "../../plan";

type Json = Record<string, unknown>;
const plan = (db: Json, extra: Json = {}, provider: Json | null = { region: "us-east-1" }) => planCostInputs({
  stack: "s",
  json: { ...(provider ? { provider: { aws: [provider] } } : {}), resource: { aws_db_instance: { db }, ...extra } },
});
const only = (db: Json, extra: Json = {}) => {
  const inputs = plan(db, extra);
  expect(inputs.databases).toHaveLength(1);
  return inputs.databases[0];
};
const literal = <T>(value: T) => ({ known: true, value });
const MINIMAL = { engine: "postgres", instance_class: "db.t4g.small", storage_type: "gp3", allocated_storage: 100, backup_retention_period: 7 };

describe("one aws_db_instance, every argument the estimate reads", () => {
  test("arguments left out read as the provider's defaults; engine_version and engine_lifecycle_support stay unset", () => {
    const db = only(MINIMAL);
    expect(db).toEqual({
      address: "aws_db_instance.db",
      engine: literal("postgres"),
      engineVersion: undefined,
      engineLifecycleSupport: undefined,
      instanceClass: literal("db.t4g.small"),
      multiAz: literal(false),
      storageType: literal("gp3"),
      allocatedStorageGib: literal(100),
      maxAllocatedStorageGib: literal(0),
      iops: literal(0),
      storageThroughput: literal(0),
      backupRetentionDays: literal(7),
      performanceInsightsEnabled: literal(false),
      performanceInsightsRetentionDays: literal(7),
      monitoringIntervalSeconds: literal(0),
      exportedLogs: literal([]),
      passwordSource: "variable",
      maxConnectionsParameter: undefined,
    });
  });

  test("every argument written in place is read as written; Terraform's strings for numbers and bools convert", () => {
    const db = only({ ...MINIMAL, engine_version: "13.20", engine_lifecycle_support: "open-source-rds-extended-support-disabled",
      multi_az: "true", allocated_storage: "400", max_allocated_storage: 1000, iops: 14000, storage_throughput: 600,
      performance_insights_enabled: true, performance_insights_retention_period: 31, monitoring_interval: 60 });
    expect(db).toMatchObject({
      engineVersion: literal("13.20"), engineLifecycleSupport: literal("open-source-rds-extended-support-disabled"),
      multiAz: literal(true), allocatedStorageGib: literal(400), maxAllocatedStorageGib: literal(1000), iops: literal(14000),
      storageThroughput: literal(600), performanceInsightsEnabled: literal(true), performanceInsightsRetentionDays: literal(31),
      monitoringIntervalSeconds: literal(60),
    });
  });

  test("a reference or a variable is unknown, showing the expression; an unset backup_retention_period too (RDS computes it)", () => {
    const db = only({ ...MINIMAL, instance_class: "${var.instance_class}", multi_az: "${var.multi_az}", allocated_storage: "${local.gib}",
      engine_version: "${var.engine_version}", backup_retention_period: undefined });
    expect(db.instanceClass).toEqual({ known: false, shown: "${var.instance_class}" });
    expect(db.multiAz).toEqual({ known: false, shown: "${var.multi_az}" });
    expect(db.allocatedStorageGib).toEqual({ known: false, shown: "${local.gib}" });
    expect(db.engineVersion).toEqual({ known: false, shown: "${var.engine_version}" });
    expect(db.backupRetentionDays).toEqual({ known: false, shown: "(not set)" });
  });

  test("a variable's default is not taken as the value (a deploy may override it), and the reason names the variable", () => {
    const inputs = planCostInputs({ stack: "s", json: { variable: { cls: { default: "db.t4g.small" }, multi: { default: true } },
      resource: { aws_db_instance: { db: { ...MINIMAL, instance_class: "${var.cls}", multi_az: "${var.multi}" } } } } });
    expect(inputs.databases[0].instanceClass).toEqual({ known: false, shown: "the default of var.cls" });
    expect(inputs.databases[0].multiAz).toEqual({ known: false, shown: "the default of var.multi" });
  });

  test("a wrong type is unknown, shown as written; an empty engine or class is unknown, not a value", () => {
    const db = only({ ...MINIMAL, multi_az: "yes", engine: "", instance_class: "" });
    expect(db.multiAz).toEqual({ known: false, shown: "yes" });
    expect(db.engine).toEqual({ known: false, shown: '""' });
    expect(db.instanceClass).toEqual({ known: false, shown: '""' });
  });

  test("an expression longer than 80 characters is cut to 77 and \"...\"", () => {
    const long = `\${var.${"x".repeat(100)}}`;
    expect(only({ ...MINIMAL, storage_type: long }).storageType).toEqual({ known: false, shown: `${long.slice(0, 77)}...` });
    const exact = `\${var.${"y".repeat(73)}}`; // 80 characters: shown whole
    expect(exact).toHaveLength(80);
    expect(only({ ...MINIMAL, storage_type: exact }).storageType).toEqual({ known: false, shown: exact });
  });
});

describe("the region is the aws provider's", () => {
  test("read from the provider block", () => {
    expect(plan(MINIMAL, {}, { region: "eu-west-2" }).region).toEqual(literal("eu-west-2"));
  });
  test("no aws provider, or no region: unknown, not us-east-1", () => {
    expect(plan(MINIMAL, {}, null).region).toMatchObject({ known: false });
    expect(plan(MINIMAL, {}, {}).region).toEqual({ known: false, shown: "(not set)" });
  });
  test("another provider's region is not the aws provider's", () => {
    const inputs = planCostInputs({ stack: "s", json: { provider: { random: [{ region: "eu-west-1" }] }, resource: { aws_db_instance: { db: MINIMAL } } } });
    expect(inputs.region.known).toBe(false);
  });
  test("the stack name and every instance", () => {
    const inputs = planCostInputs({ stack: "prod", json: { resource: { aws_db_instance: { a: MINIMAL, b: MINIMAL } } } });
    expect(inputs.stack).toBe("prod");
    expect(inputs.databases.map((d) => d.address)).toEqual(["aws_db_instance.a", "aws_db_instance.b"]);
  });
});

describe("the master password: which secret the bill carries", () => {
  test("manage_master_user_password = true: RDS's own secret", () => {
    expect(only({ ...MINIMAL, manage_master_user_password: true, password_wo: "x" }).passwordSource).toBe("rds-managed");
  });
  test("manage_master_user_password = false with password_wo: write-only", () => {
    expect(only({ ...MINIMAL, manage_master_user_password: false, password_wo: "${var.p}" }).passwordSource).toBe("write-only");
  });
  test("manage_master_user_password that is not a bool is not read as true", () => {
    expect(only({ ...MINIMAL, manage_master_user_password: "yes", password_wo: "${var.p}" }).passwordSource).toBe("write-only");
  });
  test("a password variable: variable", () => {
    expect(only({ ...MINIMAL, password: "${var.p}" }).passwordSource).toBe("variable");
  });
});

describe("exported logs and their log groups' retention", () => {
  const LOGS = { ...MINIMAL, enabled_cloudwatch_logs_exports: ["postgresql", "upgrade"] };

  test("a log with a group in the plan gets its retention; one without gets RDS's own group, kept forever (0)", () => {
    const db = only(LOGS, { aws_cloudwatch_log_group: { pg: { name: "/aws/rds/instance/checkpoints/postgresql", retention_in_days: 30 } } });
    expect(db.exportedLogs).toEqual(literal([{ name: "postgresql", retentionDays: literal(30) }, { name: "upgrade", retentionDays: literal(0) }]));
  });

  test("a group without retention_in_days keeps logs forever (0); a retention that is not a literal is unknown", () => {
    const db = only(LOGS, { aws_cloudwatch_log_group: {
      pg: { name: "/aws/rds/instance/checkpoints/postgresql" }, up: { name: "/aws/rds/instance/checkpoints/upgrade", retention_in_days: "${var.days}" },
    } });
    expect(db.exportedLogs).toEqual(literal([{ name: "postgresql", retentionDays: literal(0) },
      { name: "upgrade", retentionDays: { known: false, shown: "${var.days}" } }]));
  });

  test("a group is matched by the log's name at the end of its path, not by a name that only contains it", () => {
    const db = only(LOGS, { aws_cloudwatch_log_group: { other: { name: "/aws/rds/instance/checkpoints/postgresql-old", retention_in_days: 7 },
      nameless: { name: "${var.group}", retention_in_days: 14 } } });
    expect(db.exportedLogs).toEqual(literal([{ name: "postgresql", retentionDays: literal(0) }, { name: "upgrade", retentionDays: literal(0) }]));
  });

  test("a list that is not a literal is unknown", () => {
    expect(only({ ...MINIMAL, enabled_cloudwatch_logs_exports: "${var.logs}" }).exportedLogs).toEqual({ known: false, shown: "${var.logs}" });
  });
});

describe("max_connections set by the instance's parameter group", () => {
  const WITH_GROUP = { ...MINIMAL, parameter_group_name: "${aws_db_parameter_group.pg.name}" };
  const group = (parameter: unknown) => ({ aws_db_parameter_group: { pg: { family: "postgres15", parameter } } });

  test("the max_connections parameter's value, converted from Terraform's string", () => {
    expect(only(WITH_GROUP, group([{ name: "log_min_duration_statement", value: "500" }, { name: "max_connections", value: "200" }]))
      .maxConnectionsParameter).toEqual(literal(200));
  });
  test("a value that is not a literal is unknown", () => {
    expect(only(WITH_GROUP, group([{ name: "max_connections", value: "${var.max}" }])).maxConnectionsParameter)
      .toEqual({ known: false, shown: "${var.max}" });
  });
  test("a group that does not set it, a group name written in place, or another group: none", () => {
    expect(only(WITH_GROUP, group([{ name: "work_mem", value: "4096" }])).maxConnectionsParameter).toBeUndefined();
    expect(only({ ...MINIMAL, parameter_group_name: "default.postgres15" }, group([{ name: "max_connections", value: "200" }])).maxConnectionsParameter).toBeUndefined();
    expect(only({ ...MINIMAL, parameter_group_name: "${aws_db_parameter_group.other.name}" }, group([{ name: "max_connections", value: "200" }]))
      .maxConnectionsParameter).toBeUndefined();
  });
  test("parameter blocks that are not literal (a dynamic block, a variable) may set it: unknown, never the class default", () => {
    expect(only(WITH_GROUP, group("${var.parameters}")).maxConnectionsParameter).toEqual({ known: false, shown: "${var.parameters}" });
    expect(only(WITH_GROUP, group([{ name: "work_mem", value: "4096" }, "${var.more}"])).maxConnectionsParameter)
      .toEqual({ known: false, shown: "${var.more}" });
    // A literal max_connections block beside one that is not: the other may set it too (as the review gate reads it).
    expect(only(WITH_GROUP, group([{ name: "max_connections", value: "150" }, "${var.more}"])).maxConnectionsParameter)
      .toEqual({ known: false, shown: "${var.more}" });
  });
  test("a parameter whose name is not a literal may be max_connections: unknown", () => {
    expect(only(WITH_GROUP, group([{ name: "${var.name}", value: "200" }])).maxConnectionsParameter).toEqual({ known: false, shown: "${var.name}" });
  });
  test("a value that is not a number is unknown, shown as written", () => {
    expect(only(WITH_GROUP, group([{ name: "max_connections", value: "lots" }])).maxConnectionsParameter).toEqual({ known: false, shown: "lots" });
    expect(only(WITH_GROUP, group([{ name: "max_connections", value: ["200"] }])).maxConnectionsParameter).toEqual({ known: false, shown: '["200"]' });
  });
});

describe("the readers the estimate shares (numberAttr, boolAttr, stringAttr)", () => {
  test("a default only for an absent value, never for one that is not a literal", () => {
    expect(numberAttr(undefined, 5)).toEqual(literal(5));
    expect(numberAttr(undefined)).toEqual({ known: false, shown: "(not set)" });
    expect(numberAttr(valueOf("ten"), 5)).toEqual({ known: false, shown: "ten" });
    expect(boolAttr(valueOf("false"), true)).toEqual(literal(false));
    expect(boolAttr(undefined, false)).toEqual(literal(false));
    expect(stringAttr(valueOf("x"))).toEqual(literal("x"));
  });
});
