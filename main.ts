import { App } from "cdktf";
import { CONTEXT_KEY, resolveAppSettings, SettingsError } from "./config/load-settings";
import { CheckpointsDbStack } from "./stacks/checkpoints-db-stack";

/**
 * Composes the app: settings from cdktf.json context and CHECKPOINTS_* variables, then one stack per
 * environment (production is "checkpoints-db"), each with its own state.
 */
export function buildApp(app: App = new App(), env: NodeJS.ProcessEnv = process.env): App {
  const { environments, stateBackend } = resolveAppSettings(app.node.tryGetContext(CONTEXT_KEY), env);
  for (const { stackName, settings } of environments) {
    new CheckpointsDbStack(app, stackName, { settings, stateBackend });
  }
  return app;
}

// Guarded so tests can import buildApp without synthesizing into cdktf.out.
if (require.main === module) {
  try {
    buildApp().synth();
  } catch (error) {
    if (error instanceof SettingsError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}
