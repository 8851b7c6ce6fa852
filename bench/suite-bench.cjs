#!/usr/bin/env node
// The whole suite's time, and where it goes: runs `npx jest` (everything, the live PostgreSQL and the
// network rehearsal included where they can run) and reports its wall time, the CPU it used, and the
// split by project and by file. No test asserts a time; this is where the 15 s target is measured.
// On a shared machine wall time follows the load: CPU seconds / cores is the floor an idle machine of
// this size would reach, and the load average is printed beside it.
//
//   node bench/suite-bench.cjs [--rounds N]      (npm run bench:suite)
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { measure, median } = require("./lib/measure.cjs");

const projectRoot = path.resolve(__dirname, "..");
const roundsFlag = process.argv.indexOf("--rounds");
const rounds = roundsFlag > 0 ? Number(process.argv[roundsFlag + 1]) : 1;
const TARGET_S = 15;

/** CPU seconds used by this process's waited-for descendants (cutime + cstime from /proc). */
function childrenCpuSeconds() {
  const stat = fs.readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = 100; // USER_HZ, 100 on Linux
  return (Number(fields[13]) + Number(fields[14])) / ticks;
}

/** The file's group for the split: the jest project, with e2e apart from the rest of unit. */
function groupOf(file) {
  const rel = path.relative(path.join(projectRoot, "__tests__"), file);
  if (rel.startsWith("live/")) return rel.startsWith("live/network-rehearsal") ? "live: network rehearsal" : "live: probe, rehearse, verify";
  if (rel.startsWith("e2e/")) return "e2e: synth";
  return "unit";
}

async function runOnce(round) {
  const results = path.join(os.tmpdir(), `checkpoints-suite-bench-${process.pid}-${round}.json`);
  const load = os.loadavg()[0];
  const cpuBefore = childrenCpuSeconds();
  const run = await measure(["npx", "jest", "--json", `--outputFile=${results}`],
    { cwd: projectRoot, env: { ...process.env, CI: "true", CHECKPOINT_DISABLE: "1", AWS_EC2_METADATA_DISABLED: "true" }, sampleMs: 0 });
  const cpu = childrenCpuSeconds() - cpuBefore;
  const report = JSON.parse(fs.readFileSync(results, "utf8"));
  fs.rmSync(results, { force: true });
  if (run.status !== 0) throw new Error(`the suite failed:\n${run.output.slice(-4000)}`);
  const files = report.testResults.map((t) => ({ file: path.relative(projectRoot, t.name), group: groupOf(t.name),
    seconds: (t.endTime - t.startTime) / 1000, tests: t.assertionResults.length,
    skipped: t.assertionResults.filter((a) => a.status === "pending").length }));
  return { wallSeconds: run.ms / 1000, cpuSeconds: cpu, loadBefore: load, files,
    tests: report.numTotalTests, skipped: report.numPendingTests };
}

async function main() {
  const samples = [];
  for (let round = 0; round < rounds; round++) {
    samples.push(await runOnce(round));
    const s = samples.at(-1);
    process.stderr.write(`round ${round + 1}: ${s.wallSeconds.toFixed(1)} s wall, ${s.cpuSeconds.toFixed(1)} CPU s, ` +
      `load ${s.loadBefore.toFixed(1)} before\n`);
  }
  const cores = os.cpus().length;
  const wall = median(samples.map((s) => s.wallSeconds));
  const cpu = median(samples.map((s) => s.cpuSeconds));
  const last = samples.at(-1);
  const groups = new Map();
  for (const f of last.files) {
    const g = groups.get(f.group) ?? { seconds: 0, files: 0, tests: 0 };
    groups.set(f.group, { seconds: g.seconds + f.seconds, files: g.files + 1, tests: g.tests + f.tests });
  }
  const lines = [
    `suite: ${last.tests} tests, ${last.skipped} skipped, on ${cores} cores, Node ${process.version}`,
    `wall ${wall.toFixed(1)} s (median of ${rounds}); CPU ${cpu.toFixed(1)} s; floor on an idle ${cores}-core machine ` +
      `${(cpu / cores).toFixed(1)} s; load average before: ${samples.map((s) => s.loadBefore.toFixed(1)).join(", ")}`,
    "",
    "split (sum of file times; files run in parallel, so the sum exceeds the wall time):",
    ...[...groups].sort((a, b) => b[1].seconds - a[1].seconds)
      .map(([name, g]) => `  ${name.padEnd(32)}${g.seconds.toFixed(1).padStart(7)} s  ${String(g.files).padStart(3)} files ${String(g.tests).padStart(4)} tests`),
    "",
    "slowest files:",
    ...[...last.files].sort((a, b) => b.seconds - a.seconds).slice(0, 8)
      .map((f) => `  ${f.file.padEnd(52)}${f.seconds.toFixed(1).padStart(7)} s${f.skipped ? `  (${f.skipped} skipped)` : ""}`),
    "",
    `${wall <= TARGET_S ? "met " : "MISSED"}  suite wall time <= ${TARGET_S} s (${wall.toFixed(1)} s; CPU floor ${(cpu / cores).toFixed(1)} s)`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  fs.mkdirSync(path.join(__dirname, "results"), { recursive: true });
  fs.writeFileSync(path.join(__dirname, "results", "suite.json"),
    JSON.stringify({ when: new Date().toISOString(), cores, node: process.version, samples }, null, 2));
}

main().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
