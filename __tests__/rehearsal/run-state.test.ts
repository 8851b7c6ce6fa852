import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { identify, ProcessIdentity, reapDeadRuns, RehearsalRun, RunState, stillRunning } from "../../rehearsal/run-state";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "run-state-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
let n = 0;
const fresh = (name: string) => fs.mkdtempSync(path.join(work, `${name}-${++n}-`));

/** A state file as a run would have left it. */
function leaveState(dir: string, state: RunState): string {
  const file = path.join(dir, `run-${state.owner.pid}-${++n}.json`);
  fs.writeFileSync(file, JSON.stringify(state));
  return file;
}

const me = identify(process.pid) as ProcessIdentity;
const deadPid = spawnSync(process.execPath, ["-e", "0"]).pid as number;

describe("process identity: pid plus start time plus boot", () => {
  test("this process is running; a dead pid, or this pid with another start time or boot, is not", () => {
    expect(stillRunning(me)).toBe(true);
    expect(stillRunning({ ...me, pid: deadPid })).toBe(false);
    expect(stillRunning({ ...me, startTime: "1" })).toBe(false);
    expect(stillRunning({ ...me, bootId: "another-boot" })).toBe(false);
  });
});

describe("reapDeadRuns removes a dead run's leftovers from its state file, and nothing else", () => {
  test("a dead owner: its directories go, and so does its file", () => {
    const states = fresh("states");
    const left = fresh("left-by-dead-run");
    const file = leaveState(states, { owner: { ...me, pid: deadPid }, processes: [], directories: [left], namespaces: [] });
    const reaped = reapDeadRuns(states);
    expect(reaped.map((r) => r.owner)).toEqual([deadPid]);
    expect(fs.existsSync(left)).toBe(false);
    expect(fs.existsSync(file)).toBe(false);
  });

  test("a live owner (this process) is left alone", () => {
    const states = fresh("states");
    const kept = fresh("live-run");
    const file = leaveState(states, { owner: me, processes: [], directories: [kept], namespaces: [] });
    expect(reapDeadRuns(states)).toEqual([]);
    expect(fs.existsSync(kept) && fs.existsSync(file)).toBe(true);
  });

  test("a run from another pid namespace is never judged: its pid means nothing here", () => {
    const states = fresh("states");
    const kept = fresh("other-container");
    leaveState(states, { owner: { ...me, pid: deadPid, pidNamespace: "pid:[1]" }, processes: [], directories: [kept], namespaces: [] });
    expect(reapDeadRuns(states)).toEqual([]);
    expect(fs.existsSync(kept)).toBe(true);
  });

  test("a recorded pid now used by another process is not killed", () => {
    const states = fresh("states");
    // This process stands in for an unrelated one that reused the pid: same pid, another start time.
    leaveState(states, { owner: { ...me, pid: deadPid }, processes: [{ ...me, startTime: "1" }], directories: [], namespaces: [] });
    expect(reapDeadRuns(states)).toEqual([expect.objectContaining({ processes: [] })]);
    expect(stillRunning(me)).toBe(true);
  });

  test("a run's own release removes what it recorded and its file", () => {
    const states = fresh("states");
    const run = new RehearsalRun(states);
    const made = fresh("made");
    run.directory(made);
    expect(JSON.parse(fs.readFileSync(run.file, "utf8")).directories).toEqual([made]);
    run.release();
    expect(fs.existsSync(made) || fs.existsSync(run.file)).toBe(false);
  });
});
