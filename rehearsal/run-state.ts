import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { deleteNamespaces } from "./network-namespaces";

/**
 * What one rehearsal run owns, in one state file per run, so that whatever ends the run (Ctrl-C, SIGTERM,
 * kill -9, a crash) the run itself or the next one can remove exactly that, and nothing that merely looks
 * like it: a process is identified by pid plus its start time and the boot id, never by pid alone, and a
 * run whose liveness cannot be judged here (another pid namespace) is left alone.
 */

/** A process as the kernel tells it apart: a pid is reused, a (pid, start time, boot) triple is not. */
export interface ProcessIdentity {
  readonly pid: number;
  /** Field 22 of /proc/PID/stat: clock ticks after boot when the process started. */
  readonly startTime: string;
  readonly bootId: string;
  /** /proc/self/ns/pid of the run: a pid means nothing in another pid namespace. */
  readonly pidNamespace: string;
}

export interface RunState {
  readonly owner: ProcessIdentity;
  /** Process groups the run started (each child leads its own group), killed as groups. */
  readonly processes: ProcessIdentity[];
  readonly directories: string[];
  readonly namespaces: string[];
}

export function bootId(): string {
  try {
    return fs.readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  } catch {
    return "unknown";
  }
}

function pidNamespace(): string {
  try {
    return fs.readlinkSync("/proc/self/ns/pid");
  } catch {
    return "unknown";
  }
}

/** [start time, state] of a pid from /proc, or undefined when there is no such process. */
function procStat(pid: number): { startTime: string; state: string } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0], startTime: fields[19] };
  } catch {
    return undefined;
  }
}

export function identify(pid: number): ProcessIdentity | undefined {
  const stat = procStat(pid);
  return stat ? { pid, startTime: stat.startTime, bootId: bootId(), pidNamespace: pidNamespace() } : undefined;
}

/** Is this exact process still running (not a zombie, not a later process with the same pid)? */
export function stillRunning(identity: ProcessIdentity): boolean {
  if (identity.bootId !== bootId()) return false;
  const stat = procStat(identity.pid);
  return stat !== undefined && stat.startTime === identity.startTime && stat.state !== "Z";
}

/** Can this host judge the identity at all? Not from another pid namespace. */
function judgeable(identity: ProcessIdentity): boolean {
  return identity.pidNamespace === pidNamespace() && identity.pidNamespace !== "unknown";
}

/** One directory per user for the state files: root's runs and a user's never mix. */
export function stateDirectory(tmp = os.tmpdir()): string {
  return path.join(tmp, `checkpoints-rehearsal-runs-${process.getuid?.() ?? "user"}`);
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Kills each process group that is still the one recorded, and waits (briefly) until each is gone. */
function killGroups(processes: readonly ProcessIdentity[]): void {
  const alive = processes.filter(stillRunning);
  for (const p of alive) {
    for (const target of [-p.pid, p.pid]) {
      try {
        process.kill(target, "SIGKILL");
      } catch {
        // Already gone, or not a group leader: the other form covers it.
      }
    }
  }
  const deadline = Date.now() + 5000;
  while (alive.some(stillRunning) && Date.now() < deadline) sleepSync(20);
}

function removeEverything(state: RunState): void {
  killGroups(state.processes);
  deleteNamespaces(state.namespaces);
  for (const dir of state.directories) fs.rmSync(dir, { recursive: true, force: true });
}

/** A run in progress: records what it makes, and removes it all on release() or on a signal. */
export class RehearsalRun {
  readonly file: string;
  private readonly state: { owner: ProcessIdentity; processes: ProcessIdentity[]; directories: string[]; namespaces: string[] };
  private released = false;

  constructor(dir = stateDirectory()) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Without /proc (not Linux) the owner cannot be judged later, so no other run ever reaps this one.
    const owner = identify(process.pid) ?? { pid: process.pid, startTime: "unknown", bootId: "unknown", pidNamespace: "unknown" };
    this.state = { owner, processes: [], directories: [], namespaces: [] };
    this.file = path.join(dir, `run-${process.pid}-${crypto.randomBytes(4).toString("hex")}.json`);
    this.save();
  }

  /** Written to a temporary name and renamed: a reader never sees half a file. */
  private save(): void {
    const staging = `${this.file}.tmp`;
    fs.writeFileSync(staging, JSON.stringify(this.state), { mode: 0o600 });
    fs.renameSync(staging, this.file);
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
    removeEverything(this.state);
    fs.rmSync(this.file, { force: true });
  }
}

export interface ReapedRun {
  readonly file: string;
  readonly owner: number;
  readonly processes: number[];
  readonly directories: string[];
  readonly namespaces: string[];
}

/**
 * Removes what dead runs left, from their state files only: a run whose owner (same pid, start time and
 * boot) still runs is left alone, and so is one from another pid namespace, whose pids mean nothing here.
 */
export function reapDeadRuns(dir = stateDirectory()): ReapedRun[] {
  let files: string[];
  try {
    files = fs.readdirSync(dir).filter((f) => /^run-.*\.json$/.test(f));
  } catch {
    return [];
  }
  const reaped: ReapedRun[] = [];
  for (const name of files) {
    const file = path.join(dir, name);
    let state: RunState;
    try {
      state = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch {
      continue; // Unreadable: not ours to judge, and never guessed at.
    }
    if (!state?.owner || !judgeable(state.owner) || stillRunning(state.owner)) continue;
    const running = state.processes.filter(stillRunning).map((p) => p.pid);
    removeEverything(state);
    fs.rmSync(file, { force: true });
    reaped.push({ file, owner: state.owner.pid, processes: running, directories: state.directories,
      namespaces: state.namespaces });
  }
  return reaped;
}

/** One line about what was reaped, for the run's progress output. */
export function describeReaped(runs: readonly ReapedRun[]): string {
  return runs.map((r) => `removed what run ${r.owner} left (${[
    ...r.processes.length ? [`processes ${r.processes.join(", ")}`] : [],
    ...r.namespaces.length ? [`namespaces ${r.namespaces.join(", ")}`] : [],
    ...r.directories.length ? [`directories ${r.directories.join(", ")}`] : [],
  ].join("; ") || "nothing else"})`).join("\n");
}

/**
 * Ctrl-C or SIGTERM at any moment: remove everything the run recorded and exit 130, with one line and
 * no stack. Returns a function that uninstalls the handlers.
 */
export function releaseOnSignal(run: RehearsalRun, program: string): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`${program}: ${signal}: stopping; removing everything this run made\n`);
    run.release();
    process.exit(130);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return () => {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  };
}
