/** Where a command-line tool writes: stdout for results, stderr for progress and diagnostics. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/** A tool's exit-code table as --help shows it, one "  CODE  meaning" line each. */
export function exitCodeLines(table: Iterable<{ readonly code: number; readonly meaning: string }>): string {
  return [...table].map((e) => `  ${String(e.code).padStart(3)}  ${e.meaning}`).join("\n");
}
