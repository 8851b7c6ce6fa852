import * as fs from "node:fs";
import * as path from "node:path";
import { spawn } from "node:child_process";
import { listNamespaces } from "../../rehearsal/network-namespaces";
import { missingPrerequisites } from "../../rehearsal/network-rehearsal";
import { descendants, ProcessIdentity, RunState, stateDirectory, stillRunning } from "../../rehearsal/run-state";
import { isPostgresServer, leftovers, privateTmp, privateTmpWithTemplate, projectRoot } from "../support/rehearsal-runs";
import { AvailableServer, liveServer } from "./live-server";

/**
 * A real, small jest run (__tests__/fixtures/suite-run: the suite's own set-up and teardown, a server in
 * the jest process, a server inside a network namespace and a bare namespace in two workers), stopped
 * once all of it exists: by Ctrl-C (SIGINT to its process group) it removes everything itself; killed
 * with kill -9, the next run removes it from the record. Nothing is left either way: no namespace, no
 * process, no folder in its TMPDIR, no state file. The run after the killed one is the Ctrl-C case's
 * run: three jest runs in all, not four.
 */
const tmpDirs: string[] = [];
afterAll(() => { for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true }); });

const missing = missingPrerequisites();
const server = liveServer();
const reason = missing.length > 0 ? `needs ${missing.join(", ")}` : !server.available ? server.reason : undefined;
if (reason) console.warn(`interrupted suite tests skipped: ${reason}`);
const describeRoot = reason ? describe.skip : describe;

const READY = ["jest-process-server", "worker-server-in-namespace", "worker-namespace"];

interface FixtureRun {
  readonly pid: number;
  readonly exit: Promise<{ code: number | null; signal: string | null }>;
  readonly ended: () => boolean;
  readonly stderr: () => string;
}

/**
 * One jest cache for the file's fixture runs, outside their TMPDIRs: the later runs reuse the first's
 * transforms (about 0.2 CPU s a run), and a TMPDIR holds only what the run itself made.
 */
let sharedJestCache: string | undefined;
const jestCache = () => (sharedJestCache ??= privateTmp(tmpDirs));

/** Starts the fixture run in its own process group, with TMPDIR its own and none of this run's variables. */
function startFixtureRun(tmp: string, ready: string): FixtureRun {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(CKPT_TEST_|JEST_WORKER_ID$)/.test(name)));
  const child = spawn(process.execPath, [path.join(projectRoot, "node_modules", "jest", "bin", "jest.js"),
    "--config", path.join(projectRoot, "__tests__", "fixtures", "suite-run", "jest.config.js"),
    "--cacheDirectory", jestCache(), "--ci"],
  { cwd: projectRoot, detached: true, stdio: ["ignore", "ignore", "pipe"],
    env: { ...inherited, TMPDIR: tmp, CKPT_FIXTURE_READY_DIR: ready } });
  let stderr = "";
  child.stderr?.on("data", (d) => { stderr += d; });
  let ended = false;
  const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on("close", (code, signal) => { ended = true; resolve({ code, signal }); }));
  return { pid: child.pid as number, exit, ended: () => ended, stderr: () => stderr };
}

