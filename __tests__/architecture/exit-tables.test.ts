import { exitCodeLines } from "../../cli/io";
import { ExitCode } from "../../cli/exit-table";
import * as changeReview from "../../change-review/exit-codes";
import { CHANGE_REVIEW_HELP } from "../../change-review/cli";
import * as cost from "../../cost/exit-codes";
import { COST_HELP } from "../../cost/cli";
import * as deploy from "../../deploy/exit-codes";
import { DEPLOY_HELP } from "../../deploy/cli";
import * as preflight from "../../preflight/exit-codes";
import { PREFLIGHT_HELP } from "../../preflight/cli";
import * as probe from "../../probe/exit-codes";
import { HELP as PROBE_HELP } from "../../probe/cli";
import * as rehearsal from "../../rehearsal/exit-codes";
import { NETWORK_HELP } from "../../rehearsal/rehearse-network";
import * as review from "../../review/exit-codes";
import { REVIEW_HELP } from "../../review/cli";
import * as secrets from "../../secrets/exit-codes";
import { SECRET_HELP } from "../../secrets/cli";
import * as verify from "../../verify/exit-codes";
import { VERIFY_HELP } from "../../verify/cli";
import * as synth from "../../tools/synth-exit-codes.cjs";
import { STOPPED_BY_SIGNAL } from "../../cli/exit-table";
import { STOPPED_BY_SIGNAL as SCRIPT_STOPPED_BY_SIGNAL } from "../../tools/signal-exit.cjs";
import { BUILD_PROBE_EXIT_TABLE } from "../../tools/build-probe-exit-codes.cjs";
import { BENCH_EXIT_TABLE } from "../../bench/lib/bench-exit-codes.cjs";
import { DOCS_EXIT_TABLE } from "../../docs/generate/docs-exit-codes";
import { scriptRunOnce } from "../support/script-runs";

/**
 * The --help of a script whose text is not importable here, as `npm run NAME -- --help` prints it: the run
 * tools/every-script.test.ts checks (support/script-runs.ts), made once in a test run.
 */
const scriptHelp = (name: string) => async () => (await scriptRunOnce(name, ["--help"])).stdout;

/**
 * Issue 16: every tool has one exit table (its exit-codes module's EXIT_TABLE: { code, meaning } rows in code
 * order), and its --help shows exactly that table: no code written beside it.
 */
const TOOLS: Array<[string, readonly ExitCode[], () => string | Promise<string>]> = [
  ["review:change", changeReview.EXIT_TABLE, () => CHANGE_REVIEW_HELP],
  ["cost", cost.EXIT_TABLE, () => COST_HELP],
  ["deploy / diff", deploy.EXIT_TABLE, () => DEPLOY_HELP],
  ["preflight", preflight.EXIT_TABLE, () => PREFLIGHT_HELP],
  ["probe", probe.EXIT_TABLE, () => PROBE_HELP],
  ["rehearse:network", rehearsal.EXIT_TABLE, () => NETWORK_HELP],
  ["review", review.EXIT_TABLE, () => REVIEW_HELP],
  ["secret:create", secrets.EXIT_TABLE, () => SECRET_HELP],
  ["verify", verify.EXIT_TABLE, () => VERIFY_HELP],
  ["synth", synth.EXIT_TABLE, scriptHelp("synth")],
  ["rehearse", rehearsal.REHEARSE_EXIT_TABLE, scriptHelp("rehearse")],
  // The scripts (issue 24): their --help lists exit codes too, the signal row last.
  ["build:probe", [...BUILD_PROBE_EXIT_TABLE, STOPPED_BY_SIGNAL], scriptHelp("build:probe")],
  ["docs", [...DOCS_EXIT_TABLE, STOPPED_BY_SIGNAL], scriptHelp("docs")],
  ["bench", [...BENCH_EXIT_TABLE, STOPPED_BY_SIGNAL], scriptHelp("bench")],
];

test.each(TOOLS)("%s: Ctrl-C's 130 is in its table (issue 24)", (_tool, table) => {
  expect(table.find((row) => row.code === 130)?.meaning).toMatch(/signal|interrupted|SIGINT/);
});

test("the plain-node scripts' signal row is the TypeScript tools' row", () => {
  expect(SCRIPT_STOPPED_BY_SIGNAL).toEqual(STOPPED_BY_SIGNAL);
});

test("build:probe --help names the Node the bundle targets, as docs/probe.md and package.json engines do: 20 or later", async () => {
  const help = await scriptHelp("build:probe")();
  expect(help).toContain("runs with plain node 20 or later");
  expect(help).not.toMatch(/node 18/i);
});

/** The "  N  meaning" lines of a help text's exit-code section. */
function helpExitLines(help: string): string[] {
  const lines = help.split("\n");
  const start = lines.findIndex((l) => /^exit codes/i.test(l));
  if (start < 0) return [];
  const section: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === "") break;
    if (/^\s+\d+\s\s/.test(line)) section.push(line);
  }
  return section;
}

test.each(TOOLS)("%s: one exit table of { code, meaning } rows, unique codes in order", (_tool, table) => {
  expect(table.length).toBeGreaterThan(1);
  for (const row of table) {
    expect(Number.isInteger(row.code) && row.code >= 0 && row.code <= 255).toBe(true);
    expect(typeof row.meaning === "string" && row.meaning.length > 0).toBe(true);
  }
  const codes = table.map((r) => r.code);
  expect(codes).toEqual([...new Set(codes)].sort((a, b) => a - b));
});

test.each(TOOLS)("%s: --help shows exactly its exit table", async (_tool, table, help) => {
  expect(helpExitLines(await help())).toEqual(exitCodeLines(table).split("\n"));
});

test("the named codes stay available under their old names", () => {
  expect(review.REVIEW_EXIT.failed).toBe(1);
  expect(review.REVIEW_EXIT_TABLE).toBe(review.EXIT_TABLE);
  expect(verify.VERIFY_EXIT.error.code).toBe(1);
  expect(probe.EXIT.timeout.code).toBe(5);
  expect(rehearsal.NETWORK_EXIT.prerequisites.code).toBe(3);
});
