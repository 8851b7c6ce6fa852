import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/** A tmpfs every Linux has (glibc's shm_open needs it); PostgreSQL's own shared memory segments live there. */
const MEMORY_DIR = "/dev/shm";
/** Room left for the servers a run holds at once (about 45 MB each, a dozen at most) and everyone else. */
const MIN_FREE_BYTES = 1024 * 1024 * 1024;

/**
 * A folder for test servers' data (startLocalPostgres's tempDir), in memory where the machine has a tmpfs
 * at /dev/shm with room: a server's start creates about 2,200 files (the initdb template's copy, and each
 * CREATE DATABASE's copy of template1), and creating them on this machine's ext4 took about 0.7 CPU s a
 * server (kernel time finding free inodes among recently deleted ones) against under 0.1 on tmpfs (issue 26,
 * docs/benchmarks.md). The servers are throwaway (fsync=off): where their files live changes nothing a
 * client sees. Recorded in `run` before it exists, so the run's end, a signal, or the next run removes it;
 * undefined (the caller's default, the run's temp folder) where there is no such tmpfs or too little room.
 */
export function serverTempDir(run: { directory(dir: string): void }): string | undefined {
  try {
    const stats = fs.statfsSync(MEMORY_DIR);
    if (stats.bavail * stats.bsize < MIN_FREE_BYTES) return undefined;
    const dir = path.join(MEMORY_DIR, `checkpoints-test-pg-${crypto.randomBytes(6).toString("hex")}`);
    run.directory(dir);
    fs.mkdirSync(dir, { mode: 0o700 });
    // World-traversable: as root, the test PostgreSQL runs as nobody and must reach its directory in here.
    fs.chmodSync(dir, 0o755);
    return dir;
  } catch {
    return undefined;
  }
}
