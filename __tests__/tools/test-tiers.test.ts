// The tiers (issue 26): every test file runs in exactly one jest project, and no unit-tier file starts
// a process or opens a socket, checked here from its source (and the __tests__ helpers it imports) and
// at run time by the unit tier's environment (support/unit-tier-environment.cjs).
import * as fs from "node:fs";
import * as path from "node:path";
import * as os from "node:os";

const root = path.resolve(__dirname, "..", "..");
const testsDir = path.join(root, "__tests__");
const tiers = require("../test-tiers.cjs") as {
  INTEGRATION_FILES: Record<string, string>; INTEGRATION_FOLDERS: string[]; tierOf: (relative: string) => "unit" | "integration";
};
const micromatch = require("micromatch") as { isMatch: (file: string, globs: string[]) => boolean };
type JestConfig = { projects: Array<{ displayName: string; testMatch: string[]; testPathIgnorePatterns?: string[]; testEnvironment?: string }> };
/**
 * The whole suite's configuration as `npm test` has it: read without JEST_TIER, which `npm run test:unit` sets to
 * keep the unit project alone, nor JEST_FILE_CPU_LOG, with which `npm run bench:suite` wraps each project's environment.
 */
const jestConfig = ((): JestConfig => {
  const saved = { JEST_TIER: process.env.JEST_TIER, JEST_FILE_CPU_LOG: process.env.JEST_FILE_CPU_LOG };
  delete process.env.JEST_TIER;
  delete process.env.JEST_FILE_CPU_LOG;
  try {
    return require("../../jest.config.js") as JestConfig;
  } finally {
    for (const [name, value] of Object.entries(saved)) if (value !== undefined) process.env[name] = value;
  }
})();

function testFiles(dir = testsDir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "fixtures" ? [] : testFiles(full);
    return entry.name.endsWith(".test.ts") ? [full] : [];
  });
}
const relative = (file: string) => path.relative(testsDir, file).split(path.sep).join("/");

/** The jest projects whose testMatch and testPathIgnorePatterns take the file, as jest decides. */
function projectsOf(file: string): string[] {
  return jestConfig.projects.filter((project) =>
    micromatch.isMatch(file, project.testMatch.map((glob) => glob.replace("<rootDir>", root))) &&
    !(project.testPathIgnorePatterns ?? []).some((pattern) => new RegExp(pattern).test(file)))
    .map((project) => project.displayName);
}

