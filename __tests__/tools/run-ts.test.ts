import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";

const projectRoot = path.resolve(__dirname, "..", "..");

test("stack traces from tools/run-ts.cjs name files that exist, at the right line", () => {
  const run = spawnSync(process.execPath, ["tools/run-ts.cjs", "__tests__/fixtures/run-ts/throws.ts"],
    { cwd: projectRoot, encoding: "utf8", env: { ...process.env, DEBUG: "1" } });
  expect(run.status).not.toBe(0);
  const frames = [...run.stderr.matchAll(/\((\/[^():]+\.ts):(\d+):\d+\)/g)].map(([, file, line]) => [file, Number(line)]);
  expect(frames.slice(0, 2)).toEqual([
    [path.join(projectRoot, "__tests__/fixtures/run-ts/fail-with.ts"), 2],
    [path.join(projectRoot, "__tests__/fixtures/run-ts/throws.ts"), 4],
  ]);
  for (const [file] of frames) expect(fs.existsSync(file as string)).toBe(true);
});

test("without DEBUG=1 an unexpected error is one line naming the program, with no stack", () => {
  const { DEBUG: _debug, npm_lifecycle_event: _event, ...env } = process.env;
  const run = spawnSync(process.execPath, ["tools/run-ts.cjs", "__tests__/fixtures/run-ts/throws.ts"],
    { cwd: projectRoot, encoding: "utf8", env });
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 1,
    stderr: "__tests__/fixtures/run-ts/throws.ts: unexpected error: thrown on purpose (DEBUG=1 shows where)\n" });
});

// The AWS tools load their SDK clients with `await import()`: through Node's ESM loader that cost preflight ~0.6
// CPU s of its ~0.7 before it said it had no credentials (issue 26). A module whose export only require() sees
// tells which loader ran.
test("await import() of a CommonJS module loads it with require(), not through Node's ESM loader", () => {
  const run = spawnSync(process.execPath, ["tools/run-ts.cjs", "__tests__/fixtures/run-ts/dynamic-import.ts"],
    { cwd: projectRoot, encoding: "utf8" });
  expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({ status: 0, stdout: "loaded by require\n", stderr: "" });
});

// The bundle cache (tools/run-ts.cjs): reused only while every file it was built from, and every folder
// an import could resolve differently in, is unchanged. The tests tamper with a kept bundle to see
// whether it is the one that runs.
describe("the bundle cache", () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-run-ts-cache-"));
  // Not beside the app: its folder's listing is part of what a bundle depends on.
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-run-ts-cache-store-"));
  afterAll(() => [scratch, cacheDir].forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
  const app = path.join(scratch, "app");

  /** Sets every path's times a minute back: a file changed in the last moments before a build is never kept. */
  const age = (...paths: string[]) => {
    const past = new Date(Date.now() - 60_000);
    for (const p of paths) fs.utimesSync(p, past, past);
  };
  const write = (relative: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(app, relative)), { recursive: true });
    fs.writeFileSync(path.join(app, relative), text);
  };
  const agedTree = () => {
    const all: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(dir, e.name));
        all.push(path.join(dir, e.name));
      }
    };
    walk(app);
    age(...all, app, scratch);
  };
  const run = (env: Record<string, string> = {}) => spawnSync(process.execPath, [path.join(projectRoot, "tools/run-ts.cjs"), "main.ts"],
    { cwd: app, encoding: "utf8", env: { ...process.env, RUN_TS_CACHE_DIR: cacheDir, ...env } });
  const records = () => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).filter((f) => f.endsWith(".json")) : []);
  /** Rewrites the kept bundle so that it prints "from the cache" instead of `was`. */
  const tamper = (was: string) => {
    const [record] = records();
    const file = path.join(cacheDir, record);
    const kept = JSON.parse(fs.readFileSync(file, "utf8"));
    expect(kept.code).toContain(was);
    fs.writeFileSync(file, JSON.stringify({ ...kept, code: kept.code.replace(was, "from the cache") }));
  };

  test("an unchanged entry runs the kept bundle; an edited input, a new file shadowing an import, or RUN_TS_CACHE=0 builds afresh", () => {
    write("main.ts", 'import { value } from "./lib";\nconsole.log(value);\n');
    write("lib/index.ts", 'export const value: string = "first";\n');
    agedTree();
    expect(run()).toMatchObject({ status: 0, stdout: "first\n" });
    expect(records()).toHaveLength(1);

    tamper("first");
    expect(run().stdout).toBe("from the cache\n");
    expect(run({ RUN_TS_CACHE: "0" }).stdout).toBe("first\n");

    write("lib/index.ts", 'export const value: string = "second";\n');
    expect(run().stdout).toBe("second\n");

    // ./lib now resolves to lib.ts, beside the folder: no file the bundle was built from has changed.
    agedTree();
    expect(run().stdout).toBe("second\n");
    tamper("second");
    expect(run().stdout).toBe("from the cache\n");
    write("lib.ts", 'export const value: string = "shadowing";\n');
    expect(run().stdout).toBe("shadowing\n");
  });

  test("a tsconfig.json added above the inputs builds afresh (esbuild reads the nearest one)", () => {
    fs.rmSync(app, { recursive: true, force: true });
    fs.rmSync(cacheDir, { recursive: true, force: true });
    write("src/main.ts", 'class A { x: number | undefined; }\nconsole.log("fields", Object.keys(new A()).length);\n');
    agedTree();
    const runSrc = () => spawnSync(process.execPath, [path.join(projectRoot, "tools/run-ts.cjs"), "src/main.ts"],
      { cwd: app, encoding: "utf8", env: { ...process.env, RUN_TS_CACHE_DIR: cacheDir } }).stdout;
    expect(runSrc()).toBe("fields 1\n");
    tamper("fields");
    expect(runSrc()).toBe("from the cache 1\n");
    // Two folders above the entry: neither its folder's listing nor its parent's changes.
    fs.writeFileSync(path.join(scratch, "tsconfig.json"), JSON.stringify({ compilerOptions: { useDefineForClassFields: false } }));
    expect(runSrc()).toBe("fields 0\n");
  });
});
