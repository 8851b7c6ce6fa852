#!/usr/bin/env node
// The cdktf app command. It transpiles main.ts with esbuild in memory (no type check: `npm run typecheck`
// does that) and runs it in this process, instead of ts-node type-checking the whole program on every
// synth. Dependencies stay external, loaded from node_modules by deep import.
"use strict";
const path = require("node:path");
const Module = require("node:module");
const esbuild = require("esbuild");

const projectRoot = path.resolve(__dirname, "..");
const entry = path.join(projectRoot, "main.ts");

const { outputFiles } = esbuild.buildSync({
  entryPoints: [entry],
  bundle: true,
  packages: "external",
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: "inline",
  write: false,
  logLevel: "error",
});

// Run as if it were main.ts itself, so `require.main === module` holds and node_modules resolve.
const app = new Module(entry, null);
app.filename = entry;
app.paths = Module._nodeModulePaths(projectRoot);
process.setSourceMapsEnabled(true);
require.main = app;
process.mainModule = app;
app._compile(outputFiles[0].text, entry);
