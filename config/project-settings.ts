import * as fs from "node:fs";
import { AppSettings, EnvironmentStack } from "./database-settings";
import { CONTEXT_KEY, resolveAppSettings } from "./load-settings";

/** cdktf.json is missing or not JSON: the tools that read it (secret:create) say so and stop. */
export class ProjectFileError extends Error {
  readonly code = "CHECKPOINTS_PROJECT_FILE";
  constructor(message: string) {
    super(message);
    this.name = "ProjectFileError";
  }
}

/**
 * The app's settings as synth reads them: cdktf.json's context.checkpoints, then CHECKPOINTS_* variables,
 * with the same rules. Tools other than synth use this so that every tool sees the same settings.
 * Throws ProjectFileError, or SettingsError naming every problem.
 */
export function loadProjectSettings(file: string, env: Readonly<Record<string, string | undefined>>): AppSettings {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new ProjectFileError(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); ` +
      "run the command from the project's directory");
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ProjectFileError(`${file}: invalid JSON (${(error as Error).message.split("\n")[0]})`);
  }
  const context = (json as { context?: Record<string, unknown> } | null)?.context?.[CONTEXT_KEY];
  return resolveAppSettings(context, env);
}

/** The environment whose stack has this name, if the settings define one. */
export function findStack(settings: AppSettings, stackName: string): EnvironmentStack | undefined {
  return settings.environments.find((e) => e.stackName === stackName);
}
