import { inspect } from "node:util";

/**
 * The AWS SDK warns that it will soon need a newer Node (NodeVersionSupportWarning): eight lines before every
 * AWS tool's own output on Node 20, and again for each load of @aws-sdk/core (jest gives every test file its own
 * module registry). The SDK's own switch (AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED, read by
 * @aws-sdk/core's emitWarningIfUnsupportedVersion when a client is made) turns it off, and the first client
 * made in a process says it in one line instead. The mark lives on a function of a core module, an object every
 * module registry of a process shares.
 */
const SHOWN = Symbol.for("checkpoints.awsSdkNodeVersionWarningShown");

/** The Node major the SDK asks for (@aws-sdk/core 3.981: versions after the first week of January 2027). */
export const SDK_NEXT_NODE_MAJOR = 22;

/** Loaded with the SDK (aws/aws-errors.ts): the SDK never prints its own eight lines. */
export function sdkNodeWarningAtMostOncePerProcess(env: NodeJS.ProcessEnv = process.env): void {
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
}

/** When a client is made (aws/client-config.ts): one line, once a process, on a Node the SDK will leave behind. */
export function noteSdkNodeVersionOnce(stderr: { write(text: string): unknown } = process.stderr, nodeVersion = process.version): void {
  const shared = inspect as unknown as Record<symbol, boolean>;
  if (shared[SHOWN] || Number(nodeVersion.slice(1).split(".")[0]) >= SDK_NEXT_NODE_MAJOR) return;
  Object.defineProperty(shared, SHOWN, { value: true });
  stderr.write(`note: AWS SDK releases after January 2027 need Node ${SDK_NEXT_NODE_MAJOR}+ (this is ${nodeVersion}); ` +
    "this project pins its SDK, so it keeps working: https://a.co/c895JFp\n");
}
