import * as fs from "node:fs";
import * as path from "node:path";
import { spawn } from "node:child_process";

const projectRoot = path.resolve(__dirname, "..", "..");
const scripts: Record<string, string> = JSON.parse(fs.readFileSync(path.join(projectRoot, "package.json"), "utf8")).scripts;

// The project's own scripts (node ... FILE [verb]): deploy and diff are one CLI with a verb. typecheck and
// test are tsc's and jest's, each with its own --help; synth has its own tests (e2e).
const OWN = Object.entries(scripts).filter(([, command]) => /^node (tools\/run-ts\.cjs )?\S+\.(ts|cjs)( [a-z]+)?$/.test(command))
  .filter(([name]) => name !== "synth");

interface Run { readonly status: number | null; readonly stdout: string; readonly stderr: string }

/** A word as sh reads it, as npm passes each argument after `--`. */
const shellQuote = (word: string) => `'${word.replace(/'/g, "'\\''")}'`;

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
 * `npm run NAME -- ARGS` without npm's own start-up (~330 ms a run): the script's command from
 * package.json, run by sh with the arguments appended, quoted, and the variables npm gives a script,
 * this test's node first on PATH. One test below goes through real npm and checks it gives the same.
 */
function spawnScript(name: string, args: readonly string[]): Promise<Run> {
  const env = {
    ...process.env, AWS_EC2_METADATA_DISABLED: "true",
    PATH: [path.join(projectRoot, "node_modules", ".bin"), path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
    npm_lifecycle_event: name, npm_lifecycle_script: scripts[name], npm_package_name: "checkpoints-db",
    npm_package_json: path.join(projectRoot, "package.json"), INIT_CWD: projectRoot,
  };
  return new Promise((resolve) => {
    const child = spawn("/bin/sh", ["-c", [scripts[name], ...args.map(shellQuote)].join(" ")], { cwd: projectRoot, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => { stdout += d; });
    child.stderr.on("data", (d) => { stderr += d; });
    // Bounded: a script that ignored --help would start its real work (a rehearsal, a benchmark).
    const timer = setTimeout(() => child.kill("SIGKILL"), 30000);
    child.on("close", (status) => { clearTimeout(timer); resolve({ status, stdout, stderr }); });
  });
}

// The same script with the same arguments runs once; later tests read its result.
const runs = new Map<string, Promise<Run>>();
function run(name: string, args: readonly string[]): Promise<Run> {
  const key = JSON.stringify([name, args]);
  if (!runs.has(key)) runs.set(key, slot(() => spawnScript(name, args)));
  return runs.get(key) as Promise<Run>;
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
