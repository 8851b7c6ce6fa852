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
 * process, no folder in its TMPDIR, no state file.
 */
const tmpDirs: string[] = [];
afterAll(() => { for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true }); });

const missing = missingPrerequisites();
const server = liveServer();
const reason = missing.length > 0 ? `needs ${missing.join(", ")}` : !server.available ? server.reason : undefined;
if (reason) console.warn(`interrupted suite tests skipped: ${reason}`);
const describeRoot = reason ? describe.skip : describe;

const READY = ["jest-process-server", "worker-server-in-namespace", "worker-namespace"];

interface FixtureRun { readonly pid: number; readonly exit: Promise<{ code: number | null; signal: string | null }>; readonly stderr: () => string }

/** Starts the fixture run in its own process group, with TMPDIR its own and none of this run's variables. */
function startFixtureRun(tmp: string, ready: string, args: string[] = [], env: Record<string, string> = {}): FixtureRun {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(CKPT_TEST_|JEST_WORKER_ID$)/.test(name)));
  const child = spawn(process.execPath, [path.join(projectRoot, "node_modules", "jest", "bin", "jest.js"),
    "--config", path.join(projectRoot, "__tests__", "fixtures", "suite-run", "jest.config.js"),
    "--cacheDirectory", path.join(tmp, "jest-cache"), "--ci", ...args],
  { cwd: projectRoot, detached: true, stdio: ["ignore", "ignore", "pipe"],
    env: { ...inherited, TMPDIR: tmp, CKPT_FIXTURE_READY_DIR: ready, ...env } });
  let stderr = "";
  child.stderr?.on("data", (d) => { stderr += d; });
  const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal })));
  return { pid: child.pid as number, exit, stderr: () => stderr };
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

/** A fresh TMPDIR with the initdb template linked in (no initdb: the run copies it), and a folder for the markers. */
function fixtureFolders(): { tmp: string; ready: string } {
  const tmp = privateTmpWithTemplate(tmpDirs, (server as AvailableServer).template);
  return { tmp, ready: privateTmp(tmpDirs) };
}

function expectNothingLeft(tmp: string, owned: ReturnType<typeof recorded>, started: ProcessIdentity[]): void {
  expect(listNamespaces().filter((n) => owned.namespaces.includes(n))).toEqual([]);
  expect([...owned.processes, ...started].filter(stillRunning)).toEqual([]);
  expect(owned.directories.filter((d) => fs.existsSync(d))).toEqual([]);
  // Everything but the initdb template (a cache) and jest's own cache folder, given on its command line.
  expect(leftovers(tmp).filter((e) => e !== "jest-cache")).toEqual([]);
}

describeRoot("an interrupted test run leaves nothing behind (a real jest run)", () => {
  // Ctrl-C reaches every process of the group; a SIGHUP (or SIGTERM) sent to jest alone reaches no worker,
  // so there the jest process stops its workers itself.
  test.each([
    ["Ctrl-C (SIGINT to its process group)", "SIGINT", true],
    ["SIGHUP to the jest process alone", "SIGHUP", false],
  ] as const)("%s once its servers and namespaces exist: everything removed, exit 130", async (_name, signal, group) => {
    const { tmp, ready } = fixtureFolders();
    const run = startFixtureRun(tmp, ready);
    await allReady(ready, run);
    const owned = recorded(tmp);
    const started = descendants(run.pid);
    expect(owned.namespaces).toHaveLength(2);
    expect(owned.processes.filter(isPostgresServer)).toHaveLength(2);
    expect(owned.owners).toEqual([run.pid]); // the workers' records are the jest process's
    process.kill(group ? -run.pid : run.pid, signal);
    const exit = await run.exit;
    expect({ exit, stderr: run.stderr() }).toMatchObject({ exit: { code: 130 },
      stderr: expect.stringContaining(`jest: ${signal}: stopping; removing everything this test run made`) });
    expectNothingLeft(tmp, owned, started);
  });

  test("kill -9 of the whole run: the next run removes the servers, namespaces and folders it left", async () => {
    const { tmp, ready } = fixtureFolders();
    const run = startFixtureRun(tmp, ready);
    await allReady(ready, run);
    const owned = recorded(tmp);
    process.kill(-run.pid, "SIGKILL");
    await run.exit;
    // What a kill -9 leaves: the servers (each leads its own process group) and the namespaces.
    expect(owned.processes.filter(stillRunning).length).toBeGreaterThanOrEqual(2);
    expect(listNamespaces().filter((n) => owned.namespaces.includes(n))).toHaveLength(2);

    const next = startFixtureRun(tmp, ready, ["/namespace\\.fixture\\.ts$"], { CKPT_FIXTURE_ONLY_REAP: "1" });
    expect(await next.exit).toEqual({ code: 0, signal: null });
    expect(next.stderr()).toContain(`removed what run ${run.pid} left (processes `);
    expectNothingLeft(tmp, owned, []);
  });
});
