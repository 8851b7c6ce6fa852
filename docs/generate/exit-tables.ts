import * as changeReviewExit from "../../change-review/exit-codes";
import * as costExit from "../../cost/exit-codes";
import * as deployExit from "../../deploy/exit-codes";
import * as preflightExit from "../../preflight/exit-codes";
import * as probeExit from "../../probe/exit-codes";
import * as networkExit from "../../rehearsal/exit-codes";
import * as reviewExit from "../../review/exit-codes";
import * as secretExit from "../../secrets/exit-codes";
import * as verifyExit from "../../verify/exit-codes";
import * as synthExit from "../../tools/synth-exit-codes.cjs";
import { BUILD_PROBE_EXIT_TABLE } from "../../tools/build-probe-exit-codes.cjs";
import { BENCH_EXIT_TABLE } from "../../bench/lib/bench-exit-codes.cjs";
import { DOCS_EXIT_TABLE } from "./docs-exit-codes";
import { withSignalRow } from "../../cli/exit-table";

export interface ExitEntry {
  readonly code: number;
  readonly meaning: string;
}

/** One command-line tool and the module that holds its exit table. */
export interface ToolExitTable {
  /** The npm scripts that run it. */
  readonly scripts: readonly string[];
  /** Where the table lives, relative to the repository root. */
  readonly source: string;
  /** The export that holds it, when the module holds another tool's table too. */
  readonly exportName?: string;
  readonly entries: readonly ExitEntry[];
}

const isEntry = (value: unknown): value is ExitEntry =>
  typeof value === "object" && value !== null &&
  typeof (value as ExitEntry).code === "number" && typeof (value as ExitEntry).meaning === "string";

const isTableArray = (value: unknown): value is unknown[] => Array.isArray(value) && value.length > 0 && value.every(isEntry);

const isTableRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) &&
  Object.values(value).length > 0 && Object.values(value).every(isEntry);

/**
 * The one exit table an exit-codes module exports, in code order. The modules differ in shape (an
 * EXIT_TABLE array, another array of entries, a record of them), so this reads whichever it finds:
 * EXIT_TABLE first, then an array, then a record. The same table exported under two names counts once.
 */
export function exitTableOf(module: Readonly<Record<string, unknown>>, source: string): ExitEntry[] {
  const exported = isTableArray(module.EXIT_TABLE) ? [module.EXIT_TABLE] : Object.values(module);
  const arrays = exported.filter(isTableArray);
  const found = arrays.length > 0 ? arrays : exported.filter(isTableRecord).map((record) => Object.values(record));
  const rows = (table: unknown[]) => JSON.stringify((table as ExitEntry[]).map(({ code, meaning }) => [code, meaning]));
  const candidates = found.filter((table, i) => found.findIndex((other) => rows(other) === rows(table)) === i);
  if (candidates.length !== 1) {
    throw new Error(`${source}: expected exactly one exported exit table ({code, meaning} entries), found ${candidates.length}`);
  }
  const entries = (candidates[0] as ExitEntry[]).map(({ code, meaning }) => ({ code, meaning })).sort((a, b) => a.code - b.code);
  const codes = entries.map((e) => e.code);
  const repeated = codes.find((code, i) => codes.indexOf(code) !== i);
  if (repeated !== undefined) throw new Error(`${source}: exit code ${repeated} has two meanings`);
  return entries;
}

const tool = (scripts: string[], source: string, module: Readonly<Record<string, unknown>>, exportName?: string): ToolExitTable =>
  ({ scripts, source, exportName, entries: exitTableOf(exportName ? { [exportName]: module[exportName] } : module, source) });

/** Every tool with an exit table, in the order an operator meets them. */
export function toolExitTables(): ToolExitTable[] {
  return [
    tool(["synth"], "tools/synth-exit-codes.cjs", synthExit),
    tool(["review"], "review/exit-codes.ts", reviewExit),
    tool(["review:change"], "change-review/exit-codes.ts", changeReviewExit),
    tool(["cost"], "cost/exit-codes.ts", costExit),
    tool(["secret:create"], "secrets/exit-codes.ts", secretExit),
    tool(["preflight"], "preflight/exit-codes.ts", preflightExit),
    tool(["deploy", "diff"], "deploy/exit-codes.ts", deployExit),
    tool(["verify"], "verify/exit-codes.ts", verifyExit),
    tool(["probe"], "probe/exit-codes.ts", probeExit),
    tool(["rehearse"], "rehearsal/exit-codes.ts", networkExit, "REHEARSE_EXIT_TABLE"),
    tool(["rehearse:network"], "rehearsal/exit-codes.ts", networkExit),
    tool(["build:probe"], "tools/build-probe.cjs", { EXIT_TABLE: withSignalRow(BUILD_PROBE_EXIT_TABLE) }),
    tool(["docs"], "docs/generate/docs-exit-codes.ts", { EXIT_TABLE: withSignalRow(DOCS_EXIT_TABLE) }),
    tool(["bench"], "bench/lib/bench-exit-codes.cjs", { EXIT_TABLE: withSignalRow(BENCH_EXIT_TABLE) }),
  ];
}
