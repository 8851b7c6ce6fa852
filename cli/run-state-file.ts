import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { identify, ProcessIdentity } from "./process-identity";

/**
 * The state file of one run, shared by every run record (cli/run-record.ts, rehearsal/run-state.ts): its name,
 * its owner, and how it is written.
 */

/** This process, as a record's owner. Without /proc (not Linux) it cannot be judged later, so no other run ever reaps it. */
export function thisProcess(): ProcessIdentity {
  return identify(process.pid) ?? { pid: process.pid, startTime: "unknown", bootId: "unknown", pidNamespace: "unknown" };
}

/** A new run's state file in `dir`: one per run, never shared. */
export function newStateFile(dir: string): string {
  return path.join(dir, `run-${process.pid}-${crypto.randomBytes(4).toString("hex")}.json`);
}

/** Written to a temporary name and renamed: a reader never sees half a file. */
export function writeStateFile(file: string, state: unknown): void {
  const staging = `${file}.tmp`;
  fs.writeFileSync(staging, JSON.stringify(state), { mode: 0o600 });
  fs.renameSync(staging, file);
}
