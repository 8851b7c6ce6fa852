// The tests mutation testing runs (npm run mutate): the in-process ones. Stryker's mutants live in the
// jest worker; a test that runs the code in a child process (the CLIs, the bundled probe, e2e synth, the
// live server) cannot see them, so those files would only add time.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  // The suite's own run record and temp folder, as in jest.config.js.
  globalSetup: "<rootDir>/__tests__/support/suite-global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/support/suite-global-teardown.ts",
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  modulePathIgnorePatterns: ["<rootDir>/cdktf.out", "<rootDir>/dist", "<rootDir>/.stryker-tmp"],
  testMatch: ["<rootDir>/__tests__/**/*.test.ts"],
  testPathIgnorePatterns: ["/__tests__/(live|e2e|docs|tools|architecture)/"],
};
