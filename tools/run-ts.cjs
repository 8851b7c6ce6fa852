#!/usr/bin/env node
// Runs a TypeScript entry point: `node tools/run-ts.cjs FILE.ts [args...]`. It transpiles with esbuild
// in memory (no type check: `npm run typecheck` does that) and runs the result in this process, instead
// of ts-node type-checking the whole program on every run. Dependencies stay external, loaded from
// node_modules. The cdktf app command (cdktf.json) and the npm scripts use it.
//
// The bundle is kept in node_modules/.cache/run-ts (one file per entry and working directory, the 100
// most recently used) with what it was built from: the content of every file esbuild read (its
// metafile), the listing of each of their folders and parent folders (a new file can change what an
// import resolves to), and every tsconfig.json, jsconfig.json and package.json above them. It is reused
// only when all of these are unchanged, and skips esbuild's start-up and bundling (~100 ms of CPU a
// run; ~60 runs in the test suite). RUN_TS_CACHE=0 always bundles afresh; RUN_TS_CACHE_DIR=DIR keeps the
// cache elsewhere.
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const Module = require("node:module");

const [entryArg, ...args] = process.argv.slice(2);
if (!entryArg) {
  process.stderr.write("usage: node tools/run-ts.cjs FILE.ts [args...]\n");
  process.exit(2);
}
const projectRoot = path.resolve(__dirname, "..");
const entry = path.resolve(entryArg);

const BUILD_OPTIONS = {
  bundle: true,
  packages: "external",
  // Local .cjs helpers load as themselves, so their __dirname stays theirs.
  external: ["*.cjs"],
  platform: "node",
  format: "cjs",
  target: "node20",
  // `await import("@aws-sdk/client-rds")` (the AWS tools load their SDK clients lazily) becomes a require() when
  // it runs: left an import(), Node's ESM loader takes the package's CommonJS build and, to name its exports,
  // checks its format and scans its source (cjs-module-lexer): ~0.6 CPU s of preflight's ~0.7 before it can
  // say that it has no credentials. Every package imported so is CommonJS (the SDK's dist-cjs; pg's
  // `require` export, which its ESM entry re-exports), so the module is the same.
  supported: { "dynamic-import": false },
  sourcemap: "inline",
  // The map's paths are relative to the output's directory, and Node resolves them against the file the
  // code runs as: the entry. Without this they are relative to the cwd (review/review/cli.ts:47).
  outdir: path.dirname(entry),
  write: false,
  logLevel: "error",
};

const sha256 = (data) => crypto.createHash("sha256").update(data).digest("hex");
/** A file's content hash, or null when it does not exist (or is not a readable file). */
function fileHash(file) {
  try {
    return sha256(fs.readFileSync(file));
  } catch {
    return null;
  }
}
/** A folder's entry names, hashed, or null when it cannot be listed. */
function listingHash(dir) {
  try {
    return sha256(fs.readdirSync(dir).sort().join("\n"));
  } catch {
    return null;
  }
}

/** What a bundle of `inputs` (absolute paths) depends on, each path with its current hash. */
function dependencies(inputs) {
  const files = new Set(inputs);
  const dirs = new Set();
  for (const input of inputs) {
    const dir = path.dirname(input);
    dirs.add(dir);
    dirs.add(path.dirname(dir));
    for (let up = dir; ; up = path.dirname(up)) {
      for (const name of ["tsconfig.json", "jsconfig.json", "package.json"]) files.add(path.join(up, name));
      if (path.dirname(up) === up) break;
    }
  }
  return {
    files: Object.fromEntries([...files].sort().map((file) => [file, fileHash(file)])),
    dirs: Object.fromEntries([...dirs].sort().map((dir) => [dir, listingHash(dir)])),
  };
}

const unchanged = (recorded) =>
  Object.entries(recorded.files).every(([file, hash]) => fileHash(file) === hash) &&
  Object.entries(recorded.dirs).every(([dir, hash]) => listingHash(dir) === hash);

const CACHE_DIR = process.env.RUN_TS_CACHE_DIR || path.join(projectRoot, "node_modules", ".cache", "run-ts");
const CACHE_ENTRIES = 100;

