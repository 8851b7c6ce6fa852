import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import { liveServer } from "./live-server";
import { identify, ProcessIdentity, stateDirectory, stillRunning } from "../../rehearsal/run-state";

const projectRoot = path.resolve(__dirname, "..", "..");
const describeLive = liveServer().available ? describe : describe.skip;

// Every run gets a TMPDIR of its own: what a run leaves behind is then exactly what is left in it.
const tmpDirs: string[] = [];
function privateTmp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rehearse-test-"));
  fs.chmodSync(dir, 0o755); // As root the server runs as nobody, who must reach its directory.
  tmpDirs.push(dir);
  return dir;
}
afterAll(() => { for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true }); });

/** Everything under tmp except the (empty) state directory. */
function leftovers(tmp: string): string[] {
  const states = path.basename(stateDirectory(tmp));
  const entries = fs.readdirSync(tmp).filter((e) => e !== states);
  const stateFiles = fs.existsSync(stateDirectory(tmp)) ? fs.readdirSync(stateDirectory(tmp)) : [];
  return [...entries, ...stateFiles.map((f) => `${states}/${f}`)];
}

function startRehearsal(tmp: string): { child: ChildProcess; stderr: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [path.join(projectRoot, "tools", "run-ts.cjs"), path.join(projectRoot, "rehearsal", "rehearse.ts")],
    { cwd: projectRoot, env: { ...process.env, TMPDIR: tmp }, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d) => { stderr += d; });
  child.stdout?.resume();
  const exit = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, stderr: () => stderr, exit };
}

/** The processes the run's state file records, once there are at least `count` of them. */
async function recordedProcesses(tmp: string, count: number, deadlineMs = 30000): Promise<ProcessIdentity[]> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    const dir = stateDirectory(tmp);
    for (const file of fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".json")) : []) {
      try {
        const state = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
        if (state.processes.length >= count) return state.processes;
      } catch {
        // Being renamed into place: read it on the next round.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the run never recorded ${count} processes`);
}

test("npm run rehearse -- --help prints the usage and does nothing else", () => {
  const tmp = privateTmp();
  const run = spawnSync("npm", ["run", "--silent", "rehearse", "--", "--help"],
    { cwd: projectRoot, encoding: "utf8", env: { ...process.env, TMPDIR: tmp }, timeout: 30000 });
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
  expect(run.stdout).toMatch(/^Usage: npm run rehearse\n/);
  expect(leftovers(tmp)).toEqual([]);
});

describeLive("npm run rehearse", () => {
  test("starts its own RDS-like server, runs the bundled probe with verify-full, prints the evidence, removes it all", () => {
    const tmp = privateTmp();
    const run = spawnSync("npm", ["run", "--silent", "rehearse"], {
      cwd: projectRoot, encoding: "utf8", env: { ...process.env, CI: "true", TMPDIR: tmp },
    });
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

  // 1: initdb is the first process a run starts; 3: the server is up (initdb and single-user mode done).
  test.each([["during initdb", 1], ["with the server up", 3]])("Ctrl-C %s removes everything and exits 130", async (_when, count) => {
    const tmp = privateTmp();
    const rehearsal = startRehearsal(tmp);
    const processes = await recordedProcesses(tmp, count);
    rehearsal.child.kill("SIGINT");
    expect(await rehearsal.exit).toBe(130);
    expect(rehearsal.stderr()).toContain("rehearse: SIGINT: stopping; removing everything this run made");
    expect(rehearsal.stderr()).not.toMatch(/\n\s+at |the probe exited|Error/);
    expect(processes.filter(stillRunning)).toEqual([]);
    expect(leftovers(tmp)).toEqual([]);
  });

  test("SIGTERM too", async () => {
    const tmp = privateTmp();
    const rehearsal = startRehearsal(tmp);
    await recordedProcesses(tmp, 2);
    rehearsal.child.kill("SIGTERM");
    expect(await rehearsal.exit).toBe(130);
    expect(leftovers(tmp)).toEqual([]);
  });

  test("after kill -9, the next run stops the dead run's server and removes its files, from its state file", async () => {
    const tmp = privateTmp();
    const killed = startRehearsal(tmp);
    const [, , postgres] = await recordedProcesses(tmp, 3);
    const owner = identify(killed.child.pid as number) as ProcessIdentity;
    killed.child.kill("SIGKILL");
    await killed.exit;
    expect(stillRunning(postgres)).toBe(true); // Its own process group: it outlives the run.
    expect(leftovers(tmp).some((e) => e.startsWith("checkpoints-pg-"))).toBe(true);

    const next = spawnSync(process.execPath, [path.join(projectRoot, "tools", "run-ts.cjs"), path.join(projectRoot, "rehearsal", "rehearse.ts")],
      { cwd: projectRoot, encoding: "utf8", env: { ...process.env, TMPDIR: tmp } });
    expect(next.status).toBe(0);
    expect(next.stderr).toMatch(new RegExp(`rehearse: removed what run ${owner.pid} left \\(processes ${postgres.pid}(, \\d+)*; directories `));
    expect(stillRunning(postgres)).toBe(false);
    expect(leftovers(tmp)).toEqual([]);
  });
});
