import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RunState } from "../../rehearsal/run-state";
import { OUTER_TMPDIR_ENV, SUITE_TMPDIR_ENV } from "../support/suite-run";

test("this run's temporary files go to a directory of its own", () => {
  expect(path.basename(os.tmpdir())).toMatch(/^checkpoints-test-run-/);
  expect(process.env[SUITE_TMPDIR_ENV]).toBe(os.tmpdir());
});

test("the directory is recorded in a state file outside it, owned by the jest process, for a signal or the next run", () => {
  const states = path.join(process.env[OUTER_TMPDIR_ENV] as string, `checkpoints-rehearsal-runs-${process.getuid?.() ?? "user"}`);
  const records = fs.readdirSync(states).filter((f) => f.endsWith(".json"))
    .map((f) => { try { return JSON.parse(fs.readFileSync(path.join(states, f), "utf8")) as RunState; } catch { return undefined; } });
  const own = records.find((r) => r?.directories.includes(os.tmpdir()));
  // In a jest-worker child, the owner is jest's own process (this one's parent); with --runInBand, or in
  // Stryker's test runner (npm run mutate: jest in band in a child of Stryker's), this process.
  const inJestWorker = /[\\/]jest-worker[\\/]/.test(process.argv[1] ?? "");
  expect(own?.owner.pid).toBe(inJestWorker ? process.ppid : process.pid);
});
