import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RunRecorder, startLocalPostgres } from "../../rehearsal/local-postgres";
import { AvailableServer, liveServer } from "./live-server";
import { suiteRecord } from "../support/suite-run";
import { serverTempDir } from "./server-temp-dir";
import { RehearsalRun } from "../../rehearsal/run-state";
import { attachedCount, segmentOf, ServerSegment } from "../../rehearsal/server-shared-memory";

const info = liveServer();
const describeLive = info.available ? describe : describe.skip;
const server = info as AvailableServer;
const templatesIn = (dir: string) => fs.readdirSync(dir).filter((name) => name.startsWith("checkpoints-pg-template-"));

/** The servers' folders and processes, recorded for the jest process: a Ctrl-C of the suite leaves none. */
const record = suiteRecord();
afterAll(() => record.release());

/** Records the folders a server start makes: a template being made shows as its staging folder. */
function recorder(): RunRecorder & { directories: string[] } {
  const directories: string[] = [];
  return { directories, directory: (dir) => { directories.push(dir); record.directory(dir); },
    process: (pid) => record.process(pid) };
}
const stagingOf = (template: string, run: { directories: string[] }) =>
  run.directories.filter((dir) => path.basename(dir).startsWith(`${path.basename(template)}-staging-`));

// Each server starts from a copy of a cluster initdb made once. These cases make theirs in a temp folder
// of their own; the run's servers keep theirs in the machine's temp folder (global-setup.ts).
describeLive("startLocalPostgres copies an initdb template", () => {
  let tmp = "";
  beforeAll(() => {
    // In memory where there is room (./server-temp-dir.ts): initdb and each start write their files there.
    tmp = serverTempDir(record) ?? fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-template-test-"));
    fs.chmodSync(tmp, 0o755); // the server's user (nobody, under root) must reach its own folder in it
  });
  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test("made by the first server, private to the server's user, and kept for the next", async () => {
    const run = recorder();
    const first = await startLocalPostgres({ tempDir: tmp, run });
    await first.stop();
    expect(templatesIn(tmp)).toHaveLength(1);
    const template = path.join(tmp, templatesIn(tmp)[0]);
    expect(stagingOf(template, run)).toHaveLength(1);
    const stat = fs.statSync(template);
    expect(stat.uid).toBe(process.getuid?.() === 0 ? 65534 : process.getuid?.());
    expect(stat.mode & 0o777).toBe(0o700);
    expect(fs.existsSync(path.join(template, "data", "PG_VERSION"))).toBe(true);
  });

  // Concurrent: it starts at once, beside the two cases that share a folder (and run in turn).
  test.concurrent("the run's template is copied by every later server: the only folder a server makes is its own", async () => {
    expect(fs.statSync(server.template).mode & 0o777).toBe(0o700);
    const run = recorder();
    const next = await startLocalPostgres({ templateDir: server.templateDir, tempDir: serverTempDir(record), run });
    await next.stop();
    expect(run.directories).toHaveLength(1);
    expect(path.basename(run.directories[0])).toMatch(/^checkpoints-pg-/);
    expect(stagingOf(server.template, run)).toEqual([]);
    expect(fs.existsSync(path.join(server.template, "data", "PG_VERSION"))).toBe(true);
  });

  test("a template that others can write to (or that another user owns) is never used", async () => {
    const template = path.join(tmp, templatesIn(tmp)[0]);
    fs.rmSync(template, { recursive: true, force: true });
    fs.mkdirSync(path.join(template, "data"), { recursive: true, mode: 0o777 });
    fs.chmodSync(template, 0o777);
    fs.writeFileSync(path.join(template, "data", "PG_VERSION"), "15\n");
    // A copy of this would not start: the server does, from a cluster of its own.
    const run = recorder();
    const own = await startLocalPostgres({ tempDir: tmp, run });
    await own.stop();
    expect(fs.readdirSync(path.join(template, "data"))).toEqual(["PG_VERSION"]);
    expect(stagingOf(template, run)).toHaveLength(1);
  });
});

// A killed server (a reaper's SIGKILL, kill -9) cannot remove its own shared memory: each one used to leave a
// System V segment and /dev/shm/PostgreSQL.N files behind, hundreds a day on a machine that runs the suite.
describeLive("a server killed instead of shut down leaves no shared memory behind", () => {
  test.concurrent("its dynamic shared memory is in its folder, and the reaper removes its System V segment", async () => {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-shm-state-"));
    record.directory(stateDir);
    const own = new RehearsalRun(stateDir);
    const directories: string[] = [];
    const run: RunRecorder = { directory: (dir) => { directories.push(dir); own.directory(dir); }, process: (pid) => own.process(pid) };
    const started = await startLocalPostgres({ templateDir: server.templateDir, tempDir: serverTempDir(record), run });
    // Stopped and released whatever an assertion below does: a server left running would keep jest waiting.
    try {
      killedAndReaped(own, directories[0]);
    } finally {
      own.release();
      await started.stop().catch(() => undefined);
    }
  });
});

/** Releases the run that recorded the server in `folder`, as a reaper does after Ctrl-C or kill -9. */
function killedAndReaped(own: RehearsalRun, folder: string): void {
  const dataDir = path.join(folder, "data");
  const segment = segmentOf(dataDir);
  expect(segment).toBeDefined();
  expect(attachedCount(segment as ServerSegment)).toBeGreaterThan(0);
  // dynamic_shared_memory_type=mmap: its control segment is a file in the data folder, not in /dev/shm.
  expect(fs.readdirSync(path.join(dataDir, "pg_dynshmem")).length).toBeGreaterThan(0);
  // The run's release is the reaper: it SIGKILLs the server's process group, waits for every member, and
  // removes the folder and the segment.
  own.release();
  expect(fs.existsSync(folder)).toBe(false);
  expect(attachedCount(segment as ServerSegment)).toBeUndefined();
}
