import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { withNpmStandIn } from "../support/npm-stand-in";

// `npm run test:unit -- FILE` runs FILE (docs/tests.md, help): with `jest --selectProjects=unit` jest read
// FILE as a second project name and ran the whole tier. And `npm test` is the whole suite, whatever tier
// the shell has set (a leftover JEST_TIER=unit must not make CI's run the unit tier alone).
// The first test runs real npm, the README's command; the others run the same scripts through the npm stand-in
// (support/npm-stand-in.ts) and jest without npx: npm's start-up is not what they are about.
const root = path.join(__dirname, "..", "..");

function listTests(script: string, args: string[], env: Record<string, string> = {}, npm: "real" | "stand-in" = "stand-in"):
  { status: number | null; files: string[]; stderr: string } {
  const callerEnv = { ...process.env, CI: "", ...env };
  const run = spawnSync("npm", ["run", "-s", script, "--", ...args, "--listTests"], { cwd: root, encoding: "utf8",
    env: npm === "real" ? callerEnv : withNpmStandIn(callerEnv) });
  const files = run.stdout.split("\n").filter((line) => line.endsWith(".test.ts")).map((f) => path.relative(root, f)).sort();
  return { status: run.status, files, stderr: run.stderr };
}

describe("choosing a tier", () => {
  test("npm run test:unit -- FILE lists FILE alone", () => {
    const run = listTests("test:unit", ["__tests__/cost/estimate.test.ts"], {}, "real");
    expect(run.status).toBe(0);
    expect(run.files).toEqual(["__tests__/cost/estimate.test.ts"]);
  });

  test("npm run test:unit lists the unit tier: no integration or live file; npm test lists them too, even with the tier set in the shell", () => {
    const unit = listTests("test:unit", []);
    const whole = listTests("test", [], { JEST_TIER: "unit" });
    expect(unit.status).toBe(0);
    expect(whole.status).toBe(0);
    expect(unit.files).toContain("__tests__/cost/estimate.test.ts");
    expect(unit.files).not.toContain("__tests__/cost/cost-cli.test.ts");
    expect(unit.files.filter((f) => f.startsWith("__tests__/live/"))).toEqual([]);
    expect(whole.files).toEqual(expect.arrayContaining([...unit.files, "__tests__/cost/cost-cli.test.ts", "__tests__/live/probe-cli.test.ts"]));
    // Two runs that each start jest: about 7 s on a quiet machine with npm, 45 s seen at load 20 (h25's runs).
  }, 180000);

  test("an unknown tier is refused, naming the variable and the fix", () => {
    const run = spawnSync(process.execPath, [path.join(root, "node_modules", "jest", "bin", "jest.js"), "--listTests"],
      { cwd: root, encoding: "utf8", env: { ...process.env, JEST_TIER: "units" } });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("JEST_TIER=units: not a jest project of jest.config.js (unit, integration, live)");
  });
});
