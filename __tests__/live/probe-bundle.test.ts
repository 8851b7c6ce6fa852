import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { liveServer, serverUrl } from "./live-server";

const server = liveServer();
const describeLive = server.available ? describe : describe.skip;

// The bundle compiles its code through V8's code cache, kept per user (tools/build-probe.cjs, LAUNCHER).
describeLive(`the probe bundle's compiled-code cache on Node ${process.version}`, () => {
  let cacheHome = ""; // made in beforeAll: a skipped block makes nothing
  beforeAll(() => { cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-probe-cache-")); });
  afterAll(() => fs.rmSync(cacheHome, { recursive: true, force: true }));

  const runBundle = (args: string[], env: Record<string, string> = {}) => spawnSync(process.execPath,
    [server.available ? server.probeBundle : "", ...args], { encoding: "utf8", env: { PATH: process.env.PATH ?? "",
      HOME: cacheHome, XDG_CACHE_HOME: cacheHome, PGPASSWORD: server.available ? server.password : "", ...env } });
  const witnessArgs = () => server.available
    ? [serverUrl(server, { params: `sslmode=verify-full&sslrootcert=${server.caFile}` }), "--json"] : [];
  const cacheFiles = (home: string) => {
    const dir = path.join(home, "checkpoints-probe");
    return fs.existsSync(dir) ? fs.readdirSync(dir).map((name) => path.join(dir, name)) : [];
  };
  /** The evidence without what changes from run to run (other tests' sessions included). */
  const steady = (stdout: string) => {
    const { time: _time, latencyMs: _latency, server: { clientConnections: _sessions, ...server }, ...rest } =
      JSON.parse(stdout) as { server: Record<string, unknown> } & Record<string, unknown>;
    return { ...rest, server };
  };

  test("--help compiles without writing a cache (it would leave the witness's code out)", () => {
    const run = runBundle(["--help"]);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    expect(run.stdout).toContain("Usage: checkpoints-probe");
    expect(cacheFiles(cacheHome)).toEqual([]);
  });

  test("a witness run keeps its compiled code in the user's cache folder; the next run uses it and says the same", () => {
    const first = runBundle(witnessArgs());
    expect({ status: first.status, stderr: first.stderr }).toEqual({ status: 0, stderr: "" });
    const files = cacheFiles(cacheHome);
    expect(files.map((f) => path.basename(f))).toEqual([expect.stringMatching(
      new RegExp(`^probe-${process.version.replace(/\./g, "\\.")}-${process.arch}-[0-9a-f]{32}\\.v8$`))]);
    expect(fs.statSync(files[0]).mode & 0o077).toBe(0);
    const written = fs.statSync(files[0]).mtimeMs;
    const second = runBundle(witnessArgs());
    expect(second.status).toBe(0);
    expect(steady(second.stdout)).toEqual(steady(first.stdout));
    expect(fs.statSync(files[0]).mtimeMs).toBe(written); // accepted, so not written again
  });

  test("a cache V8 refuses (here: garbage) is ignored: the code is compiled as usual and the cache rewritten", () => {
    const [file] = cacheFiles(cacheHome);
    fs.writeFileSync(file, "not a code cache");
    const run = runBundle(witnessArgs());
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    expect(JSON.parse(run.stdout).outcome).toBe("observed");
    expect(fs.readFileSync(file, "utf8")).not.toBe("not a code cache");
  });

  test("a copy of the bundle at another path does not take the first one's cache (Node 20's V8 would keep its file name)", () => {
    const [first] = cacheFiles(cacheHome);
    const copy = path.join(cacheHome, "copy", "checkpoints-probe.cjs");
    fs.mkdirSync(path.dirname(copy));
    fs.copyFileSync(server.available ? server.probeBundle : "", copy);
    const run = spawnSync(process.execPath, [copy, ...witnessArgs()], { encoding: "utf8", env: { PATH: process.env.PATH ?? "",
      HOME: cacheHome, XDG_CACHE_HOME: cacheHome, PGPASSWORD: server.available ? server.password : "" } });
    expect(run.status).toBe(0);
    expect(cacheFiles(cacheHome).map((f) => path.basename(f))).not.toContain(path.basename(first));
    expect(cacheFiles(cacheHome)).toHaveLength(1); // this Node's cache of the other file is pruned
  });

  /** The bundle at `copy` run as the witness, with the shared cache. */
  const runCopy = (copy: string) => spawnSync(process.execPath, [copy, ...witnessArgs()], { encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", HOME: cacheHome, XDG_CACHE_HOME: cacheHome,
      PGPASSWORD: server.available ? server.password : "" } });
  /** A copy of the bundle in its own folder, changed by `edit`, run as the witness. */
  const runEditedCopy = (folder: string, edit: (bundle: string) => string) => {
    const copy = path.join(cacheHome, folder, "checkpoints-probe.cjs");
    fs.mkdirSync(path.dirname(copy));
    fs.writeFileSync(copy, edit(fs.readFileSync(server.available ? server.probeBundle : "", "utf8")));
    return runCopy(copy);
  };

  test("an edited bundle (same length, same place) does not meet the cache of the code it had", () => {
    const copy = path.join(cacheHome, "edited", "checkpoints-probe.cjs");
    // The first run caches the copy as built; the second edits one character of its code in place.
    expect(runEditedCopy("edited", (bundle) => bundle).status).toBe(0);
    const [before] = cacheFiles(cacheHome);
    const bundle = fs.readFileSync(copy, "utf8");
    const at = bundle.indexOf("Connection (libpq 15's meanings");
    expect(at).toBeGreaterThan(0);
    fs.writeFileSync(copy, `${bundle.slice(0, at)}c${bundle.slice(at + 1)}`);
    const run = runCopy(copy);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    expect(cacheFiles(cacheHome).map((f) => path.basename(f))).not.toContain(path.basename(before));
  });

  test("a bundle with part of its code cut out refuses to run, naming the file and the fix, before any connection", () => {
    // Cut from the middle of the last embedded code (the AWS SDK), so the file still parses as JavaScript.
    const run = runEditedCopy("cut", (bundle) => `${bundle.slice(0, -1000)}${bundle.slice(-900)}`);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${path.join(cacheHome, "cut", "checkpoints-probe.cjs")} is damaged`);
    expect(run.stderr).toContain("npm run build:probe");
    expect(run.stdout).toBe("");
  });

  test("NODE_DISABLE_COMPILE_CACHE=1 turns the cache off", () => {
    const home = path.join(cacheHome, "off");
    const run = runBundle(witnessArgs(), { XDG_CACHE_HOME: home, NODE_DISABLE_COMPILE_CACHE: "1" });
    expect(run.status).toBe(0);
    expect(fs.existsSync(path.join(home, "checkpoints-probe"))).toBe(false);
  });
});
