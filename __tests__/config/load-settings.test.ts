import { DOCUMENT_DEFAULTS } from "../../config/database-settings";
import { INSTANCE_CLASSES, isKnownInstanceClass } from "../../rds/instance-classes";
import { resolveAppSettings, resolveSettings, SettingsError } from "../../config/load-settings";
import { SETTINGS_FIELDS } from "../../config/settings-fields";

/** The message a user sees for the given configuration, or a failure if it was accepted. */
function errorFor(context: unknown, env: Record<string, string> = {}): string {
  try {
    resolveAppSettings(context, env);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return (error as SettingsError).message;
  }
  throw new Error("configuration was accepted");
}

describe("defaults", () => {
  test("no configuration gives the design document's values", () => {
    expect(resolveSettings(undefined, {})).toEqual(DOCUMENT_DEFAULTS);
    expect(resolveSettings({}, {})).toEqual(DOCUMENT_DEFAULTS);
  });

  test("every settings field is configurable and has an environment variable", () => {
    // environment is not a field: it is the key of the environment's section.
    expect(SETTINGS_FIELDS.map((f) => f.name).sort())
      .toEqual(Object.keys(DOCUMENT_DEFAULTS).filter((k) => k !== "environment").sort());
    for (const field of SETTINGS_FIELDS) expect(field.envVar).toMatch(/^CHECKPOINTS_(<ENV>_)?[A-Z_]+$/);
  });
});

describe("overrides", () => {
  test("cdktf.json context values replace defaults", () => {
    const settings = resolveSettings({ region: "eu-west-2", multiAz: false, backupRetentionDays: 14 }, {});
    expect(settings).toMatchObject({ region: "eu-west-2", multiAz: false, backupRetentionDays: 14 });
  });

  test("environment variables win over cdktf.json and are parsed by type", () => {
    const settings = resolveSettings({ region: "eu-west-2", backupRetentionDays: 14 }, {
      CHECKPOINTS_REGION: "ap-southeast-2",
      CHECKPOINTS_BACKUP_RETENTION_DAYS: "21",
      CHECKPOINTS_MULTI_AZ: "false",
      CHECKPOINTS_EXTRA_TAGS: '{"Team":"platform"}',
    });
    expect(settings).toMatchObject({
      region: "ap-southeast-2", backupRetentionDays: 21, multiAz: false, extraTags: { Team: "platform" },
    });
  });


  test("maxAllocatedStorageGb 0 turns autoscaling off and is accepted", () => {
    expect(resolveSettings({ maxAllocatedStorageGb: 0 }).maxAllocatedStorageGb).toBe(0);
  });
});

