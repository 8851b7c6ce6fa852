import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SUITE_TMPDIR_ENV } from "./suite-env";

/**
 * A folder of this test run's for what its files compute once and share (synthesized plans, script runs):
 * inside the run's own temp folder, which the suite's global setup makes afresh for every run (`--watch`
 * included, so an edit is never read from an older run's result). None outside such a run, and none under
 * mutation testing, where each run's mutant may change what is computed.
 */
export function runCacheFolder(name: string): string | undefined {
  const runTmp = process.env[SUITE_TMPDIR_ENV];
  if (!runTmp || runTmp !== os.tmpdir()) return undefined;
  if ("__stryker__" in globalThis || process.env.__STRYKER_ACTIVE_MUTANT__ !== undefined) return undefined;
  return path.join(runTmp, name);
}

/** An entry of a run cache folder, named by its key's hash. */
const entryFile = (folder: string, key: string) => path.join(folder, `${crypto.createHash("sha256").update(key).digest("hex")}.json`);

/** What this run cached under `key` in the folder `name`, or undefined (not yet, or no cache here). */
export function readRunCache(name: string, key: string): string | undefined {
  const folder = runCacheFolder(name);
  if (!folder) return undefined;
  try {
    return fs.readFileSync(entryFile(folder, key), "utf8");
  } catch {
    return undefined; // Not computed yet in this run.
  }
}

/** Keeps `text` under `key` for the rest of the run (nothing where there is no cache). */
export function writeRunCache(name: string, key: string, text: string): void {
  const folder = runCacheFolder(name);
  if (!folder) return;
  // Written whole, then renamed: a file reading at the same time sees the whole entry or none.
  fs.mkdirSync(folder, { recursive: true });
  const file = entryFile(folder, key);
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, text);
  fs.renameSync(partial, file);
}
