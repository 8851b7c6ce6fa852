#!/usr/bin/env node
// The test suite's time, tier by tier, in one run (issue 26): runs the unit tier (`npm run test:unit`,
// JEST_TIER=unit jest) and then the whole suite (`npm test`, every project: the live PostgreSQL
// and the network rehearsal included where they can run), and reports for each its wall time and the
// CPU it used (user + system, every process it waited for included), against the targets: the unit
// tier within 15 CPU s, the whole suite within 60. No test asserts a time. On a shared machine wall
// time and CPU both follow the load: the load average is printed beside them, and only a quiet
// machine's numbers belong in docs/benchmarks.md.
//
//   node bench/suite-bench.cjs [--rounds N]      (npm run bench:suite)
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { measure, median } = require("./lib/measure.cjs");
const { childrenCpuSeconds } = require("./lib/process-cpu.cjs");

const { parseScriptArgs, positiveInteger } = require("../tools/script-args.cjs");

const projectRoot = path.resolve(__dirname, "..");
const { tierOf } = require("../__tests__/test-tiers.cjs");
const USAGE = "Usage: npm run bench:suite [-- --rounds N]\n\n" +
  "Runs the unit tier (npm run test:unit) and then the whole suite (npm test), N rounds each in turn\n" +
  "(default 1), and prints for each its wall time and CPU seconds (user + system, child processes\n" +
  "included; median of the rounds), against the targets: unit tier <= 15 CPU s, whole suite <= 60 CPU s;\n" +
  "then the whole suite's split by tier and part and the files using the most CPU (each file's worker and\n" +
  "the processes it waited for). Both in one run, so the figures in docs/benchmarks.md come from one\n" +
  "command; run it on a quiet machine. No test asserts a time.\n";
const options = parseScriptArgs("bench:suite", USAGE, { rounds: { type: "string" } });
const rounds = positiveInteger("bench:suite", "--rounds", options.rounds, 1);

/** What each run measures: the jest arguments and the CPU target (issue 26). */
const TIERS = [
  { name: "unit tier", command: "npm run test:unit", targetCpuSeconds: 15 },
  { name: "whole suite", command: "npm test", targetCpuSeconds: 60 },
];

/** The file's group for the split: its tier, and within integration the part it belongs to. */
function groupOf(file) {
  const rel = path.relative(path.join(projectRoot, "__tests__"), file).split(path.sep).join("/");
  if (tierOf(rel) === "unit") return "unit";
  if (rel.startsWith("live/")) return rel.startsWith("live/network-rehearsal") ? "integration: network rehearsal" : "integration: live probe, rehearse, verify";
  if (rel.startsWith("e2e/")) return "integration: e2e synth, review:change";
  return "integration: CLIs, scripts, tools";
}

async function runOnce(tier, round) {
  const results = path.join(os.tmpdir(), `checkpoints-suite-bench-${process.pid}-${round}.json`);
  // Each file's CPU (jest.config.js wraps the environments when this is set: bench/lib/file-cpu-environment.cjs).
  const cpuLog = path.join(os.tmpdir(), `checkpoints-suite-bench-${process.pid}-${round}-files.jsonl`);
  fs.rmSync(cpuLog, { force: true });
  const load = os.loadavg()[0];
  const cpuBefore = childrenCpuSeconds();
  // The npm script itself (its node flags included), as a user or CI runs it; npm sets JEST_TIER.
  const run = await measure([...tier.command.split(" "), "--", "--json", `--outputFile=${results}`],
    { cwd: projectRoot, env: { ...process.env, CI: "true", CHECKPOINT_DISABLE: "1", AWS_EC2_METADATA_DISABLED: "true", JEST_FILE_CPU_LOG: cpuLog },
      sampleMs: 0 });
  const cpu = childrenCpuSeconds() - cpuBefore;
  const report = JSON.parse(fs.readFileSync(results, "utf8"));
  const cpuByFile = new Map(fs.readFileSync(cpuLog, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line))
    .map((entry) => [entry.file, entry.cpuSeconds]));
  fs.rmSync(results, { force: true });
  fs.rmSync(cpuLog, { force: true });
  if (run.status !== 0) throw new Error(`${tier.command} failed:\n${run.output.slice(-4000)}`);
  const files = report.testResults.map((t) => ({ file: path.relative(projectRoot, t.name), group: groupOf(t.name),
    seconds: (t.endTime - t.startTime) / 1000, cpuSeconds: cpuByFile.get(path.relative(projectRoot, t.name)) ?? 0,
    tests: t.assertionResults.length,
    skipped: t.assertionResults.filter((a) => a.status === "pending").length }));
  return { wallSeconds: run.ms / 1000, cpuSeconds: cpu, loadBefore: load, files,
    tests: report.numTotalTests, skipped: report.numPendingTests };
}