describe("invalid configuration names the field, the bad value, its source and what is accepted", () => {
  test("retention below the document's 7-day minimum", () => {
    expect(errorFor({}, { CHECKPOINTS_BACKUP_RETENTION_DAYS: "3" })).toBe(
      "Invalid checkpoints configuration (1 problem); nothing was synthesized.\n" +
      "  - backupRetentionDays = 3 (from environment variable CHECKPOINTS_BACKUP_RETENTION_DAYS)\n" +
      "    accepted: a whole number of days from 7 (the design document's minimum) to 35 (the RDS maximum)");
  });

  test.each([[6, false], [7, true], [35, true], [36, false]])("backup retention %i days: accepted %s (7 to 35, the edges exact)",
    (days, accepted) => {
      const run = () => resolveAppSettings({ backupRetentionDays: days }, {});
      if (accepted) expect(run).not.toThrow();
      else expect(errorFor({ backupRetentionDays: days })).toContain(`backupRetentionDays = ${days}`);
    });

  test("max storage below allocated storage", () => {
    expect(errorFor({ allocatedStorageGb: 100, maxAllocatedStorageGb: 50 })).toBe(
      "Invalid checkpoints configuration (1 problem); nothing was synthesized.\n" +
      "  - maxAllocatedStorageGb = 50 (below allocatedStorageGb = 100 from cdktf.json context.checkpoints.allocatedStorageGb) " +
      "(from cdktf.json context.checkpoints.maxAllocatedStorageGb)\n" +
      "    accepted: 0 (autoscaling off) or at least allocatedStorageGb (100)");
  });

  test("an unknown storage type", () => {
    expect(errorFor({ storageType: "standard" })).toBe(
      "Invalid checkpoints configuration (1 problem); nothing was synthesized.\n" +
      "  - storageType = \"standard\" (from cdktf.json context.checkpoints.storageType)\n" +
      "    accepted: one of gp2, gp3, io1, io2");
  });

  test("an instance class that is not db.*", () => {
    expect(errorFor({ instanceClass: "t4g.small" })).toBe(
      "Invalid checkpoints configuration (1 problem); nothing was synthesized.\n" +
      "  - instanceClass = \"t4g.small\" (from cdktf.json context.checkpoints.instanceClass)\n" +
      "    accepted: an RDS instance class, db.FAMILY.SIZE (for example db.t4g.small or db.m7g.large)");
  });

  test.each([
    ["malformed", "3am-4am"],
    ["overlong", "03:00-04:00-05:00"],
    ["without minutes", "03-04"],
    ["hour 24", "24:00-00:30"],
    ["shorter than 30 minutes", "03:00-03:15"],
  ])("a %s backup window", (_kind, window) => {
    expect(errorFor({ backupWindow: window })).toBe(
      "Invalid checkpoints configuration (1 problem); nothing was synthesized.\n" +
      `  - backupWindow = ${JSON.stringify(window)} (from cdktf.json context.checkpoints.backupWindow)\n` +
      '    accepted: a daily UTC window exactly "hh:mm-hh:mm" (24-hour clock), at least 30 minutes long, ' +
      'for example "03:00-04:00"');
  });

  test("a backup window across midnight is accepted", () => {
    expect(resolveSettings({ backupWindow: "23:45-00:15" }).backupWindow).toBe("23:45-00:15");
  });

  test.each([
    ["empty", ""],
    ["starting with a digit", "1checkpoints"],
    ["with two hyphens in a row", "checkpoints--db"],
    ["ending with a hyphen", "checkpoints-"],
    ["with upper case", "Checkpoints-DB"],
    ["with an underscore", "checkpoints_db"],
    ["longer than 63 characters", `c${"x".repeat(63)}`],
  ])("an identifier RDS would reject: %s", (_kind, identifier) => {
    expect(errorFor({ identifier })).toBe(
      "Invalid checkpoints configuration (1 problem); nothing was synthesized.\n" +
      `  - identifier = ${JSON.stringify(identifier)} (from cdktf.json context.checkpoints.identifier)\n` +
      "    accepted: an RDS identifier: 1-63 lowercase letters, digits or hyphens, starting with a letter, " +
      "no two hyphens in a row, not ending with a hyphen");
  });

  test("a value of the wrong JSON type", () => {
    expect(errorFor({ multiAz: "yes", allocatedStorageGb: "100" })).toBe(
      "Invalid checkpoints configuration (2 problems); nothing was synthesized.\n" +
      "  - allocatedStorageGb = \"100\" (from cdktf.json context.checkpoints.allocatedStorageGb)\n" +
      "    accepted: a whole number of GiB from 20 (the RDS minimum for PostgreSQL) to 65536\n" +
      "  - multiAz = \"yes\" (from cdktf.json context.checkpoints.multiAz)\n" +
      "    accepted: true or false");
  });

  test("an environment variable that does not parse", () => {
    expect(errorFor({}, { CHECKPOINTS_MULTI_AZ: "yes", CHECKPOINTS_EXTRA_TAGS: "Team=platform" })).toBe(
      "Invalid checkpoints configuration (2 problems); nothing was synthesized.\n" +
      "  - multiAz = \"yes\" (from environment variable CHECKPOINTS_MULTI_AZ)\n" +
      "    accepted: true or false\n" +
      "  - extraTags = \"Team=platform\" (from environment variable CHECKPOINTS_EXTRA_TAGS)\n" +
      '    accepted: a JSON object of string tags, keys 1-128 characters, values up to 256, no "aws:" prefix, ' +
      "not Name, Environment or Terraform (the stack sets those)");
  });

  test("tags may not replace the document's Name, Environment and Terraform tags", () => {
    expect(errorFor({ extraTags: { Environment: "dev" } })).toContain("extraTags = {\"Environment\":\"dev\"}");
  });

  test("a reserved master user name", () => {
    expect(errorFor({ masterUsername: "rdsadmin" })).toContain("masterUsername = \"rdsadmin\"");
  });

  test("an unknown field is named, its value is not echoed (it may be a pasted secret)", () => {
    const message = errorFor({ password: "hunter2-not-for-logs" });
    expect(message).toContain("  - password (from cdktf.json context.checkpoints.password)\n" +
      "    accepted: not a settings field; did you mean passwordSource? (README, Configuration, lists them all)");
    expect(message).not.toContain("hunter2-not-for-logs");
  });

  test("a misspelt field suggests the closest name, as a misspelt variable does", () => {
    expect(errorFor({ instanceClas: "db.t4g.small" })).toBe(
      "Invalid checkpoints configuration (1 problem); nothing was synthesized.\n" +
      "  - instanceClas (from cdktf.json context.checkpoints.instanceClas)\n" +
      "    accepted: not a settings field; did you mean instanceClass? (README, Configuration, lists them all)");
    expect(errorFor({ environments: { staging: { multiAZ: false } } })).toContain(
      "  - multiAZ (from cdktf.json context.checkpoints.environments.staging.multiAZ)\n" +
      "    accepted: not a settings field; did you mean multiAz?");
  });

  test('"environments": {} names none: the message says at least one is needed', () => {
    expect(errorFor({ environments: {} })).toContain("  - environments = {} (from cdktf.json context.checkpoints.environments)\n" +
      '    accepted: an object naming at least one environment, each with its settings, such as { "production": {}, "staging": { ... } } ' +
      "(leave environments out for production alone)");
  });

  test("a number out of range from a variable is echoed as typed, not as 1e20", () => {
    const message = errorFor({}, { CHECKPOINTS_ALLOCATED_STORAGE_GB: "99999999999999999999" });
    expect(message).toContain("  - allocatedStorageGb = 99999999999999999999 (from environment variable CHECKPOINTS_ALLOCATED_STORAGE_GB)");
    expect(message).not.toContain("1e+20");
  });

  test("a context section that is not an object", () => {
    expect(errorFor(["region"])).toBe(
      "Invalid checkpoints configuration (1 problem); nothing was synthesized.\n" +
      '  - checkpoints = ["region"] (from cdktf.json context.checkpoints)\n' +
      "    accepted: a JSON object whose keys are settings fields");
  });

  test("every problem is reported at once", () => {
    const message = errorFor(
      { backupRetentionDays: 1, storageType: "magnetic", identifier: "" },
      { CHECKPOINTS_REGION: "mars-1" });
    expect(message).toMatch(/^Invalid checkpoints configuration \(4 problems\)/);
    for (const field of ["region", "identifier", "storageType", "backupRetentionDays"]) {
      expect(message).toContain(`  - ${field} = `);
    }
  });
});

