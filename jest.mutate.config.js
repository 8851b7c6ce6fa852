// The tests mutation testing runs (npm run mutate): the in-process ones. Stryker's mutants live in the
// jest worker; a test that runs the code in a child process (the CLIs, the bundled probe, e2e synth, the
// live server) cannot see them, so those files would only add time.
require("./__tests__/support/suite-tmpdir.cjs").useSuiteTmpdir();

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  modulePathIgnorePatterns: ["<rootDir>/cdktf.out", "<rootDir>/dist", "<rootDir>/.stryker-tmp"],
  testMatch: ["<rootDir>/__tests__/**/*.test.ts"],
  testPathIgnorePatterns: ["/__tests__/(live|e2e|docs|tools|architecture)/"],
};
