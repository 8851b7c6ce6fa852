import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";

const projectRoot = path.resolve(__dirname, "..", "..");

test("stack traces from tools/run-ts.cjs name files that exist, at the right line", () => {
  const run = spawnSync(process.execPath, ["tools/run-ts.cjs", "__tests__/fixtures/run-ts/throws.ts"],
    { cwd: projectRoot, encoding: "utf8" });
  expect(run.status).not.toBe(0);
  const frames = [...run.stderr.matchAll(/\((\/[^():]+\.ts):(\d+):\d+\)/g)].map(([, file, line]) => [file, Number(line)]);
  expect(frames.slice(0, 2)).toEqual([
    [path.join(projectRoot, "__tests__/fixtures/run-ts/fail-with.ts"), 2],
    [path.join(projectRoot, "__tests__/fixtures/run-ts/throws.ts"), 4],
  ]);
  for (const [file] of frames) expect(fs.existsSync(file as string)).toBe(true);
});
