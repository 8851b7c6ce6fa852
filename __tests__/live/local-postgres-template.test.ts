import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RunRecorder, startLocalPostgres } from "../../rehearsal/local-postgres";
import { liveServer } from "./live-server";

const describeLive = liveServer().available ? describe : describe.skip;
const templatesIn = (dir: string) => fs.readdirSync(dir).filter((name) => name.startsWith("checkpoints-pg-template-"));

/** Records the directories a server start makes: a new template shows as its staging folder. */
function recorder(): RunRecorder & { directories: string[] } {
  const directories: string[] = [];
  return { directories, directory: (dir) => { directories.push(dir); }, process: () => undefined };
}

// Each server starts from a copy of a cluster initdb made once. The run's temp folder is fresh for every
// run (jest.config.js), so the template there is the one the global setup's server made.
describeLive("startLocalPostgres copies an initdb template", () => {
  let tmp = "";
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-template-test-"));
    fs.chmodSync(tmp, 0o755); // the server's user (nobody, under root) must reach its own folder in it
  });
  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test("made by the run's first server, private to the server's user, and kept for the next", async () => {
    const made = templatesIn(os.tmpdir());
    expect(made).toHaveLength(1);
    const stat = fs.statSync(path.join(os.tmpdir(), made[0]));
    expect(stat.uid).toBe(process.getuid?.() === 0 ? 65534 : process.getuid?.());
    expect(stat.mode & 0o777).toBe(0o700);
    expect(fs.existsSync(path.join(os.tmpdir(), made[0], "data", "PG_VERSION"))).toBe(true);

    // The next server copies it: the only folder it makes is its own (a new template would show its staging one).
    const run = recorder();
    const server = await startLocalPostgres({ run });
    await server.stop();
    expect(run.directories).toHaveLength(1);
    expect(path.basename(run.directories[0])).toMatch(/^checkpoints-pg-/);
    expect(path.basename(run.directories[0])).not.toMatch(/^checkpoints-pg-template-/);
    expect(templatesIn(os.tmpdir())).toEqual(made);
  });

  test("a template that others can write to (or that another user owns) is never used", async () => {
    // Planted under the name the run's template has, in a folder of this test's own.
    const template = path.join(tmp, templatesIn(os.tmpdir())[0]);
    fs.mkdirSync(path.join(template, "data"), { recursive: true, mode: 0o777 });
    fs.chmodSync(template, 0o777);
    fs.writeFileSync(path.join(template, "data", "PG_VERSION"), "15\n");
    // A copy of this would not start: the server does, from a cluster of its own.
    const run = recorder();
    const server = await startLocalPostgres({ tempDir: tmp, run });
    await server.stop();
    expect(fs.readdirSync(path.join(template, "data"))).toEqual(["PG_VERSION"]);
    expect(run.directories.some((dir) => path.basename(dir).startsWith(`${path.basename(template)}-staging-`))).toBe(true);
  });
});
