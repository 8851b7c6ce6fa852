import { App } from "cdktf";
import { CONTEXT_KEY, resolveSettings, SettingsError } from "./config/load-settings";
import { CheckpointsDbStack, PRODUCTION_STACK_NAME } from "./stacks/checkpoints-db-stack";

/** Composes the app: settings from cdktf.json context and CHECKPOINTS_* variables, then the stacks. */
export function buildApp(app: App = new App(), env: NodeJS.ProcessEnv = process.env): App {
  const settings = resolveSettings(app.node.tryGetContext(CONTEXT_KEY), env);
  new CheckpointsDbStack(app, PRODUCTION_STACK_NAME, { settings });
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
