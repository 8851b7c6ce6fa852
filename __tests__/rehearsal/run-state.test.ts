import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import {
  describeReaped, identify, namespacePids, ProcessIdentity, reapDeadRuns, RehearsalRun, RunState, stateDirectory, stillRunning,
} from "../../rehearsal/run-state";
import { processGroupMembers } from "../../cli/process-identity";
import { sleepSync } from "../../cli/run-record";
import { listNamespaces } from "../../rehearsal/network-namespaces";
import { missingPrerequisites } from "../../rehearsal/network-rehearsal";
import { suiteRecord } from "../support/suite-run";

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
// A pid whose process has ended: `true`, not a Node start (a tenth of a CPU second) for a pid.
const deadPid = spawnSync("true").pid as number;

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

describe("a reaper stops what a dead run started before it deletes anything (issue 24)", () => {
  /** A process of its own (not recorded anywhere), detached, that the test ends itself. */
  const started: number[] = [];
  afterAll(() => { for (const pid of started) { try { process.kill(pid, "SIGKILL"); } catch { /* gone */ } } });
  function sleeper(command: string[], cwd?: string): ProcessIdentity {
    const child = spawn(command[0], command.slice(1), { cwd, detached: true, stdio: "ignore" });
    child.unref();
    started.push(child.pid as number);
    const identity = identify(child.pid as number) as ProcessIdentity;
    return identity;
  }

  test("a folder a live process still works in (a server's data directory) is kept, with its state file", () => {
    const states = fresh("states");
    const left = fresh("data-dir-in-use");
    const user = sleeper(["sleep", "600"], left);
    const file = leaveState(states, { owner: { ...me, pid: deadPid }, processes: [], directories: [left], namespaces: [] });
    const [reaped] = reapDeadRuns(states);
    expect(reaped.kept).toEqual([left]);
    expect(describeReaped([reaped])).toContain(`kept ${left}: a running process still works there`);
    expect(fs.existsSync(left) && fs.existsSync(file)).toBe(true);
    expect(stillRunning(user)).toBe(true);
    // Once nothing works there, the next reaper removes it.
    process.kill(user.pid, "SIGKILL");
    const deadline = Date.now() + 5000;
    while (stillRunning(user) && Date.now() < deadline) sleepSync(20);
    expect(reapDeadRuns(states).map((r) => r.kept)).toEqual([[]]);
    expect(fs.existsSync(left) || fs.existsSync(file)).toBe(false);
  });

  test("a killed server's whole process group is waited for: its children working in the folder are gone, the folder removed", () => {
    const states = fresh("states");
    const dataDir = fresh("server-data");
    // A leader and two children of its group, all working in the folder, as a PostgreSQL and its backends.
    const leader = sleeper(["sh", "-c", "sleep 600 & sleep 600 & wait"], dataDir);
    const deadline = Date.now() + 5000;
    while (processGroupMembers([leader.pid]).length < 3 && Date.now() < deadline) sleepSync(20);
    const members = processGroupMembers([leader.pid]);
    expect(members.map((p) => p.pid)).toContain(leader.pid);
    expect(members).toHaveLength(3);
    expect(processGroupMembers([deadPid])).toEqual([]);
    leaveState(states, { owner: { ...me, pid: deadPid }, processes: [leader], directories: [dataDir], namespaces: [] });
    const [reaped] = reapDeadRuns(states);
    expect(members.filter(stillRunning)).toEqual([]);
    expect(reaped.kept).toEqual([]);
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  test("state files nested in a dead run's folder (a rehearsal a test started) are reaped first", () => {
    const states = fresh("states");
    const suiteFolder = fresh("suite-tmp");
    const nestedStates = path.join(suiteFolder, "rehearsal-test-x", "checkpoints-rehearsal-runs-0");
    fs.mkdirSync(nestedStates, { recursive: true });
    const madeByNested = fresh("made-by-nested-run");
    leaveState(nestedStates, { owner: { ...me, pid: deadPid }, processes: [], directories: [madeByNested], namespaces: [] });
    leaveState(states, { owner: { ...me, pid: deadPid }, processes: [], directories: [suiteFolder], namespaces: [] });
    reapDeadRuns(states);
    expect(fs.existsSync(madeByNested) || fs.existsSync(suiteFolder)).toBe(false);
  });

  test("a folder holding the state of a nested run still alive is kept", () => {
    const states = fresh("states");
    const suiteFolder = fresh("suite-tmp");
    const nestedStates = path.join(suiteFolder, "checkpoints-rehearsal-runs-0");
    fs.mkdirSync(nestedStates);
    leaveState(nestedStates, { owner: me, processes: [], directories: [], namespaces: [] });
    leaveState(states, { owner: { ...me, pid: deadPid }, processes: [], directories: [suiteFolder], namespaces: [] });
    expect(reapDeadRuns(states).map((r) => r.kept)).toEqual([[suiteFolder]]);
    expect(fs.existsSync(suiteFolder)).toBe(true);
  });

  (missingPrerequisites().length === 0 ? test : test.skip)("a process inside a recorded namespace (ip netns exec) is stopped before the namespace goes", () => {
    const states = fresh("states");
    const namespace = `ckpt-rh-reap-${process.pid}`;
    const record = suiteRecord();
    record.namespace(namespace);
    try {
      spawnSync("ip", ["netns", "add", namespace]);
      const inside = sleeper(["ip", "netns", "exec", namespace, "sleep", "600"]);
      const deadline = Date.now() + 5000;
      while (namespacePids(namespace).length === 0 && Date.now() < deadline) sleepSync(20);
      expect(namespacePids(namespace)).toEqual([inside.pid]);
      leaveState(states, { owner: { ...me, pid: deadPid }, processes: [], directories: [], namespaces: [namespace] });
      reapDeadRuns(states);
      expect(stillRunning(inside)).toBe(false);
      expect(listNamespaces()).not.toContain(namespace);
    } finally {
      record.release();
    }
  });
});

describe("the state directory is made in TMPDIR, which is never created", () => {
  test("a TMPDIR that does not exist is named, and stays missing", () => {
    const missingTmp = path.join(fresh("parent"), "nonexistent");
    expect(() => new RehearsalRun(stateDirectory(missingTmp))).toThrow(
      `the temp folder ${missingTmp} does not exist (TMPDIR=${process.env.TMPDIR}): point TMPDIR at an existing folder, or unset it to use /tmp`);
    expect(fs.existsSync(missingTmp)).toBe(false);
  });
});

test("SIGHUP (a closed terminal) releases a run as SIGINT and SIGTERM do", () => {
  const states = fresh("states");
  const made = fresh("made-before-hangup");
  const child = spawnSync(process.execPath, [path.join(__dirname, "..", "..", "tools", "run-ts.cjs"),
    path.join(__dirname, "..", "fixtures", "run-state-hangup.ts"), states, made], { encoding: "utf8", timeout: 20000 });
  expect({ status: child.status, stderr: child.stderr }).toEqual({ status: 130,
    stderr: "run-state-hangup: SIGHUP: stopping; removing everything this run made\n" });
  expect(fs.existsSync(made)).toBe(false);
  expect(fs.readdirSync(states)).toEqual([]);
});
