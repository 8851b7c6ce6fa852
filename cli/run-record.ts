import * as fs from "node:fs";
import * as path from "node:path";
import { descendants, judgeable, processGroupMembers, ProcessIdentity, stillRunning } from "./process-identity";
import { newStateFile, thisProcess, writeStateFile } from "./run-state-file";

export { identify, stillRunning } from "./process-identity";
export type { ProcessIdentity } from "./process-identity";

/**
 * What one run of a tool owns (processes, temporary folders, worktrees, namespaces), in one state file per run,
 * so that whatever ends the run (Ctrl-C, SIGTERM, SIGHUP, kill -9, a crash) the run itself or the next one can
 * remove exactly that, and nothing that merely looks like it: a process is identified by pid plus its start
 * time and the boot id, never by pid alone, and a run whose liveness cannot be judged here (another pid
 * namespace) is left alone. Each tool keeps its own folder of state files and says how to remove what it
 * records (change-review/review-run.ts). Processes are told apart by cli/process-identity.ts, as the rehearsals' own
 * record (rehearsal/run-state.ts) does.
 */

/** Waits in this thread (a synchronous reaper, a signal handler), without starting a `sleep` process. */
export const sleepSync = (ms: number): void => { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms); };

/** Kills each process group that is still the one recorded, and waits (briefly) until each is gone. */
export function killProcessGroups(processes: readonly ProcessIdentity[]): void {
  killAndWait(processes.filter(stillRunning), true);
}

/**
 * SIGKILLs each process (with `groups`, its process group and every process below it too) and waits up to
 * 5 s until every one is gone. A leader can be gone while its children (a synth's, a killed server's
 * backends) are still exiting, their working directory still the folder about to be checked; and a
 * PostgreSQL server's children are not in its group at all: each calls setsid() (PostgreSQL 15,
 * src/backend/utils/init/miscinit.c InitPostmasterChild), so a group kill leaves them to notice the
 * postmaster's death on their own, still working in its data folder meanwhile.
 */
export function killAndWait(alive: readonly ProcessIdentity[], groups: boolean): void {
  const members = groups ? [...processGroupMembers(alive.map((p) => p.pid)), ...alive.flatMap((p) => descendants(p.pid))] : [];
  for (const p of alive) {
    for (const target of groups ? [-p.pid, p.pid] : [p.pid]) {
      try {
        process.kill(target, "SIGKILL");
      } catch {
        // Already gone, or not a group leader: the other form covers it.
      }
    }
  }
  for (const member of members.filter(stillRunning)) {
    try {
      process.kill(member.pid, "SIGKILL");
    } catch {
      // Gone meanwhile.
    }
  }
  const gone = [...alive, ...members];
  const deadline = Date.now() + 5000;
  while (gone.some(stillRunning) && Date.now() < deadline) sleepSync(20);
}

/** A state file's content: the run's owner, and what the tool records. */
export type RecordedRun<S> = S & { readonly owner: ProcessIdentity };

/**
 * A run in progress: records what it makes in its state file, and removes it all on release(). `remove` is the
 * tool's own: the same function removes what a dead run left (reapDeadRuns).
 */
export class RunRecord<S extends object> {
  readonly file: string;
  private readonly state: RecordedRun<S>;
  private released = false;

  constructor(dir: string, initial: S, private readonly remove: (state: RecordedRun<S>) => unknown) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.state = { ...initial, owner: thisProcess() };
    this.file = newStateFile(dir);
    this.save();
  }

  private save(): void {
    writeStateFile(this.file, this.state);
  }

  /** Records something the run is about to make: recorded first, so no instant exists when it is unrecorded. */
  record(change: (state: S) => void): void {
    change(this.state);
    this.save();
  }

  /** Removes everything the run recorded and its state file. Synchronous, so a signal handler can use it. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.remove(this.state);
    fs.rmSync(this.file, { force: true });
  }
}

/**
 * Removes what dead runs left, from their state files only: a run whose owner (same pid, start time and boot)
 * still runs is left alone, and so is one from another pid namespace, whose pids mean nothing here. Returns
 * what `remove` said of each.
 */
export function reapDeadRuns<S, R>(dir: string, remove: (state: RecordedRun<S>, file: string) => R): R[] {
  let files: string[];
  try {
    files = fs.readdirSync(dir).filter((f) => /^run-.*\.json$/.test(f));
  } catch {
    return [];
  }
  const reaped: R[] = [];
  for (const name of files) {
    const file = path.join(dir, name);
    let state: RecordedRun<S>;
    try {
      state = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch {
      continue; // Unreadable: not ours to judge, and never guessed at.
    }
    if (!state?.owner || !judgeable(state.owner) || stillRunning(state.owner)) continue;
    reaped.push(remove(state, file));
    fs.rmSync(file, { force: true });
  }
  return reaped;
}

/** The signals that end a run from outside: Ctrl-C, kill/CI cancellation, a closed terminal. */
export const TERMINATING_SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/**
 * On any terminating signal: one line on stderr, release the run, exit 130 (128 + SIGINT, as a shell reports
 * Ctrl-C; no stack). Returns a function that uninstalls the handlers.
 */
export function releaseOnSignal(run: { release(): void }, program: string, what = "removing everything this run made", exitCode = 130): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`${program}: ${signal}: stopping; ${what}\n`);
    run.release();
    process.exit(exitCode);
  };
  for (const signal of TERMINATING_SIGNALS) process.on(signal, onSignal);
  return () => {
    for (const signal of TERMINATING_SIGNALS) process.removeListener(signal, onSignal);
  };
}
