// --base REF: a temporary git repository made by the test, whose `npm run synth` copies plan.json into
// --output; the review synthesizes REF in a temporary worktree (with node_modules linked) and removes it.
// The review's `npm run --silent synth` runs through the npm stand-in (support/npm-stand-in.ts), checked
// against real npm below: npm's own start-up was two thirds of this file's CPU. Real npm runs the review's
// synths in e2e/review-change.test.ts and base-ref-signals.test.ts.
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ChangeRun, jsonReport, productionPlan, reviewChange, reviewChangeAsync, scratch } from "./change-review-harness";
import { ChangeReviewOptions } from "../../change-review/cli";
import { NPM_STAND_IN_DIR, withNpmStandIn } from "../support/npm-stand-in";
import { TerraformJson } from "../support/synth-plan";

const { dir, write } = scratch("base-ref");
const repo = path.join(dir, "repo");
const noAcks = write("acks.json", JSON.stringify({ acknowledgements: [] }));
const runDirectory = path.join(dir, "runs");
const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", ...args],
  { cwd: repo, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();

// Refuses to run without node_modules, as a cdktf app would: proves the worktree gets the checkout's.
const SYNTH_JS = `const fs = require("fs"), path = require("path");
if (!fs.existsSync("node_modules/marker")) { console.error("no node_modules here"); process.exit(1); }
const out = process.argv[process.argv.indexOf("--output") + 1];
fs.mkdirSync(path.join(out, "stacks", "checkpoints-db"), { recursive: true });
fs.copyFileSync("plan.json", path.join(out, "stacks", "checkpoints-db", "cdk.tf.json"));
`;

function writePlan(plan: TerraformJson): void {
  fs.writeFileSync(path.join(repo, "plan.json"), JSON.stringify(plan, null, 2));
}

beforeAll(() => {
  fs.mkdirSync(path.join(repo, "node_modules"), { recursive: true });
  fs.writeFileSync(path.join(repo, "node_modules", "marker"), "");
  fs.writeFileSync(path.join(repo, ".gitignore"), "node_modules/\n");
  fs.writeFileSync(path.join(repo, "package.json"), JSON.stringify({ name: "demo", private: true, scripts: { synth: "node synth.js" } }));
  fs.writeFileSync(path.join(repo, "synth.js"), SYNTH_JS);
  writePlan(productionPlan());
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-q", "-m", "production plan");
});

/** The review as a reviewer runs it, with its synths' npm the stand-in. */
function review(argv: string[], options: ChangeReviewOptions = {}): Promise<ChangeRun> {
  return reviewChangeAsync(argv, { cwd: repo, runDirectory, ...options, env: withNpmStandIn(options.env ?? process.env) });
}

test("the npm stand-in runs a script as real npm does: its words, npm's variables, node_modules/.bin first on PATH", () => {
  const show = path.join(dir, "show");
  fs.mkdirSync(show);
  fs.writeFileSync(path.join(show, "package.json"), JSON.stringify({ name: "show", version: "1.2.3",
    scripts: { synth: "node show.js first" } }));
  fs.writeFileSync(path.join(show, "show.js"), "const e = process.env; console.log(JSON.stringify({ argv: process.argv.slice(2), " +
    "event: e.npm_lifecycle_event, script: e.npm_lifecycle_script, json: e.npm_package_json, name: e.npm_package_name, " +
    "version: e.npm_package_version, path: e.PATH.split(\":\").slice(0, 3) })); console.error(\"to stderr\"); process.exit(3);\n");
  const args = ["run", "--silent", "synth", "--", "--output", "it's $HOME", "a  b", "*"];
  const viaNpm = spawnSync("npm", args, { cwd: show, encoding: "utf8" });
  const viaStandIn = spawnSync(path.join(NPM_STAND_IN_DIR, "npm"), args, { cwd: show, encoding: "utf8" });
  expect(JSON.parse(viaNpm.stdout)).toMatchObject({ argv: ["first", "--output", "it's $HOME", "a  b", "*"], event: "synth", version: "1.2.3",
    path: [path.join(show, "node_modules", ".bin"), path.join(dir, "node_modules", ".bin"), path.join(path.dirname(dir), "node_modules", ".bin")] });
  expect({ status: viaStandIn.status, stdout: viaStandIn.stdout, stderr: viaStandIn.stderr })
    .toEqual({ status: viaNpm.status, stdout: viaNpm.stdout, stderr: viaNpm.stderr });
  const refused = spawnSync(path.join(NPM_STAND_IN_DIR, "npm"), ["run", "synth"], { cwd: show, encoding: "utf8" });
  expect(refused.status).toBe(64);
  expect(refused.stderr).toContain("only --silent runs are stood in for");
});

const worktrees = () => git("worktree", "list", "--porcelain").split("\n").filter((l) => l.startsWith("worktree ")).length;

test("an uncommitted username change against main fails, and the temporary worktree is gone afterwards", async () => {
  const plan = productionPlan();
  plan.resource.aws_db_instance.checkpoints.username = "app_owner";
  writePlan(plan);
  const run = await review(["--base", "main", "--format", "json", "--acknowledgements", noAcks]);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(1);
  const report = jsonReport(run);
  expect(report.compared).toBe("main -> working tree");
  expect(report.summary).toBe("REPLACES aws_db_instance.checkpoints: data loss");
  expect(worktrees()).toBe(1);
  git("checkout", "-q", "--", "plan.json");
});

test("a committed class change against the commit before it passes", async () => {
  const plan = productionPlan();
  plan.resource.aws_db_instance.checkpoints.instance_class = "db.t4g.medium";
  writePlan(plan);
  git("commit", "-q", "-am", "bigger instance");
  const run = await review(["--base", "HEAD~1", "--format", "json", "--acknowledgements", noAcks]);
  expect(run.code).toBe(0);
  expect(jsonReport(run).summary).toBe("1 in-place change, applies in the maintenance window; Multi-AZ fails over (brief connection drop)");
  expect(worktrees()).toBe(1);
});

test("an unknown ref is a usage error", async () => {
  const run = await review(["--base", "no-such-branch", "--acknowledgements", noAcks]);
  expect(run).toMatchObject({ code: 2, stdout: "" });
  expect(run.stderr).toBe(`review:change: --base no-such-branch is not a commit, branch or tag of ${fs.realpathSync(repo)}\n`);
});

test("a base whose synth fails is a usage error, with synth's last words, and leaves no worktree", async () => {
  fs.writeFileSync(path.join(repo, "synth.js"), 'console.error("settings: instanceClass is not a string"); process.exit(2);\n');
  git("commit", "-q", "-am", "broken synth");
  const run = await review(["--base", "HEAD", "--acknowledgements", noAcks]);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain("review:change: synthesizing --base HEAD failed:");
  expect(run.stderr).toContain("settings: instanceClass is not a string");
  expect(worktrees()).toBe(1);
});

test("outside a git repository --base is a usage error", async () => {
  const run = await review(["--base", "main", "--acknowledgements", noAcks], { cwd: fs.mkdtempSync(path.join(dir, "plain-")) });
  expect(run.code).toBe(2);
  expect(run.stderr).toContain("--base needs a git repository");
});

test("--base-dir OLD alone compares OLD with a fresh synth of the working tree", async () => {
  fs.writeFileSync(path.join(repo, "synth.js"), SYNTH_JS);
  writePlan(productionPlan());
  const old = path.join(dir, "old-plans", "stacks", "checkpoints-db");
  fs.mkdirSync(old, { recursive: true });
  const plan = productionPlan();
  plan.resource.aws_db_instance.checkpoints.allocated_storage = 50;
  fs.writeFileSync(path.join(old, "cdk.tf.json"), JSON.stringify(plan));
  const run = await review(["--base-dir", path.join(dir, "old-plans"), "--format", "json", "--acknowledgements", noAcks]);
  expect(run.stderr).toBe("");
  expect(jsonReport(run).summary).toBe("1 in-place change, applies in the maintenance window");
});

test("--base-dir with two files", async () => {
  const before = write("two/before.json", JSON.stringify(productionPlan()));
  const plan = productionPlan();
  plan.resource.aws_db_instance.checkpoints.db_name = "orders";
  const after = write("two/after.json", JSON.stringify(plan));
  const run = reviewChange(["--base-dir", before, after, "--format", "json", "--acknowledgements", noAcks]);
  expect(run.code).toBe(1);
  expect(jsonReport(run).summary).toBe("REPLACES aws_db_instance.checkpoints: data loss");
});

test("CHECKPOINTS_* variables in effect apply to both sides: the report names them (values of settings only)", async () => {
  fs.writeFileSync(path.join(repo, "synth.js"), SYNTH_JS);
  writePlan(productionPlan());
  git("commit", "-q", "-am", "synth again");
  const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CHECKPOINTS_"))),
    CHECKPOINTS_INSTANCE_CLASS: "db.t4g.medium", CHECKPOINTS_STAGING_IDENTIFIER: "checkpoints-db-staging", CHECKPOINTS_DB_PASWORD: "hunter2-never-shown" };
  const json = await review(["--base", "main", "--format", "json", "--acknowledgements", noAcks], { env });
  expect(json.code).toBe(0);
  expect(jsonReport(json).summary).toBe("No change to the database");
  expect(JSON.parse(json.stdout).synthVariables).toEqual({ appliedTo: "both sides", variables: [
    { name: "CHECKPOINTS_DB_PASWORD" }, { name: "CHECKPOINTS_INSTANCE_CLASS", value: "db.t4g.medium" },
    { name: "CHECKPOINTS_STAGING_IDENTIFIER", value: "checkpoints-db-staging" }] });
  const markdown = await review(["--base", "main", "--format", "markdown", "--acknowledgements", noAcks], { env });
  expect(markdown.stdout).toContain("- ⚠️ CHECKPOINTS_* variables in effect for both sides' synth: CHECKPOINTS_DB_PASWORD (value not shown: not a checkpoints setting), " +
    "CHECKPOINTS_INSTANCE_CLASS=db.t4g.medium, CHECKPOINTS_STAGING_IDENTIFIER=checkpoints-db-staging. A change made through them applies to both sides, so it does not show here.");
  const table = await review(["--base", "main", "--acknowledgements", noAcks], { env });
  expect(table.stdout.split("\n")[1]).toMatch(/^CHECKPOINTS_\* variables in effect for both sides' synth: /);
  for (const run of [json, markdown, table]) expect(run.stdout + run.stderr).not.toContain("hunter2");
});
