/**
 * Synthesizes the plans of a git ref in a temporary worktree and of the working tree, each into a temporary
 * folder, with the project's own `npm run synth`. Everything made is recorded in the run (review-run.ts)
 * before it exists, and removed by the run's release: at the end, on a signal, or by the next run after a kill.
 * Asynchronous, so a signal handler runs while a synth is in progress.
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ChangeReviewInputError } from "./input-error";
import { ReviewRun } from "./review-run";

function git(cwd: string, args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/**
 * Runs `npm run synth -- --output OUT` in `projectDir`, as the leader of its own process group (recorded in the
 * run, so a signal or the next run kills the whole synth). A failure is bad input (exit 2), with synth's last words.
 */
export function synthesize(projectDir: string, outDir: string, label: string, run: ReviewRun,
  env: Readonly<Record<string, string | undefined>> = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "synth", "--", "--output", outDir], {
      cwd: projectDir, env: { ...env, CHECKPOINT_DISABLE: "1" }, stdio: ["ignore", "ignore", "pipe"], detached: true,
    });
    run.process(child.pid);
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => { stderr = (stderr + chunk).slice(-64 * 1024); });
    child.on("error", (error) => reject(new ChangeReviewInputError(`synthesizing ${label} failed: cannot run npm (${(error as NodeJS.ErrnoException).code ?? error.message})`)));
    child.on("close", (code, signal) => {
      if (code === 0) return resolve();
      const last = stderr.trim().split("\n").slice(-5).join("\n  ");
      reject(new ChangeReviewInputError(`synthesizing ${label} failed${signal ? ` (${signal})` : ""}${last ? `:\n  ${last}` : ""}`));
    });
  });
}

/** lstat: a dangling symlink exists too. */
function pathExists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

export interface SynthesizedPair {
  readonly baseDir: string;
  readonly headDir: string;
}

/** A temporary folder of the run's (recorded before it is made). */
export function runFolder(run: ReviewRun, prefix: string): string {
  const dir = path.join(os.tmpdir(), `${prefix}${process.pid}-${Math.random().toString(36).slice(2, 10)}`);
  run.directory(dir);
  fs.mkdirSync(dir, { mode: 0o700 });
  return dir;
}

/** Synthesizes REF (in a temporary worktree) and the working tree of the repository holding `cwd`. */
export async function synthesizeRefAndWorkingTree(ref: string, cwd: string, run: ReviewRun,
  env: Readonly<Record<string, string | undefined>> = process.env): Promise<SynthesizedPair> {
  let root: string;
  try {
    root = git(cwd, ["rev-parse", "--show-toplevel"]);
  } catch {
    throw new ChangeReviewInputError(`--base needs a git repository; ${cwd} is not in one (use --base-dir with plans synthesized elsewhere)`);
  }
  try {
    git(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  } catch {
    throw new ChangeReviewInputError(`--base ${ref} is not a commit, branch or tag of ${root}`);
  }
  const tmp = runFolder(run, "change-review-");
  const worktree = path.join(tmp, "base");
  run.worktree({ repository: root, worktree });
  git(root, ["worktree", "add", "--detach", worktree, ref]);
  // The base synthesizes with today's installed dependencies: a worktree has no node_modules of its own.
  const modules = path.join(root, "node_modules");
  const linked = path.join(worktree, "node_modules");
  if (fs.existsSync(modules) && !pathExists(linked)) fs.symlinkSync(modules, linked, "dir");
  const baseDir = path.join(tmp, "base-out");
  const headDir = path.join(tmp, "head-out");
  await synthesize(worktree, baseDir, `--base ${ref}`, run, env);
  await synthesize(root, headDir, "the working tree", run, env);
  return { baseDir, headDir };
}
