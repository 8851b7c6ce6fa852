// Types for synth-exit-codes.cjs, so TypeScript readers import it instead of an untyped require.
import type { ExitCode } from "../cli/exit-table";
/** `npm run synth`'s named exit codes. */
export declare const SYNTH_EXIT: Readonly<Record<"ok" | "appFailed" | "usage", ExitCode>>;
/** The same codes as one array in code order: what --help and docs/ render. */
export declare const EXIT_TABLE: readonly ExitCode[];
/** A run stopped by signal N exits 128+N: a note beside the table, not a row. */
export declare const SIGNAL_NOTE: string;
