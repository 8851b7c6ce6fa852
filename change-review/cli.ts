import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { CliIo, exitCodeLines } from "../cli/io";
import { TerraformJsonError } from "../plan";
import { ChangeReviewInputError } from "./input-error";
import { DEFAULT_ACKNOWLEDGEMENTS_FILE, loadAcknowledgements } from "./acknowledgements";
import { buildChangeReport, CHANGE_FORMATS, ChangeReportFormat, formatChangeReport } from "./change-report";
import { StackChanges } from "./change-model";
import { compareConfigurations } from "./compare-configurations";
import { StackCostChange, stackCostChange } from "./cost-change";
import { CHANGE_REVIEW_EXIT, EXIT_TABLE } from "./exit-codes";
import { findingsOf } from "./findings";
import { loadPlannedStacks, PlannedStack } from "./planned-configuration";
import { synthesize, synthesizeRefAndWorkingTree } from "./synthesize-ref";
import { readTerraformShowJson } from "./terraform-show-json";

export const CHANGE_REVIEW_HELP = `Usage: npm run review:change -- --base REF            [--format table|markdown|json] [--acknowledgements FILE]
       npm run review:change -- --base-dir OLD [NEW]  (plans already synthesized: folders of stacks/*/cdk.tf.json, or two files)
       npm run review:change -- --plan-json FILE      (terraform show -json output of a real plan)

Says what a change will do to the live database before it merges: which resources are created, updated,
replaced or deleted, each changed attribute's old and new value (secrets and variables by name only), and its
effect: replaces the resource / in place, applied at the next maintenance window / in place, immediately /
needs a reboot / brief connection drop (Multi-AZ failover) / no effect on the database / effect unknown.

--base REF synthesizes REF in a temporary git worktree (removed afterwards) and the working tree, and compares
them stack by stack. Resources match by address, after the new configuration's moved blocks. NEW defaults to a
fresh synth of the working tree.

Replacing or deleting aws_db_instance or aws_cloudwatch_log_group loses data: it fails the review unless an
acknowledgement names it (default: change-review/acknowledgements.json; address, change, reason). An
acknowledgement naming a change that no longer happens fails the review too.

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
}

/** Each stack's changes, and (configurations only) its monthly cost delta from npm run cost's estimate. */
function compared(base: readonly PlannedStack[], head: readonly PlannedStack[]): { stacks: StackChanges[]; costs: StackCostChange[] } {
  const stacks = compareConfigurations(base, head);
  return { stacks, costs: stacks.map((s) => stackCostChange(s.stack, base.find((b) => b.stack === s.stack), head.find((h) => h.stack === s.stack))) };
}

function changesFrom(values: { base?: string; "base-dir"?: string; "plan-json"?: string }, positionals: string[], cwd: string):
  { compared: string; stacks: StackChanges[]; costs?: StackCostChange[] } {
  const sources = [values.base, values["base-dir"], values["plan-json"]].filter((v) => v !== undefined);
  if (sources.length !== 1) throw new ChangeReviewInputError("give exactly one of --base REF, --base-dir DIR or --plan-json FILE (see --help)");
  if (values["plan-json"] !== undefined) {
    if (positionals.length > 0) throw new ChangeReviewInputError(`--plan-json takes no other path (got ${positionals.join(" ")})`);
    return { compared: `terraform plan ${values["plan-json"]}`, stacks: [readTerraformShowJson(values["plan-json"])] };
  }
  if (values.base !== undefined) {
    if (positionals.length > 0) throw new ChangeReviewInputError(`--base compares with the working tree; unexpected ${positionals.join(" ")}`);
    const pair = synthesizeRefAndWorkingTree(values.base, cwd);
    try {
      return { compared: `${values.base} -> working tree`, ...compared(loadPlannedStacks([pair.baseDir]), loadPlannedStacks([pair.headDir])) };
    } finally {
      pair.cleanUp();
    }
  }
  const baseDir = values["base-dir"]!;
  if (positionals.length > 1) throw new ChangeReviewInputError(`--base-dir OLD takes at most one NEW path (got ${positionals.join(" ")})`);
  if (positionals.length === 1) {
    return { compared: `${baseDir} -> ${positionals[0]}`, ...compared(loadPlannedStacks([baseDir]), loadPlannedStacks([positionals[0]])) };
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "change-review-head-"));
  try {
    synthesize(cwd, tmp, "the working tree");
    return { compared: `${baseDir} -> working tree`, ...compared(loadPlannedStacks([baseDir]), loadPlannedStacks([tmp])) };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

export function main(argv: readonly string[], io: CliIo, options: ChangeReviewOptions = {}): number {
  try {
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
    if (values.help) {
      io.stdout.write(CHANGE_REVIEW_HELP);
      return CHANGE_REVIEW_EXIT.safe.code;
    }
    const format = values.format as ChangeReportFormat;
    if (!CHANGE_FORMATS.includes(format)) throw new ChangeReviewInputError(`--format must be one of ${CHANGE_FORMATS.join(", ")}, not "${values.format}"`);
    const acknowledgements = loadAcknowledgements(values.acknowledgements ?? DEFAULT_ACKNOWLEDGEMENTS_FILE, values.acknowledgements !== undefined);
    const { compared: what, stacks, costs } = changesFrom(values, positionals, options.cwd ?? process.cwd());
    const report = buildChangeReport(what, stacks, findingsOf(stacks, acknowledgements), costs);
    io.stdout.write(formatChangeReport(report, format));
    return report.ok ? CHANGE_REVIEW_EXIT.safe.code : CHANGE_REVIEW_EXIT.dataLoss.code;
  } catch (error) {
    if (error instanceof ChangeReviewInputError || error instanceof TerraformJsonError) {
      io.stderr.write(`review:change: ${error.message}\n`);
      return CHANGE_REVIEW_EXIT.badInput.code;
    }
    // Not 1: that means data loss. A bug must not read as a verdict either way.
    io.stderr.write(`review:change: internal error: ${(error as Error).message}${process.env.DEBUG ? `\n${(error as Error).stack}` : ""}\n`);
    return CHANGE_REVIEW_EXIT.internalError.code;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), process);
}
