import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { CliIo, exitCodeLines } from "../cli/io";
import { findConfigurations, TerraformJsonError } from "../plan";
import { ChangeReviewInputError } from "./input-error";
import { Acknowledgement, DEFAULT_ACKNOWLEDGEMENTS_FILE, loadAcknowledgements } from "./acknowledgements";
import { buildChangeReport, CHANGE_FORMATS, ChangeReportFormat, formatChangeReport, SynthVariables } from "./change-report";
import { StackChanges } from "./change-model";
import { compareConfigurations } from "./compare-configurations";
import { StackCostChange, stackCostChange } from "./cost-change";
import { CHANGE_REVIEW_EXIT, EXIT_TABLE } from "./exit-codes";
import { findingsOf } from "./findings";
import { loadPlannedStacks, PlannedStack } from "./planned-configuration";
import { releaseOnSignal } from "../cli/run-record";
import { reapDeadReviewRuns, ReviewRun } from "./review-run";
import { settingsVariablesIn } from "./settings-variables";
import { runFolder, synthesize, synthesizeRefAndWorkingTree } from "./synthesize-ref";
import { readTerraformShowJson } from "./terraform-show-json";

export const CHANGE_REVIEW_HELP = `Usage: npm run review:change -- --base REF            [--format table|markdown|json] [--acknowledgements FILE]
       npm run review:change -- --base-dir OLD [NEW]  (plans already synthesized: folders of stacks/*/cdk.tf.json, or two files)
       npm run review:change -- --plan-json FILE      (terraform show -json output of a real plan)

Says what a change will do to the live database before it merges: which resources are created, updated,
replaced or deleted, each changed attribute's old and new value (secrets and variables by name only), and its
effect: replaces the resource / in place, applied at the next maintenance window / in place, immediately /
needs a reboot / brief connection drop (Multi-AZ failover) / no effect on the database / effect unknown.

--base REF synthesizes REF in a temporary git worktree and the working tree, and compares them stack by stack.
The worktree is removed afterwards, and also on Ctrl-C, SIGTERM or SIGHUP (exit 130); what a run killed
outright (kill -9) left is removed by the next run that synthesizes. Resources match by address, after the new
configuration's moved blocks. NEW defaults to a fresh synth of the working tree. A side without plans (a
missing or empty folder) is bad input (exit 2): run npm run synth.
CHECKPOINTS_* variables in the environment override cdktf.json in every synth the review runs, so a change made
through them applies to both sides and does not show: the report names each one in effect (a value only for a
checkpoints setting's name).

--plan-json FILE: the stack is the cdktf stack folder holding FILE (cdktf.out/stacks/NAME/plan.json), else
FILE's name without .json. UTF-8, and UTF-8 or UTF-16 with a byte-order mark (what PowerShell writes), are
read; UTF-16 without one is refused by name. A plan with "errored": true is refused (exit 2): it lists only
what was planned before the error; so is one with "complete": false (-target, deferred changes). A replacement is blamed on the arguments its replace_paths names, only.
The apply-fails refusals below are read from the plan too: versions from before/after, the replacement order
from change.actions, who uses a group from the plan's configuration (what it cannot check is a note).

Replacing or deleting aws_db_instance or aws_cloudwatch_log_group loses data: it fails the review unless an
acknowledgement names it (default: change-review/acknowledgements.json): stack, address, change, reason.
"stack" is required: the stack it covers (e.g. "checkpoints-db-staging"), or "*" for every stack, production
included; one for staging never covers production. An acknowledgement naming a change that no longer
happens fails the review too.

It reads the configuration as Terraform core does: values (locals, variable defaults), not text; an unknown
new value of a ForceNew argument is a replacement; a replacement spreads along references; lifecycle
(replace_triggered_by, ignore_changes, prevent_destroy, create_before_destroy), removed blocks and implied count
moves. What AWS or Terraform would refuse at apply fails with "apply-fails", which no acknowledgement covers: a
major engine upgrade without allow_major_version_upgrade, a downgrade, a security/subnet/parameter group
destroyed first while still in use, a create_before_destroy replacement with a fixed name, a new object taking
the name of one deleted or forgotten in the same apply (a rename without moved), prevent_destroy.

Where it differs from terraform plan: it sees configuration, not state, so it cannot see drift; a value
computed at apply shows as "known after apply"; lifecycle.ignore_changes is honoured. Attributes outside its
tables are "effect unknown", never safe; on a stateful resource that fails the review. Order-only changes to
lists are not reported.

Cost: for two configurations (not --plan-json) each stack's monthly delta is added, from npm run cost's
estimate on cost/prices.json ("+$X/month (what changed)"); a change touching a line without a price says
"no price", never $0.
ForceNew data: hashicorp/aws 6.25.0's schema, function by function (change-review/provider-schema.ts), and
its diff rules (StateFunc, DiffSuppressFunc, Optional+Computed kept: change-review/provider-diff-rules.ts);
where a rule needs state (storage autoscaling), the base configuration stands in for it.

Exit codes:
${exitCodeLines(EXIT_TABLE)}
`;

