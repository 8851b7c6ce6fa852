import * as fs from "node:fs";
import { spawn } from "node:child_process";

export const LIVE_ENV = "CKPT_TEST_LIVE_SERVER_FILE"; // not CHECKPOINTS_*: synth would refuse it as a mistyped setting

export type LiveServerInfo =
  | { available: true; host: string; port: number; database: string; user: string; password: string;
      caFile: string; otherCaFile: string; probeBundle: string; dir: string;
      /** Where the servers' initdb template is kept (rehearsal/local-postgres.ts): the machine's temp folder. */
      templateDir: string; template: string }
  | { available: false; reason: string; dir: string };

export type AvailableServer = Extract<LiveServerInfo, { available: true }>;

/** The run's server, or the reason it is missing (printed once, and the live tests skip). */
export function liveServer(): LiveServerInfo {
  const file = process.env[LIVE_ENV];
  if (!file) return { available: false, reason: "the live global setup did not run", dir: "" };
  const info = JSON.parse(fs.readFileSync(file, "utf8")) as LiveServerInfo;
  if (!info.available) {
    console.warn(`live tests skipped: ${info.reason}`);
  }
  return info;
}

export interface ProbeRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly output: string;
}

/** A bundled probe started and still running: what it has said so far, and its run once it exits. */
export interface StartedProbe {
  /** Resolves once the probe's stderr matches `pattern`; rejects if it exits first. */
  readonly stderrMatches: (pattern: RegExp) => Promise<void>;
  readonly done: Promise<ProbeRun>;
}

/** Starts the bundled probe with plain node, as an operator on an app server would. */
export function startBundledProbe(server: AvailableServer, args: string[], env: Record<string, string> = {}): StartedProbe {
  const child = spawn(process.execPath, [server.probeBundle, ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/", PGPASSWORD: server.password, ...env },
  });
  let stdout = "";
  let stderr = "";
  const onStderr = new Set<() => void>();
  child.stdout.on("data", (d) => { stdout += d; });
  child.stderr.on("data", (d) => { stderr += d; onStderr.forEach((check) => check()); });
  const done = new Promise<ProbeRun>((resolve) =>
    child.on("close", (status) => resolve({ status, stdout, stderr, output: stdout + stderr })));
  const stderrMatches = (pattern: RegExp) => new Promise<void>((resolve, reject) => {
    const check = () => {
      if (!pattern.test(stderr)) return;
      onStderr.delete(check);
      resolve();
    };
    onStderr.add(check);
    done.then(() => reject(new Error(`the probe exited before its stderr matched ${pattern}:\n${stderr}`)));
    check();
  });
  return { stderrMatches, done };
}

/** Runs the bundled probe with plain node, as an operator on an app server would. */
export function runBundledProbe(server: AvailableServer, args: string[], env: Record<string, string> = {}): Promise<ProbeRun> {
  return startBundledProbe(server, args, env).done;
}

export function serverUrl(server: AvailableServer, { host = "localhost", database = server.database, port = server.port,
  params = "" } = {}): string {
  return `postgresql://${server.user}@${host}:${port}/${database}${params ? `?${params}` : ""}`;
}
