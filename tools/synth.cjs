#!/usr/bin/env node
// `npm run synth`: runs `cdktf synth` with the given arguments in this process (a second node process
// would cost ~40 MB), then says where each stack's plan was written; cdktf itself names only the stacks.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const args = process.argv.slice(2);
process.env.CHECKPOINT_DISABLE ??= "1";

function outputDir() {
  const flag = args.findIndex((a) => a === "--output" || a === "-o");
  if (flag >= 0 && args[flag + 1]) return args[flag + 1];
  const inline = args.find((a) => a.startsWith("--output="));
  return inline ? inline.slice("--output=".length) : "cdktf.out";
}

process.on("exit", (code) => {
  if (code !== 0) return;
  const dir = outputDir();
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));
  for (const stack of Object.values(manifest.stacks)) {
    process.stdout.write(`Plan of stack ${stack.name}: ${path.join(dir, stack.synthesizedStackPath)}\n`);
  }
});

const cli = require.resolve("cdktf-cli/bundle/bin/cdktf");
process.argv = [process.argv[0], cli, "synth", ...args];
require(cli);
