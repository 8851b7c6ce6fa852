// Types for synth-exit-codes.cjs, so TypeScript readers import it instead of an untyped require.
import type { ExitCode } from "../cli/exit-table";
/** `npm run synth`'s named exit codes. */
export declare const SYNTH_EXIT: Readonly<Record<"ok" | "appFailed" | "usage" | "stopped", ExitCode>>;
/** The same codes as one array in code order: what --help and docs/ render. */
export declare const EXIT_TABLE: readonly ExitCode[];
