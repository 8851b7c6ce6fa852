import * as fs from "node:fs";
import * as path from "node:path";
import * as readline from "node:readline";
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { CliIo, exitCodeLines } from "../cli/io";
import { deployInputsFromEnvironment } from "../cli/deploy-inputs";
import { InvalidValueError, parseRegion, parseSecretId, parseStackName } from "../cli/value-parsers";
import { SettingsError } from "../config/load-settings";
import { findStack, loadProjectSettings, ProjectFileError } from "../config/project-settings";
import { DEPLOY_EXIT, EXIT_TABLE } from "./exit-codes";
import { terraformSteps } from "./terraform-steps";

export const DEPLOY_HELP = `Usage: npm run diff   -- [--stack NAME] [--region R] [--secret-id ID] [--skip-preflight]
       npm run deploy -- [--stack NAME] [--region R] [--secret-id ID] [--skip-preflight] [--auto-approve]

Deploys without the cdktf CLI, on any Node: runs, stopping at the first failure with its reason,
  1. npm run synth                        the plans in cdktf.out
  2. npm run review                       the review gate, on the stack's plan
  3. npm run preflight                    read-only AWS checks that the apply would succeed
  4. terraform -chdir=cdktf.out/stacks/NAME init, then plan (deploy: plan -out=checkpoints.tfplan)
  5. deploy only: asks for "yes", then terraform apply checkpoints.tfplan: exactly the plan shown
Every flag, TF_VAR_vpc_id, TF_VAR_app_subnet_cidr and TF_VAR_db_subnet_ids, and the stack's name (against
cdktf.json) are checked before step 1. TF_VAR_* are then passed to terraform as they are; terraform gets
-no-color when the output is not a terminal. The cdktf CLI's way stays: npx cdktf deploy checkpoints-db.

  --stack NAME        default checkpoints-db
  --region R          for preflight (default: the plan's provider region)
  --secret-id ID      for preflight: check the master secret's password
  --skip-preflight    for a known reason (no AWS read access here, a preflight false alarm): says it was skipped
  --auto-approve      deploy: apply the saved plan without asking

Exit codes:
${exitCodeLines(EXIT_TABLE)}
`;

/** Injectable for tests; each defaults to the real thing. */
export interface DeployDependencies {
  /** The project directory (cdktf.json, cdktf.out). */
  readonly cwd?: string;
  readonly synth?: () => Promise<number>;
  readonly review?: (argv: string[]) => Promise<number>;
  readonly preflight?: (argv: string[]) => Promise<number>;
  readonly confirm?: (question: string) => Promise<boolean>;
}

/**
 * Runs a command, its output passed through to ours as it comes (stdin stays the terminal's); resolves
 * its exit code (127 when it cannot start).
 */
function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; io: CliIo }): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["inherit", "pipe", "pipe"] });
    child.stdout.on("data", (chunk: Buffer) => options.io.stdout.write(chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => options.io.stderr.write(chunk.toString()));
    child.on("error", () => resolve(127));
    child.on("close", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Only "yes" confirms, as terraform's own prompt; end of input declines. */
export function askOnTerminal(question: string, input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stderr): Promise<boolean> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input, output });
    let answered = false;
    rl.question(question, (answer) => { answered = true; rl.close(); resolve(answer.trim() === "yes"); });
    rl.on("close", () => { if (!answered) resolve(false); });
  });
}

/**
 * Why the stack is not one cdktf.json defines, or undefined when it is. A cdktf.json that cannot be read or
 * settings that are invalid are left to synth, which reports them in full.
 */
function unknownStack(projectFile: string, stack: string, env: NodeJS.ProcessEnv): string | undefined {
  try {
    const settings = loadProjectSettings(projectFile, env);
    if (findStack(settings, stack)) return undefined;
    return `no stack "${stack}" in cdktf.json: it defines ${settings.environments.map((e) => e.stackName).join(", ")}`;
  } catch (error) {
    if (error instanceof ProjectFileError || error instanceof SettingsError) return undefined;
    throw error;
  }
}