/** The cache file of this entry, run from this folder, by this run-ts.cjs and this esbuild. */
function cacheFile() {
  let esbuildVersion;
  try {
    esbuildVersion = JSON.parse(fs.readFileSync(require.resolve("esbuild/package.json"), "utf8")).version;
  } catch {
    return undefined;
  }
  const key = sha256(JSON.stringify([entry, process.cwd(), esbuildVersion, fileHash(__filename)]));
  return path.join(CACHE_DIR, `${key}.json`);
}

function cachedCode(file) {
  let record;
  try {
    record = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
  if (typeof record.code !== "string" || !record.files || !record.dirs || !unchanged(record)) return undefined;
  const now = new Date();
  try { fs.utimesSync(file, now, now); } catch { /* still usable; only its place in the eviction order is lost */ }
  return record.code;
}

/** Writes the record atomically (readers see the old file or the new one), then keeps the newest entries. */
function store(file, record) {
  try {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const partial = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
    fs.writeFileSync(partial, JSON.stringify(record));
    fs.renameSync(partial, file);
    const entries = fs.readdirSync(CACHE_DIR).filter((name) => name.endsWith(".json"))
      .map((name) => { try { return { name, used: fs.statSync(path.join(CACHE_DIR, name)).mtimeMs }; } catch { return undefined; } })
      .filter(Boolean).sort((a, b) => b.used - a.used);
    for (const old of entries.slice(CACHE_ENTRIES)) fs.rmSync(path.join(CACHE_DIR, old.name), { force: true });
  } catch {
    // A read-only or full disk: the run goes on without a cache.
  }
}

// The hashes are taken after the build: a file edited during it (or within the file system's timestamp
// granularity before it) could be hashed newer than the code that was built, so such a build is not kept.
const MTIME_SLACK_MS = 2000;
function changedSince(time, paths) {
  return paths.some((p) => {
    try {
      return fs.statSync(p).mtimeMs >= time;
    } catch {
      return false;
    }
  });
}

function bundle() {
  const useCache = process.env.RUN_TS_CACHE !== "0";
  const file = useCache ? cacheFile() : undefined;
  const cached = file && cachedCode(file);
  if (cached !== undefined) return cached;
  const started = Date.now();
  const { outputFiles, metafile } = require("esbuild").buildSync({ ...BUILD_OPTIONS, entryPoints: [entry], metafile: true });
  const code = outputFiles[0].text;
  if (file) {
    const inputs = Object.keys(metafile.inputs).map((input) => path.resolve(input));
    const recorded = dependencies(inputs);
    if (!changedSince(started - MTIME_SLACK_MS, [...Object.keys(recorded.files), ...Object.keys(recorded.dirs)])) {
      store(file, { ...recorded, code });
    }
  }
  return code;
}
const code = bundle();

// Output closed early (`| head`): end quietly with 141, as cat does (cli/closed-output.cjs).
require("../cli/closed-output.cjs").endQuietlyOnClosedOutput();

// No command shows its insides for an error it did not expect: one line naming the program and the
// error, and the stack only with DEBUG=1 (then Node's own report, with source-mapped paths).
if (process.env.DEBUG !== "1") {
  const program = process.env.npm_lifecycle_event || path.relative(projectRoot, entry);
  const brief = (error) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${program}: unexpected error: ${message.split("\n")[0]} (DEBUG=1 shows where)\n`);
    process.exit(1);
  };
  process.on("uncaughtException", brief);
  process.on("unhandledRejection", brief);
}

// Run as if it were the entry itself, so `require.main === module` holds and node_modules resolve.
const main = new Module(entry, null);
main.filename = entry;
main.paths = Module._nodeModulePaths(projectRoot);
// Source maps only where a stack is shown (DEBUG=1): once on, Node maps every stack any code captures,
// and cdktf captures one per token it makes (about 15% of a synth's CPU, spent on traces never shown).
if (process.env.DEBUG === "1") process.setSourceMapsEnabled(true);
process.argv = [process.argv[0], entry, ...args];
require.main = main;
process.mainModule = main;
main._compile(code, entry);