describe("hardening settings", () => {
  test("a maintenance window that overlaps the daily backup window", () => {
    expect(errorFor({ maintenanceWindow: "tue:03:30-tue:04:30" })).toBe(
      "Invalid checkpoints configuration (1 problem); nothing was synthesized.\n" +
      '  - maintenanceWindow = "tue:03:30-tue:04:30" (overlaps backupWindow "03:00-04:00" from the default) ' +
      "(from cdktf.json context.checkpoints.maintenanceWindow)\n" +
      "    accepted: a weekly window that does not overlap the daily backup window (RDS refuses overlapping windows)");
  });

  test("a backup window moved onto the default maintenance window is caught too", () => {
    expect(errorFor({}, { CHECKPOINTS_BACKUP_WINDOW: "04:00-05:00" })).toContain(
      'maintenanceWindow = "sun:04:30-sun:05:30" (overlaps backupWindow "04:00-05:00" from environment variable ' +
      "CHECKPOINTS_BACKUP_WINDOW) (from the default)");
  });

  test("windows that touch but do not overlap are accepted, across midnight and the week's end", () => {
    expect(resolveSettings({ maintenanceWindow: "mon:04:00-mon:04:30" }).maintenanceWindow).toBe("mon:04:00-mon:04:30");
    expect(resolveSettings({ backupWindow: "23:30-00:30", maintenanceWindow: "sun:00:30-sun:01:00" }).backupWindow).toBe("23:30-00:30");
    expect(errorFor({ backupWindow: "23:30-00:30", maintenanceWindow: "sun:23:45-mon:00:15" })).toContain("overlaps backupWindow");
  });

  test.each([
    ["passwordSource", "vault", "one of variable, write-only, rds-managed"],
    ["logRetentionDays", 10, "one of CloudWatch's retention periods: 1, 3, 5, 7, 14, 30,"],
    ["performanceInsightsRetentionDays", 30, "7 (the free tier) or a multiple of 31 up to 713, or 731"],
    ["monitoringIntervalSeconds", 45, "one of 0, 1, 5, 10, 15, 30, 60 (0 turns enhanced monitoring off)"],
    ["caCertIdentifier", "rds-ca-2019", "one of rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1"],
    ["maintenanceWindow", "sunday 4am", 'a weekly UTC window "ddd:hh:mm-ddd:hh:mm"'],
    ["deletionProtection", "yes", "true or false"],
    ["performanceInsightsKmsKeyId", "alias/aws/rds", 'a KMS key ARN such as "arn:aws:kms:us-east-1:123456789012:key/<id>", or "" for the AWS-managed key'],
  ])("%s = %j is refused", (field, value, accepted) => {
    const message = errorFor({ [field]: value });
    expect(message).toContain(`  - ${field} = ${JSON.stringify(value)} (from cdktf.json context.checkpoints.${field})\n` +
      `    accepted: ${accepted}`);
  });
});