/** Polls until every fixture has said it is ready; fails with the run's output if it ends first. */
async function allReady(ready: string, run: FixtureRun): Promise<void> {
  let ended = false;
  run.exit.then(() => { ended = true; });
  const deadline = Date.now() + 90000;
  while (!READY.every((name) => fs.existsSync(path.join(ready, name)))) {
    if (ended || Date.now() > deadline) throw new Error(`the fixture run never got ready:\n${run.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every record in the run's state directory, merged: what the run owns at this moment. */
function recorded(tmp: string): { processes: ProcessIdentity[]; namespaces: string[]; directories: string[]; owners: number[] } {
  const dir = stateDirectory(tmp);
  const states = fs.readdirSync(dir).filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as RunState);
  return { processes: states.flatMap((s) => s.processes), namespaces: states.flatMap((s) => s.namespaces),
    directories: states.flatMap((s) => s.directories), owners: [...new Set(states.map((s) => s.owner.pid))] };
}

/** A fresh TMPDIR with the initdb template linked in (no initdb: the run copies it). */
function fixtureTmp(): string {
  return privateTmpWithTemplate(tmpDirs, (server as AvailableServer).template);
}

function expectNothingLeft(tmp: string, owned: ReturnType<typeof recorded>, started: ProcessIdentity[]): void {
  expect(listNamespaces().filter((n) => owned.namespaces.includes(n))).toEqual([]);
  expect([...owned.processes, ...started].filter(stillRunning)).toEqual([]);
  expect(owned.directories.filter((d) => fs.existsSync(d))).toEqual([]);
  // Everything but the initdb template (a cache).
  expect(leftovers(tmp)).toEqual([]);
}

/** A fixture run in `tmp`, once every fixture has said it is ready (in a folder of its own for the markers). */
async function readyFixtureRun(tmp: string): Promise<FixtureRun> {
  const ready = privateTmp(tmpDirs);
  const run = startFixtureRun(tmp, ready);
  await allReady(ready, run);
  return run;
}

describeRoot("an interrupted test run leaves nothing behind (a real jest run)", () => {
  /**
   * A run killed with kill -9 once everything exists, what it left then, and the next run in the same
   * TMPDIR, once ready: its global set-up reaped the dead run before its own fixtures started. That next
   * run is the Ctrl-C case's. Started by whichever of the two tests comes first.
   */
  let chain: Promise<{ tmp: string; killed: FixtureRun; owned: ReturnType<typeof recorded>; runningAfterKill: ProcessIdentity[];
    namespacesAfterKill: string[]; next: FixtureRun; runningAfterNext: ProcessIdentity[]; namespacesAfterNext: string[];
    directoriesAfterNext: string[]; ownersAfterNext: number[]; strayAfterNext: string[] }> | undefined;
  const killedThenNext = () => (chain ??= (async () => {
    const tmp = fixtureTmp();
    const killed = await readyFixtureRun(tmp);
    const owned = recorded(tmp);
    process.kill(-killed.pid, "SIGKILL");
    await killed.exit;
    const runningAfterKill = owned.processes.filter(stillRunning);
    const namespacesAfterKill = listNamespaces().filter((n) => owned.namespaces.includes(n));
    const next = await readyFixtureRun(tmp);
    const nextOwned = recorded(tmp);
    // In the TMPDIR beside the next run's own (its folders and state files): what the dead run left.
    const states = path.basename(stateDirectory(tmp));
    const strayAfterNext = leftovers(tmp).filter((e) => !e.startsWith(`${states}/`) &&
      !nextOwned.directories.some((d) => path.relative(tmp, d) === e));
    return { tmp, killed, owned, runningAfterKill, namespacesAfterKill, next,
      runningAfterNext: owned.processes.filter(stillRunning),
      namespacesAfterNext: listNamespaces().filter((n) => owned.namespaces.includes(n)),
      directoriesAfterNext: owned.directories.filter((d) => fs.existsSync(d)), ownersAfterNext: nextOwned.owners, strayAfterNext };
  })());
  afterAll(async () => {
    // Stopped here only when the Ctrl-C case did not stop it (it failed first, or was filtered out).
    const next = (await chain?.catch(() => undefined))?.next;
    if (next && !next.ended()) {
      process.kill(-next.pid, "SIGINT");
      await next.exit;
    }
  });
  const freshRun = async () => {
    const tmp = fixtureTmp();
    return { tmp, run: await readyFixtureRun(tmp) };
  };

  // Ctrl-C reaches every process of the group; a SIGHUP (or SIGTERM) sent to jest alone reaches no worker,
  // so there the jest process stops its workers itself.
  test.each([
    ["Ctrl-C (SIGINT to its process group)", "SIGINT", true],
    ["SIGHUP to the jest process alone", "SIGHUP", false],
  ] as const)("%s once its servers and namespaces exist: everything removed, exit 130", async (_name, signal, group) => {
    const { tmp, run } = signal === "SIGINT" ? await killedThenNext().then(({ tmp, next }) => ({ tmp, run: next })) : await freshRun();
    const owned = recorded(tmp);
    const started = descendants(run.pid);
    expect(owned.namespaces).toHaveLength(2);
    expect(owned.processes.filter(isPostgresServer)).toHaveLength(2);
    // The workers' records are the jest process's (and after a kill -9, no record of the dead run is left).
    expect(owned.owners).toEqual([run.pid]);
    process.kill(group ? -run.pid : run.pid, signal);
    const exit = await run.exit;
    expect({ exit, stderr: run.stderr() }).toMatchObject({ exit: { code: 130 },
      stderr: expect.stringContaining(`jest: ${signal}: stopping; removing everything this test run made`) });
    expectNothingLeft(tmp, owned, started);
  });

  test("kill -9 of the whole run: the next run removes the servers, namespaces and folders it left", async () => {
    const { killed, owned, runningAfterKill, namespacesAfterKill, next, runningAfterNext, namespacesAfterNext, directoriesAfterNext,
      ownersAfterNext, strayAfterNext } = await killedThenNext();
    // What a kill -9 leaves: the servers (each leads its own process group) and the namespaces.
    expect(runningAfterKill.length).toBeGreaterThanOrEqual(2);
    expect(namespacesAfterKill).toHaveLength(2);
    expect(owned.owners).toEqual([killed.pid]);

    // The next run's set-up reaped them before its own fixtures started; the Ctrl-C case above checks that
    // the TMPDIR is left empty (no folder, no state file of either run) once that run is stopped.
    expect(next.stderr()).toContain(`removed what run ${killed.pid} left (processes `);
    expect(runningAfterNext).toEqual([]);
    expect(namespacesAfterNext).toEqual([]);
    expect(directoriesAfterNext).toEqual([]);
    expect(ownersAfterNext).toEqual([next.pid]); // the dead run's state files are gone
    expect(strayAfterNext).toEqual([]);
  });
});
