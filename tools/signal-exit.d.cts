// Types for signal-exit.cjs.
import type { ExitCode } from "../cli/exit-table";
/** The row every tool shares for Ctrl-C (130); the same as cli/exit-table.ts STOPPED_BY_SIGNAL. */
export declare const STOPPED_BY_SIGNAL: ExitCode;
/** A script's "Exit codes:" section: its rows, then the signal row. */
export declare function exitCodesSection(rows: readonly ExitCode[]): string;