describe("environments", () => {
  test("without an environments section there is one, production, with the document's names", () => {
    const app = resolveAppSettings({});
    expect(app.environments.map((e) => [e.stackName, e.settings.identifier, e.settings.environment]))
      .toEqual([["checkpoints-db", "checkpoints-db", "production"]]);
    expect(app.stateBackend).toEqual({ type: "local" });
  });

  test("each environment takes shared fields, then its own, then CHECKPOINTS_*, then CHECKPOINTS_<ENV>_*", () => {
    const app = resolveAppSettings({ region: "eu-west-1", backupRetentionDays: 10,
      environments: { production: { backupRetentionDays: 14 }, "qa-eu": { multiAz: false } } },
    { CHECKPOINTS_MULTI_AZ: "true", CHECKPOINTS_QA_EU_MULTI_AZ: "false" });
    const [production, qa] = app.environments;
    expect(production.settings).toMatchObject({ region: "eu-west-1", backupRetentionDays: 14, multiAz: true });
    expect(qa).toMatchObject({ stackName: "checkpoints-db-qa-eu",
      settings: { identifier: "checkpoints-db-qa-eu", environment: "qa-eu", backupRetentionDays: 10, multiAz: false } });
  });

  test("a problem names the environment's section or variable", () => {
    expect(errorFor({ environments: { staging: { storageType: "magnetic" } } }, { CHECKPOINTS_STAGING_BACKUP_RETENTION_DAYS: "1" }))
      .toBe("Invalid checkpoints configuration (2 problems); nothing was synthesized.\n" +
        '  - storageType = "magnetic" (from cdktf.json context.checkpoints.environments.staging.storageType)\n' +
        "    accepted: one of gp2, gp3, io1, io2\n" +
        "  - backupRetentionDays = 1 (from environment variable CHECKPOINTS_STAGING_BACKUP_RETENTION_DAYS)\n" +
        "    accepted: a whole number of days from 7 (the design document's minimum) to 35 (the RDS maximum)");
  });

  test("a shared mistake is reported once, not once per environment", () => {
    const message = errorFor({ environments: { production: {}, staging: {} } }, { CHECKPOINTS_BACKUP_RETENTION_DAYS: "3" });
    expect(message).toMatch(/^Invalid checkpoints configuration \(1 problem\)/);
  });

  test.each([
    [{ environments: { Production: {} } }, 'environments = "Production" (from cdktf.json context.checkpoints.environments.Production)'],
    [{ environments: {} }, "environments = {} (from cdktf.json context.checkpoints.environments)"],
    [{ environments: { staging: [] } }, "staging = [] (from cdktf.json context.checkpoints.environments.staging)"],
    [{ environments: { a: { identifier: "db" }, b: { identifier: "db" } } },
      'identifier = "db" (from cdktf.json context.checkpoints.environments.a.identifier and ' +
      'cdktf.json context.checkpoints.environments.b.identifier)\n    accepted: a different RDS identifier in every environment'],
    [{ environments: { staging: { password: "x" } } }, "  - password (from cdktf.json context.checkpoints.environments.staging.password)"],
  ])("%j is refused", (context, expected) => {
    expect(errorFor(context)).toContain(expected);
  });
});

