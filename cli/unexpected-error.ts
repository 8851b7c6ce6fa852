/**
 * An error no command expected, as one line: the message, and the stack only with DEBUG=1. A user who
 * gave bad input sees what is wrong, not the inside of the tool.
 */
export function describeUnexpected(error: unknown, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const message = error instanceof Error ? error.message : String(error);
  if (env.DEBUG === "1" && error instanceof Error && error.stack) return error.stack;
  return `${message.split("\n")[0]} (DEBUG=1 shows where)`;
}
