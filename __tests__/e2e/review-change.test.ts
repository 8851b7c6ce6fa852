// The "done when", for real: a copy of this project in a temporary git repository with a `main`
// branch, a pull request's change in its working tree, and `npm run review:change -- --base main` run as
// a reviewer would (npm, a worktree of main, two real synths). That full path runs once, in the first test;
// the others review their change against main's plans (`--base-dir`, the review still synthesizing the
// working tree itself with npm run synth, there through the npm stand-in: support/npm-stand-in.ts), in this
// process: each --base run would synthesize the same main again. main is a copy of this project, so its plans are this run's synth of the project's cdktf.json
// (support/synth-plan.ts, shared with the review, preflight and rule tests that synthesize the same), which
// differ from `npm run synth`'s only in cdktf's version stamp in the "//" metadata, a field the review never
// reads (plan/configuration.ts skips "//"); `npm run synth` itself is synth-matches-cdktf-cli.test.ts's.
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main as reviewChangeMain } from "../../change-review/cli";
import { captureIo } from "../support/capture-io";
import { withNpmStandIn } from "../support/npm-stand-in";
import { synthesizedPlanDir } from "../support/synth-plan";

// Real synths (two in the first test) on a shared machine: minutes, not the default minute.
jest.setTimeout(240_000);

const projectRoot = path.resolve(__dirname, "..", "..");
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-change-e2e-"));
const repo = path.join(scratch, "repo");
let mainPlans = "";
afterAll(() => [scratch, mainPlans].forEach((dir) => dir && fs.rmSync(dir, { recursive: true, force: true })));

const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", ...args],
  { cwd: repo, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

beforeAll(() => {
  const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard"], { cwd: projectRoot, encoding: "utf8" }).split("\n").filter(Boolean);
  for (const file of files) {
    if (!fs.existsSync(path.join(projectRoot, file))) continue;
    fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    fs.copyFileSync(path.join(projectRoot, file), path.join(repo, file));
  }
  fs.symlinkSync(path.join(projectRoot, "node_modules"), path.join(repo, "node_modules"), "dir");
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-q", "-m", "main");
  mainPlans = synthesizedPlanDir(JSON.parse(fs.readFileSync(path.join(repo, "cdktf.json"), "utf8")).context.checkpoints);
});

function edit(file: string, from: string, to: string): void {
  const full = path.join(repo, file);
  const text = fs.readFileSync(full, "utf8");
  expect(text).toContain(from);
  fs.writeFileSync(full, text.replace(from, to));
}

/** `npm run review:change -- --base main`, as a reviewer runs it. */
function reviewAgainstMain() {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CHECKPOINTS_")));
  const run = spawnSync("npm", ["run", "--silent", "review:change", "--", "--base", "main", "--format", "markdown"],
    { cwd: repo, env: { ...env, CHECKPOINT_DISABLE: "1" }, encoding: "utf8" });
  git("checkout", "-q", "--", ".");
  return run;
}

/**
 * The same review against main's plans from beforeAll: `--base-dir` and the working tree, which the
 * review synthesizes with npm run synth (the stand-in: real npm ran the first test's). Run in this process,
 * with no CHECKPOINTS_* variable of the caller's shell in the environment its synth inherits.
 */
async function reviewAgainstMainPlans() {
  const env = withNpmStandIn(Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CHECKPOINTS_"))));
  const io = captureIo();
  try {
    const status = await reviewChangeMain(["--base-dir", mainPlans, "--format", "markdown"], io, { cwd: repo, env });
    return { status, stdout: io.out(), stderr: io.err() };
  } finally {
    git("checkout", "-q", "--", ".");
  }
}

test("renaming the database's logical id fails, says the database would be replaced and how to avoid it", () => {
  edit("stacks/database-instance.ts", 'this.resource.overrideLogicalId("checkpoints");', 'this.resource.overrideLogicalId("primary");');
  const run = reviewAgainstMain();
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 1, stderr: "" });
  expect(run.stdout.split("\n")[0]).toBe("**DELETES aws_db_instance.checkpoints in checkpoints-db, checkpoints-db-staging: data loss**");
  expect(run.stdout).toContain("aws_db_instance.checkpoints would be DELETED and aws_db_instance.primary created in its place");
  expect(run.stdout).toContain("the resource is replaced by an empty one because its logical id changed");
  expect(run.stdout).toContain('moveFromId("aws_db_instance.checkpoints")');
  expect(run.stdout).toContain("revert the rename");
});

test("changing the master username fails, says the database would be replaced and how to avoid it", async () => {
  edit("cdktf.json", '"production": {}', '"production": { "masterUsername": "app_owner" }');
  const run = await reviewAgainstMainPlans();
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 1, stderr: "" });
  expect(run.stdout.split("\n")[0]).toBe("**REPLACES aws_db_instance.checkpoints: data loss**");
  expect(run.stdout).toContain("username (checkpoint_user -> app_owner) cannot change in place");
  expect(run.stdout).toContain("revert username (RDS cannot rename the master user)");
});

test("a class change passes, saying when it applies and that Multi-AZ fails over", async () => {
  edit("cdktf.json", '"production": {}', '"production": { "instanceClass": "db.t4g.medium" }');
  const run = await reviewAgainstMainPlans();
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
  expect(run.stdout.split("\n")[0]).toBe("**1 in-place change, applies in the maintenance window; Multi-AZ fails over (brief connection drop)**");
  expect(run.stdout).toContain("applies at the next maintenance window (sun:04:30-sun:05:30 UTC); Multi-AZ: RDS resizes the standby, then fails over to it");
});
