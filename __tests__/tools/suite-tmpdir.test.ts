import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";

const SUITE = path.join(__dirname, "..", "support", "suite-tmpdir.cjs");

test("this run's temporary files go to a directory of its own", () => {
  expect(path.basename(os.tmpdir())).toMatch(/^checkpoints-test-run-/);
  expect(process.env.CKPT_TEST_SUITE_TMPDIR).toBe(os.tmpdir());
});

test("the run's directory, and what libraries left in it, is gone when the process exits", () => {
  const outer = fs.mkdtempSync(path.join(os.tmpdir(), "suite-tmpdir-"));
  try {
    // What cdktf's Testing.app() and the probe tests do: mkdtemp in os.tmpdir(), never removed.
    const script = `const { useSuiteTmpdir } = require(${JSON.stringify(SUITE)});
      const fs = require("node:fs"), os = require("node:os"), path = require("node:path");
      const dir = useSuiteTmpdir();
      if (os.tmpdir() !== dir || useSuiteTmpdir() !== dir) process.exit(3);
      fs.mkdtempSync(path.join(os.tmpdir(), "cdktf.outdir."));
      fs.mkdtempSync(path.join(os.tmpdir(), "probe-home-"));`;
    const run = spawnSync(process.execPath, ["-e", script], { env: { ...process.env, TMPDIR: outer, CKPT_TEST_SUITE_TMPDIR: "" } });
    expect(run.status).toBe(0);
    expect(fs.readdirSync(outer)).toEqual([]);
  } finally {
    fs.rmSync(outer, { recursive: true, force: true });
  }
});
