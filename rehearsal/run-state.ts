import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { allPids, identify, judgeable, ProcessIdentity, stillRunning } from "../cli/process-identity";
import { killAndWait, killProcessGroups } from "../cli/run-record";
import { newStateFile, thisProcess, writeStateFile } from "../cli/run-state-file";
import { deleteNamespaces } from "./network-namespaces";
import { releaseOrphanedSegments } from "./server-shared-memory";
import { requireExistingFolder } from "./temp-folder";

/**
 * What one rehearsal run owns, in one state file per run, so that whatever ends the run (Ctrl-C, SIGTERM,
 * kill -9, a crash) the run itself or the next one can remove exactly that, and nothing that merely looks
 * like it: a process is identified by pid plus its start time and the boot id, never by pid alone, and a
 * run whose liveness cannot be judged here (another pid namespace) is left alone.
 */

export { bootId, descendants, identify, stillRunning } from "../cli/process-identity";
export type { ProcessIdentity } from "../cli/process-identity";

export interface RunState {
  readonly owner: ProcessIdentity;
  /** Process groups the run started (each child leads its own group), killed as groups. */
  readonly processes: ProcessIdentity[];
  readonly directories: string[];
  readonly namespaces: string[];
}

const STATE_DIRECTORY_PREFIX = "checkpoints-rehearsal-runs-";
/** A state file, or one being written (its newest content, when the writer died before the rename). */
const RUN_FILE = /^run-.*\.json(\.tmp)?$/;

/** One directory per user for the state files: root's runs and a user's never mix. */
export function stateDirectory(tmp = os.tmpdir()): string {
  return path.join(tmp, `${STATE_DIRECTORY_PREFIX}${process.getuid?.() ?? "user"}`);
}

/**
 * Makes the state directory (private to this user) inside a temp folder that must already exist: a
 * mistyped TMPDIR is reported, never created (as root it would be root's, and closed to the server's user).
 */
export function ensureStateDirectory(dir: string): void {
  requireExistingFolder(path.dirname(dir));
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
}

/**
 * The processes inside a named network namespace, found as `ip netns pids NAME` finds them (iproute2
 * ip/ipnetns.c, netns_pids: /proc/PID/ns/net compared by device and inode with /run/netns/NAME), without a
 * process per namespace. A server started there by `ip netns exec` survives the name's deletion.
 */
export function namespacePids(name: string): number[] {
  let target: fs.Stats;
  try {
    target = fs.statSync(path.join("/run/netns", name));
  } catch {
    return [];
  }
  return allPids().filter((pid) => {
    try {
      const ns = fs.statSync(`/proc/${pid}/ns/net`);
      return ns.dev === target.dev && ns.ino === target.ino;
    } catch {
      return false;
    }
  });
}

/** Processes whose working directory is `dir` or below it: a PostgreSQL runs in its data directory. */
export function processesWorkingIn(dir: string): number[] {
  let real: string;
  try {
    real = fs.realpathSync(dir); // /proc/PID/cwd names the real path
  } catch {
    return [];
  }
  const inside = (cwd: string) => cwd === real || cwd.startsWith(`${real}/`);
  return allPids().filter((pid) => {
    try {
      return pid !== process.pid && inside(fs.readlinkSync(`/proc/${pid}/cwd`));
    } catch {
      return false;
    }
  });
}

/** What a removal could not do, and why: kept for the next run to retry, and said in the report. */
interface Removal {
  readonly keptDirectories: string[];
}

/**
 * A run's directories may hold the state directories of runs it started (a test's rehearsal, with a TMPDIR
 * inside the suite's): those are reaped from their own files first, or their namespaces and servers would
 * outlive the files that name them. Returns the live runs found (whose directory must stay).
 */
