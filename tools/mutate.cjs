#!/usr/bin/env node
// Mutation testing of the safety-critical modules (issue 27): StrykerJS with its jest runner and per-test
// coverage, over the in-process tests (jest.mutate.config.js). A surviving mutant is a realistic bug no
// test would catch: add the test, or list it in docs/tests.md as equivalent, with why.
//
//   node tools/mutate.cjs [--only FOLDER]...      (npm run mutate)
"use strict";
const path = require("node:path");
const { spawnSync } = require("node:child_process");
const { parseScriptArgs } = require("./script-args.cjs");
const fs = require("node:fs");
const { tierOf } = require("../__tests__/test-tiers.cjs");

/** The modules whose bugs would give a false pass, "no change" or "observed", by folder. */
const SAFETY_CRITICAL = {
  plan: ["plan/*.ts"],
  review: ["review/rules.ts", "review/rule-kit.ts", "review/suppressions.ts", "review/checkov-rules.ts",
    "review/checkov-security-groups.ts", "review/plan-security-groups.ts", "review/max-connections-check.ts",
    "review/rds-storage-check.ts", "review/provider-validations.ts"],
  "change-review": ["change-review/effects.ts", "change-review/compare-configurations.ts", "change-review/acknowledgements.ts",
    "change-review/safeguards.ts", "change-review/attribute-values.ts", "change-review/terraform-show-json.ts",
    "change-review/reference-values.ts", "change-review/replacement-spread.ts", "change-review/instance-moves.ts",
    "change-review/apply-refusals.ts", "change-review/provider-diff-rules.ts", "change-review/plan-json-refusals.ts"],
  probe: ["probe/connection-target.ts", "probe/libpq-uri.ts", "probe/conninfo-keyvalue.ts", "probe/service-file.ts",
    "probe/passfile.ts", "probe/session-attrs.ts", "probe/tls-options.ts", "probe/tls-protocol-versions.ts",
    "probe/channel-binding.ts", "probe/host-name-check.ts", "probe/saslprep.ts", "probe/classify-error.ts",
    "probe/login-refusals.ts", "probe/redact.ts"],
  cost: ["cost/estimate.ts", "cost/plan-inputs.ts", "cost/extended-support.ts"],
  cli: ["cli/value-parsers.ts"],
};

const USAGE = `Usage: npm run mutate [-- --only FOLDER ... | --file PATH ...] [--tests TEST_FILE ...] [--incremental]

Runs StrykerJS (jest runner, per-test coverage) over the safety-critical modules, or only those of the
folders named: ${Object.keys(SAFETY_CRITICAL).join(", ")}; or only the files named with --file (each one
of the safety-critical modules, e.g. probe/redact.ts: for a folder too slow to run whole). It prints the
score per file and writes reports/mutation/mutation.json. Slow: each mutant runs the tests that cover it (minutes per folder on
two cores). No test asserts a score; docs/tests.md records the last run's.

  --tests TEST_FILE  run only these unit-tier test files (e.g. __tests__/change-review/instance-moves.test.ts)
                     instead of the whole unit tier: much faster, and the score is a lower bound of the
                     whole tier's (fewer tests kill fewer mutants); docs/mutation/*.md name the files per row
  --incremental      keep results in reports/stryker-incremental.json and re-test only the mutants whose
                     code or covering tests changed (the "after" runs)

Exit codes:
  0  the run finished (read the scores)
  1  Stryker failed (its message is above)
  2  usage error (an unknown folder, file or option)
`;

const options = parseScriptArgs("mutate", USAGE, { only: { type: "string", multiple: true }, file: { type: "string", multiple: true },
  tests: { type: "string", multiple: true }, incremental: { type: "boolean" } });
if (options.only && options.file) {
  process.stderr.write("mutate: --only and --file: give one or the other\n");
  process.exit(2);
}
const folders = options.only ?? Object.keys(SAFETY_CRITICAL);
const unknown = folders.filter((f) => !(f in SAFETY_CRITICAL));
if (unknown.length > 0) {
  process.stderr.write(`mutate: --only ${unknown.join(", ")}: not a folder it mutates; accepted: ${Object.keys(SAFETY_CRITICAL).join(", ")}\n`);
  process.exit(2);
}
const listed = (file) => Object.values(SAFETY_CRITICAL).flat().some((glob) => glob === file
  || (glob.endsWith("/*.ts") && file.startsWith(glob.slice(0, -4)) && !file.slice(glob.length - 4).includes("/") && file.endsWith(".ts")));
const notListed = (options.file ?? []).filter((file) => !listed(file));
if (notListed.length > 0) {
  process.stderr.write(`mutate: --file ${notListed.join(", ")}: not one of the safety-critical modules (tools/mutate.cjs SAFETY_CRITICAL)\n`);
  process.exit(2);
}
const mutate = options.file ?? folders.flatMap((f) => SAFETY_CRITICAL[f]);
const root = path.join(__dirname, "..");
// Only unit-tier files: Stryker's mutants live in the jest worker, which an integration test's child process never sees.
const tests = (options.tests ?? []).map((file) => path.relative(root, path.resolve(root, file)).split(path.sep).join("/"));
const badTests = tests.filter((file) => !/^__tests__\/.+\.test\.ts$/.test(file) || !fs.existsSync(path.join(root, file))
  || tierOf(file.slice("__tests__/".length)) !== "unit");
if (badTests.length > 0) {
  process.stderr.write(`mutate: --tests ${badTests.join(", ")}: not a unit-tier test file (__tests__/**/*.test.ts, not listed in __tests__/test-tiers.cjs); ` +
    "give the in-process test files that cover the module\n");
  process.exit(2);
}
const stryker = path.join(root, "node_modules", "@stryker-mutator", "core", "bin", "stryker.js");
const incremental = options.incremental ? ["--incremental", "--incrementalFile", "reports/stryker-incremental.json"] : [];
const run = spawnSync(process.execPath, [stryker, "run", "--mutate", mutate.join(","), ...incremental], { cwd: root, stdio: "inherit",
  env: { ...process.env, CHECKPOINT_DISABLE: "1", AWS_EC2_METADATA_DISABLED: "true", MUTATE_TEST_FILES: tests.join(",") } });
process.exit(run.status === 0 ? 0 : 1);