export async function main(command: "diff" | "deploy", argv: readonly string[], env: NodeJS.ProcessEnv, io: CliIo,
  deps: DeployDependencies = {}): Promise<number> {
  const name = command;
  const say = (line: string) => io.stderr.write(`${name}: ${line}\n`);
  let values;
  try {
    values = parseArgs({ args: [...argv], strict: true, allowPositionals: false, options: {
      stack: { type: "string", default: "checkpoints-db" }, region: { type: "string" }, "secret-id": { type: "string" },
      "skip-preflight": { type: "boolean" }, "auto-approve": { type: "boolean" }, help: { type: "boolean", short: "h" },
    } }).values;
  } catch (error) {
    say((error as Error).message);
    return DEPLOY_EXIT.usage.code;
  }
  if (values.help) {
    io.stdout.write(DEPLOY_HELP);
    return DEPLOY_EXIT.ok.code;
  }
  if (values["auto-approve"] && command === "diff") {
    say("--auto-approve is for deploy; diff applies nothing");
    return DEPLOY_EXIT.usage.code;
  }
  const cwd = deps.cwd ?? process.cwd();
  // Every value, and the stack's name, is checked before synth runs or AWS is asked anything.
  let stack: string;
  try {
    stack = parseStackName(values.stack as string, "--stack");
    if (values.region !== undefined) parseRegion(values.region, "--region");
    if (values["secret-id"] !== undefined) parseSecretId(values["secret-id"], "--secret-id");
    deployInputsFromEnvironment(env);
  } catch (error) {
    if (!(error instanceof InvalidValueError)) throw error;
    say(error.message);
    return DEPLOY_EXIT.usage.code;
  }
  const unknown = unknownStack(path.join(cwd, "cdktf.json"), stack, env);
  if (unknown) {
    say(`${unknown}. Nothing was synthesized.`);
    return DEPLOY_EXIT.usage.code;
  }
  // Each step is the project's own npm entry, as a child process: a bundled entry must not carry another's.
  const projectFile = (file: string) => path.join(__dirname, "..", file);
  const tool = (entry: string) => (args: string[]) =>
    run(process.execPath, [projectFile("tools/run-ts.cjs"), projectFile(entry), ...args], { cwd, env, io });

  say("1/4 synth");
  const synthCode = await (deps.synth ?? (() => run(process.execPath, [projectFile("tools/synth.cjs")], { cwd, env, io })))();
  if (synthCode !== 0) {
    say(`stopped: synth failed (exit ${synthCode}); fix the configuration error above. Nothing was planned.`);
    return DEPLOY_EXIT.synth.code;
  }
  const stackDir = path.join("cdktf.out", "stacks", stack);
  const planFile = path.join(cwd, stackDir, "cdk.tf.json");
  if (!fs.existsSync(planFile)) {
    say(`stopped: synth wrote no plan for stack "${stack}" (${planFile}); the stacks are the folders in cdktf.out/stacks`);
    return DEPLOY_EXIT.usage.code;
  }

  say("2/4 review gate");
  const reviewCode = await (deps.review ?? tool("review/cli.ts"))([planFile]);
  if (reviewCode !== 0) {
    say(`stopped: the review gate ${reviewCode === 1 ? "found an error-severity failure (above)" : "could not read the plan"}. Nothing was planned.`);
    return DEPLOY_EXIT.review.code;
  }

  if (values["skip-preflight"]) say("3/4 preflight SKIPPED (--skip-preflight): AWS was not asked whether the apply would succeed");
  else {
    say("3/4 preflight");
    const preflightArgs = ["--stack", stack, "--plan-dir", path.join(cwd, "cdktf.out"),
      ...(values.region ? ["--region", values.region] : []), ...(values["secret-id"] ? ["--secret-id", values["secret-id"]] : [])];
    const preflightCode = await (deps.preflight ?? tool("preflight/cli.ts"))(preflightArgs);
    if (preflightCode !== 0) {
      say(`stopped: preflight exited ${preflightCode} (see its table above; npm run preflight -- --help lists the codes). ` +
        "Nothing was planned. --skip-preflight overrides it, for a known reason.");
      return DEPLOY_EXIT.preflight.code;
    }
  }

  const steps = terraformSteps(command, stackDir, { color: (io.stdout as { isTTY?: boolean }).isTTY === true });
  say(`4/4 terraform ${steps.init.slice(0, 2).join(" ")}`);
  const initCode = await run("terraform", steps.init, { cwd, env, io });
  if (initCode === 127) {
    say("stopped: terraform is not on PATH (1.5 or later; 1.11 for write-only passwords)");
    return DEPLOY_EXIT.usage.code;
  }
  if (initCode !== 0) {
    say(`stopped: terraform init failed (exit ${initCode}). Nothing was planned.`);
    return DEPLOY_EXIT.terraform.code;
  }
  const planCode = await run("terraform", steps.plan, { cwd, env, io });
  if (planCode !== 0) {
    say(`stopped: terraform plan failed (exit ${planCode}). Nothing was applied.`);
    return DEPLOY_EXIT.terraform.code;
  }
  if (!steps.apply) return DEPLOY_EXIT.ok.code;

  if (!values["auto-approve"]) {
    const confirmed = await (deps.confirm ?? ((question: string) => askOnTerminal(question)))(
      `\nApply this plan to ${stack}? Only "yes" applies it (the saved plan, exactly as shown): `);
    if (!confirmed) {
      say("not applied: the plan was not confirmed. Nothing was changed.");
      return DEPLOY_EXIT.declined.code;
    }
  }
  const applyCode = await run("terraform", steps.apply, { cwd, env, io });
  if (applyCode !== 0) {
    say(`terraform apply failed (exit ${applyCode}); run npm run diff to see what remains`);
    return DEPLOY_EXIT.terraform.code;
  }
  say(`applied. Next: npm run verify -- --stack ${stack} --wait 900`);
  return DEPLOY_EXIT.ok.code;
}

if (require.main === module) {
  const [command, ...rest] = process.argv.slice(2);
  if (command !== "diff" && command !== "deploy") {
    process.stderr.write("usage: node tools/run-ts.cjs deploy/cli.ts diff|deploy [options]\n");
    process.exitCode = DEPLOY_EXIT.usage.code;
  } else {
    main(command, rest, process.env, process).then((code) => { process.exitCode = code; });
  }
}
