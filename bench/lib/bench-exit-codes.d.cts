// Types for bench-exit-codes.cjs.
import type { ExitCode } from "../../cli/exit-table";
export declare const BENCH_EXIT_TABLE: readonly ExitCode[];
