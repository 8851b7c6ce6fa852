import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as Module from "node:module";
import { spawnSync } from "node:child_process";
import { liveServer } from "./live-server";

const server = liveServer();
const describeLive = server.available ? describe : describe.skip;
const hasCompileCache = typeof (Module as unknown as { enableCompileCache?: unknown }).enableCompileCache === "function";

describeLive(`the probe bundle on Node ${process.version}`, () => {
  let cacheHome = ""; // made in beforeAll: a skipped block makes nothing
  beforeAll(() => { cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-probe-cache-")); });
  afterAll(() => fs.rmSync(cacheHome, { recursive: true, force: true }));

  const runBundle = (env: Record<string, string> = {}) => spawnSync(process.execPath,
    [server.available ? server.probeBundle : "", "--help"],
    { encoding: "utf8", env: { PATH: process.env.PATH ?? "", HOME: cacheHome, XDG_CACHE_HOME: cacheHome, ...env } });

  test(hasCompileCache
    ? "keeps its compiled code in the user's cache folder (module compile cache), and runs the same from it"
    : "runs without a compile cache (this Node has none) and writes no cache folder", () => {
    const first = runBundle();
    const second = runBundle();
    expect({ status: first.status, stderr: first.stderr }).toEqual({ status: 0, stderr: "" });
    expect(second.stdout).toBe(first.stdout);
    expect(first.stdout).toContain("Usage: checkpoints-probe");
    const cacheDir = path.join(cacheHome, "checkpoints-probe");
    if (hasCompileCache) expect(fs.readdirSync(cacheDir).length).toBeGreaterThan(0);
    else expect(fs.existsSync(cacheDir)).toBe(false);
  });

  test("NODE_DISABLE_COMPILE_CACHE=1 turns the cache off", () => {
    const home = path.join(cacheHome, "off");
    const run = runBundle({ XDG_CACHE_HOME: home, NODE_DISABLE_COMPILE_CACHE: "1" });
    expect(run.status).toBe(0);
    expect(fs.existsSync(path.join(home, "checkpoints-probe"))).toBe(false);
  });
});
