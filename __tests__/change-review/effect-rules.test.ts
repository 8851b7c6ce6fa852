// The effect table itself (change-review/effects.ts), called directly: the cases Stryker showed no
// review-level test told apart (issue 27). The expected effects come from the AWS provider v6.25.0 schema
// (change-review/provider-schema.ts) and the RDS User Guide's "Settings for DB instances" table
// (rds/instance-modifications.ts), as the module cites them.
import { FromVariable } from "../../change-review/attribute-values";
import { attributeEffect, ChangeContext, Effect, EFFECT_LABEL, EFFECTS, worstEffect } from "../../change-review/effects";

const dbInstance = (after: Record<string, unknown> = {}, before: Record<string, unknown> = {}): ChangeContext =>
  ({ type: "aws_db_instance", before, after });

describe("worstEffect: a resource's effect is its worst attribute's", () => {
  test("no attribute changes: no effect", () => {
    expect(worstEffect([])).toBe("none");
  });

  // Each effect against the next milder one, in both orders: the worse always wins.
  test.each(EFFECTS.slice(0, -1).map((e, i) => [e, EFFECTS[i + 1]] as const))("%s is worse than %s", (worse, milder) => {
    expect(worstEffect([milder, worse])).toBe(worse);
    expect(worstEffect([worse, milder])).toBe(worse);
    expect(worstEffect([milder, worse, "none"])).toBe(worse);
  });

  test("a replacement outranks everything, an unknown effect outranks every in-place one", () => {
    expect(worstEffect(["immediate", "unknown", "reboot", "none"])).toBe("unknown");
    expect(worstEffect(["deletes", "replaces", "unknown"])).toBe("replaces");
  });

  test("every effect has a label that says it", () => {
    const words: Record<Effect, string> = { replaces: "replaces", deletes: "deletes", unknown: "unknown", reboot: "reboot",
      failover: "failover", "maintenance-window": "maintenance window", immediate: "immediately", none: "no effect" };
    for (const effect of EFFECTS) expect(EFFECT_LABEL[effect]).toContain(words[effect]);
  });
});

describe("attributeEffect: the provider's schema decides first", () => {
  test("a ForceNew argument replaces, whatever else is known of it", () => {
    expect(attributeEffect("username", dbInstance())).toEqual({ effect: "replaces",
      detail: "username cannot change in place (ForceNew in the AWS provider's schema)" });
  });

  test.each(["tags", "tags_all"])("%s changes nothing on the database", (attribute) => {
    expect(attributeEffect(attribute, dbInstance())).toEqual({ effect: "none", detail: "tags only" });
  });

  test("an argument the schema does not have is unknown, never safe; an inherited name is not an argument", () => {
    expect(attributeEffect("no_such_argument", dbInstance()).effect).toBe("unknown");
    expect(attributeEffect("constructor", dbInstance()).effect).toBe("unknown");
    expect(attributeEffect("ingress", { type: "aws_not_in_the_table", before: {}, after: {} }).effect).toBe("unknown");
  });

  test("an argument the provider never sends on update changes nothing, and says why", () => {
    expect(attributeEffect("apply_immediately", dbInstance())).toEqual({ effect: "none",
      detail: expect.stringMatching(/^the provider sends nothing to AWS for it: decides when RDS applies/) });
    expect(attributeEffect("revoke_rules_on_delete", { type: "aws_security_group", before: {}, after: {} }).effect).toBe("none");
  });

  test("what is not an argument says why terraform plan refuses it, even on a type whose changes are all immediate", () => {
    expect(attributeEffect("no_such_argument", dbInstance())).toEqual({ effect: "unknown",
      detail: 'aws_db_instance has no argument no_such_argument in provider 6.25.0: terraform plan fails with "Unsupported argument"' });
    expect(attributeEffect("arn", { type: "aws_iam_role", before: {}, after: {} })).toEqual({ effect: "unknown",
      detail: "arn is computed by the provider (no Optional or Required in its schema): terraform plan refuses it as an argument" });
  });

  test("a description-only change has no effect; a key disabled has one at once", () => {
    expect(attributeEffect("description", { type: "aws_db_subnet_group", before: {}, after: {} })).toEqual({ effect: "none", detail: "description only" });
    expect(attributeEffect("is_enabled", { type: "aws_kms_key", before: {}, after: {} })).toEqual({ effect: "immediate",
      detail: "a disabled key makes the encrypted database unusable until it is enabled again" });
  });

  test("an in-place argument of a type with no effect rule for it is unknown", () => {
    // aws_iam_role_policy_attachment has only ForceNew arguments; aws_db_subnet_group.name_prefix is ForceNew.
    expect(attributeEffect("subnet_ids", { type: "aws_db_subnet_group", before: {}, after: {} }).effect).toBe("immediate");
    expect(attributeEffect("retention_in_days", { type: "aws_cloudwatch_log_group", before: {}, after: {} }).effect).toBe("immediate");
    expect(attributeEffect("max_session_duration", { type: "aws_iam_role", before: {}, after: {} })).toEqual({ effect: "immediate",
      detail: "IAM change: enhanced monitoring's permissions change at once" });
  });
});

