// Which tier each test file runs in (issue 26). The unit tier (`npm run test:unit`, jest project "unit")
// is every in-process test: no server, no network namespace, no child process, no git, no socket. The
// integration tier is the rest: the files listed here (jest project "integration") and __tests__/live/
// (jest project "live", with its PostgreSQL started once by the global setup). `npm test` runs both.
//
// A file is in the unit tier unless it is listed here, so a new file lands there; if it starts a process
// or opens a socket, the unit tier's guard (support/unit-tier-environment.cjs) fails it with its name and
// tools/test-tiers.test.ts fails on its imports: then list it here. Never list a file that does neither.
"use strict";

/** Folders whose every file is integration (relative to __tests__/). */
const INTEGRATION_FOLDERS = ["e2e", "live"];

/** Single files in the integration tier, each with what it starts (relative to __tests__/). */
const INTEGRATION_FILES = {
  "architecture/exit-tables.test.ts": "runs each tool's --help in a child process",
  "cli/closed-output.test.ts": "every script in a child process with its stdout closed",
  "cli/sdk-node-warning.test.ts": "AWS tools in a child process, to read the SDK's warning",
  "change-review/base-ref.test.ts": "git repositories and the CLI in a child process",
  "change-review/base-ref-signals.test.ts": "the CLI in a child process, signalled",
  "change-review/closed-stdout.test.ts": "the CLI in a child process with a closed stdout",
  "cost/cost-cli.test.ts": "the CLI in a child process",
  "deploy/deploy.test.ts": "deploy's review as a child process (run-ts)",
  "preflight/preflight.test.ts": "the CLI in a child process under the no-network guard",
  "probe/libpq-rules.test.ts": "a loopback listener the probe dials",
  "rehearsal/network-namespaces.test.ts": "network namespaces",
  "rehearsal/temp-folder.test.ts": "the rehearsal in a child process with a TMPDIR the server's user cannot enter",
  "rehearsal/run-state.test.ts": "processes to record and reap",
  "secrets/secret-create.test.ts": "the CLI in a child process",
  "stacks/variable-validation.test.ts": "synth in a child process",
  "tools/build-probe-cache.test.ts": "esbuild, which runs its service as a child process",
  "tools/every-script.test.ts": "every npm script in a child process",
  "tools/no-network-guard.test.ts": "a network namespace and sockets",
  "tools/run-ts.test.ts": "run-ts in a child process",
  "tools/skip-policy.test.ts": "jest in a child process",
  "tools/test-tier-selection.test.ts": "npm and jest in a child process, listing each tier's files",
  "verify/verify.test.ts": "the CLI in a child process",
};

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Regular expressions (jest's testPathIgnorePatterns form) matching every integration file. */
function integrationPatterns() {
  return [...INTEGRATION_FOLDERS.map((folder) => `/__tests__/${escape(folder)}/`),
    ...Object.keys(INTEGRATION_FILES).map((file) => `/__tests__/${escape(file)}$`)];
}

/** jest testMatch globs of the integration files outside live/ (which is a project of its own). */
function integrationGlobs() {
  return [...INTEGRATION_FOLDERS.filter((folder) => folder !== "live").map((folder) => `<rootDir>/__tests__/${folder}/**/*.test.ts`),
    ...Object.keys(INTEGRATION_FILES).map((file) => `<rootDir>/__tests__/${file}`)];
}

/** "unit" or "integration" for a path relative to __tests__/ (forward slashes). */
function tierOf(relative) {
  return integrationPatterns().some((pattern) => new RegExp(pattern).test(`/__tests__/${relative}`)) ? "integration" : "unit";
}

module.exports = { INTEGRATION_FOLDERS, INTEGRATION_FILES, integrationPatterns, integrationGlobs, tierOf };