describe("state backend", () => {
  test("S3, with a key prefix by default; the bucket and region may come from the environment", () => {
    expect(resolveAppSettings({}, { CHECKPOINTS_STATE_BUCKET: "acme-state", CHECKPOINTS_STATE_REGION: "eu-west-1" }).stateBackend)
      .toEqual({ type: "s3", bucket: "acme-state", region: "eu-west-1", keyPrefix: "checkpoints/" });
  });

  test.each([
    [{ type: "s3", bucket: "acme-state" }, "  - stateBackend.region = (not set) (from cdktf.json context.checkpoints.stateBackend.region)\n" +
      "    accepted: the bucket's AWS region, such as us-east-1 (an S3 backend needs it)"],
    [{ type: "s3", region: "us-east-1" }, "  - stateBackend.bucket = (not set)"],
    [{ type: "s3", bucket: "Acme_State", region: "us-east-1" }, '  - stateBackend.bucket = "Acme_State"'],
    [{ type: "s3", bucket: "acme-state", region: "us-east-1", keyPrefix: "/state" }, '  - stateBackend.keyPrefix = "/state"'],
    [{ type: "gcs" }, '  - stateBackend.type = "gcs"'],
    [{ type: "local", bucket: "acme-state" }, '  - stateBackend.type = "local" with a bucket or region'],
    [{ type: "s3", bucket: "acme-state", region: "us-east-1", dynamodbTable: "locks" }, "  - dynamodbTable (from cdktf.json context.checkpoints.stateBackend.dynamodbTable)"],
  ])("%j is refused", (stateBackend, expected) => {
    expect(errorFor({ stateBackend })).toContain(expected);
  });
});

describe("engine version: a major RDS offers, or MAJOR.MINOR of one (rds/postgres-engine-versions.ts)", () => {
  const ACCEPTED = "    accepted: a PostgreSQL version RDS creates (not the document's retired 15.4): 11, 12, 13, 14, 15, 16, 17, 18 " +
    "(a major alone: RDS picks its current default minor), or 14.20 or later, 15.15 or later, 16.11 or later, 17.7 or later " +
    "(rds/postgres-engine-versions.ts, checked 2026-11-29); for example 15 or 15.15";

  test("the default is the major alone, which RDS resolves to its current 15.x", () => {
    expect(DOCUMENT_DEFAULTS.engineVersion).toBe("15");
  });

  test.each(["15", "15.15", "15.19", "16", "16.11", "17.7", "14.20", "18"])("%s is accepted", (version) => {
    expect(resolveSettings({ engineVersion: version }).engineVersion).toBe(version);
  });

  test("an unknown major (its parameter group family would be postgres99)", () => {
    expect(errorFor({}, { CHECKPOINTS_ENGINE_VERSION: "99" })).toBe(
      "Invalid checkpoints configuration (1 problem); nothing was synthesized.\n" +
      '  - engineVersion = "99" (from environment variable CHECKPOINTS_ENGINE_VERSION)\n' + ACCEPTED);
  });

  // The review gate fails these (CKPT-ENGINE-RETIRED): the configuration reads the same list and refuses them first.
  test.each(["15.4", "14.14", "16.5", "17.4"])("the retired minor %s is refused", (version) => {
    const message = errorFor({ engineVersion: version });
    expect(message).toContain(`  - engineVersion = ${JSON.stringify(version)} (from cdktf.json context.checkpoints.engineVersion)\n${ACCEPTED}`);
    expect(message).toContain("not the document's retired 15.4");
  });

  // Below the table's oldest creatable minor, or a minor of a major it lists none for: RDS does not create them.
  test.each(["16.1", "14.1", "15.0", "15.1", "17.0", "13.99", "15.14", "16.10", "17.6", "14.19", "18.1"])(
    "%s, which RDS does not create, is refused with the versions it creates", (version) => {
      expect(errorFor({}, { CHECKPOINTS_ENGINE_VERSION: version })).toBe(
        "Invalid checkpoints configuration (1 problem); nothing was synthesized.\n" +
        `  - engineVersion = ${JSON.stringify(version)} (from environment variable CHECKPOINTS_ENGINE_VERSION)\n${ACCEPTED}`);
    });

  test.each(["9.6", "15.4.1", "v15", "15.", ""])("%j is refused", (version) => {
    const message = errorFor({ engineVersion: version });
    expect(message).toContain(`  - engineVersion = ${JSON.stringify(version)} (from cdktf.json context.checkpoints.engineVersion)\n${ACCEPTED}`);
  });
});

