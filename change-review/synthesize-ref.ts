/**
 * Synthesizes the plans of a git ref in a temporary worktree (removed afterwards) and of the working
 * tree, each into a temporary folder, with the project's own `npm run synth`.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ChangeReviewInputError } from "./input-error";

function git(cwd: string, args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** Runs `npm run synth -- --output OUT` in `projectDir`; a failure is bad input (exit 2), with synth's last words. */
export function synthesize(projectDir: string, outDir: string, label: string): void {
  try {
    execFileSync("npm", ["run", "--silent", "synth", "--", "--output", outDir], {
      cwd: projectDir, env: { ...process.env, CHECKPOINT_DISABLE: "1" }, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? "").trim().split("\n").slice(-5).join("\n  ");
    throw new ChangeReviewInputError(`synthesizing ${label} failed${stderr ? `:\n  ${stderr}` : ""}`);
  }
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
  /** Removes every temporary folder and the worktree. */
  readonly cleanUp: () => void;
}

/** Synthesizes REF (in a temporary worktree) and the working tree of the repository holding `cwd`. */
export function synthesizeRefAndWorkingTree(ref: string, cwd: string): SynthesizedPair {
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
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "change-review-"));
  const worktree = path.join(tmp, "base");
  const cleanUp = () => {
    try { git(root, ["worktree", "remove", "--force", worktree]); } catch { /* not created */ }
    fs.rmSync(tmp, { recursive: true, force: true });
    try { git(root, ["worktree", "prune"]); } catch { /* nothing to prune */ }
  };
  try {
    git(root, ["worktree", "add", "--detach", worktree, ref]);
    // The base synthesizes with today's installed dependencies: a worktree has no node_modules of its own.
    const modules = path.join(root, "node_modules");
    const linked = path.join(worktree, "node_modules");
    if (fs.existsSync(modules) && !pathExists(linked)) fs.symlinkSync(modules, linked, "dir");
    const baseDir = path.join(tmp, "base-out");
    const headDir = path.join(tmp, "head-out");
    synthesize(worktree, baseDir, `--base ${ref}`);
    synthesize(root, headDir, "the working tree");
    return { baseDir, headDir, cleanUp };
  } catch (error) {
    cleanUp();
    throw error;
  }
}
