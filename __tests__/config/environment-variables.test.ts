import { resolveAppSettings, SettingsError } from "../../config/load-settings";
import { SETTINGS_FIELDS } from "../../config/settings-fields";

/** The message a user sees, or a failure if the configuration was accepted. */
function errorFor(context: unknown, env: Record<string, string> = {}): string {
  try {
    resolveAppSettings(context, env);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return (error as SettingsError).message;
  }
  throw new Error("configuration was accepted");
}

const TWO = { environments: { production: {}, staging: { instanceClass: "db.t4g.micro" } } };

describe("a CHECKPOINTS_* variable that names no field is an error, with the closest valid name", () => {
  test.each([
    ["CHECKPOINTS_INSTANCECLASS", "CHECKPOINTS_INSTANCE_CLASS"],
    ["CHECKPOINTS_MULTIAZ", "CHECKPOINTS_MULTI_AZ"],
    ["CHECKPOINTS_STAGIN_MULTI_AZ", "CHECKPOINTS_STAGING_MULTI_AZ"],
    ["CHECKPOINTS_STATE_BUCKT", "CHECKPOINTS_STATE_BUCKET"],
    ["CHECKPOINTS_PRODUCTION_REGON", "CHECKPOINTS_PRODUCTION_REGION"],
  ])("%s (did you mean %s?)", (variable, closest) => {
    const message = errorFor(TWO, { [variable]: "x" });
    expect(message).toContain(`  - ${variable} (from environment variable ${variable})\n` +
      `    accepted: not a checkpoints variable; did you mean ${closest}?`);
  });

  test("a variable for an environment the configuration does not define", () => {
    expect(errorFor(TWO, { CHECKPOINTS_QA_MULTI_AZ: "false" })).toContain("  - CHECKPOINTS_QA_MULTI_AZ (from environment variable");
  });

  test("variables that do not start with CHECKPOINTS_ are not ours and are ignored", () => {
    expect(() => resolveAppSettings(TWO, { CHECKPOINT_DISABLE: "1", PATH: "/usr/bin", CHECKPOINTSX: "1" })).not.toThrow();
  });
});

describe("the identifier is overridden per environment only", () => {
  test("CHECKPOINTS_IDENTIFIER is an error that says which variable to use", () => {
    expect(errorFor(TWO, { CHECKPOINTS_IDENTIFIER: "mydb" })).toBe(
      "Invalid checkpoints configuration (1 problem); nothing was synthesized.\n" +
      '  - identifier = "mydb" (from environment variable CHECKPOINTS_IDENTIFIER)\n' +
      "    accepted: an identifier names one instance, so it is set per environment: " +
      "CHECKPOINTS_<ENV>_IDENTIFIER, for example CHECKPOINTS_PRODUCTION_IDENTIFIER");
  });

  test("CHECKPOINTS_PRODUCTION_IDENTIFIER renames production only", () => {
    const app = resolveAppSettings(TWO, { CHECKPOINTS_PRODUCTION_IDENTIFIER: "mydb" });
    expect(app.environments.map((e) => e.settings.identifier)).toEqual(["mydb", "checkpoints-db-staging"]);
  });

  test("two environments with one identifier: each value is named with its own source", () => {
    expect(errorFor(TWO, { CHECKPOINTS_STAGING_IDENTIFIER: "checkpoints-db" })).toContain(
      '  - identifier = "checkpoints-db" (from the default for production and environment variable CHECKPOINTS_STAGING_IDENTIFIER)\n' +
      "    accepted: a different RDS identifier in every environment");
  });
});

describe("an empty variable is an error, as an empty string in cdktf.json is", () => {
  test.each(["CHECKPOINTS_REGION", "CHECKPOINTS_STAGING_MULTI_AZ", "CHECKPOINTS_STATE_BUCKET"])("%s=\"\"", (variable) => {
    expect(errorFor(TWO, { [variable]: "" })).toMatch(new RegExp(`= "" \\(from environment variable ${variable}\\)\\n` +
      "    accepted: .*; unset the variable to use cdktf.json or the default"));
  });
});

describe("the variable grammar is unambiguous: CHECKPOINTS_<ENV>_<FIELD> never reads as another variable", () => {
  const suffixes = [...SETTINGS_FIELDS.map((f) => f.envVar.replace(/^CHECKPOINTS_(<ENV>_)?/, "")),
    "STATE_BUCKET", "STATE_REGION", "STATE_KEY_PREFIX", "STATE_KMS_KEY_ID"];
  // Every environment name made of a field variable's leading words: "max" (MAX_ALLOCATED_STORAGE_GB), "state"...
  const prefixes = [...new Set(suffixes.flatMap((s) => {
    const words = s.split("_");
    return words.slice(1).map((_, i) => words.slice(0, i + 1).join("-").toLowerCase());
  }))];

  test.each(prefixes)("an environment named %j is refused, naming the variable it would capture", (name) => {
    const message = errorFor({ environments: { production: {}, [name]: {} } });
    expect(message).toContain(`  - environments = ${JSON.stringify(name)} (from cdktf.json context.checkpoints.environments.${name})`);
    expect(message).toMatch(new RegExp("accepted: an environment name that is not the first words of a field's variable, " +
      `so CHECKPOINTS_<ENV>_<FIELD> reads one way only \\(CHECKPOINTS_${name.toUpperCase().replace(/-/g, "_")}_[A-Z_]+ is a variable\\)`));
  });

  test("environments whose names prefix each other cannot claim one variable (foo and foo-max)", () => {
    expect(errorFor({ environments: { foo: {}, "foo-max": {} } })).toContain(
      "CHECKPOINTS_FOO_MAX_ALLOCATED_STORAGE_GB would mean both foo's maxAllocatedStorageGb and foo-max's allocatedStorageGb");
  });

  // Every field against every environment name: each variable reaches exactly its own field of its own environment.
  const environments = ["production", "staging", "qa-eu", "eu", "a", "db", "backup-x"];
  test.each(SETTINGS_FIELDS.map((f) => [f.name, f]))("%s: every environment's variable sets that environment only", (_name, field) => {
    const context = { environments: Object.fromEntries(environments.map((e) => [e, {}])) };
    const suffix = field.envVar.replace(/^CHECKPOINTS_(<ENV>_)?/, "");
    for (const environment of environments) {
      const variable = `CHECKPOINTS_${environment.toUpperCase().replace(/-/g, "_")}_${suffix}`;
      try {
        resolveAppSettings(context, { [variable]: "!invalid!" });
        throw new Error(`${variable} was accepted`);
      } catch (error) {
        const problems = (error as SettingsError).problems;
        expect(problems).toEqual([expect.objectContaining({ field: field.name, source: `environment variable ${variable}` })]);
      }
    }
  });
});
