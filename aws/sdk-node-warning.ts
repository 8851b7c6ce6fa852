import { inspect } from "node:util";

/**
 * The AWS SDK warns that it will soon need a newer Node (NodeVersionSupportWarning) once per load of
 * @aws-sdk/core; a process that loads it more than once (jest gives every test file its own module
 * registry) repeats it. Until Node or the SDK says it once per process, we do: the first load in a
 * process warns, every later one is told the warning was shown. The mark lives on a function of a core
 * module, an object every module registry of a process shares.
 */
const SHOWN = Symbol.for("checkpoints.awsSdkNodeVersionWarningShown");

export function sdkNodeWarningAtMostOncePerProcess(env: NodeJS.ProcessEnv = process.env): void {
  const shared = inspect as unknown as Record<symbol, boolean>;
  if (shared[SHOWN]) env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  else Object.defineProperty(shared, SHOWN, { value: true });
}