export interface ChangeReviewOptions {
  /** Where --base finds the repository. @default process.cwd() */
  readonly cwd?: string;
  /** The environment the synths inherit (its CHECKPOINTS_* variables are reported). @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where runs record what they make (review-run.ts). @default reviewRunDirectory() */
  readonly runDirectory?: string;
}

interface Request {
  readonly values: { base?: string; "base-dir"?: string; "plan-json"?: string; format: ChangeReportFormat; acknowledgements?: string; help?: boolean };
  readonly positionals: string[];
}

interface Changes {
  readonly compared: string;
  readonly stacks: StackChanges[];
  readonly costs?: StackCostChange[];
  readonly synthVariables?: SynthVariables;
}

function parseRequest(argv: readonly string[]): Request {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: {
      base: { type: "string" }, "base-dir": { type: "string" }, "plan-json": { type: "string" },
      format: { type: "string", default: "table" }, acknowledgements: { type: "string" }, help: { type: "boolean", short: "h" },
    } });
  } catch (error) {
    throw new ChangeReviewInputError((error as Error).message.replace(/\. To specify a positional argument.*$/, ""));
  }
  const { values, positionals } = parsed;
  if (values.help) return { values: { ...values, format: "table" }, positionals };
  if (!CHANGE_FORMATS.includes(values.format as ChangeReportFormat)) {
    throw new ChangeReviewInputError(`--format must be one of ${CHANGE_FORMATS.join(", ")}, not "${values.format}"`);
  }
  const sources = [values.base, values["base-dir"], values["plan-json"]].filter((v) => v !== undefined);
  if (sources.length !== 1) throw new ChangeReviewInputError("give exactly one of --base REF, --base-dir DIR or --plan-json FILE (see --help)");
  if (values["plan-json"] !== undefined && positionals.length > 0) throw new ChangeReviewInputError(`--plan-json takes no other path (got ${positionals.join(" ")})`);
  if (values.base !== undefined && positionals.length > 0) throw new ChangeReviewInputError(`--base compares with the working tree; unexpected ${positionals.join(" ")}`);
  if (values["base-dir"] !== undefined && positionals.length > 1) throw new ChangeReviewInputError(`--base-dir OLD takes at most one NEW path (got ${positionals.join(" ")})`);
  return { values: values as Request["values"], positionals };
}

/**
 * One side's stacks. No plan at all is bad input, never a comparison: an empty new side would read as
 * "every resource deleted", an empty old side as "every resource created".
 */
function loadSide(target: string, side: string): PlannedStack[] {
  if (!fs.existsSync(target)) throw new ChangeReviewInputError(`${side} ${target} does not exist: no plans; run \`npm run synth\``);
  if (findConfigurations(target).length === 0) {
    throw new ChangeReviewInputError(`${side} ${target} holds no plans (no stacks/*/cdk.tf.json, no *.tf.json); run \`npm run synth\``);
  }
  return loadPlannedStacks([target]);
}

/** Each stack's changes, and (configurations only) its monthly cost delta from npm run cost's estimate. */
function compared(base: readonly PlannedStack[], head: readonly PlannedStack[]): { stacks: StackChanges[]; costs: StackCostChange[] } {
  const stacks = compareConfigurations(base, head);
  return { stacks, costs: stacks.map((s) => stackCostChange(s.stack, base.find((b) => b.stack === s.stack), head.find((h) => h.stack === s.stack))) };
}

/** Changes read from files only: --plan-json, or --base-dir OLD NEW. */
function changesFromFiles({ values, positionals }: Request): Changes {
  if (values["plan-json"] !== undefined) return { compared: `terraform plan ${values["plan-json"]}`, stacks: [readTerraformShowJson(values["plan-json"])] };
  const baseDir = values["base-dir"]!;
  return { compared: `${baseDir} -> ${positionals[0]}`, ...compared(loadSide(baseDir, "OLD"), loadSide(positionals[0], "NEW")) };
}

