/**
 * What one `review:change` run that synthesizes owns: its temporary folder, the git worktree of --base REF
 * registered in the user's repository, and the synth processes. Recorded with cli/run-record.ts (the
 * rehearsals' record-and-reap), so a signal (exit 130) removes it all at once, and a run killed outright (kill -9) leaves
 * nothing the next run does not remove.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { identify, killProcessGroups, ProcessIdentity, reapDeadRuns, RunRecord, stillRunning } from "../cli/run-record";

export interface ReviewWorktree {
  /** The repository's top-level folder, where `git worktree` is run. */
  readonly repository: string;
  readonly worktree: string;
}

interface Owned {
  processes: ProcessIdentity[];
  directories: string[];
  worktrees: ReviewWorktree[];
}

/** One directory per user for the state files. */
export function reviewRunDirectory(tmp = os.tmpdir()): string {
  return path.join(tmp, `checkpoints-change-review-runs-${process.getuid?.() ?? "user"}`);
}

/** Unregisters the worktree from its repository (then prunes what git still lists of a removed folder). */
function removeWorktree({ repository, worktree }: ReviewWorktree): void {
  const git = (args: string[]) => execFileSync("git", args, { cwd: repository, stdio: "ignore" });
  try { git(["worktree", "remove", "--force", worktree]); } catch { /* not created, or its folder is gone */ }
  try { git(["worktree", "prune"]); } catch { /* the repository itself is gone */ }
}

function removeEverything(state: Owned): void {
  killProcessGroups(state.processes);
  // The folders first: a worktree whose folder is gone is what `git worktree prune` unregisters.
  for (const dir of state.directories) fs.rmSync(dir, { recursive: true, force: true });
  for (const w of state.worktrees) removeWorktree(w);
}

export class ReviewRun {
  private readonly record: RunRecord<Owned>;

  constructor(dir = reviewRunDirectory()) {
    this.record = new RunRecord<Owned>(dir, { processes: [], directories: [], worktrees: [] }, removeEverything);
  }

  directory(dir: string): void {
    this.record.record((s) => s.directories.push(dir));
  }

  /** Recorded before `git worktree add`, so no instant exists when it is registered but unrecorded. */
  worktree(w: ReviewWorktree): void {
    this.record.record((s) => s.worktrees.push(w));
  }

  /** A synth process, leader of its own process group: the group is killed with the run. */
  process(pid: number | undefined): void {
    const identity = pid === undefined ? undefined : identify(pid);
    if (identity) this.record.record((s) => s.processes.push(identity));
  }

  release(): void {
    this.record.release();
  }
}

/** Removes what killed runs left; one line per run, for stderr. */
export function reapDeadReviewRuns(dir = reviewRunDirectory()): string[] {
  return reapDeadRuns<Owned, string>(dir, (state) => {
    const running = state.processes.filter(stillRunning).map((p) => p.pid);
    removeEverything(state);
    const what = [...state.worktrees.map((w) => `worktree ${w.worktree} of ${w.repository}`),
      ...running.length ? [`processes ${running.join(", ")}`] : []];
    return `removed what an interrupted run (pid ${state.owner.pid}) left: ${what.join("; ") || "its temporary folders"}`;
  });
}