describe("attributeEffect on aws_db_instance: when RDS applies it and what the database feels", () => {
  test("an in-place argument with no RDS modification rule is unknown, naming it", () => {
    expect(attributeEffect("customer_owned_ip_enabled", dbInstance())).toEqual({ effect: "unknown",
      detail: "no RDS modification rule known for customer_owned_ip_enabled" });
  });

  test("a setting read only at delete changes nothing on the instance", () => {
    expect(attributeEffect("skip_final_snapshot", dbInstance())).toEqual({ effect: "none",
      detail: "the provider sends nothing to AWS for it: used when the instance is deleted (resourceInstanceUpdate: HasChangesExcept)" });
  });

  test("deferred: at the next maintenance window, the window named when it is known", () => {
    expect(attributeEffect("allocated_storage", dbInstance({ maintenance_window: "sun:04:30-sun:05:30" }))).toEqual({ effect: "maintenance-window",
      detail: "applies at the next maintenance window (sun:04:30-sun:05:30 UTC); storage optimization follows; performance may degrade while it runs" });
    expect(attributeEffect("iops", dbInstance())).toEqual({ effect: "maintenance-window", detail: "applies at the next maintenance window" });
    expect(attributeEffect("iops", dbInstance({ maintenance_window: 5 })).detail).toBe("applies at the next maintenance window");
  });

  test.each([[true], ["true"]])("deferred with apply_immediately = %p: immediately", (applyImmediately) => {
    expect(attributeEffect("iops", dbInstance({ apply_immediately: applyImmediately }))).toEqual({ effect: "immediate",
      detail: "applies immediately (apply_immediately = true)" });
  });

  test.each([[false], ["false"], [undefined], ["yes"]])("deferred with apply_immediately = %p: at the window", (applyImmediately) => {
    expect(attributeEffect("iops", dbInstance({ apply_immediately: applyImmediately })).effect).toBe("maintenance-window");
  });

  // A variable's default is the value Terraform uses (plan/ reads it as FromVariable): apply_immediately = var.x
  // with default true applies at once, as a literal true does.
  test("apply_immediately from a variable whose default is true: immediately", () => {
    expect(attributeEffect("iops", dbInstance({ apply_immediately: new FromVariable("apply_now", true) })).effect).toBe("immediate");
    expect(attributeEffect("iops", dbInstance({ apply_immediately: new FromVariable("apply_now", false) })).effect).toBe("maintenance-window");
  });

  test("multi_az from a variable whose default is true: a failover, as for a literal true", () => {
    expect(attributeEffect("instance_class", dbInstance({ multi_az: new FromVariable("multi_az", true) })).effect).toBe("failover");
    expect(attributeEffect("instance_class", dbInstance({ multi_az: new FromVariable("multi_az", false) })).detail).toContain("Single-AZ");
  });

  test("an immediate setting applies at once whatever apply_immediately says", () => {
    expect(attributeEffect("backup_window", dbInstance({ apply_immediately: false }))).toEqual({ effect: "immediate",
      detail: "applies immediately (RDS ignores apply_immediately for it)" });
  });

  test.each([[true], ["true"]])("a class change on Multi-AZ (multi_az = %p) fails over", (multiAz) => {
    const { effect, detail } = attributeEffect("instance_class", dbInstance({ multi_az: multiAz }));
    expect(effect).toBe("failover");
    expect(detail).toMatch(/^applies at the next maintenance window; Multi-AZ: RDS resizes the standby, then fails over/);
  });

  test.each([[false, "Single-AZ"], ["false", "Single-AZ"], [undefined, "multi_az not known"], ["${var.multi_az}", "multi_az not known"]])(
    "a class change with multi_az = %p is an outage (%s)", (multiAz, said) => {
      expect(attributeEffect("instance_class", dbInstance({ multi_az: multiAz, apply_immediately: true }))).toEqual({ effect: "reboot",
        detail: `applies immediately (apply_immediately = true); ${said}: the instance is unavailable while it is resized (minutes)` });
    });

  test("a setting that restarts the instance is a reboot, with how it comes", () => {
    expect(attributeEffect("port", dbInstance())).toEqual({ effect: "reboot",
      detail: "applies immediately (RDS ignores apply_immediately for it); the instance restarts at once and clients must use the new port" });
    expect(attributeEffect("engine_version", dbInstance()).effect).toBe("reboot");
  });

  test.each([[7, 14, "immediate"], [0, 7, "reboot"], [7, 0, "reboot"], ["0", 1, "reboot"], [0, "0", "immediate"], [undefined, 0, "reboot"]])(
    "backup_retention_period %p -> %p: %s (to or from 0 is an outage)", (before, after, effect) => {
      const result = attributeEffect("backup_retention_period", dbInstance({ backup_retention_period: after }, { backup_retention_period: before }));
      expect(result.effect).toBe(effect);
      if (effect === "reboot") expect(result.detail).toBe("applies immediately (RDS ignores apply_immediately for it); changing to or from 0 causes an outage");
    });
});

