import * as fs from "node:fs";
import * as path from "node:path";
import { spawn } from "node:child_process";
import { projectRoot, ScriptRun as Run, scriptRunOnce, scripts } from "../support/script-runs";

// The project's own scripts (node ... FILE [verb]): deploy and diff are one CLI with a verb. typecheck and
// test are tsc's and jest's, each with its own --help; synth has its own tests (e2e).
const OWN = Object.entries(scripts).filter(([, command]) => /^node (tools\/run-ts\.cjs )?\S+\.(ts|cjs)( [a-z]+)?$/.test(command))
  .filter(([name]) => name !== "synth");

// Children at once: each mostly starts Node and loads modules, so more than the cores only queue.
const PARALLEL = 3;
let running = 0;
const waiting: (() => void)[] = [];
async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/**
 * `npm run NAME -- ARGS` as npm runs it, without npm's own start-up (support/script-runs.ts); one test below
 * goes through real npm and checks it gives the same. The same script with the same arguments runs once in
 * a test run: later tests, and architecture/exit-tables.test.ts's --help checks, read its result.
 */
function run(name: string, args: readonly string[]): Promise<Run> {
  return scriptRunOnce(name, args, slot);
}

test("the list covers every script this project wrote", () => {
  expect(OWN.map(([name]) => name).sort()).toEqual(["bench", "bench:probe", "bench:scale", "bench:suite", "build:probe", "cost",
    "deploy", "diff", "docs", "mutate", "preflight", "probe", "rehearse", "rehearse:network", "review", "review:change", "secret:create", "verify"]);
});

test.concurrent.each(OWN)("npm run %s -- --help prints its usage and does nothing else", async (name) => {
  const result = await run(name, ["--help"]);
  expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
  expect(result.stdout).toMatch(/^Usage: /);
});

test.concurrent.each(OWN)("npm run %s -- --no-such-option exits 2 and names it, without a stack", async (name) => {
  const result = await run(name, ["--no-such-option"]);
  expect(result.status).toBe(2);
  expect(result.stderr).toContain("--no-such-option");
  expect(result.stderr).not.toMatch(/\n\s+at /);
});

// Inputs that once reached code which did not expect them; none may show a stack (only DEBUG=1 does).
test.concurrent.each([
  ["verify", ["--app-subnet-cidr", "10.0.1.5/24"]],
  ["verify", ["--stack", "../../etc"]],
  ["verify", ["--region", "bad region"]],
  ["secret:create", ["--secret-id", "x", "--region", "bad region"]],
  ["secret:create", ["--secret-id", "x", "--username", "user"]],
  ["probe", ["--wait", "1e3"]],
  ["review", ["--format", "yaml"]],
  ["rehearse:network", ["--plan", "/etc/hostname"]],
  ["bench", ["--rounds", "0x10"]],
])("npm run %s %j: exit 2, one clear line, no stack", async (name, args) => {
  const result = await run(name, args);
  expect(result.status).toBe(2);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stderr.trim().length).toBeGreaterThan(0);
});

// npm prints "> checkpoints-db@0.1.0 review" on stdout before the script's own output unless run with -s.
describe("machine-readable output is documented with npm run -s", () => {
  const docs = fs.readdirSync(path.join(projectRoot, "docs")).filter((f) => f.endsWith(".md")).map((f) => path.join("docs", f));
  test.each(["README.md", ...docs])("every %s example that asks npm for JSON uses -s", (page) => {
    const text = fs.readFileSync(path.join(projectRoot, page), "utf8");
    const examples = text.split("\n").filter((line) => /npm run (-s )?\w/.test(line) && /--json|--format json/.test(line));
    if (page === "README.md") expect(examples.length).toBeGreaterThan(0);
    for (const line of examples) expect(line).toMatch(/npm run -s /);
  });

  test.each(["review", "verify"])("%s --help says so", async (name) => {
    expect((await run(name, ["--help"])).stdout).toContain(`npm run -s ${name}`);
  });
});

// The tests above run each script as npm would; this one checks that claim against npm itself, with an
// argument sh would split or unquote if it were passed wrongly.
test("real npm runs the script as the tests above do", async () => {
  const args = ["--format", "it's $HOME yaml"];
  const viaNpm = await new Promise<Run>((resolve) => {
    const child = spawn("npm", ["run", "-s", "review", "--", ...args], {
      cwd: projectRoot, env: { ...process.env, AWS_EC2_METADATA_DISABLED: "true",
        PATH: [path.dirname(process.execPath), process.env.PATH].join(path.delimiter) } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => { stdout += d; });
    child.stderr.on("data", (d) => { stderr += d; });
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
  expect(viaNpm.stderr).toBe(`review: --format must be one of table, json, markdown, sarif, junit, not "it's $HOME yaml"\n`);
  expect(await run("review", args)).toEqual(viaNpm);
});