describe("storage: iops and storageThroughput where RDS for PostgreSQL documents them (rds/postgres-storage.ts)", () => {
  test("io1 without iops", () => {
    expect(errorFor({}, { CHECKPOINTS_STORAGE_TYPE: "io1" })).toBe(
      "Invalid checkpoints configuration (1 problem); nothing was synthesized.\n" +
      '  - iops = 0 (not set; io1 requires it) (from the defaults; storageType "io1" from environment variable ' +
      "CHECKPOINTS_STORAGE_TYPE)\n" +
      "    accepted: for io1 at 100 GiB, a whole number of IOPS from 1000 to 5000 " +
      "(RDS for PostgreSQL: 1000-256000 IOPS and 0.5-50 IOPS per GiB)");
  });

  test("io2 with iops above 50 per GiB", () => {
    expect(errorFor({ storageType: "io2", iops: 6000 })).toBe(
      "Invalid checkpoints configuration (1 problem); nothing was synthesized.\n" +
      "  - iops = 6000 (60 IOPS per GiB of allocatedStorageGb = 100) (from cdktf.json context.checkpoints.iops)\n" +
      "    accepted: for io2 at 100 GiB, a whole number of IOPS from 1000 to 5000 " +
      "(RDS for PostgreSQL: 1000-256000 IOPS and 0.5-50 IOPS per GiB)");
  });

  test("io1 below 0.5 IOPS per GiB on a large volume", () => {
    expect(errorFor({ storageType: "io1", allocatedStorageGb: 4000, maxAllocatedStorageGb: 0, iops: 1500 }))
      .toContain("  - iops = 1500 (0.38 IOPS per GiB of allocatedStorageGb = 4000) (from cdktf.json context.checkpoints.iops)\n" +
        "    accepted: for io1 at 4000 GiB, a whole number of IOPS from 2000 to 200000");
  });

  test("io1 on less than 100 GiB", () => {
    expect(errorFor({ storageType: "io1", allocatedStorageGb: 20, iops: 1000 })).toBe(
      "Invalid checkpoints configuration (1 problem); nothing was synthesized.\n" +
      '  - allocatedStorageGb = 20 (storageType "io1" from cdktf.json context.checkpoints.storageType) ' +
      "(from cdktf.json context.checkpoints.allocatedStorageGb)\n" +
      "    accepted: at least 100 GiB for io1 and io2 (RDS for PostgreSQL Provisioned IOPS storage: 100-65536 GiB), " +
      "or storageType gp3");
  });

  test("io1 with iops in range is accepted and reaches the plan's settings", () => {
    expect(resolveSettings({ storageType: "io1", iops: 3000 })).toMatchObject({ storageType: "io1", iops: 3000 });
  });

  test("iops outside RDS's whole range", () => {
    expect(errorFor({ iops: 500 })).toBe(
      "Invalid checkpoints configuration (1 problem); nothing was synthesized.\n" +
      "  - iops = 500 (from cdktf.json context.checkpoints.iops)\n" +
      "    accepted: 0 (not set) or a whole number of Provisioned IOPS from 1000 to 256000 " +
      "(io1, io2; gp3 from 400 GiB: 12000 to 64000)");
  });

  test("gp3 below 400 GiB takes neither iops nor throughput", () => {
    expect(errorFor({ iops: 12000, storageThroughput: 500 })).toBe(
      "Invalid checkpoints configuration (2 problems); nothing was synthesized.\n" +
      "  - iops = 12000 (allocatedStorageGb = 100, below 400) (from cdktf.json context.checkpoints.iops)\n" +
      "    accepted: 0 (not set) below 400 GiB: RDS for PostgreSQL gives gp3 a fixed 3000 IOPS and 125 MiBps there; " +
      "set allocatedStorageGb to 400 or more to provision them\n" +
      "  - storageThroughput = 500 (allocatedStorageGb = 100, below 400) " +
      "(from cdktf.json context.checkpoints.storageThroughput)\n" +
      "    accepted: 0 (not set) below 400 GiB: RDS for PostgreSQL gives gp3 a fixed 3000 IOPS and 125 MiBps there; " +
      "set allocatedStorageGb to 400 or more to provision them");
  });

  test("gp3 from 400 GiB accepts them", () => {
    expect(resolveSettings({ allocatedStorageGb: 400, iops: 12000, storageThroughput: 500 }))
      .toMatchObject({ iops: 12000, storageThroughput: 500 });
  });

  test("gp3 from 400 GiB with iops below its 12000 floor", () => {
    expect(errorFor({ allocatedStorageGb: 400, iops: 3000 })).toBe(
      "Invalid checkpoints configuration (1 problem); nothing was synthesized.\n" +
      '  - iops = 3000 (storageType "gp3") (from cdktf.json context.checkpoints.iops)\n' +
      "    accepted: 0 (not set) or, for gp3 from 400 GiB, a whole number of IOPS from 12000 to 64000 (RDS for PostgreSQL)");
  });

  test("gp3 throughput above 0.25 MiBps per IOPS", () => {
    expect(errorFor({ allocatedStorageGb: 400, iops: 12000, storageThroughput: 4000 })).toBe(
      "Invalid checkpoints configuration (1 problem); nothing was synthesized.\n" +
      "  - storageThroughput = 4000 (0.333 MiBps per IOPS with iops = 12000) " +
      "(from cdktf.json context.checkpoints.storageThroughput)\n" +
      "    accepted: at most 0.25 MiBps per provisioned IOPS (3000 MiBps at 12000 IOPS), or more iops");
  });

  test("gp2 takes no iops, and only gp3 takes throughput", () => {
    expect(errorFor({ storageType: "gp2", iops: 3000, storageThroughput: 500 })).toBe(
      "Invalid checkpoints configuration (2 problems); nothing was synthesized.\n" +
      '  - iops = 3000 (storageType "gp2" from cdktf.json context.checkpoints.storageType) ' +
      "(from cdktf.json context.checkpoints.iops)\n" +
      "    accepted: 0 (not set): gp2's IOPS follow its size; provisioned IOPS need io1, io2, or gp3 from 400 GiB\n" +
      '  - storageThroughput = 500 (storageType "gp2" from cdktf.json context.checkpoints.storageType) ' +
      "(from cdktf.json context.checkpoints.storageThroughput)\n" +
      "    accepted: 0 (not set): storage throughput is a gp3 setting (RDS CreateDBInstance StorageThroughput)");
  });
});