/** Changes that need a synth (--base REF, or --base-dir OLD alone): everything made is the run's, removed on any ending. */
async function changesFromSynth({ values }: Request, io: CliIo, options: ChangeReviewOptions): Promise<Changes> {
  const cwd = options.cwd ?? process.cwd();
  for (const line of reapDeadReviewRuns(options.runDirectory)) io.stderr.write(`review:change: ${line}\n`);
  const run = new ReviewRun(options.runDirectory);
  const uninstall = releaseOnSignal(run, "review:change", "removing the temporary worktree and folders", CHANGE_REVIEW_EXIT.interrupted.code);
  const env = options.env ?? process.env;
  const variables = settingsVariablesIn(env);
  try {
    if (values.base !== undefined) {
      const pair = await synthesizeRefAndWorkingTree(values.base, cwd, run, env);
      return { compared: `${values.base} -> working tree`, ...compared(loadSide(pair.baseDir, `--base ${values.base}'s synth`), loadSide(pair.headDir, "the working tree's synth")),
        synthVariables: { appliedTo: "both sides", variables } };
    }
    const baseDir = values["base-dir"]!;
    const base = loadSide(baseDir, "OLD");
    const head = runFolder(run, "change-review-head-");
    await synthesize(cwd, head, "the working tree", run, env);
    return { compared: `${baseDir} -> working tree`, ...compared(base, loadSide(head, "the working tree's synth")),
      synthVariables: { appliedTo: "the working tree", variables } };
  } finally {
    // Released before the handlers go: a signal in between finds nothing left to remove, and still exits 130.
    run.release();
    uninstall();
  }
}

function report(request: Request, changes: Changes, acknowledgements: readonly Acknowledgement[], io: CliIo): number {
  const result = buildChangeReport(changes.compared, changes.stacks, findingsOf(changes.stacks, acknowledgements), changes.costs, changes.synthVariables);
  io.stdout.write(formatChangeReport(result, request.values.format));
  return result.ok ? CHANGE_REVIEW_EXIT.safe.code : CHANGE_REVIEW_EXIT.dataLoss.code;
}

function failure(error: unknown, io: CliIo): number {
  if (error instanceof ChangeReviewInputError || error instanceof TerraformJsonError) {
    io.stderr.write(`review:change: ${error.message}\n`);
    return CHANGE_REVIEW_EXIT.badInput.code;
  }
  // Not 1: that means data loss. A bug must not read as a verdict either way.
  io.stderr.write(`review:change: internal error: ${(error as Error).message}${process.env.DEBUG ? `\n${(error as Error).stack}` : ""}\n`);
  return CHANGE_REVIEW_EXIT.internalError.code;
}

/**
 * Synchronous when it only reads files (--plan-json, --base-dir OLD NEW); a promise when it synthesizes (--base,
 * --base-dir OLD), so that a signal stops the synth and removes the worktree while it runs.
 */
export function main(argv: readonly string[], io: CliIo, options: ChangeReviewOptions = {}): number | Promise<number> {
  let request: Request;
  let acknowledgements: Acknowledgement[];
  try {
    request = parseRequest(argv);
    if (request.values.help) {
      io.stdout.write(CHANGE_REVIEW_HELP);
      return CHANGE_REVIEW_EXIT.safe.code;
    }
    // Acknowledgements first: a malformed file is reported before minutes of synth.
    acknowledgements = loadAcknowledgements(request.values.acknowledgements ?? DEFAULT_ACKNOWLEDGEMENTS_FILE, request.values.acknowledgements !== undefined);
    const synthesizes = request.values.base !== undefined || (request.values["base-dir"] !== undefined && request.positionals.length === 0);
    if (!synthesizes) return report(request, changesFromFiles(request), acknowledgements, io);
  } catch (error) {
    return failure(error, io);
  }
  return changesFromSynth(request, io, options).then((changes) => report(request, changes, acknowledgements, io)).catch((error: unknown) => failure(error, io));
}

/**
 * A closed stdout (`npm run review:change ... | head -1`) ends the run quietly: no stack, and an exit code that is
 * no verdict (0 would read as safe, 1 as data loss).
 */
function endQuietlyOnClosedStdout(): void {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(CHANGE_REVIEW_EXIT.outputClosed.code);
  });
}

if (require.main === module) {
  endQuietlyOnClosedStdout();
  Promise.resolve(main(process.argv.slice(2), process)).then((code) => { process.exitCode = code; });
}
