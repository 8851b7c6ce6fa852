import * as fs from "node:fs";
import * as path from "node:path";
import { AppSettings, DatabaseSettings, PRODUCTION } from "./database-settings";
import { CONTEXT_KEY, resolveAppSettings, SettingsError } from "./load-settings";

/** The app's cdktf.json, whose context section holds the settings. */
export const CDKTF_JSON = path.join(__dirname, "..", "cdktf.json");

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The settings the app synthesizes with, for tools that run outside the app (secret:create): cdktf.json's
 * context section under the CHECKPOINTS_* variables, resolved by the one resolver. Throws SettingsError.
 */
export function readAppSettings(env: Environment, file: string = CDKTF_JSON): AppSettings {
  let context: unknown;
  try {
    const cdktf = JSON.parse(fs.readFileSync(file, "utf8")) as { context?: Record<string, unknown> };
    context = cdktf.context?.[CONTEXT_KEY];
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? "not valid JSON";
    throw new SettingsError([{ field: CONTEXT_KEY, source: file, accepted: `a readable cdktf.json (${reason})` }]);
  }
  return resolveAppSettings(context, env);
}

/** One environment's settings from the app's configuration (production unless named). */
export function readEnvironmentSettings(env: Environment, environment: string = PRODUCTION, file: string = CDKTF_JSON): DatabaseSettings {
  const found = readAppSettings(env, file).environments.find((e) => e.settings.environment === environment);
  if (!found) {
    throw new SettingsError([{ field: "environments", source: `${file} context.${CONTEXT_KEY}.environments`,
      found: JSON.stringify(environment), accepted: "an environment the configuration defines" }]);
  }
  return found.settings;
}