function reapNestedRuns(dir: string): number {
  let live = 0;
  const walk = (at: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(at, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.filter((e) => e.isDirectory() && !e.isSymbolicLink())) {
      const full = path.join(at, entry.name);
      if (entry.name.startsWith(STATE_DIRECTORY_PREFIX)) {
        reapDeadRuns(full);
        // What is left is a run still alive (or one this host cannot judge): its folder must stay.
        live += readStates(full).length;
      } else if (depth > 0) walk(full, depth - 1);
    }
  };
  walk(dir, 2);
  return live;
}

/**
 * Stops what the run started: its process groups, then whatever runs inside its namespaces (a server
 * started with `ip netns exec`), then deletes the namespaces.
 */
function stopEverything(state: RunState): void {
  killProcessGroups(state.processes);
  const inNamespaces = state.namespaces.flatMap(namespacePids).map(identify).filter((p): p is ProcessIdentity => p !== undefined);
  killAndWait(inNamespaces, false);
  deleteNamespaces(state.namespaces);
}

/**
 * Deletes the run's directories, once everything recorded is stopped: a directory that a live process
 * still works in (a server's data directory) or that holds a live run's state is kept.
 */
function removeDirectories(state: RunState): Removal {
  const keptDirectories: string[] = [];
  for (const dir of state.directories) {
    if (reapNestedRuns(dir) > 0 || processesWorkingIn(dir).length > 0) keptDirectories.push(dir);
    else {
      // A server killed above left its System V segment: removed while its postmaster.pid still names it.
      releaseOrphanedSegments(dir);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return { keptDirectories };
}

function removeEverything(state: RunState): Removal {
  stopEverything(state);
  return removeDirectories(state);
}

/** A run in progress: records what it makes, and removes it all on release() or on a signal. */
export class RehearsalRun {
  readonly file: string;
  private readonly state: { owner: ProcessIdentity; processes: ProcessIdentity[]; directories: string[]; namespaces: string[] };
  private released = false;

  /**
   * `owner`: the process whose death makes the record reapable, when not this one: a test worker records
   * what its tests make under the jest process that runs the suite (__tests__/support/suite-run.ts).
   */
  constructor(dir = stateDirectory(), owner?: ProcessIdentity) {
    ensureStateDirectory(dir);
    this.state = { owner: owner ?? thisProcess(), processes: [], directories: [], namespaces: [] };
    this.file = newStateFile(dir);
    this.save();
  }

  private save(): void {
    writeStateFile(this.file, this.state);
  }

  /** A directory the run made (or is about to make). */
  directory(dir: string): void {
    this.state.directories.push(dir);
    this.save();
  }

  /** A namespace the run is about to create: recorded first, so no instant exists when it is unrecorded. */
  namespace(name: string): void {
    this.state.namespaces.push(name);
    this.save();
  }

  /** A process the run started (in its own process group, so the group is killed with it). */
  process(pid: number | undefined): void {
    const identity = pid === undefined ? undefined : identify(pid);
    if (!identity) return;
    this.state.processes.push(identity);
    this.save();
  }

  /** Removes everything the run recorded and its state file. Synchronous, so a signal handler can use it. */
  release(): void {
    if (this.released) return;
    this.released = true;
    const { keptDirectories } = removeEverything(this.state);
    if (keptDirectories.length > 0) {
      // Still in use (a process this run does not know of works there): the next run tries again.
      this.state.directories.splice(0, this.state.directories.length, ...keptDirectories);
      this.save();
    } else {
      fs.rmSync(this.file, { force: true });
      fs.rmSync(`${this.file}.tmp`, { force: true });
    }
  }
}

export interface ReapedRun {
  readonly file: string;
  readonly owner: number;
  readonly processes: number[];
  readonly directories: string[];
  readonly namespaces: string[];
  /** Directories left because a live process still works in them; their state file stays for the next run. */
  readonly kept: string[];
}

/** The state files in `dir`, each with its state, or none where it cannot be read (never guessed at). */
function readStates(dir: string): Array<{ file: string; state: RunState }> {
  let files: string[];
  try {
    files = fs.readdirSync(dir).filter((f) => RUN_FILE.test(f));
  } catch {
    return [];
  }
  const states: Array<{ file: string; state: RunState }> = [];
  for (const name of files) {
    const file = path.join(dir, name);
    try {
      const state = JSON.parse(fs.readFileSync(file, "utf8")) as RunState;
      if (state?.owner && Array.isArray(state.processes) && Array.isArray(state.directories) && Array.isArray(state.namespaces)) {
        states.push({ file, state });
      }
    } catch {
      // Unreadable, or half-written by a writer that died: not ours to judge.
    }
  }
  return states;
}

/**
 * Removes what the runs recorded: every process and namespace of all of them first, then the directories,
 * since one run's folder may hold the data directory of a server that another record (a worker's) names.
 */
function removeRecorded(runs: Array<{ file: string; state: RunState }>): ReapedRun[] {
  const running = runs.map(({ state }) => state.processes.filter(stillRunning).map((p) => p.pid));
  for (const { state } of runs) stopEverything(state);
  return runs.map(({ file, state }, index) => {
    const { keptDirectories } = removeDirectories(state);
    if (keptDirectories.length > 0) {
      const staging = `${file}.reaping`;
      fs.writeFileSync(staging, JSON.stringify({ ...state, processes: [], namespaces: [], directories: keptDirectories }), { mode: 0o600 });
      fs.renameSync(staging, file.replace(/\.tmp$/, ""));
      if (file.endsWith(".tmp")) fs.rmSync(file, { force: true });
    } else {
      fs.rmSync(file, { force: true });
    }
    return { file, owner: state.owner.pid, processes: running[index], namespaces: state.namespaces,
      directories: state.directories.filter((d) => !keptDirectories.includes(d)), kept: keptDirectories };
  });
}

/**
 * Removes what dead runs left, from their state files only: a run whose owner (same pid, start time and
 * boot) still runs is left alone, and so is one from another pid namespace, whose pids mean nothing here.
 */
export function reapDeadRuns(dir = stateDirectory()): ReapedRun[] {
  return removeRecorded(readStates(dir).filter(({ state }) => judgeable(state.owner) && !stillRunning(state.owner)));
}

/**
 * Removes everything recorded under `owner` in `dir`: its own state file and those written for it by
 * other processes (a jest run's workers). What the run that owns them calls when it ends or is signalled.
 */
export function releaseRunsOwnedBy(owner: ProcessIdentity, dir: string): ReapedRun[] {
  const same = (o: ProcessIdentity) => o.pid === owner.pid && o.startTime === owner.startTime && o.bootId === owner.bootId &&
    o.pidNamespace === owner.pidNamespace;
  return removeRecorded(readStates(dir).filter(({ state }) => same(state.owner)));
}

/** One line about what was reaped, for the run's progress output. */
export function describeReaped(runs: readonly ReapedRun[]): string {
  return runs.map((r) => `removed what run ${r.owner} left (${[
    ...r.processes.length ? [`processes ${r.processes.join(", ")}`] : [],
    ...r.namespaces.length ? [`namespaces ${r.namespaces.join(", ")}`] : [],
    ...r.directories.length ? [`directories ${r.directories.join(", ")}`] : [],
  ].join("; ") || "nothing else"})${r.kept.length ? `; kept ${r.kept.join(", ")}: a running process still works there` : ""}`).join("\n");
}

/** The signals that end a run with its cleanup: Ctrl-C, kill, and a closed terminal. */
export const STOP_SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/**
 * Ctrl-C, SIGTERM or SIGHUP at any moment: remove everything the run recorded and exit 130, with one line
 * and no stack. Returns a function that uninstalls the handlers.
 */
export function releaseOnSignal(run: { release(): void }, program: string): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    try {
      process.stderr.write(`${program}: ${signal}: stopping; removing everything this run made\n`);
    } catch {
      // A closed terminal (SIGHUP): the cleanup matters, the line does not.
    }
    run.release();
    process.exit(130);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  return () => {
    for (const signal of STOP_SIGNALS) process.removeListener(signal, onSignal);
  };
}
