import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startLocalPostgres } from "../../rehearsal/local-postgres";
import { liveServer } from "./live-server";

const describeLive = liveServer().available ? describe : describe.skip;

// Each server starts from a copy of a cluster initdb made once; these tests use a temp folder of their
// own so that the machine's template is neither used nor disturbed.
describeLive("startLocalPostgres copies an initdb template", () => {
  let tmp = "";
  const templates = () => fs.readdirSync(tmp).filter((name) => name.startsWith("checkpoints-pg-template-"));
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-template-test-"));
    fs.chmodSync(tmp, 0o755); // the server's user (nobody, under root) must reach its own folder in it
  });
  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test("made by the first server, private to the server's user, and kept for the next", async () => {
    const server = await startLocalPostgres({ tempDir: tmp });
    await server.stop();
    expect(templates()).toHaveLength(1);
    const stat = fs.statSync(path.join(tmp, templates()[0]));
    expect(stat.uid).toBe(process.getuid?.() === 0 ? 65534 : process.getuid?.());
    expect(stat.mode & 0o777).toBe(0o700);
    expect(fs.existsSync(path.join(tmp, templates()[0], "data", "PG_VERSION"))).toBe(true);
  });

  test("a template that others can write to (or that another user owns) is never used", async () => {
    const template = path.join(tmp, templates()[0]);
    fs.rmSync(template, { recursive: true, force: true });
    fs.mkdirSync(path.join(template, "data"), { recursive: true, mode: 0o777 });
    fs.chmodSync(template, 0o777);
    fs.writeFileSync(path.join(template, "data", "PG_VERSION"), "15\n");
    // A copy of this would not start: the server does, from a cluster of its own.
    const server = await startLocalPostgres({ tempDir: tmp });
    await server.stop();
    expect(fs.readdirSync(path.join(template, "data"))).toEqual(["PG_VERSION"]);
  });
});