/** Median wall and CPU seconds of a tier's rounds, and the line that reports them. */
function summary(tier, samples, cores) {
  const wall = median(samples.map((s) => s.wallSeconds));
  const cpu = median(samples.map((s) => s.cpuSeconds));
  const last = samples.at(-1);
  return {
    wall, cpu,
    line: `${tier.name.padEnd(12)} (${tier.command}): ${last.tests} tests, ${last.skipped} skipped; wall ${wall.toFixed(1)} s, ` +
      `CPU ${cpu.toFixed(1)} s (floor on an idle ${cores}-core machine ${(cpu / cores).toFixed(1)} s); ` +
      `load before: ${samples.map((s) => s.loadBefore.toFixed(1)).join(", ")}`,
    verdict: `${cpu <= tier.targetCpuSeconds ? "met   " : "MISSED"}  ${tier.name} CPU <= ${tier.targetCpuSeconds} s (${cpu.toFixed(1)} s)`,
  };
}

async function main() {
  const samples = new Map(TIERS.map((tier) => [tier, []]));
  for (let round = 0; round < rounds; round++) {
    for (const tier of TIERS) {
      const s = await runOnce(tier, round);
      samples.get(tier).push(s);
      process.stderr.write(`round ${round + 1}, ${tier.name}: ${s.wallSeconds.toFixed(1)} s wall, ${s.cpuSeconds.toFixed(1)} CPU s, ` +
        `load ${s.loadBefore.toFixed(1)} before\n`);
    }
  }
  const cores = os.cpus().length;
  const summaries = TIERS.map((tier) => summary(tier, samples.get(tier), cores));
  const whole = samples.get(TIERS[1]).at(-1);
  const groups = new Map();
  for (const f of whole.files) {
    const g = groups.get(f.group) ?? { seconds: 0, cpuSeconds: 0, files: 0, tests: 0 };
    groups.set(f.group, { seconds: g.seconds + f.seconds, cpuSeconds: g.cpuSeconds + f.cpuSeconds, files: g.files + 1, tests: g.tests + f.tests });
  }
  const filesCpu = whole.files.reduce((total, f) => total + f.cpuSeconds, 0);
  const lines = [
    `on ${cores} cores, Node ${process.version}, ${rounds} round(s) each, medians:`,
    ...summaries.map((s) => s.line),
    "",
    "whole suite's split, last round: CPU s of each part's files (each file's worker and the processes it waited for;",
    `  ${filesCpu.toFixed(1)} of the run's ${whole.cpuSeconds.toFixed(1)}, the rest jest's own and the global set-up), and the sum of their`,
    "  wall times (files run in parallel, so that sum exceeds the run's wall time):",
    ...[...groups].sort((a, b) => b[1].cpuSeconds - a[1].cpuSeconds)
      .map(([name, g]) => `  ${name.padEnd(44)}${g.cpuSeconds.toFixed(1).padStart(7)} CPU s ${g.seconds.toFixed(1).padStart(7)} s  ` +
        `${String(g.files).padStart(3)} files ${String(g.tests).padStart(4)} tests`),
    "",
    "files using the most CPU:",
    ...[...whole.files].sort((a, b) => b.cpuSeconds - a.cpuSeconds).slice(0, 12)
      .map((f) => `  ${f.file.padEnd(52)}${f.cpuSeconds.toFixed(1).padStart(7)} CPU s ${f.seconds.toFixed(1).padStart(7)} s${f.skipped ? `  (${f.skipped} skipped)` : ""}`),
    "",
    ...summaries.map((s) => s.verdict),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  fs.mkdirSync(path.join(__dirname, "results"), { recursive: true });
  fs.writeFileSync(path.join(__dirname, "results", "suite.json"), JSON.stringify({ when: new Date().toISOString(), cores,
    node: process.version, tiers: TIERS.map((tier) => ({ name: tier.name, command: tier.command, samples: samples.get(tier) })) }, null, 2));
}

main().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
