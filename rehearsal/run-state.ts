import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { identify, killProcessGroups, ProcessIdentity, reapDeadRuns as reapDeadRunRecords, RunRecord, stillRunning } from "../cli/run-record";
import { deleteNamespaces } from "./network-namespaces";

/**
 * What one rehearsal run owns: the process groups it started, its folders and its network namespaces,
 * recorded and reaped the way cli/run-record.ts records any tool's run (pid plus start time plus boot,
 * never a pid alone; a run from another pid namespace is never judged).
 */
export { bootId, identify, stillRunning, releaseOnSignal } from "../cli/run-record";
export type { ProcessIdentity } from "../cli/run-record";

export interface RunState {
  readonly owner: ProcessIdentity;
  /** Process groups the run started (each child leads its own group), killed as groups. */
  readonly processes: ProcessIdentity[];
  readonly directories: string[];
  readonly namespaces: string[];
}

type Owned = Omit<RunState, "owner">;

/** One directory per user for the state files: root's runs and a user's never mix. */
export function stateDirectory(tmp = os.tmpdir()): string {
  return path.join(tmp, `checkpoints-rehearsal-runs-${process.getuid?.() ?? "user"}`);
}

function removeEverything(state: Owned): void {
  killProcessGroups(state.processes);
  deleteNamespaces(state.namespaces);
  for (const dir of state.directories) fs.rmSync(dir, { recursive: true, force: true });
}

/** A run in progress: records what it makes, and removes it all on release() or on a signal. */
export class RehearsalRun {
  private readonly record: RunRecord<Owned>;

  constructor(dir = stateDirectory()) {
    this.record = new RunRecord<Owned>(dir, { processes: [], directories: [], namespaces: [] }, removeEverything);
  }

  get file(): string {
    return this.record.file;
  }

  /** A directory the run made (or is about to make). */
  directory(dir: string): void {
    this.record.record((s) => s.directories.push(dir));
  }

  /** A namespace the run is about to create: recorded first, so no instant exists when it is unrecorded. */
  namespace(name: string): void {
    this.record.record((s) => s.namespaces.push(name));
  }

  /** A process the run started (in its own process group, so the group is killed with it). */
  process(pid: number | undefined): void {
    const identity = pid === undefined ? undefined : identify(pid);
    if (identity) this.record.record((s) => s.processes.push(identity));
  }

  /** Removes everything the run recorded and its state file. Synchronous, so a signal handler can use it. */
  release(): void {
    this.record.release();
  }
}

export interface ReapedRun {
  readonly file: string;
  readonly owner: number;
  readonly processes: number[];
  readonly directories: string[];
  readonly namespaces: string[];
}

/** Removes what dead rehearsal runs left (cli/run-record.ts reapDeadRuns decides which runs are dead). */
export function reapDeadRuns(dir = stateDirectory()): ReapedRun[] {
  return reapDeadRunRecords<Owned, ReapedRun>(dir, (state, file) => {
    const running = state.processes.filter(stillRunning).map((p) => p.pid);
    removeEverything(state);
    return { file, owner: state.owner.pid, processes: running, directories: state.directories, namespaces: state.namespaces };
  });
}

/** One line about what was reaped, for the run's progress output. */
export function describeReaped(runs: readonly ReapedRun[]): string {
  return runs.map((r) => `removed what run ${r.owner} left (${[
    ...r.processes.length ? [`processes ${r.processes.join(", ")}`] : [],
    ...r.namespaces.length ? [`namespaces ${r.namespaces.join(", ")}`] : [],
    ...r.directories.length ? [`directories ${r.directories.join(", ")}`] : [],
  ].join("; ") || "nothing else"})`).join("\n");
}
