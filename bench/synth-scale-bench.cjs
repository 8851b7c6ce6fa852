#!/usr/bin/env node
// Synth at scale: platform teams keep many environments in one app. Times `npm run synth` for 1, 10 and
// 50 environment stacks (a throwaway project that links this one's code, with N environments in its
// cdktf.json), in alternating rounds, and reports each as a ratio to one stack. Target: 50 stacks cost at
// most 3x one stack's wall time.
//
//   node bench/synth-scale-bench.cjs [--rounds N]      (npm run bench:scale)
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { measure, median } = require("./lib/measure.cjs");

const projectRoot = path.resolve(__dirname, "..");
const { parseScriptArgs, positiveInteger } = require("../tools/script-args.cjs");

const USAGE = "Usage: npm run bench:scale [-- --rounds N]\n\nTimes `npm run synth` for 1, 10 and 50 environment stacks in alternating rounds (default 3) and\nreports each as a ratio to one stack.\n";
const options = parseScriptArgs("bench:scale", USAGE, { rounds: { type: "string" } });
const rounds = positiveInteger("bench:scale", "--rounds", options.rounds, 3);
const SIZES = [1, 10, 50];
const TARGET = 3;

/** A project with this one's code and a cdktf.json of `count` environments (production plus env-2 ...). */
function projectWith(count) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `checkpoints-scale-${count}-`));
  for (const entry of ["main.ts", "config", "stacks", "tools", "node_modules", "package.json", "tsconfig.json"]) {
    fs.symlinkSync(path.join(projectRoot, entry), path.join(dir, entry));
  }
  const cdktfJson = JSON.parse(fs.readFileSync(path.join(projectRoot, "cdktf.json"), "utf8"));
  const environments = { production: {} };
  for (let i = 2; i <= count; i++) environments[`env-${i}`] = { multiAz: false };
  cdktfJson.context = { checkpoints: { environments } };
  fs.writeFileSync(path.join(dir, "cdktf.json"), JSON.stringify(cdktfJson, null, 2));
  return dir;
}

async function synth(dir, count) {
  const outdir = path.join(dir, "out");
  fs.rmSync(outdir, { recursive: true, force: true });
  const run = await measure(["npm", "run", "--silent", "synth", "--", "--output", outdir],
    { cwd: dir, env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "true" } });
  const stacks = fs.existsSync(path.join(outdir, "stacks")) ? fs.readdirSync(path.join(outdir, "stacks")).length : 0;
  if (run.status !== 0 || stacks !== count) throw new Error(`synth of ${count} stacks failed (${stacks} written):\n${run.output}`);
  return run;
}

async function main() {
  const dirs = Object.fromEntries(SIZES.map((n) => [n, projectWith(n)]));
  const samples = Object.fromEntries(SIZES.map((n) => [n, []]));
  try {
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? SIZES : [...SIZES].reverse();
      for (const n of order) samples[n].push(await synth(dirs[n], n));
      process.stderr.write(`round ${round + 1}: ${SIZES.map((n) => `${n} stacks ${samples[n].at(-1).ms.toFixed(0)} ms`).join(", ")}\n`);
    }
  } finally {
    for (const dir of Object.values(dirs)) fs.rmSync(dir, { recursive: true, force: true });
  }
  const one = median(samples[1].map((r) => r.ms));
  const lines = ["stacks     wall ms  x 1 stack   peak MB   tree MB"];
  for (const n of SIZES) {
    const ms = median(samples[n].map((r) => r.ms));
    const mb = median(samples[n].map((r) => r.peakBytes / 1048576));
    const tree = median(samples[n].map((r) => r.treePeakBytes / 1048576));
    lines.push(`${String(n).padStart(6)}${ms.toFixed(0).padStart(12)}${(ms / one).toFixed(2).padStart(11)}` +
      `${mb.toFixed(0).padStart(10)}${tree.toFixed(0).padStart(10)}`);
  }
  const ratio = median(samples[50].map((r) => r.ms)) / one;
  lines.push("", `${ratio <= TARGET ? "met " : "MISSED"}  50 stacks <= ${TARGET}x one stack's wall time (${ratio.toFixed(2)}x)`);
  process.stdout.write(`${lines.join("\n")}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
