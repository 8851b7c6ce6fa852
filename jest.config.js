const { integrationGlobs, integrationPatterns } = require("./__tests__/test-tiers.cjs");

// swc strips types without checking them: `npm run typecheck` (tsc --noEmit) is the type gate.
const common = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  modulePathIgnorePatterns: ["<rootDir>/cdktf.out", "<rootDir>/dist"],
};

/**
 * `npm run test:unit` sets JEST_TIER=unit and the config keeps that project alone (a name outside
 * CHECKPOINTS_*, which the app reads as its settings and refuses when unknown). Not
 * `--selectProjects unit`: jest reads every word after it as a project name, so `npm run test:unit -- FILE`
 * ran the whole tier instead of FILE.
 */
function selectTier(projects) {
  const tier = process.env.JEST_TIER;
  if (tier === undefined || tier === "") return projects;
  const chosen = projects.filter((p) => p.displayName === tier);
  if (chosen.length === 0) {
    throw new Error(`JEST_TIER=${tier}: not a jest project of jest.config.js (${projects.map((p) => p.displayName).join(", ")}); ` +
      "use unit (npm run test:unit), or unset it to run the whole suite (npm test)");
  }
  return chosen;
}

// `npm test` and `npm run test:unit` start jest as `node --single-threaded node_modules/jest/bin/jest.js`,
// and jest's workers inherit the flag: V8 then collects garbage and optimizes on the thread that runs the
// tests instead of on helper threads. On two cores already busy with two or three workers those threads
// only compete: the unit tier used about a tenth less CPU in alternating runs, in the same wall time
// (docs/benchmarks.md). `npx jest` still works, with V8's defaults.
/**
 * With JEST_FILE_CPU_LOG set (only `npm run bench:suite` sets it), each project's environment is wrapped to
 * log every file's CPU seconds to that file (bench/lib/file-cpu-environment.cjs): where the CPU goes.
 */
function measuredPerFile(projects) {
  const logFile = process.env.JEST_FILE_CPU_LOG;
  if (logFile === undefined || logFile === "") return projects;
  return projects.map((project) => ({
    ...project,
    testEnvironment: "<rootDir>/bench/lib/file-cpu-environment.cjs",
    testEnvironmentOptions: { ...project.testEnvironmentOptions, logFile,
      measuredEnvironment: project.testEnvironment === "node" ? require.resolve("jest-environment-node")
        : project.testEnvironment.replace("<rootDir>", __dirname) },
  }));
}

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60000,
  // Jest's default on a 2-core machine is one worker (cores - 1), which runs every file in turn. Most
  // of the live and e2e tests' time is spent waiting on child processes (servers, probes, synth), so
  // three workers keep both cores busy; more only adds workers' start-up and memory. The unit tier alone
  // waits on nothing: a third worker there only adds its start-up and competes for the two cores (about
  // 15% more CPU in alternating runs, docs/benchmarks.md).
  maxWorkers: process.env.JEST_TIER === "unit" ? 2 : 3,
  // Lists every skipped test at the end; in CI a skip outside __tests__/allowed-skips.cjs fails the run.
  reporters: ["default", "<rootDir>/__tests__/support/skip-policy-reporter.cjs"],
  // Every run keeps its temporary files in a folder of its own, and records it, its servers and network
  // namespaces in state files: removed at the end, on SIGINT/SIGTERM/SIGHUP, or by the next run after a
  // kill -9 (__tests__/support/suite-run.ts). Run after the projects' own set-up and before their teardown.
  globalSetup: "<rootDir>/__tests__/support/suite-global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/support/suite-global-teardown.ts",
  // Two tiers (issue 26; __tests__/test-tiers.cjs says which file is where): "unit", every in-process
  // test (`npm run test:unit`, the editing loop), and the integration tier, "integration" and "live".
  // `npm test` runs every project, so it stays the whole suite.
  projects: measuredPerFile(selectTier([
    {
      ...common,
      displayName: "unit",
      // Makes a process start or a socket open throw, naming the file (support/unit-tier-environment.cjs).
      testEnvironment: "<rootDir>/__tests__/support/unit-tier-environment.cjs",
      testMatch: ["<rootDir>/__tests__/**/*.test.ts"],
      testPathIgnorePatterns: integrationPatterns(),
    },
    {
      // Tests that start processes (the CLIs, synth, jest, git), namespaces or sockets of their own.
      ...common,
      displayName: "integration",
      testMatch: integrationGlobs(),
    },
    {
      // Tests against a real PostgreSQL 15.4, started once for the run by the global setup.
      ...common,
      displayName: "live",
      testMatch: ["<rootDir>/__tests__/live/**/*.test.ts"],
      globalSetup: "<rootDir>/__tests__/live/global-setup.ts",
      globalTeardown: "<rootDir>/__tests__/live/global-teardown.ts",
    },
  ])),
};
