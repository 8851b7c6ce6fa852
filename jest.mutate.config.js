// The tests mutation testing runs (npm run mutate): exactly the unit tier's files (__tests__/test-tiers.cjs),
// the in-process ones. Stryker's mutants live in the jest worker; a test that runs the code in a child
// process (the CLIs, the bundled probe, e2e synth, the live server) cannot see them, so the integration
// tier would only add time.
const path = require("node:path");
const { integrationPatterns } = require("./__tests__/test-tiers.cjs");

/** @type {import('jest').Config} */
module.exports = {
  // The unit tier's environment (jest.config.js project "unit"): a process start or socket open throws.
  // An absolute path: Stryker's jest runner wraps the environment and resolves it without <rootDir>.
  testEnvironment: path.join(__dirname, "__tests__", "support", "unit-tier-environment.cjs"),
  // The suite's own run record and temp folder, as in jest.config.js.
  globalSetup: "<rootDir>/__tests__/support/suite-global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/support/suite-global-teardown.ts",
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  modulePathIgnorePatterns: ["<rootDir>/cdktf.out", "<rootDir>/dist", "<rootDir>/.stryker-tmp"],
  // `npm run mutate -- --tests FILE...` narrows the run to those unit-tier files (tools/mutate.cjs checks them).
  testMatch: process.env.MUTATE_TEST_FILES
    ? process.env.MUTATE_TEST_FILES.split(",").map((file) => `<rootDir>/${file}`)
    : ["<rootDir>/__tests__/**/*.test.ts"],
  testPathIgnorePatterns: integrationPatterns(),
};
