import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";

const projectRoot = path.resolve(__dirname, "..", "..");

test("stack traces from tools/run-ts.cjs name files that exist, at the right line", () => {
  const run = spawnSync(process.execPath, ["tools/run-ts.cjs", "__tests__/fixtures/run-ts/throws.ts"],
    { cwd: projectRoot, encoding: "utf8", env: { ...process.env, DEBUG: "1" } });
  expect(run.status).not.toBe(0);
  const frames = [...run.stderr.matchAll(/\((\/[^():]+\.ts):(\d+):\d+\)/g)].map(([, file, line]) => [file, Number(line)]);
  expect(frames.slice(0, 2)).toEqual([
    [path.join(projectRoot, "__tests__/fixtures/run-ts/fail-with.ts"), 2],
    [path.join(projectRoot, "__tests__/fixtures/run-ts/throws.ts"), 4],
  ]);
  for (const [file] of frames) expect(fs.existsSync(file as string)).toBe(true);
});

test("without DEBUG=1 an unexpected error is one line naming the program, with no stack", () => {
  const { DEBUG: _debug, npm_lifecycle_event: _event, ...env } = process.env;
  const run = spawnSync(process.execPath, ["tools/run-ts.cjs", "__tests__/fixtures/run-ts/throws.ts"],
    { cwd: projectRoot, encoding: "utf8", env });
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 1,
    stderr: "__tests__/fixtures/run-ts/throws.ts: unexpected error: thrown on purpose (DEBUG=1 shows where)\n" });
});
