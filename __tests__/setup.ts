// Runs before every test file, so it loads nothing: cdktf alone costs about 0.2 s a file. The one file
// that uses cdktf's jest matchers sets them up itself (stacks/checkpoints-db-stack.test.ts).

// No AWS SDK client in a test may probe the instance-metadata address for credentials.
process.env.AWS_EC2_METADATA_DISABLED = "true";

// cdktf records a stack trace for every token it makes, to quote in its own errors: it captures onto a
// plain object (Error.captureStackTrace({ stack: "" })) and reads it at once. Under jest that trace is
// source-mapped, which parses the inline source maps of cdktf's files and maps every frame: about a
// fifth of the unit tests' CPU. Such a capture gets V8's plain format; the stack of anything that is an
// Error (a failing test's included) is still mapped to our TypeScript.
const mapStack = Error.prepareStackTrace;
if (mapStack) {
  Error.prepareStackTrace = (error, frames) =>
    Object.prototype.toString.call(error) === "[object Error]"
      ? mapStack(error, frames)
      : [String(error), ...frames.map((frame) => `    at ${frame}`)].join("\n");
}
