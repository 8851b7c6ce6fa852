import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  descendants, describeReaped, identify, ProcessIdentity, reapDeadRuns, RehearsalRun, releaseRunsOwnedBy, stateDirectory,
  stillRunning, STOP_SIGNALS,
} from "../../rehearsal/run-state";

/**
 * The test suite's own resources follow the rehearsals' rule (rehearsal/run-state.ts): everything a run
 * makes (its temp folder, servers, network namespaces, the workers' own) is recorded in state files owned
 * by the jest process that runs the suite; that process removes it all when the run ends or on SIGINT,
 * SIGTERM or SIGHUP (its workers are stopped first), and the next run (suite or rehearsal) reaps it from
 * the files when that process died by kill -9.
 */

/** The jest process's identity (JSON) and its state directory, for the workers it starts. */
const OWNER_ENV = "CKPT_TEST_SUITE_OWNER";
const STATES_ENV = "CKPT_TEST_SUITE_STATES";
import { OUTER_TMPDIR_ENV, SUITE_TMPDIR_ENV } from "./suite-env";
import { sleepSync } from "../../cli/run-record";

export { OUTER_TMPDIR_ENV, SUITE_TMPDIR_ENV };

interface SuiteRun {
  readonly owner: ProcessIdentity;
  readonly states: string;
  readonly run: RehearsalRun;
}

const KEY = "__checkpointsSuiteRun";
const held = globalThis as { [KEY]?: SuiteRun };

/** How long the run's children (a test's rehearsal, cleaning up after its own signal) get before SIGKILL. */
const CHILDREN_GRACE_MS = 5000;

/** Every process the run started: SIGTERM (a rehearsal then removes what it made), then SIGKILL. */
function stopChildren(): void {
  const started = descendants(process.pid);
  for (const signal of ["SIGTERM", "SIGKILL"] as const) {
    for (const p of started.filter(stillRunning)) {
      try { process.kill(p.pid, signal); } catch { /* gone */ }
    }
    const deadline = Date.now() + CHILDREN_GRACE_MS;
    while (started.some(stillRunning) && Date.now() < deadline) sleepSync(20);
  }
}

/** Removes everything recorded under the run: its own file and every worker's. */
function releaseAll(suite: SuiteRun): void {
  const kept = releaseRunsOwnedBy(suite.owner, suite.states).flatMap((r) => r.kept);
  if (kept.length > 0) console.warn(`kept ${kept.join(", ")}: a running process still works there; the next run retries`);
}

/**
 * Opens the run's record in the jest process (the global setup; idempotent): reaps what dead runs left,
 * installs the signal handlers, then makes the run's temp folder, recorded before it exists.
 */
export function openSuiteRun(): SuiteRun {
  const open = held[KEY];
  if (open) return open;
  const outer = process.env[OUTER_TMPDIR_ENV] || os.tmpdir();
  const states = stateDirectory(outer);
  const run = new RehearsalRun(states);
  const owner = identify(process.pid) ?? JSON.parse(fs.readFileSync(run.file, "utf8")).owner;
  const suite: SuiteRun = { owner, states, run };
  held[KEY] = suite;
  const onSignal = (signal: NodeJS.Signals) => {
    try {
      process.stderr.write(`\njest: ${signal}: stopping; removing everything this test run made\n`);
    } catch {
      // A closed terminal (SIGHUP): the cleanup matters, the line does not.
    }
    stopChildren();
    releaseAll(suite);
    process.exit(130);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);

  const reaped = reapDeadRuns(states);
  if (reaped.length > 0) console.warn(describeReaped(reaped));
  const tmpdir = path.join(outer, `checkpoints-test-run-${crypto.randomBytes(4).toString("hex")}`);
  run.directory(tmpdir);
  fs.mkdirSync(tmpdir, { mode: 0o700 });
  // World-traversable: as root, the test PostgreSQL runs as nobody and must reach its directory in here.
  fs.chmodSync(tmpdir, 0o755);
  Object.assign(process.env, { [OWNER_ENV]: JSON.stringify(owner), [STATES_ENV]: states, [SUITE_TMPDIR_ENV]: tmpdir,
    [OUTER_TMPDIR_ENV]: outer, TMPDIR: tmpdir });
  return suite;
}

/** The end of the run (the global teardown): everything recorded under it goes. */
export function closeSuiteRun(): void {
  const suite = held[KEY];
  if (!suite) return;
  releaseAll(suite);
  delete held[KEY];
}

/**
 * A record for what one test file makes (servers, namespaces), in a worker or the jest process: owned by
 * the jest process, so that its signal handler, its teardown or the next run removes it. release() it in
 * the file's afterAll.
 */
export function suiteRecord(): RehearsalRun {
  const owner = process.env[OWNER_ENV];
  const states = process.env[STATES_ENV];
  if (!owner || !states) throw new Error("the suite's global setup did not run (__tests__/support/suite-run.ts)");
  return new RehearsalRun(states, JSON.parse(owner) as ProcessIdentity);
}
