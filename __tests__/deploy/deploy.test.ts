import * as fs from "node:fs";
import * as path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { askOnTerminal, main, DEPLOY_HELP } from "../../deploy/cli";
import { main as reviewMain } from "../../review/cli";
import { terraformSteps } from "../../deploy/terraform-steps";
import { captureIo } from "../support/capture-io";
import { synthesizedPlanDir, synthProductionStack } from "../support/synth-plan";
import { tempDir } from "../support/verify-harness";

/**
 * A project directory with a synthesized cdktf.out, and a fake `terraform` first on PATH that records its
 * arguments, one line per run, and fails the subcommand named in FAKE_TF_FAIL. No provider is downloaded.
 */
const project = tempDir("checkpoints-deploy-");
const bin = path.join(project, "bin");
const log = path.join(project, "terraform.log");
const planDir = synthesizedPlanDir();
fs.cpSync(planDir, path.join(project, "cdktf.out"), { recursive: true });
fs.rmSync(planDir, { recursive: true, force: true });
fs.mkdirSync(bin);
fs.copyFileSync(path.join(__dirname, "..", "..", "cdktf.json"), path.join(project, "cdktf.json"));
fs.writeFileSync(path.join(bin, "terraform"), [
  "#!/bin/sh",
  'printf "%s\\n" "$*" >> "$FAKE_TF_LOG"',
  'if [ -n "$FAKE_TF_FAIL" ] && [ "$2" = "$FAKE_TF_FAIL" ]; then echo "Error: fake $2 failure" >&2; exit 1; fi',
  "exit 0", ""].join("\n"), { mode: 0o755 });
afterAll(() => fs.rmSync(project, { recursive: true, force: true }));
beforeEach(() => fs.rmSync(log, { force: true }));

const terraformRuns = () => (fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : []);
const CHDIR = "-chdir=cdktf.out/stacks/checkpoints-db";

/**
 * The review gate runs in this process (the same main, with deploy's output and environment) unless
 * `reviewProcess`: then it is deploy's own child process, `node tools/run-ts.cjs review/cli.ts`, as in real use.
 */
async function deploy(command: "diff" | "deploy", argv: string[] = [], options: {
  fail?: string; confirm?: boolean; preflight?: number; synth?: number; pathDirs?: string[]; cwd?: string; reviewProcess?: boolean;
  terminal?: boolean; env?: Record<string, string>;
} = {}) {
  const captured = captureIo();
  const io = options.terminal ? { ...captured, stdout: { ...captured.stdout, isTTY: true } } : captured;
  let synthCalls = 0;
  const preflightCalls: string[][] = [];
  const questions: string[] = [];
  const env = { PATH: (options.pathDirs ?? [bin, path.dirname(process.execPath), "/usr/bin", "/bin"]).join(":"),
    FAKE_TF_LOG: log, FAKE_TF_FAIL: options.fail ?? "", TF_VAR_vpc_id: "vpc-0123456789abcdef0", ...options.env };
  const code = await main(command, argv, env, io, {
    cwd: options.cwd ?? project,
    synth: async () => { synthCalls++; return options.synth ?? 0; },
    ...(options.reviewProcess ? {} : { review: async (args: string[]) => reviewMain(args, io, env) }),
    preflight: async (args) => { preflightCalls.push(args); return options.preflight ?? 0; },
    confirm: async (question) => { questions.push(question); return options.confirm ?? true; },
  });
  return { code, stdout: captured.out(), stderr: captured.err(), preflightCalls, questions, terraform: terraformRuns(), synthCalls };
}

test("the terraform steps: deploy applies the saved plan, diff only plans", () => {
  expect(terraformSteps("deploy", "cdktf.out/stacks/checkpoints-db")).toEqual({
    init: [CHDIR, "init", "-input=false"],
    plan: [CHDIR, "plan", "-input=false", "-out=checkpoints.tfplan"],
    apply: [CHDIR, "apply", "-input=false", "checkpoints.tfplan"],
  });
  expect(terraformSteps("diff", "cdktf.out/stacks/checkpoints-db")).toEqual({
    init: [CHDIR, "init", "-input=false"], plan: [CHDIR, "plan", "-input=false"] });
});

