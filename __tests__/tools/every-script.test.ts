import * as fs from "node:fs";
import * as path from "node:path";
import { spawn } from "node:child_process";

const projectRoot = path.resolve(__dirname, "..", "..");
const scripts: Record<string, string> = JSON.parse(fs.readFileSync(path.join(projectRoot, "package.json"), "utf8")).scripts;

// The project's own scripts (node ... FILE [verb]): deploy and diff are one CLI with a verb. typecheck and
// test are tsc's and jest's, each with its own --help; synth has its own tests (e2e).
const OWN = Object.entries(scripts).filter(([, command]) => /^node (tools\/run-ts\.cjs )?\S+\.(ts|cjs)( [a-z]+)?$/.test(command))
  .filter(([name]) => name !== "synth");

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const [node, ...rest] = command.split(" ");
  return new Promise((resolve) => {
    const child = spawn(node === "node" ? process.execPath : node, [...rest, ...args],
      { cwd: projectRoot, env: { ...process.env, AWS_EC2_METADATA_DISABLED: "true", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => { stdout += d; });
    child.stderr.on("data", (d) => { stderr += d; });
    // Bounded: a script that ignored --help would start its real work (a rehearsal, a benchmark).
    const timer = setTimeout(() => child.kill("SIGKILL"), 30000);
    child.on("close", (status) => { clearTimeout(timer); resolve({ status, stdout, stderr }); });
  });
}

test("the list covers every script this project wrote", () => {
  expect(OWN.map(([name]) => name).sort()).toEqual(["bench", "bench:probe", "bench:scale", "bench:suite", "build:probe", "cost",
    "deploy", "diff", "docs", "preflight", "probe", "rehearse", "rehearse:network", "review", "review:change", "secret:create", "verify"]);
});

test.each(OWN)("npm run %s -- --help prints its usage and does nothing else", async (_name, command) => {
  const result = await run(command, ["--help"]);
  expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
  expect(result.stdout).toMatch(/^Usage: /);
});

test.each(OWN)("npm run %s -- --no-such-option exits 2 and names it, without a stack", async (_name, command) => {
  const result = await run(command, ["--no-such-option"]);
  expect(result.status).toBe(2);
  expect(result.stderr).toContain("--no-such-option");
  expect(result.stderr).not.toMatch(/\n\s+at /);
});

// Inputs that once reached code which did not expect them; none may show a stack (only DEBUG=1 does).
test.each([
  ["verify", ["--app-subnet-cidr", "10.0.1.5/24"]],
  ["verify", ["--stack", "../../etc"]],
  ["verify", ["--region", "bad region"]],
  ["secret:create", ["--secret-id", "x", "--region", "bad region"]],
  ["secret:create", ["--secret-id", "x", "--username", "postgres"]],
  ["probe", ["--wait", "1e3"]],
  ["review", ["--format", "yaml"]],
  ["rehearse:network", ["--plan", "/etc/hostname"]],
  ["bench", ["--rounds", "0x10"]],
])("npm run %s %j: exit 2, one clear line, no stack", async (name, args) => {
  const result = await run(scripts[name], args);
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
    expect((await run(scripts[name], ["--help"])).stdout).toContain(`npm run -s ${name}`);
  });
});
