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
