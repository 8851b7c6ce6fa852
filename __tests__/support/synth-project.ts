import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { ProcessRun, runProcess } from "./run-process";

export const projectRoot = path.resolve(__dirname, "..", "..");

/** What the project links into a throwaway copy: its code, tools and dependencies, not its cdktf.json. */
// Everything main.ts imports, directly or through config/ and stacks/ (rds/ facts, cli/ value parsers).
const LINKED = ["main.ts", "config", "stacks", "rds", "cli", "tools", "node_modules", "package.json", "tsconfig.json"];

/**
 * A throwaway project: this one's code, linked, with the given cdktf.json (an object, or raw text for a
 * malformed one). Removed with the returned dispose().
 */
export function projectWith(cdktfJson: object | string): { dir: string; dispose: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-project-"));
  for (const entry of LINKED) fs.symlinkSync(path.join(projectRoot, entry), path.join(dir, entry));
  fs.writeFileSync(path.join(dir, "cdktf.json"),
    typeof cdktfJson === "string" ? cdktfJson : JSON.stringify(cdktfJson, null, 2));
  return { dir, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export type Run = ProcessRun;

/** The caller's environment without CHECKPOINTS_* (a developer's shell must not change a test). */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("CHECKPOINTS_")));
  return { ...env, CI: "true", CHECKPOINT_DISABLE: "1", ...extra };
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return runProcess(command, args, { cwd, env });
}

/** `npm run synth` without npm's own start-up: the script it runs, tools/synth.cjs. */
export function directSynth(cwd: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return run(process.execPath, [path.join(projectRoot, "tools", "synth.cjs"), ...args], cwd, cleanEnv(env));
}

/** `npm run synth`, npm and all, as the README says. */
export function npmSynth(cwd: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return run("npm", ["run", "--silent", "synth", "--", ...args], cwd, cleanEnv(env));
}

/** `npx cdktf synth`, the cdktf CLI's own bin. */
export function cdktfCliSynth(cwd: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  const cli = path.join(projectRoot, "node_modules", "cdktf-cli", "bundle", "bin", "cdktf");
  return run(process.execPath, [cli, "synth", ...args], cwd, cleanEnv(env));
}

/**
 * Why the cdktf CLI cannot run on this Node, or undefined when it can. It needs its terminal library's
 * native build, which exists for Node 20 and 22 but not 24.
 */
export function cdktfCliUnavailable(): string | undefined {
  const probe = spawnSync(process.execPath, ["-e", 'require("@cdktf/node-pty-prebuilt-multiarch")'],
    { cwd: projectRoot, encoding: "utf8" });
  if (probe.status === 0) return undefined;
  const reason = probe.stderr.split("\n").filter((line) => line.startsWith("Error:")).pop() ?? `exit ${probe.status}`;
  return `the cdktf CLI cannot start on Node ${process.version}: its terminal library @cdktf/node-pty-prebuilt-multiarch ` +
    `does not load (${reason.trim()})`;
}

/** Every file under `dir`, relative path to bytes. */
export function filesUnder(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.join(sub, entry.name);
      if (entry.isDirectory()) walk(rel);
      else files.set(rel, fs.readFileSync(path.join(dir, rel)));
    }
  };
  walk("");
  return files;
}
