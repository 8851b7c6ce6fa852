#!/usr/bin/env node
// Synth speed and memory: this project's `npm run synth` against the `cdktf init` template's way of
// running the same stack (app `npx ts-node main.ts`, providers imported from the @cdktf/provider-aws
// barrel), in paired, alternating rounds in one run. Figures are medians; the verdict is a ratio to the
// baseline measured here and now, never an absolute time. Also times the unit tests (target < 10 s).
//
//   node bench/synth-bench.cjs [--rounds N]      (npm run bench)
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { measure, median } = require("./lib/measure.cjs");

const projectRoot = path.resolve(__dirname, "..");
const { parseScriptArgs, positiveInteger } = require("../tools/script-args.cjs");
const { exitCodesSection } = require("../tools/signal-exit.cjs");
const { BENCH_EXIT_TABLE } = require("./lib/bench-exit-codes.cjs");

const USAGE = "Usage: npm run bench [-- --rounds N]\n\nTimes `npm run synth` against the cdktf template's way of running the same stack, in paired,\nalternating rounds (default 5), and the unit tests; reports medians and ratios to the baseline.\n\n" +
  exitCodesSection(BENCH_EXIT_TABLE);
const options = parseScriptArgs("bench", USAGE, { rounds: { type: "string" } });
const rounds = positiveInteger("bench", "--rounds", options.rounds, 5);
const TARGET_RATIO = 0.05;
const TARGET_PEAK_MB = 150;
const TARGET_UNIT_TEST_S = 10;

const TEMPLATE_TSCONFIG = {
  compilerOptions: {
    alwaysStrict: true, declaration: true, experimentalDecorators: true, inlineSourceMap: true,
    inlineSources: true, lib: ["es2018"], module: "CommonJS", noEmitOnError: true,
    noFallthroughCasesInSwitch: true, noImplicitAny: true, noImplicitReturns: true, noImplicitThis: true,
    noUnusedLocals: true, noUnusedParameters: true, resolveJsonModule: true, strict: true,
    strictNullChecks: true, strictPropertyInitialization: true, stripInternal: true, target: "ES2018",
    incremental: true, skipLibCheck: true, types: ["node"],
  },
  include: ["**/*.ts"],
  exclude: ["node_modules", "cdktf.out"],
};

const camel = (kebab) => kebab.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());

/** Rewrites deep provider imports into the template's barrel imports, keeping names usable as types. */
function toBarrelImports(source) {
  return source.replace(
    /import \{([^}]+)\} from "@cdktf\/provider-aws\/lib\/([a-z0-9-]+)";/g,
    (_, names, module) => {
      const ns = camel(module);
      const aliases = names.split(",").map((n) => n.trim()).filter(Boolean)
        .map((name) => `import ${name} = ${ns}.${name};`);
      return [`import { ${ns} } from "@cdktf/provider-aws";`, ...aliases].join("\n");
    });
}

function copyTree(from, to, transform) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) copyTree(source, target, transform);
    else if (entry.name.endsWith(".ts")) fs.writeFileSync(target, transform(fs.readFileSync(source, "utf8")));
  }
}

/** A throwaway project laid out as `cdktf init --template=typescript` leaves it, over this stack. */
function prepareBaseline() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-baseline-"));
  for (const folder of ["config", "stacks"]) copyTree(path.join(projectRoot, folder), path.join(dir, folder), toBarrelImports);
  fs.writeFileSync(path.join(dir, "main.ts"), toBarrelImports(fs.readFileSync(path.join(projectRoot, "main.ts"), "utf8")));
  const cdktfJson = JSON.parse(fs.readFileSync(path.join(projectRoot, "cdktf.json"), "utf8"));
  fs.writeFileSync(path.join(dir, "cdktf.json"), JSON.stringify({ ...cdktfJson, app: "npx ts-node main.ts" }, null, 2));
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(TEMPLATE_TSCONFIG, null, 2));
  fs.writeFileSync(path.join(dir, "package.json"),
    JSON.stringify({ name: "baseline", private: true, scripts: { synth: "cdktf synth" } }, null, 2));
  fs.symlinkSync(path.join(projectRoot, "node_modules"), path.join(dir, "node_modules"));
  return dir;
}

