/** One exit code of a tool and what it means: the row --help, the README and docs/ render. */
export interface ExitCode {
  readonly code: number;
  readonly meaning: string;
}

/**
 * Every tool's last row: Ctrl-C stops it, and the shell (npm too) reports a process ended by signal N as 128 + N,
 * 130 for SIGINT. A tool with its own 130 row (the rehearsals clean up first) keeps its own.
 */
export const STOPPED_BY_SIGNAL: ExitCode = {
  code: 130, meaning: "stopped by a signal: Ctrl-C (SIGINT) gives 130, as the shell reports 128 + the signal's number; no verdict",
};

/** The rows, with STOPPED_BY_SIGNAL added unless they have a 130 of their own. */
export function withSignalRow<T extends ExitCode>(rows: readonly T[]): readonly ExitCode[] {
  return rows.some((r) => r.code === STOPPED_BY_SIGNAL.code) ? rows : [...rows, STOPPED_BY_SIGNAL];
}

/** A tool's named exit codes as one array in code order: each exit-codes.ts exports this as EXIT_TABLE. */
export function exitTable(codes: Readonly<Record<string, ExitCode>>): readonly ExitCode[] {
  return withSignalRow(Object.values(codes).map(({ code, meaning }) => ({ code, meaning }))).slice().sort((a, b) => a.code - b.code);
}
