#!/usr/bin/env node
// `npm run synth`: runs `cdktf synth` with the given arguments, then says where each stack's plan was
// written (cdktf itself names only the stacks). Exits with cdktf's exit code.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const args = process.argv.slice(2);
const cli = require.resolve("cdktf-cli/bundle/bin/cdktf");
const result = spawnSync(process.execPath, [cli, "synth", ...args], {
  stdio: "inherit",
  env: { CHECKPOINT_DISABLE: "1", ...process.env },
});
if (result.status !== 0) process.exit(result.status ?? 1);

function outputDir() {
  const flag = args.findIndex((a) => a === "--output" || a === "-o");
  if (flag >= 0 && args[flag + 1]) return args[flag + 1];
  const inline = args.find((a) => a.startsWith("--output="));
  return inline ? inline.slice("--output=".length) : "cdktf.out";
}

const manifestPath = path.join(outputDir(), "manifest.json");
const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8"));
for (const stack of Object.values(manifest.stacks)) {
  process.stdout.write(`Plan of stack ${stack.name}: ${path.join(outputDir(), stack.synthesizedStackPath)}\n`);
}
