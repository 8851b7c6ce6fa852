import * as fs from "node:fs";
import { liveServer } from "./live-server";
import { runProcess } from "../support/run-process";
import { identify, ProcessIdentity, stillRunning } from "../../rehearsal/run-state";
import { leftovers, privateTmp as privateTmpIn, privateTmpWithTemplate, projectRoot, runState, scriptCommand,
  startRehearsal as startIn } from "../support/rehearsal-runs";

const info = liveServer();
const describeLive = info.available ? describe : describe.skip;
const tmpDirs: string[] = [];
afterAll(() => { for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true }); });
const privateTmp = () => privateTmpIn(tmpDirs);
// With the machine's initdb template in place, as after any first rehearsal: a run's processes are then
// the single-user set-up (1), the server (2) and the probe (3). Only the initdb case starts without it.
const tmpWithTemplate = () => privateTmpWithTemplate(tmpDirs, info.available ? info.template : "");
const SERVER_STARTED = 2;
const startRehearsal = (tmp: string) => startIn("rehearse.ts", [], tmp);
const recordedProcesses = async (tmp: string, count: number, run: ReturnType<typeof startRehearsal>) =>
  (await runState(tmp, (state) => state.processes.length >= count, undefined, run)).processes;

/** `npm run rehearse -- ARGS`, as npm runs it (npm itself is every-script.test.ts's to check). */
const rehearse = (args: string[], tmp: string, env: Record<string, string> = {}) =>
  runProcess(...scriptCommand("rehearse", args), { cwd: projectRoot, env: { ...process.env, TMPDIR: tmp, ...env } });

// Each case has a TMPDIR of its own (the reaping case and the plain run share one run), so they all run at
// once (test.concurrent): most of their time is spent waiting on child processes, and none blocks the worker.
test.concurrent("npm run rehearse -- --help prints the usage and does nothing else", async () => {
  const tmp = privateTmp();
  const run = await rehearse(["--help"], tmp);
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
  expect(run.stdout).toMatch(/^Usage: npm run rehearse\n/);
  expect(leftovers(tmp)).toEqual([]);
});

describeLive("npm run rehearse", () => {
  /**
   * A run killed with kill -9 once its server is up, then a whole run in the same TMPDIR: the run both the
   * plain rehearsal test and the reaping test look at (one server start and one probe fewer than a run
   * each). Started by whichever of the two tests comes first.
   */
  let killedThenRerun: Promise<{ tmp: string; postgres: ProcessIdentity; owner: ProcessIdentity; serverRanAfterKill: boolean;
    leftAfterKill: string[]; rerun: Awaited<ReturnType<typeof rehearse>> }> | undefined;
  const killedThenNext = () => (killedThenRerun ??= (async () => {
    const tmp = tmpWithTemplate();
    const killed = startRehearsal(tmp);
    const postgres = (await recordedProcesses(tmp, SERVER_STARTED, killed))[SERVER_STARTED - 1];
    const owner = identify(killed.child.pid as number) as ProcessIdentity;
    killed.child.kill("SIGKILL");
    await killed.exit;
    const serverRanAfterKill = stillRunning(postgres);
    const leftAfterKill = leftovers(tmp);
    const rerun = await rehearse([], tmp, { CI: "true" });
    return { tmp, postgres, owner, serverRanAfterKill, leftAfterKill, rerun };
  })());

  test.concurrent("starts its own RDS-like server, runs the bundled probe with verify-full, prints the evidence, removes it all",
    async () => {
    const { tmp, rerun: run } = await killedThenNext();
    expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 0 });
    const evidence = JSON.parse(run.stdout);
    expect(evidence).toMatchObject({
      outcome: "observed", target: { host: "localhost", sslMode: "verify-full", database: "checkpoints" },
      tls: { used: true, certificateVerified: true, hostnameVerified: true },
      expectations: [{ name: "version", met: true }, { name: "database", met: true }, { name: "tls", met: true }],
    });
    expect(run.stderr).toContain("rehearse: witness observed; stopping the server");
    expect(run.stderr).toContain("PGPASSWORD=***");
    expect(leftovers(tmp)).toEqual([]);
  });

  // Without a template, initdb is the first process a run starts; with one, the server is the second.
  test.concurrent.each([["during initdb", privateTmp, 1], ["with the server up", tmpWithTemplate, SERVER_STARTED]] as const)(
    "Ctrl-C %s removes everything and exits 130", async (_when, makeTmp, count) => {
    const tmp = makeTmp();
    const rehearsal = startRehearsal(tmp);
    const processes = await recordedProcesses(tmp, count, rehearsal);
    rehearsal.child.kill("SIGINT");
    expect(await rehearsal.exit).toBe(130);
    expect(rehearsal.stderr()).toContain("rehearse: SIGINT: stopping; removing everything this run made");
    expect(rehearsal.stderr()).not.toMatch(/\n\s+at |the probe exited|Error/);
    expect(processes.filter(stillRunning)).toEqual([]);
    expect(leftovers(tmp)).toEqual([]);
  });

  test.concurrent("SIGTERM too (during the single-user set-up)", async () => {
    const tmp = tmpWithTemplate();
    const rehearsal = startRehearsal(tmp);
    await recordedProcesses(tmp, 1, rehearsal);
    rehearsal.child.kill("SIGTERM");
    expect(await rehearsal.exit).toBe(130);
    expect(leftovers(tmp)).toEqual([]);
  });

  test.concurrent("after kill -9, the next run stops the dead run's server and removes its files, from its state file", async () => {
    const { tmp, postgres, owner, serverRanAfterKill, leftAfterKill, rerun: next } = await killedThenNext();
    expect(serverRanAfterKill).toBe(true); // Its own process group: it outlives the run.
    expect(leftAfterKill.some((e) => e.startsWith("checkpoints-pg-"))).toBe(true);

    expect(next.status).toBe(0);
    expect(next.stderr).toMatch(new RegExp(`rehearse: removed what run ${owner.pid} left \\(processes ${postgres.pid}(, \\d+)*; directories `));
    expect(stillRunning(postgres)).toBe(false);
    expect(leftovers(tmp)).toEqual([]);
  });
});
