import * as fs from "node:fs";
import * as path from "node:path";
import { spawn } from "node:child_process";
import { CLOSED_OUTPUT_EXIT } from "../../cli/closed-output.cjs";
import { readerlessPipe } from "../support/readerless-pipe";
import { scriptSpawnArgs, scripts } from "../support/script-runs";
import { synthesizedPlanDir } from "../support/synth-plan";

/**
 * A reader that stops early (`| head -3`, `| true`) ends every tool quietly with 141, as cat does (killed
 * by SIGPIPE, which a shell reports as 141): no "unexpected error: write EPIPE", no stack, and never a code
 * that the tool's table gives a verdict (review's 1 is "the gate fails").
 */
// Every script this project wrote (tsc and jest are not ours).
const OWN = Object.keys(scripts).filter((name) => /^node (tools\/run-ts\.cjs )?\S+\.(ts|cjs)( [a-z]+)?$/.test(scripts[name]));

interface Run { readonly status: number | null; readonly signal: NodeJS.Signals | null; readonly stderr: string }

/** Runs a script's command (as npm would, through sh) with its stdout closed before it writes a byte. */
function withStdoutClosed(name: string, args: readonly string[]): Promise<Run> {
  const { command, args: words, options } = scriptSpawnArgs(name, args);
  return new Promise((resolve) => {
    // The reader is gone before the child starts: its first write to stdout fails with EPIPE.
    const stdout = readerlessPipe();
    const child = spawn(command, words, { ...options, stdio: ["pipe", stdout, "pipe"] });
    fs.closeSync(stdout);
    let stderr = "";
    child.stderr!.on("data", (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill("SIGKILL"), 30000);
    child.on("close", (status, signal) => { clearTimeout(timer); resolve({ status, signal, stderr }); });
  });
}

test("141 is 128 + SIGPIPE, what a shell reports for cat whose reader went away", () => {
  expect(CLOSED_OUTPUT_EXIT).toBe(128 + 13);
});

test("the list covers every script this project wrote, synth included", () => {
  expect(OWN).toEqual(expect.arrayContaining(["synth", "review", "cost", "review:change", "probe", "build:probe", "docs"]));
});

// --help writes its usage to stdout and nothing else: the smallest run of each tool that writes a result.
test.concurrent.each(OWN)("npm run %s -- --help | true: exit 141, nothing on stderr", async (name) => {
  const run = await withStdoutClosed(name, ["--help"]);
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: CLOSED_OUTPUT_EXIT, stderr: "" });
});

describe("a verdict's output closed early ends with 141, not the verdict", () => {
  // Made by the first case that needs it: concurrent cases start before any beforeAll.
  let made: string | undefined;
  // The repository's own app (both stacks), so the committed suppressions name only stacks of its manifest.
  const repoContext = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "cdktf.json"), "utf8")).context.checkpoints;
  const planDir = () => (made ??= synthesizedPlanDir(repoContext));
  afterAll(() => { if (made) fs.rmSync(made, { recursive: true, force: true }); });

  test.concurrent.each([
    ["review", () => ["--format", "json", planDir()]],
    ["cost", () => ["--plan-dir", planDir(), "--format", "json"]],
    ["review:change", () => ["--base-dir", planDir(), planDir(), "--format", "json"]],
  ] as const)("npm run %s | head -3", async (name, args) => {
    const run = await withStdoutClosed(name, args());
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: CLOSED_OUTPUT_EXIT, stderr: "" });
  });
});
