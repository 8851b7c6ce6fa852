import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { synthesizedPlanDir } from "../support/verify-harness";

const root = path.join(__dirname, "..", "..");
const NO_NETWORK = path.join(__dirname, "..", "support", "no-network.cjs");

// The AWS SDK's NodeVersionSupportWarning, at most once per process however often the SDK is loaded.
test("loading the SDK in three module registries of one process never lets the SDK print its own warning", () => {
  const warnings: string[] = [];
  const spy = jest.spyOn(process, "emitWarning").mockImplementation((warning: string | Error) => {
    if (String(warning).includes("NodeVersionSupportWarning")) warnings.push(String(warning));
  });
  try {
    for (let run = 0; run < 3; run++) {
      jest.isolateModules(() => {
        require("../../aws/aws-errors");
        const { RDSClient } = require("@aws-sdk/client-rds");
        new RDSClient({ region: "us-east-1" });
      });
    }
  } finally {
    spy.mockRestore();
  }
  expect(warnings).toEqual([]);
});

// Issue 24: on Node 20 an AWS tool printed the SDK's eight-line warning before its own message.
test("an AWS tool (preflight, no credentials) says it in one line, once, on Node < 22; not at all on 22+", () => {
  const planDir = synthesizedPlanDir();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "no-aws-"));
  const run = spawnSync(process.execPath, ["--require", NO_NETWORK, path.join(root, "tools", "run-ts.cjs"),
    path.join(root, "preflight", "cli.ts"), "--stack", "checkpoints-db", "--plan-dir", planDir],
  { encoding: "utf8", env: { PATH: process.env.PATH, HOME: home, AWS_EC2_METADATA_DISABLED: "true" } });
  fs.rmSync(home, { recursive: true, force: true });
  fs.rmSync(planDir, { recursive: true, force: true });
  expect(run.status).toBe(3);
  expect(run.stderr).not.toContain("NodeVersionSupportWarning");
  const notes = run.stderr.split("\n").filter((line) => /Node \d+\+|node >=/.test(line));
  const major = Number(process.version.slice(1).split(".")[0]);
  expect(notes).toEqual(major < 22 ? [`note: AWS SDK releases after January 2027 need Node 22+ (this is ${process.version}); ` +
    "this project pins its SDK, so it keeps working: https://a.co/c895JFp"] : []);
});

test("the probe's --secret-id (no credentials) says it in one line too, never the SDK's eight", () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "no-aws-"));
  const run = spawnSync(process.execPath, ["--require", NO_NETWORK, path.join(root, "tools", "run-ts.cjs"),
    path.join(root, "probe", "cli.ts"), "--secret-id", "checkpoints/db", "--region", "us-east-1"],
  { encoding: "utf8", env: { PATH: process.env.PATH, HOME: home, AWS_EC2_METADATA_DISABLED: "true" } });
  fs.rmSync(home, { recursive: true, force: true });
  expect(run.status).toBe(13);
  expect(run.stderr).not.toContain("NodeVersionSupportWarning");
  const notes = run.stderr.split("\n").filter((line) => /Node \d+\+|node >=/.test(line));
  expect(notes).toHaveLength(Number(process.version.slice(1).split(".")[0]) < 22 ? 1 : 0);
});