// Only backup_retention_period has the to-or-from-0 outage: max_allocated_storage 0 -> 1000 turns storage
// autoscaling on at once, iops 0 -> 3000 waits for the window.
test.each([["max_allocated_storage", "immediate"], ["iops", "maintenance-window"]])("%s from 0: %s, no outage", (attribute, effect) => {
  expect(attributeEffect(attribute, dbInstance({ [attribute]: 3000 }, { [attribute]: 0 })).effect).toBe(effect);
});

test.each([[new FromVariable("retention", 0), 7, "reboot"], [7, new FromVariable("retention", 0), "reboot"], [new FromVariable("retention", 7), 14, "immediate"]])(
  "backup_retention_period %p -> %p from a variable's default: %s (the default is the value RDS has)", (before, after, effect) => {
    expect(attributeEffect("backup_retention_period", dbInstance({ backup_retention_period: after }, { backup_retention_period: before })).effect).toBe(effect);
  });

describe("attributeEffect on aws_db_parameter_group.parameter: per parameter's apply type", () => {
  const group = (before: unknown, after: unknown): ChangeContext => ({ type: "aws_db_parameter_group", before: { parameter: before }, after: { parameter: after } });
  const p = (name: unknown, value: string) => ({ name, value });

  test("a dynamic parameter applies without a reboot", () => {
    expect(attributeEffect("parameter", group([p("log_connections", "1")], [p("log_connections", "0")]))).toEqual({ effect: "immediate",
      detail: "dynamic parameter log_connections: applied without a reboot" });
  });

  test("several dynamic parameters are named together", () => {
    expect(attributeEffect("parameter", group([p("log_connections", "1")], [p("log_connections", "0"), p("work_mem", "8192")])).detail)
      .toBe("dynamic parameters log_connections, work_mem: applied without a reboot");
  });

  test("a static parameter waits for a reboot RDS does not schedule, even beside dynamic ones", () => {
    expect(attributeEffect("parameter", group([p("log_connections", "1")], [p("log_connections", "0"), p("shared_preload_libraries", "pg_stat_statements")])))
      .toEqual({ effect: "reboot", detail: "static parameter shared_preload_libraries: take effect only after a reboot, which RDS does not schedule" });
    expect(attributeEffect("parameter", group([], [p("max_connections", "200"), p("shared_buffers", "1000")])).detail)
      .toBe("static parameters max_connections, shared_buffers: take effect only after a reboot, which RDS does not schedule");
  });

  test("a parameter whose apply type is not known is unknown, even beside a static one", () => {
    expect(attributeEffect("parameter", group([], [p("shared_buffers", "1000"), p("no_such_parameter", "1")]))).toEqual({ effect: "unknown",
      detail: "apply type not known for no_such_parameter (rds/postgres-parameter-apply.ts)" });
  });

  test("two parameters of unknown apply type are both named", () => {
    expect(attributeEffect("parameter", group([], [p("first_unknown", "1"), p("second_unknown", "1")])).detail)
      .toBe("apply type not known for first_unknown, second_unknown (rds/postgres-parameter-apply.ts)");
  });

  test("a parameter without a literal name beside named ones is unknown", () => {
    expect(attributeEffect("parameter", group([], [p("log_connections", "1"), { value: "1" }]))).toEqual({ effect: "unknown", detail: "a parameter without a literal name" });
  });

  test("a parameter without a literal name is unknown", () => {
    expect(attributeEffect("parameter", group([], [p(5, "1")]))).toEqual({ effect: "unknown", detail: "a parameter without a literal name" });
    expect(attributeEffect("parameter", group([], ["not an object"])).effect).toBe("unknown");
    expect(attributeEffect("parameter", group([], [null])).effect).toBe("unknown");
  });

  test("names compare as RDS compares them, case-insensitively; only the parameters that changed count", () => {
    expect(attributeEffect("parameter", group([p("Log_Connections", "1"), p("shared_buffers", "1000")], [p("log_connections", "0"), p("shared_buffers", "1000")])))
      .toEqual({ effect: "immediate", detail: "dynamic parameter log_connections: applied without a reboot" });
  });

  test("a single block (not a list), or none, is read as a list of it", () => {
    expect(attributeEffect("parameter", group(undefined, p("shared_buffers", "1000"))).effect).toBe("reboot");
    expect(attributeEffect("parameter", group(p("shared_buffers", "1000"), null)).effect).toBe("reboot");
    expect(attributeEffect("parameter", group(null, p("log_connections", "1"))).effect).toBe("immediate");
  });
});
