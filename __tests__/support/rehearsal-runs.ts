import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ChildProcess, execFileSync, spawn } from "node:child_process";
import { initdbTemplatePath } from "../../rehearsal/local-postgres";
import { ProcessIdentity, RunState, stateDirectory, stillRunning } from "../../rehearsal/run-state";
import { OUTER_TMPDIR_ENV } from "./suite-run";
import { scripts } from "./script-runs";

export const projectRoot = path.resolve(__dirname, "..", "..");

/**
 * A TMPDIR of the test's own: what a rehearsal leaves behind is then exactly what is left in it.
 * World-traversable, because as root the rehearsal's server runs as nobody.
 */
export function privateTmp(registry: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rehearsal-test-"));
  fs.chmodSync(dir, 0o755);
  registry.push(dir);
  return dir;
}

const TEMPLATE_NAME = /^checkpoints-pg-template-[^/]*-[0-9a-f]{12}$/;

/**
 * A private TMPDIR (as privateTmp) holding the run's initdb template (rehearsal/local-postgres.ts), as a
 * machine's TMPDIR holds it after its first rehearsal: a rehearsal started there copies it instead of
 * running initdb (about a CPU second each). Hard links where they can be (cp -al), owner and mode kept:
 * the template's files are only ever read. Tests of what happens during initdb use privateTmp instead.
 */
export function privateTmpWithTemplate(registry: string[], template: string): string {
  if (!TEMPLATE_NAME.test(path.basename(template)) || !fs.existsSync(template)) {
    throw new Error(`no initdb template at ${template}: the live global setup's server makes it`);
  }
  const dir = privateTmp(registry);
  try {
    execFileSync("cp", ["-al", template, dir], { stdio: ["ignore", "ignore", "pipe"] });
  } catch {
    fs.rmSync(path.join(dir, path.basename(template)), { recursive: true, force: true });
    execFileSync("cp", ["-a", template, dir]); // on another file system: a copy
  }
  return dir;
}

/** Everything under tmp but the state directory itself (its files are listed). */
export function leftovers(tmp: string): string[] {
  const states = stateDirectory(tmp);
  // Caches, not leftovers: the initdb template (rehearsal/local-postgres.ts), which every later run reuses,
  // and npm's own compile cache, which npm itself makes in TMPDIR on Node 22+ before our script starts.
  const entries = fs.readdirSync(tmp).filter((e) => e !== path.basename(states) &&
    !TEMPLATE_NAME.test(e) && e !== "node-compile-cache");
  const stateFiles = fs.existsSync(states) ? fs.readdirSync(states).map((f) => `${path.basename(states)}/${f}`) : [];
  return [...entries, ...stateFiles];
}

/**
 * The command `npm run NAME -- ARGS` runs (the script read from package.json, which must be "node ..."),
 * without npm's own start-up (about 0.4 CPU s a run): __tests__/tools/every-script.test.ts checks each
 * script through npm, and that real npm runs it the same way.
 */
export function scriptCommand(name: string, args: readonly string[]): [string, string[]] {
  const script = scripts[name];
  const [node, ...scriptArgs] = script.split(" ");
  if (node !== "node") throw new Error(`${name} is no longer "node ...": ${script}`);
  return [process.execPath, [...scriptArgs, ...args]];
}

/** Starts a rehearsal script (rehearsal/rehearse.ts or rehearse-network.ts) with its own TMPDIR. */
export function startRehearsal(script: string, args: string[], tmp: string): {
  child: ChildProcess; stdout: () => string; stderr: () => string; exit: Promise<number | null>;
} {
  const child = spawn(process.execPath, [path.join(projectRoot, "tools", "run-ts.cjs"), path.join(projectRoot, "rehearsal", script), ...args],
    { cwd: projectRoot, env: { ...process.env, TMPDIR: tmp }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => { stdout += d; });
  child.stderr?.on("data", (d) => { stderr += d; });
  const exit = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}

/**
 * The run's state, once it satisfies `ready` (polled: the run writes it as it goes). The deadline is jest's
 * test timeout: 30 s was passed in CI when the machine was loaded (a rehearsal's start-up is mostly CPU).
 * Given the run, it fails as soon as the run has ended without getting there, with what the run said.
 */
export async function runState(tmp: string, ready: (state: RunState) => boolean, deadlineMs = 60000,
  run?: { exit: Promise<unknown>; stderr: () => string }): Promise<RunState> {
  const deadline = Date.now() + deadlineMs;
  let ended = false;
  run?.exit.then(() => { ended = true; });
  for (;;) {
    // Read after the exit was seen: a state written just before the run ended is still found.
    const last = ended;
    if (Date.now() >= deadline) break;
    const dir = stateDirectory(tmp);
    for (const file of fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".json")) : []) {
      try {
        const state = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as RunState;
        if (ready(state)) return state;
      } catch {
        // Being renamed into place: read it on the next round.
      }
    }
    if (last) throw new Error(`the run ended before its state got there:\n${run?.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the run's state never got there${run ? `:\n${run.stderr()}` : ""}`);
}

/**
 * Gives a test's TMPDIR the initdb template the suite's server already made (rehearsal/local-postgres.ts
 * looks for it in TMPDIR), as hard links: a run there copies its cluster from it instead of spending a
 * CPU second on initdb. The template is only ever read, and leftovers() counts it as a cache. Tests that
 * must see initdb run (an interrupt during initdb) keep a TMPDIR without it. Returns what was linked.
 */
export function linkInitdbTemplates(tmp: string): string[] {
  // The suite's server keeps the template in the machine's temp folder (the suite's own TMPDIR is per run): link
  // the one these binaries use, not every cache a run of other code left there.
  const template = initdbTemplatePath(process.env[OUTER_TMPDIR_ENV] || os.tmpdir());
  if (!fs.existsSync(template)) return [];
  execFileSync("cp", ["-al", template, path.join(tmp, path.basename(template))]);
  return [path.basename(template)];
}

/**
 * Is this recorded process the run's PostgreSQL server (not initdb, not the single-user set-up)? Read
 * from its command line, which names the server before and after `ip netns exec` and setpriv exec it.
 */
export function isPostgresServer(identity: ProcessIdentity): boolean {
  let args: string[];
  try {
    args = fs.readFileSync(`/proc/${identity.pid}/cmdline`, "utf8").split("\0");
  } catch {
    return false;
  }
  return stillRunning(identity) && args.some((a) => a.endsWith("/postgres")) && args.includes("-D") && !args.includes("--single");
}
