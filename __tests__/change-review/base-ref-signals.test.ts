// Issue 21: a signal during `--base REF` (Ctrl-C while the base synthesizes) removes the temporary worktree from
// the user's repository and exits 130; a run killed outright (kill -9) leaves a state file, and the next run
// removes what it left (change-review/review-run.ts, on cli/run-record.ts as the rehearsals use it). A real git
// repository, the real command in a child process, real signals.
import { ChildProcess, execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { identify, stillRunning } from "../../cli/run-record";
import { reviewRunDirectory } from "../../change-review/review-run";
import { productionPlan, reviewChangeAsync, scratch } from "./change-review-harness";
import { withNpmStandIn } from "../support/npm-stand-in";

const { dir, write } = scratch("signals");
const repo = path.join(dir, "repo");
const noAcks = write("acks.json", JSON.stringify({ acknowledgements: [] }));
const CLI = path.resolve(__dirname, "..", "..", "change-review", "cli.ts");
const RUN_TS = path.resolve(__dirname, "..", "..", "tools", "run-ts.cjs");
const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", ...args],
  { cwd: repo, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();

// With SYNTH_BLOCK set, synth says where it runs (its pid) and then waits: the review is mid-synth for the test.
const SYNTH_JS = `const fs = require("fs"), path = require("path");
const out = process.argv[process.argv.indexOf("--output") + 1];
if (process.env.SYNTH_BLOCK) { fs.writeFileSync(process.env.SYNTH_BLOCK, String(process.pid)); setTimeout(() => {}, 120000); return; }
fs.mkdirSync(path.join(out, "stacks", "checkpoints-db"), { recursive: true });
fs.copyFileSync("plan.json", path.join(out, "stacks", "checkpoints-db", "cdk.tf.json"));
`;

beforeAll(() => {
  fs.mkdirSync(repo, { recursive: true });
  fs.writeFileSync(path.join(repo, "package.json"), JSON.stringify({ name: "demo", private: true, scripts: { synth: "node synth.js" } }));
  fs.writeFileSync(path.join(repo, "synth.js"), `(() => {${SYNTH_JS}})();\n`);
  fs.writeFileSync(path.join(repo, "plan.json"), JSON.stringify(productionPlan()));
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-q", "-m", "production plan");
});

const worktrees = () => git("worktree", "list", "--porcelain").split("\n").filter((l) => l.startsWith("worktree ")).map((l) => l.slice(9));

async function until<T>(what: string, probe: () => T | undefined, ms = 30000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `review:change --base main` in a child process with its own TMPDIR, stopped while the base synthesizes. */
async function startBlocked(name: string): Promise<{ child: ChildProcess; tmp: string; synthPid: number; exit: Promise<{ code: number | null; stderr: string }> }> {
  const tmp = fs.mkdtempSync(path.join(dir, `${name}-tmp-`));
  const marker = path.join(dir, `${name}.synth-pid`);
  const child = spawn(process.execPath, [RUN_TS, CLI, "--base", "main", "--acknowledgements", noAcks],
    { cwd: repo, env: { ...process.env, TMPDIR: tmp, SYNTH_BLOCK: marker }, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d) => { stderr += d; });
  const exit = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on("close", (code) => resolve({ code, stderr })));
  const synthPid = await until("the base's synth to start", () => (fs.existsSync(marker) && fs.readFileSync(marker, "utf8") ? Number(fs.readFileSync(marker, "utf8")) : undefined));
  expect(worktrees()).toHaveLength(2); // the base's worktree is registered in the user's repository now
  return { child, tmp, synthPid, exit };
}

test.each(["SIGINT", "SIGTERM", "SIGHUP"] as const)("%s during --base: exit 130, the worktree is unregistered, the synth stopped, nothing left in TMPDIR", async (signal) => {
  const { child, tmp, synthPid, exit } = await startBlocked(signal);
  const synth = identify(synthPid)!;
  child.kill(signal);
  const { code, stderr } = await exit;
  expect(code).toBe(130);
  expect(stderr).toBe(`review:change: ${signal}: stopping; removing the temporary worktree and folders\n`);
  expect(worktrees()).toEqual([fs.realpathSync(repo)]);
  expect(stillRunning(synth)).toBe(false);
  expect(fs.readdirSync(tmp).filter((f) => f.startsWith("change-review-"))).toEqual([]);
  expect(fs.readdirSync(reviewRunDirectory(tmp))).toEqual([]);
});

test("kill -9 during --base leaves its worktree; the next run removes it (and the synth it left), then reviews", async () => {
  const { child, tmp, synthPid, exit } = await startBlocked("sigkill");
  const synth = identify(synthPid)!;
  child.kill("SIGKILL");
  await exit;
  const left = worktrees().find((w) => w !== fs.realpathSync(repo))!;
  expect(left).toMatch(/change-review-.*\/base$/);
  expect(stillRunning(synth)).toBe(true);

  // Its synths through the npm stand-in (support/npm-stand-in.ts): the signalled runs above are real npm's.
  const next = await reviewChangeAsync(["--base", "main", "--acknowledgements", noAcks],
    { cwd: repo, runDirectory: reviewRunDirectory(tmp), env: withNpmStandIn() });
  expect(next.stderr).toContain(`review:change: removed what an interrupted run (pid ${child.pid}) left: worktree ${left} of ${fs.realpathSync(repo)}; processes `);
  expect(next.code).toBe(0);
  expect(worktrees()).toEqual([fs.realpathSync(repo)]);
  expect(fs.existsSync(path.dirname(left))).toBe(false);
  expect(stillRunning(synth)).toBe(false);
});
