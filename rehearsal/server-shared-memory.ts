import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The System V shared memory segment of a PostgreSQL server that was killed (SIGKILL: a reaper, this
 * process's exit, kill -9) instead of shut down. A server removes its segment when it shuts down; a killed
 * one leaves it, and since every test or rehearsal server has a data folder of its own (so a key of its
 * own), no later server reuses it: each such kill kept one segment until the machine ran out (shmmni).
 *
 * The segment is named in the data folder's postmaster.pid, line 7: "key shmid" (PostgreSQL 15,
 * src/include/utils/pidfile.h, LOCK_FILE_LINE_SHMEM_KEY 7; written by src/backend/port/sysv_shmem.c
 * PGSharedMemoryCreate). Its dynamic shared memory is kept out of /dev/shm altogether
 * (dynamic_shared_memory_type=mmap: files in the data folder's pg_dynshmem, removed with it).
 */
export interface ServerSegment {
  readonly key: number;
  readonly shmid: number;
}

const PID_FILE_SHMEM_LINE = 7;

/** The segment a data folder's postmaster.pid names, if it names one. */
export function segmentOf(dataDir: string): ServerSegment | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8");
  } catch {
    return undefined;
  }
  const fields = (text.split("\n")[PID_FILE_SHMEM_LINE - 1] ?? "").trim().split(/\s+/).map(Number);
  if (fields.length !== 2 || !fields.every((n) => Number.isInteger(n) && n >= 0)) return undefined;
  return { key: fields[0], shmid: fields[1] };
}

/** Attached processes of the segment with this key and id (/proc/sysvipc/shm), or undefined when there is none. */
export function attachedCount(segment: ServerSegment): number | undefined {
  let rows: string[];
  try {
    rows = fs.readFileSync("/proc/sysvipc/shm", "utf8").split("\n").slice(1);
  } catch {
    return undefined;
  }
  for (const row of rows) {
    // key shmid perms size cpid lpid nattch ...
    const [key, shmid, , , , , nattch] = row.trim().split(/\s+/).map(Number);
    if (key === segment.key && shmid === segment.shmid) return nattch;
  }
  return undefined;
}

/** The data folders under `dir` (itself, or up to two levels below: a server's folder holds data/). */
function dataFoldersIn(dir: string, depth = 2): string[] {
  if (fs.existsSync(path.join(dir, "postmaster.pid"))) return [dir];
  if (depth === 0) return [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.filter((e) => e.isDirectory() && !e.isSymbolicLink()).flatMap((e) => dataFoldersIn(path.join(dir, e.name), depth - 1));
}

/**
 * Removes the segments that data folders under `dir` name and that no process holds any more (a running
 * server stays attached: its segment is kept). Call it after the servers are gone and before the folder
 * is removed. Returns the segments removed.
 */
export function releaseOrphanedSegments(dir: string): ServerSegment[] {
  const released: ServerSegment[] = [];
  for (const dataDir of dataFoldersIn(dir)) {
    const segment = segmentOf(dataDir);
    if (!segment || attachedCount(segment) !== 0) continue;
    // By id, after checking the key beside it: an id alone could by now be another program's segment.
    const removal = spawnSync("ipcrm", ["-m", String(segment.shmid)], { stdio: "ignore" });
    if (removal.status === 0) released.push(segment);
  }
  return released;
}
