import * as fs from "node:fs";
import * as path from "node:path";
import { spawn, SpawnOptions } from "node:child_process";
import { readRunCache, writeRunCache } from "./run-cache";

/** The run cache folder (support/run-cache.ts) of script runs. */
const SCRIPT_RUNS_CACHE = "script-runs";

export const projectRoot = path.resolve(__dirname, "..", "..");
export const scripts: Record<string, string> = JSON.parse(fs.readFileSync(path.join(projectRoot, "package.json"), "utf8")).scripts;

export interface ScriptRun { readonly status: number | null; readonly stdout: string; readonly stderr: string }

/** A word as sh reads it, as npm passes each argument after `--`. */
const shellQuote = (word: string) => `'${word.replace(/'/g, "'\\''")}'`;

/** Makes loading an AWS SDK client throw in every node process of the run: none of these runs calls AWS. */
const NO_AWS_SDK_CLIENT = `--require ${path.join(__dirname, "no-aws-sdk-client.cjs")}`;

/**
 * `npm run NAME -- ARGS` without npm's own start-up (~0.25 CPU s a run): the script's command from
 * package.json, run by sh with the arguments appended, quoted, and the variables npm gives a script, this
 * test's node first on PATH. tools/every-script.test.ts checks it against real npm. No run of these tests
 * calls AWS, so none may load an SDK client (support/no-aws-sdk-client.cjs).
 */
export function scriptSpawnArgs(name: string, args: readonly string[]): { command: string; args: string[]; options: SpawnOptions } {
  const env = {
    ...process.env, AWS_EC2_METADATA_DISABLED: "true",
    PATH: [path.join(projectRoot, "node_modules", ".bin"), path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
    npm_lifecycle_event: name, npm_lifecycle_script: scripts[name], npm_package_name: "checkpoints-db",
    npm_package_json: path.join(projectRoot, "package.json"), INIT_CWD: projectRoot,
    NODE_OPTIONS: [process.env.NODE_OPTIONS, NO_AWS_SDK_CLIENT].filter(Boolean).join(" "),
  };
  return { command: "/bin/sh", args: ["-c", [scripts[name], ...args.map(shellQuote)].join(" ")], options: { cwd: projectRoot, env } };
}

/** Runs a script as npm would (scriptSpawnArgs), killed after 30 s: a script that ignored --help would start its real work. */
export function runScript(name: string, args: readonly string[]): Promise<ScriptRun> {
  const { command, args: words, options } = scriptSpawnArgs(name, args);
  return new Promise((resolve) => {
    const child = spawn(command, words, options);
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => { stdout += d; });
    child.stderr!.on("data", (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill("SIGKILL"), 30000);
    child.on("close", (status) => { clearTimeout(timer); resolve({ status, stdout, stderr }); });
  });
}

// A script run with the same arguments gives the same result: it runs once per test file (this map) and once
// per test run (the run's cache folder, shared by the files that read the same run, e.g. every script's --help
// by tools/every-script.test.ts and architecture/exit-tables.test.ts).
const runs = new Map<string, Promise<ScriptRun>>();

/** A script's run, or the one this file or another file of this run already made with the same arguments. */
export function scriptRunOnce(name: string, args: readonly string[],
  schedule: (work: () => Promise<ScriptRun>) => Promise<ScriptRun> = (work) => work()): Promise<ScriptRun> {
  const key = JSON.stringify([name, args]);
  let run = runs.get(key);
  if (run === undefined) {
    run = sharedRun(key, () => schedule(() => runScript(name, args)));
    runs.set(key, run);
  }
  return run;
}

async function sharedRun(key: string, work: () => Promise<ScriptRun>): Promise<ScriptRun> {
  const cached = readRunCache(SCRIPT_RUNS_CACHE, key);
  if (cached !== undefined) return JSON.parse(cached) as ScriptRun;
  const result = await work();
  writeRunCache(SCRIPT_RUNS_CACHE, key, JSON.stringify(result));
  return result;
}
