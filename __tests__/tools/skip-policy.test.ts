import * as path from "node:path";
import { runProcess } from "../support/run-process";

// Issue 27: jest exits 0 when tests skip, so a green CI could hide tests that never ran. The reporter
// fails a CI run on any skip __tests__/allowed-skips.cjs does not allow for the file and the moment.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Reporter = require("../support/skip-policy-reporter.cjs");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const allowList: Array<{ file: string; applies: () => boolean; reason: string }> = require("../allowed-skips.cjs");

const root = path.join(__dirname, "..", "..");
const fixture = path.join(__dirname, "..", "fixtures", "skip-policy");

function results(...files: Array<[string, Array<[string, string]>]>) {
  return { testResults: files.map(([file, tests]) => ({ testFilePath: path.join(root, file),
    testResults: tests.map(([fullName, status]) => ({ fullName, title: fullName, status })) })) };
}

function run(ci: boolean, list = allowList, input = results()) {
  const written: string[] = [];
  const reporter = new Reporter({ rootDir: root }, { ci, allowList: list, write: (t: string) => written.push(t) });
  reporter.onRunComplete(new Set(), input);
  return { error: reporter.getLastError() as Error | undefined, output: written.join("\n") };
}

test("in CI a skipped test outside the list fails the run, naming the file and the test", () => {
  const { error, output } = run(true, allowList, results(["__tests__/live/probe-cli.test.ts",
    [["probe exits 0 on the witness", "pending"], ["another", "passed"]]]));
  expect(error?.message).toContain("__tests__/live/probe-cli.test.ts: 1");
  expect(error?.message).toContain("- probe exits 0 on the witness");
  expect(output).toContain("does not allow");
});

test.each(["pending", "skipped", "todo", "disabled"])("a test of status %s counts as skipped", (status) => {
  expect(run(true, [], results(["__tests__/a.test.ts", [["t", status]]])).error).toBeDefined();
});

test("a listed file's skip passes only while its entry applies, and the reason is printed", () => {
  const input = results(["__tests__/e2e/x.test.ts", [["compares", "pending"]]]);
  const entry = (applies: boolean) => [{ file: "__tests__/e2e/x.test.ts", applies: () => applies, reason: "why it may skip" }];
  expect(run(true, entry(true), input).error).toBeUndefined();
  expect(run(true, entry(true), input).output).toContain("why it may skip");
  expect(run(true, entry(false), input).error).toBeDefined();
  expect(run(true, entry(true), results(["__tests__/e2e/y.test.ts", [["compares", "pending"]]])).error).toBeDefined();
});

test("outside CI skips are listed, never an error; a run without skips says nothing", () => {
  const local = run(false, [], results(["__tests__/a.test.ts", [["t", "pending"]]]));
  expect(local.error).toBeUndefined();
  expect(local.output).toContain("__tests__/a.test.ts: 1");
  expect(run(true, [], results(["__tests__/a.test.ts", [["t", "passed"]]]))).toEqual({ error: undefined, output: "" });
});

test("every allowed skip names an existing test file and a reason", () => {
  for (const entry of allowList) {
    expect(require("node:fs").existsSync(path.join(root, entry.file))).toBe(true);
    expect(entry.reason.length).toBeGreaterThan(20);
  }
});

// The reporter's error must really turn jest's exit code: a jest run of its own over one skipping test.
test.concurrent.each([
  ["fails in CI when nothing allows the skip", "allow-nothing.cjs", "true", 1],
  ["passes in CI when the list allows it", "allow-it.cjs", "true", 0],
  ["passes outside CI", "allow-nothing.cjs", "false", 0],
])("a real jest run %s", async (_what, list, ci, code) => {
  const config = { rootDir: fixture, testMatch: ["**/*.spec.js"], reporters: ["default",
    [path.join(root, "__tests__", "support", "skip-policy-reporter.cjs"), { allowListFile: path.join(fixture, list) }]] };
  const ran = await runProcess(process.execPath, [path.join(root, "node_modules", "jest", "bin", "jest.js"),
    "--config", JSON.stringify(config), "--ci"], { cwd: fixture, env: { ...process.env, CI: ci } });
  expect(ran.status).toBe(code);
  expect(ran.stderr).toContain("one-skip.spec.js: 1");
});
