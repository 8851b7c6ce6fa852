import { DOCUMENT_DEFAULTS } from "../../config/database-settings";
import { resolveSettings, SettingsError } from "../../config/load-settings";
import { SETTINGS_FIELDS } from "../../config/settings-fields";

/** The message a user sees for the given configuration, or a failure if it was accepted. */
function errorFor(context: unknown, env: Record<string, string> = {}): string {
  try {
    resolveSettings(context, env);
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
    expect(SETTINGS_FIELDS.map((f) => f.name).sort()).toEqual(Object.keys(DOCUMENT_DEFAULTS).sort());
    for (const field of SETTINGS_FIELDS) expect(field.envVar).toMatch(/^CHECKPOINTS_[A-Z_]+$/);
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

  test("an empty environment variable counts as unset", () => {
    expect(resolveSettings({}, { CHECKPOINTS_REGION: "" }).region).toBe("us-east-1");
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

  test("max storage below allocated storage", () => {
    expect(errorFor({ allocatedStorageGb: 100, maxAllocatedStorageGb: 50 })).toBe(
      "Invalid checkpoints configuration (1 problem); nothing was synthesized.\n" +
      "  - maxAllocatedStorageGb = 50 (below allocatedStorageGb = 100) " +
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
    expect(errorFor({ masterUsername: "postgres" })).toContain("masterUsername = \"postgres\"");
  });

  test("an unknown field is named, its value is not echoed (it may be a pasted secret)", () => {
    const message = errorFor({ password: "hunter2-not-for-logs" });
    expect(message).toContain("  - password (from cdktf.json context.checkpoints.password)\n" +
      "    accepted: not a settings field; known fields: region, environment, identifier,");
    expect(message).not.toContain("hunter2-not-for-logs");
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
