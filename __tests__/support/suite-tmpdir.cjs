// One temporary directory per test-suite run, for everything the tests and the libraries they drive put
// in the temp folder (cdktf's cdktf.outdir.*, probe-home-*, servers' data): each run's files stay its own,
// two runs at once never meet there, and the whole directory goes when the run ends.
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const MARK = "CKPT_TEST_SUITE_TMPDIR";
/** The temp folder the run was started with, where state files outlive the run's own directory. */
const OUTER = "CKPT_TEST_OUTER_TMPDIR";

/**
 * Points TMPDIR (read by os.tmpdir() in this process and every worker it starts) at a directory of this
 * run's own, removed when the process exits. Idempotent: jest may load its config more than once.
 */
function useSuiteTmpdir(env = process.env) {
  if (env[MARK] && env.TMPDIR === env[MARK] && fs.existsSync(env[MARK])) return env[MARK];
  env[OUTER] = os.tmpdir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-test-run-"));
  // World-traversable: as root, the test PostgreSQL runs as nobody and must reach its directory in here.
  fs.chmodSync(dir, 0o755);
  env[MARK] = dir;
  env.TMPDIR = dir;
  process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

module.exports = { useSuiteTmpdir, MARK, OUTER };