async function synthOnce(cwd) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-bench-out-"));
  const run = await measure(["npm", "run", "--silent", "synth", "--", "--output", outdir],
    { cwd, env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "true" } });
  const planWritten = fs.existsSync(path.join(outdir, "stacks", "checkpoints-db", "cdk.tf.json"));
  fs.rmSync(outdir, { recursive: true, force: true });
  if (run.status !== 0 || !planWritten) throw new Error(`synth failed in ${cwd}:\n${run.output}`);
  return run;
}

const mb = (bytes) => bytes / (1024 * 1024);
const fmt = (n, digits = 0) => n.toFixed(digits).padStart(8);

async function main() {
  const baselineDir = prepareBaseline();
  const project = [];
  const baseline = [];
  try {
    process.stderr.write(`synth: ${rounds} paired rounds (project, baseline alternate who goes first)\n`);
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? [[project, projectRoot], [baseline, baselineDir]]
        : [[baseline, baselineDir], [project, projectRoot]];
      for (const [samples, cwd] of order) samples.push(await synthOnce(cwd));
      process.stderr.write(`  round ${round + 1}: project ${project.at(-1).ms.toFixed(0)} ms, ` +
        `baseline ${baseline.at(-1).ms.toFixed(0)} ms\n`);
    }
  } finally {
    fs.rmSync(baselineDir, { recursive: true, force: true });
  }

  process.stderr.write("unit tests: jest __tests__/stacks __tests__/config __tests__/review __tests__/probe\n");
  const unit = await measure(["npx", "jest", "__tests__/stacks", "__tests__/config", "__tests__/review", "__tests__/probe"],
    { cwd: projectRoot, env: { ...process.env, CI: "true" } });
  if (unit.status !== 0) throw new Error(`unit tests failed:\n${unit.output}`);

  const summarize = (runs) => ({
    ms: median(runs.map((r) => r.ms)),
    mb: median(runs.map((r) => mb(r.peakBytes))),
    treeMb: median(runs.map((r) => mb(r.treePeakBytes))),
  });
  const p = summarize(project);
  const b = summarize(baseline);
  const timeRatio = p.ms / b.ms;
  const memRatio = p.mb / b.mb;
  const rows = [
    ["", "wall ms", "peak MB", "tree MB"],
    ["baseline (ts-node, barrel)", fmt(b.ms), fmt(b.mb), fmt(b.treeMb)],
    ["npm run synth", fmt(p.ms), fmt(p.mb), fmt(p.treeMb)],
    ["ratio project/baseline", fmt(timeRatio, 3), fmt(memRatio, 3), fmt(p.treeMb / b.treeMb, 3)],
  ];
  const lines = [
    ...rows.map((cells) => `${cells[0].padEnd(28)}${cells.slice(1).map((c) => String(c).padStart(10)).join("")}`),
    "peak MB: the largest process's peak RSS (as /usr/bin/time reports); tree MB: peak of the summed tree, npm included",
  ];
  const verdicts = [
    [`synth wall time <= ${TARGET_RATIO * 100}% of baseline`, timeRatio <= TARGET_RATIO],
    [`synth peak memory <= ${TARGET_PEAK_MB} MB`, p.mb <= TARGET_PEAK_MB],
    [`unit tests < ${TARGET_UNIT_TEST_S} s (took ${(unit.ms / 1000).toFixed(1)} s)`, unit.ms < TARGET_UNIT_TEST_S * 1000],
  ];
  process.stdout.write(`${lines.join("\n")}\n\n${verdicts.map(([what, ok]) => `${ok ? "met " : "MISSED"}  ${what}`).join("\n")}\n`);
  fs.mkdirSync(path.join(__dirname, "results"), { recursive: true });
  fs.writeFileSync(path.join(__dirname, "results", "synth.json"), JSON.stringify({
    when: new Date().toISOString(), rounds, project, baseline,
    medians: { project: p, baseline: b }, ratios: { time: timeRatio, memory: memRatio }, unitTestsMs: unit.ms,
  }, (key, value) => (key === "output" ? undefined : value), 2));
}

main().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
