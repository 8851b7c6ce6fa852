/** One exit code of a tool and what it means: the row --help, the README and docs/ render. */
export interface ExitCode {
  readonly code: number;
  readonly meaning: string;
}

/** A tool's named exit codes as one array in code order: each exit-codes.ts exports this as EXIT_TABLE. */
export function exitTable(codes: Readonly<Record<string, ExitCode>>): readonly ExitCode[] {
  return Object.values(codes).map(({ code, meaning }) => ({ code, meaning })).sort((a, b) => a.code - b.code);
}
