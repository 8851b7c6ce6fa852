/** A bad URL, flag, variable or file: exit 2, with a message naming the setting and the fix. */
export class UsageError extends Error {
  readonly code = "PROBE_USAGE";
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
