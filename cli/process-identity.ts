import * as fs from "node:fs";

/**
 * A process told apart as the kernel tells it: by pid plus its start time and the boot id, never by pid alone,
 * and only where its pid namespace is this one. What every run record (cli/run-record.ts, rehearsal/run-state.ts)
 * uses to decide whether the run that wrote it is still alive.
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
function procStat(pid: number): { startTime: string; state: string; processGroup: number } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0], startTime: fields[19], processGroup: Number(fields[2]) };
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
export function judgeable(identity: ProcessIdentity): boolean {
  return identity.pidNamespace === pidNamespace() && identity.pidNamespace !== "unknown";
}

/**
 * Every process now in one of these process groups (field 5 of /proc/PID/stat), leaders included: what a
 * SIGKILL to the groups ends, to wait for. A killed server's leader can be gone while its children (a
 * PostgreSQL's backends) are still exiting, their working directory still the data directory.
 */
export function processGroupMembers(groups: readonly number[]): ProcessIdentity[] {
  if (groups.length === 0) return [];
  const wanted = new Set(groups);
  return allPids().filter((pid) => { const stat = procStat(pid); return stat !== undefined && wanted.has(stat.processGroup); })
    .map(identify).filter((p): p is ProcessIdentity => p !== undefined);
}

/** Every process of this host's pid namespace: pids read from /proc. */
export function allPids(): number[] {
  try {
    return fs.readdirSync("/proc").filter((e) => /^\d+$/.test(e)).map(Number);
  } catch {
    return [];
  }
}

/** The parent pid of a process (field 4 of /proc/PID/stat), or undefined when there is no such process. */
function parentPid(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

/** Every process below `pid` (children, their children...), as identities: a snapshot to signal and wait on. */
export function descendants(pid: number): ProcessIdentity[] {
  const children = new Map<number, number[]>();
  for (const p of allPids()) {
    const parent = parentPid(p);
    if (parent !== undefined) children.set(parent, [...children.get(parent) ?? [], p]);
  }
  const found: number[] = [];
  for (let queue = [...children.get(pid) ?? []]; queue.length > 0;) {
    const next = queue.shift() as number;
    found.push(next);
    queue.push(...children.get(next) ?? []);
  }
  return found.map(identify).filter((p): p is ProcessIdentity => p !== undefined);
}