describe("npm run deploy", () => {
  test("synth, review, preflight, init, plan -out, then after a yes, apply of exactly that saved plan", async () => {
    const run = await deploy("deploy", [], { reviewProcess: true });
    expect(run.code).toBe(0);
    expect(run.terraform).toEqual([`${CHDIR} init -input=false -no-color`, `${CHDIR} plan -input=false -no-color -out=checkpoints.tfplan`,
      `${CHDIR} apply -input=false -no-color checkpoints.tfplan`]);
    expect(run.preflightCalls).toEqual([["--stack", "checkpoints-db", "--plan-dir", path.join(project, "cdktf.out")]]);
    expect(run.questions).toEqual(['\nApply this plan to checkpoints-db? Only "yes" applies it (the saved plan, exactly as shown): ']);
    expect(run.stderr).toContain("deploy: 2/4 review gate\n");
    expect(run.stdout).toContain("the gate passes");
    expect(run.stderr).toContain("deploy: applied. Next: npm run verify -- --stack checkpoints-db --wait 900\n");
  });

  test("a declined confirmation applies nothing", async () => {
    const run = await deploy("deploy", [], { confirm: false });
    expect(run.code).toBe(6);
    expect(run.terraform).toEqual([`${CHDIR} init -input=false -no-color`, `${CHDIR} plan -input=false -no-color -out=checkpoints.tfplan`]);
    expect(run.stderr).toContain("deploy: not applied: the plan was not confirmed. Nothing was changed.\n");
  });

  test("a failing plan stops before the question and the apply", async () => {
    const run = await deploy("deploy", [], { fail: "plan" });
    expect(run.code).toBe(1);
    expect(run.terraform).toEqual([`${CHDIR} init -input=false -no-color`, `${CHDIR} plan -input=false -no-color -out=checkpoints.tfplan`]);
    expect(run.questions).toEqual([]);
    expect(run.stderr).toContain("Error: fake plan failure\n");
    expect(run.stderr).toContain("deploy: stopped: terraform plan failed (exit 1). Nothing was applied.\n");
  });

  test("a failing init stops before the plan", async () => {
    const run = await deploy("deploy", [], { fail: "init" });
    expect(run.code).toBe(1);
    expect(run.terraform).toEqual([`${CHDIR} init -input=false -no-color`]);
  });

  test("--auto-approve applies without asking", async () => {
    const run = await deploy("deploy", ["--auto-approve"]);
    expect(run.code).toBe(0);
    expect(run.questions).toEqual([]);
    expect(run.terraform).toHaveLength(3);
  });

  test("a failing preflight stops before terraform, with the reason", async () => {
    const run = await deploy("deploy", ["--region", "eu-west-2", "--secret-id", "checkpoints-db/master"], { preflight: 4 });
    expect(run.code).toBe(5);
    expect(run.terraform).toEqual([]);
    expect(run.preflightCalls[0]).toEqual(["--stack", "checkpoints-db", "--plan-dir", path.join(project, "cdktf.out"),
      "--region", "eu-west-2", "--secret-id", "checkpoints-db/master"]);
    expect(run.stderr).toContain("deploy: stopped: preflight exited 4 (see its table above; npm run preflight -- --help lists " +
      "the codes). Nothing was planned. --skip-preflight overrides it, for a known reason.\n");
  });

  test("--skip-preflight says it was skipped", async () => {
    const run = await deploy("deploy", ["--skip-preflight", "--auto-approve"], { preflight: 1 });
    expect(run.code).toBe(0);
    expect(run.preflightCalls).toEqual([]);
    expect(run.stderr).toContain("deploy: 3/4 preflight SKIPPED (--skip-preflight): AWS was not asked whether the apply would succeed\n");
  });

  test("a failing synth stops everything", async () => {
    const run = await deploy("deploy", [], { synth: 1 });
    expect(run.code).toBe(3);
    expect(run.preflightCalls).toEqual([]);
    expect(run.terraform).toEqual([]);
    expect(run.stderr).toContain("deploy: stopped: synth failed (exit 1); fix the configuration error above. Nothing was planned.\n");
  });

  test("a plan the review gate fails is never planned", async () => {
    const open = tempDir("checkpoints-deploy-open-");
    const plan = JSON.parse(synthProductionStack().json);
    plan.resource.aws_security_group.checkpoints_db.ingress[0].cidr_blocks = ["0.0.0.0/0"];
    fs.mkdirSync(path.join(open, "cdktf.out", "stacks", "checkpoints-db"), { recursive: true });
    fs.writeFileSync(path.join(open, "cdktf.out", "stacks", "checkpoints-db", "cdk.tf.json"), JSON.stringify(plan));
    const run = await deploy("deploy", ["--auto-approve"], { cwd: open });
    fs.rmSync(open, { recursive: true, force: true });
    expect(run.code).toBe(4);
    expect(run.stdout).toContain("FAIL       error   CKPT-SG-APP-SUBNET-ONLY");
    expect(run.preflightCalls).toEqual([]);
    expect(run.terraform).toEqual([]);
  });

  test("an unknown stack is refused before synth runs, naming the stacks cdktf.json defines", async () => {
    const run = await deploy("deploy", ["--stack", "checkpoints-db-qa"]);
    expect({ code: run.code, stderr: run.stderr, synthCalls: run.synthCalls }).toEqual({ code: 2, synthCalls: 0,
      stderr: 'deploy: no stack "checkpoints-db-qa" in cdktf.json: it defines checkpoints-db, checkpoints-db-staging. Nothing was synthesized.\n' });
  });

  test("without a readable cdktf.json the stack is left to synth, which says what is wrong", async () => {
    const bare = tempDir("checkpoints-deploy-bare-");
    fs.cpSync(path.join(project, "cdktf.out"), path.join(bare, "cdktf.out"), { recursive: true });
    const run = await deploy("deploy", ["--stack", "checkpoints-db-qa"], { cwd: bare });
    fs.rmSync(bare, { recursive: true, force: true });
    expect(run.code).toBe(2);
    expect(run.synthCalls).toBe(1);
    expect(run.stderr).toContain('deploy: stopped: synth wrote no plan for stack "checkpoints-db-qa"');
  });

  test.each([
    [["--stack", "../etc"], {}, 'deploy: --stack "../etc" is not valid'],
    [["--region", "us east"], {}, 'deploy: --region "us east" is not valid: an AWS region code'],
    [["--secret-id", "has space"], {}, 'deploy: --secret-id "has space" is not valid'],
    [[], { TF_VAR_vpc_id: "notavpc" }, 'deploy: TF_VAR_vpc_id "notavpc" is not valid: a VPC id'],
    [[], { TF_VAR_db_subnet_ids: "notjson" }, 'deploy: TF_VAR_db_subnet_ids "notjson" is not valid: not valid JSON'],
    [[], { TF_VAR_app_subnet_cidr: "0.0.0.0/0" }, "0.0.0.0/0 is every address"],
  ])("%j %j is refused (exit 2) before synth", async (argv, env, message) => {
    const run = await deploy("deploy", argv, { env });
    expect({ code: run.code, synthCalls: run.synthCalls }).toEqual({ code: 2, synthCalls: 0 });
    expect(run.stderr).toContain(message);
  });

  test("terraform missing from PATH is said so", async () => {
    const run = await deploy("deploy", [], { pathDirs: [path.join(project, "no-such-dir")] });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("deploy: stopped: terraform is not on PATH");
  });
});

