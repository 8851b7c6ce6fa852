#!/usr/bin/env node
// Runs a TypeScript entry point: `node tools/run-ts.cjs FILE.ts [args...]`. It transpiles with esbuild
// in memory (no type check: `npm run typecheck` does that) and runs the result in this process, instead
// of ts-node type-checking the whole program on every run. Dependencies stay external, loaded from
// node_modules. The cdktf app command (cdktf.json) and the npm scripts use it.
"use strict";
const path = require("node:path");
const Module = require("node:module");
const esbuild = require("esbuild");

const [entryArg, ...args] = process.argv.slice(2);
if (!entryArg) {
  process.stderr.write("usage: node tools/run-ts.cjs FILE.ts [args...]\n");
  process.exit(2);
}
const projectRoot = path.resolve(__dirname, "..");
const entry = path.resolve(entryArg);

const { outputFiles } = esbuild.buildSync({
  entryPoints: [entry],
  bundle: true,
  packages: "external",
  // Local .cjs helpers load as themselves, so their __dirname stays theirs.
  external: ["*.cjs"],
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: "inline",
  // The map's paths are relative to the output's directory, and Node resolves them against the file the
  // code runs as: the entry. Without this they are relative to the cwd (review/review/cli.ts:47).
  outdir: path.dirname(entry),
  write: false,
  logLevel: "error",
});

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
process.setSourceMapsEnabled(true);
process.argv = [process.argv[0], entry, ...args];
require.main = main;
process.mainModule = main;
main._compile(outputFiles[0].text, entry);