describe("names, by RDS's CreateDBInstance rules and PostgreSQL 15's reserved words (issue 24)", () => {
  const MASTER = "    accepted: 1-63 lowercase letters, digits or underscores, starting with a letter; not a PostgreSQL reserved " +
    "word (such as user or select: rds/postgres-keywords.ts), not starting with pg_, and not a role RDS or PostgreSQL reserves " +
    "(rdsadmin, rdsrepladmin, rds_superuser, public, none)";
  const DATABASE = "    accepted: 1-63 lowercase letters, digits or underscores, starting with a letter; not a PostgreSQL reserved " +
    "word (such as select: rds/postgres-keywords.ts) and not a database every RDS instance already has (rdsadmin, template0, template1)";
  test.each(["user", "select", "table", "current_user", "pg_monitor", "none", "public", "rdsadmin", "rds_superuser"])(
    "master user %j is refused", (name) => {
      expect(errorFor({}, { CHECKPOINTS_MASTER_USERNAME: name })).toBe(
        "Invalid checkpoints configuration (1 problem); nothing was synthesized.\n" +
        `  - masterUsername = ${JSON.stringify(name)} (from environment variable CHECKPOINTS_MASTER_USERNAME)\n${MASTER}`);
    });
  test.each(["rdsadmin", "template0", "template1", "select", "user"])("database name %j is refused", (name) => {
    expect(errorFor({}, { CHECKPOINTS_DATABASE_NAME: name })).toBe(
      "Invalid checkpoints configuration (1 problem); nothing was synthesized.\n" +
      `  - databaseName = ${JSON.stringify(name)} (from environment variable CHECKPOINTS_DATABASE_NAME)\n${DATABASE}`);
  });
  test("postgres, the RDS console's default master user, is accepted; so is postgres as the database; and unreserved key words", () => {
    expect(resolveSettings({ masterUsername: "postgres", databaseName: "postgres" })).toMatchObject({
      masterUsername: "postgres", databaseName: "postgres" });
    expect(resolveSettings({ masterUsername: "admin", databaseName: "data" })).toMatchObject({ masterUsername: "admin", databaseName: "data" });
  });
});