describe("npm run diff", () => {
  test("synth, review, preflight, init, plan; never apply, never ask", async () => {
    const run = await deploy("diff");
    expect(run.code).toBe(0);
    expect(run.terraform).toEqual([`${CHDIR} init -input=false -no-color`, `${CHDIR} plan -input=false -no-color`]);
    expect(run.questions).toEqual([]);
  });

  test("terraform's colours only on a terminal: -no-color when the output is a pipe or a log", async () => {
    expect((await deploy("diff", ["--skip-preflight"], { terminal: true })).terraform)
      .toEqual([`${CHDIR} init -input=false`, `${CHDIR} plan -input=false`]);
    fs.rmSync(log, { force: true });
    expect((await deploy("diff", ["--skip-preflight"])).terraform)
      .toEqual([`${CHDIR} init -input=false -no-color`, `${CHDIR} plan -input=false -no-color`]);
  });

  test("--auto-approve is refused: diff applies nothing", async () => {
    expect((await deploy("diff", ["--auto-approve"])).code).toBe(2);
  });

  test("--help lists the steps and the exit table", async () => {
    const io = captureIo();
    expect(await main("diff", ["--help"], {}, io)).toBe(0);
    expect(io.out()).toBe(DEPLOY_HELP);
    expect(DEPLOY_HELP).toContain("npx cdktf deploy checkpoints-db");
    expect(DEPLOY_HELP).toContain("   6  the operator did not confirm: nothing was applied");
  });
});

describe("the confirmation, as terraform's own: only \"yes\" applies", () => {
  test.each([["yes\n", true], ["  yes  \n", true], ["y\n", false], ["YES\n", false], ["no\n", false], ["", false]])(
    "%j -> %s", async (typed, confirmed) => {
      const output = new PassThrough();
      let shown = "";
      output.on("data", (chunk) => { shown += chunk; });
      expect(await askOnTerminal("Apply? ", Readable.from(typed ? [typed] : []), output)).toBe(confirmed);
      expect(shown).toContain("Apply? ");
    });
});
