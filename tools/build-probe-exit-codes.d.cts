// Types for build-probe-exit-codes.cjs.
import type { ExitCode } from "../cli/exit-table";
export declare const BUILD_PROBE_EXIT_TABLE: readonly ExitCode[];