describe("instance classes and regions are checked against rds/'s lists, with the closest name (issue 24)", () => {
  const CLASS_SOURCE = "(rds/instance-classes.ts, from the RDS User Guide, 2026-12-06; a class RDS added since: set allowUnlistedInstanceClass to true)";
  test.each([["db.foo.bar", "db.t3.large"], ["db.t4g.huge", "db.t4g.large"], ["db.m7g.larg", "db.m7g.large"]])(
    "%s is refused: did you mean %s?", (instanceClass, closest) => {
      expect(errorFor({}, { CHECKPOINTS_INSTANCE_CLASS: instanceClass })).toBe(
        "Invalid checkpoints configuration (1 problem); nothing was synthesized.\n" +
        `  - instanceClass = ${JSON.stringify(instanceClass)} (from environment variable CHECKPOINTS_INSTANCE_CLASS)\n` +
        `    accepted: a class RDS for PostgreSQL offers; did you mean ${closest}? ${CLASS_SOURCE}`);
    });

  test("CHECKPOINTS_REGION=us-east-9 is refused: did you mean us-east-1?", () => {
    expect(errorFor({}, { CHECKPOINTS_REGION: "us-east-9" })).toBe(
      "Invalid checkpoints configuration (1 problem); nothing was synthesized.\n" +
      '  - region = "us-east-9" (from environment variable CHECKPOINTS_REGION)\n' +
      "    accepted: an AWS region; did you mean us-east-1? (rds/aws-regions.ts, from the AWS SDK's partitions, 2026-12-06; " +
      "a region AWS opened since: set allowUnlistedRegion to true)");
  });

  test("a listed class and region pass; an unlisted one passes when explicitly allowed", () => {
    expect(resolveSettings({ instanceClass: "db.r7g.2xlarge", region: "eu-central-2" }).instanceClass).toBe("db.r7g.2xlarge");
    expect(resolveSettings({ instanceClass: "db.m9g.large", allowUnlistedInstanceClass: true }).instanceClass).toBe("db.m9g.large");
    expect(resolveSettings({}, { CHECKPOINTS_REGION: "us-east-9", CHECKPOINTS_ALLOW_UNLISTED_REGION: "true" }).region).toBe("us-east-9");
  });

  test("the hardware table (pricing, sizing) lists only classes the class list has", () => {
    expect([...INSTANCE_CLASSES.keys()].filter((c) => !isKnownInstanceClass(c))).toEqual([]);
  });
});