/** What in a source text starts a process or opens a socket: imports of such modules, and such calls. */
const SPAWNING = [
  { what: "imports child_process", pattern: /from\s+["'](node:)?child_process["']|require\(\s*["'](node:)?child_process["']\s*\)/ },
  { what: "imports a socket module (dgram, http, https, http2)", pattern: /(from\s+|require\(\s*)["'](node:)?(dgram|http|https|http2)["']/ },
  { what: "takes a socket opener from net or tls", pattern: /import\s*\{[^}]*\b(connect|createConnection|createServer|Socket|TLSSocket)\b[^}]*\}\s*from\s*["'](node:)?(net|tls)["']/ },
  { what: "imports node-postgres (not only its types)", pattern: /import\s+(?!type\b)[^;]*from\s+["']pg["']|require\(\s*["']pg["']\s*\)/ },
  { what: "imports esbuild (its service is a child process)", pattern: /(from\s+|require\(\s*)["']esbuild["']/ },
  { what: "imports a process-starting test helper", pattern: /(from\s+|require\(\s*)["'][^"']*\/(run-process|synth-project|live-server|rehearsal-runs|global-setup)["']/ },
  { what: "calls a process starter", pattern: /(?<![\w$])(spawn|spawnSync|execSync|execFile|execFileSync|fork)\s*\(|(?<![\w$.])exec\s*\(/ },
  { what: "opens a socket", pattern: /\b(net|tls)\.(connect|createConnection|createServer)\s*\(|\.listen\s*\(|new\s+(net\.|tls\.)?(Socket|TLSSocket)\s*\(/ },
];

/** The file and the __tests__ helpers it imports, transitively (the project's own modules are theirs). */
function withTestHelpers(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const source = fs.readFileSync(file, "utf8");
  const helpers = [...source.matchAll(/(?:from\s+|require\(\s*)["'](\.{1,2}\/[^"']+)["']/g)]
    .map((match) => path.resolve(path.dirname(file), match[1]))
    .flatMap((base) => [base, `${base}.ts`, `${base}.cjs`, `${base}.js`].filter((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile()).slice(0, 1))
    .filter((helper) => helper.startsWith(testsDir + path.sep));
  return [file, ...helpers.flatMap((helper) => withTestHelpers(helper, seen))];
}

/** Why a file cannot be in the unit tier, or [] when nothing in it or its helpers spawns or connects. */
function spawningReasons(file: string): string[] {
  return withTestHelpers(file).flatMap((source) => {
    const text = fs.readFileSync(source, "utf8").replace(/^\s*\/\/.*$/gm, "");
    return SPAWNING.filter((rule) => rule.pattern.test(text)).map((rule) => `${relative(source)} ${rule.what}`);
  });
}

const files = testFiles();

test("the projects are unit, integration and live; the unit one runs in the guarding environment", () => {
  expect(jestConfig.projects.map((p) => p.displayName)).toEqual(["unit", "integration", "live"]);
  expect(jestConfig.projects[0].testEnvironment).toBe("<rootDir>/__tests__/support/unit-tier-environment.cjs");
});

test.each(files.map((file) => [relative(file), file]))("%s runs in exactly one project, of its tier", (name, file) => {
  const projects = projectsOf(file);
  expect(projects).toHaveLength(1);
  expect(projects[0] === "unit" ? "unit" : "integration").toBe(tiers.tierOf(name));
});

test("every file listed as integration exists (a stale entry would hide a renamed file's tier)", () => {
  const missing = [...Object.keys(tiers.INTEGRATION_FILES), ...tiers.INTEGRATION_FOLDERS]
    .filter((entry) => !fs.existsSync(path.join(testsDir, entry)));
  expect(missing).toEqual([]);
});

test("no unit-tier file, nor a __tests__ helper it imports, starts a process or opens a socket", () => {
  // This file is left out: its rules' samples below are text, not calls (the run-time guard covers it).
  const offenders = files.filter((file) => tiers.tierOf(relative(file)) === "unit" && file !== __filename)
    .map((file) => ({ file: relative(file), reasons: spawningReasons(file) }))
    .filter((entry) => entry.reasons.length > 0);
  expect(offenders).toEqual([]);
});

test("the check sees what spawns: every file listed as integration trips it, and each rule has a case", () => {
  // A check that flags nothing would pass above for any file; and a listed file that trips nothing is an
  // in-process file kept out of the unit tier.
  // Two start their process inside the code under test (deploy's review run, esbuild's service), which
  // only the run-time guard sees; every other listed file trips the source check.
  const spawnInsideCodeUnderTest = ["deploy/deploy.test.ts", "tools/build-probe-cache.test.ts"];
  const missed = Object.keys(tiers.INTEGRATION_FILES).filter((name) => spawningReasons(path.join(testsDir, name)).length === 0);
  expect(missed).toEqual(spawnInsideCodeUnderTest);
  for (const rule of SPAWNING.slice(0, 2).concat(SPAWNING.slice(4))) {
    const sample = { "imports child_process": 'import { spawn } from "node:child_process";',
      "imports a socket module (dgram, http, https, http2)": 'import * as http from "node:http";',
      "imports esbuild (its service is a child process)": 'const esbuild = require("esbuild");',
      "imports a process-starting test helper": 'import { runProcess } from "../support/run-process";',
      "calls a process starter": "execFileSync(\"git\", [\"init\"]);",
      "opens a socket": "server.listen(0);" }[rule.what];
    expect(rule.pattern.test(sample ?? "")).toBe(true);
  }
  expect(SPAWNING[2].pattern.test('import { createServer } from "node:net";')).toBe(true);
  expect(SPAWNING[3].pattern.test('import { Client } from "pg";')).toBe(true);
  expect(SPAWNING[3].pattern.test('import type { Client } from "pg";')).toBe(false);
  expect(SPAWNING[6].pattern.test("/x/.exec(text); child.spawnargs;")).toBe(false);
});

describe("the unit tier's run-time guard", () => {
  const UnitTierEnvironment = require("../support/unit-tier-environment.cjs");
  const childProcess = require("node:child_process") as typeof import("node:child_process");
  const net = require("node:net") as typeof import("node:net");
  const guarded = async () => {
    const environment = new UnitTierEnvironment(
      { globalConfig: {}, projectConfig: { rootDir: root, testEnvironmentOptions: {}, globals: {} } },
      { testPath: path.join(testsDir, "some", "new.test.ts"), console, docblockPragmas: {} });
    await environment.setup();
    return environment;
  };

  test("a process start throws naming the file and the fix, and the file fails even if the test caught it", async () => {
    const environment = await guarded();
    expect(() => childProcess.spawnSync("true")).toThrow(
      /^unit tier: __tests__\/some\/new\.test\.ts called child_process\.spawnSync\. .*INTEGRATION_FILES of __tests__\/test-tiers\.cjs/);
    await expect(environment.teardown()).rejects.toThrow("__tests__/some/new.test.ts called child_process.spawnSync");
  });

  test("a socket connect or listen throws too; teardown puts the functions back", async () => {
    const before = [net.Socket.prototype.connect, net.Server.prototype.listen, childProcess.execFile];
    const environment = await guarded();
    expect(() => net.connect(5432, "127.0.0.1")).toThrow("called net.connect");
    expect(() => net.createServer().listen(0)).toThrow("called net.Server#listen");
    expect(() => childProcess.execFile("git")).toThrow("called child_process.execFile");
    await expect(environment.teardown()).rejects.toThrow("net.connect, net.Server#listen, child_process.execFile");
    expect([net.Socket.prototype.connect, net.Server.prototype.listen, childProcess.execFile]).toEqual(before);
  });

  test("a file that neither spawns nor connects tears down quietly", async () => {
    await expect((await guarded()).teardown()).resolves.toBeUndefined();
  });

  test("bench:suite's per-file CPU environment wraps the tier's own: the guard stays, and the file's line is logged", async () => {
    const FileCpuEnvironment = require("../../bench/lib/file-cpu-environment.cjs");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-file-cpu-"));
    const logFile = path.join(dir, "files.jsonl");
    const environment = new FileCpuEnvironment(
      { globalConfig: {}, projectConfig: { rootDir: root, displayName: { name: "unit", color: "white" }, globals: {},
        testEnvironmentOptions: { logFile, measuredEnvironment: path.join(testsDir, "support", "unit-tier-environment.cjs") } } },
      { testPath: path.join(testsDir, "some", "new.test.ts"), console, docblockPragmas: {} });
    await environment.setup();
    expect(() => childProcess.spawnSync("true")).toThrow(/^unit tier: __tests__\/some\/new\.test\.ts called child_process\.spawnSync/);
    expect(fs.existsSync(logFile)).toBe(false);
    // The file still fails, and is still measured.
    await expect(environment.teardown()).rejects.toThrow("__tests__/some/new.test.ts called child_process.spawnSync");
    const lines = fs.readFileSync(logFile, "utf8").trim().split("\n").map((line) => JSON.parse(line));
    fs.rmSync(dir, { recursive: true, force: true });
    expect(lines).toEqual([{ file: "__tests__/some/new.test.ts", project: "unit", cpuSeconds: expect.any(Number), wallSeconds: expect.any(Number) }]);
    expect(lines[0].cpuSeconds).toBeGreaterThanOrEqual(0);
  });
});
