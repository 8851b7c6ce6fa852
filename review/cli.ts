import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { CliIo, exitCodeLines } from "../cli/io";
import { DOCUMENT_DEFAULTS } from "../config/database-settings";
import { formatProblems, SettingsError } from "../config/load-settings";
import { loadProjectSettings, ProjectFileError } from "../config/project-settings";
import { SETTINGS_FIELDS } from "../config/settings-fields";
import { REVIEW_EXIT, REVIEW_EXIT_TABLE } from "./exit-codes";
import { FORMATS, formatReport, ReportFormat } from "./format-report";
import { readPlans, ReviewInputError } from "../plan/read-plans";
import { ReviewInternalError, reviewPlans } from "./run-review";
import { checkSuppressedStacks, DEFAULT_SUPPRESSIONS_FILE, loadSuppressions } from "./suppressions";

export { REVIEW_EXIT };

export const REVIEW_HELP = `Usage: npm run review -- [PATH ...] [--format table|json|markdown|sarif|junit] [--suppressions FILE]
                         [--min-max-connections N]

Checks every plan against the design document's acceptance criteria and common RDS and security-group
policy. PATH is a *.tf.json file, a directory of *.tf.json files (one configuration: its files merged as
Terraform merges them), or a directory searched for such directories (default: cdktf.out).
For a machine (--format json in CI), run it as \`npm run -s review -- ...\`: without -s, npm prints its
"> checkpoints-db@..." banner on stdout first.

Plans are read as Terraform reads its JSON syntax (object or array at every label level, repeated keys,
"true" as true, "7" as 7, \${var.x} from a literal default). What cannot be evaluated statically (a function
call, a variable without a default, a for_each over a variable) is reported as "cannot evaluate <attribute>:
<expression>" at the rule's severity: the gate never passes what it could not read. Rules with a checkov id
decide as that checkov check does, except that checkov skips such values and the gate fails on them.

Suppressions (default: review/suppressions.json) accept a rule for one stack, with a reason; suppressed
rules still show in every report. --format json writes schema "checkpoints-review/report@2", each finding with
its location (file, line, column). --format sarif writes SARIF 2.1.0 for code scanning (github/codeql-action/
upload-sarif): each rule with its help text and level, each finding at the line and column of the attribute in
the plan's JSON, paths relative to the current directory, suppressed findings marked suppressed. --format junit
writes JUnit XML: one test suite per stack, one test case per rule and resource it looked at (a warning fails
its case, not the gate; a suppressed rule's case is skipped with its reason).

CKPT-MAX-CONNECTIONS (warning) checks the connections the plan allows against each stack's minMaxConnections
setting, read from the repository's cdktf.json and CHECKPOINTS_* variables like every setting (default 100,
the document's "100 for t4g.small"; stacks the app does not define get the default); --min-max-connections N
sets it for every stack. A parameter group's max_connections wins; otherwise the class's default is taken as
RDS's formula less the memory RDS was observed to keep, not the formula's upper bound.

A stack the suppressions name must be reviewed, or (the default file only) one the app synthesized, as cdktf's
manifest.json in the reviewed folder (cdktf.out) lists them; reviewing one stack's plan alone, the default
file's entries for other stacks do not apply.

Exit codes:
${exitCodeLines(REVIEW_EXIT_TABLE)}
`;

/**
 * The stacks the app synthesized, from cdktf's manifest.json in a reviewed folder (cdktf.out; node_modules/cdktf/lib/
 * manifest.js: { version, stacks: { NAME: { name, synthesizedStackPath, ... } } }), so the default suppressions
 * may name a stack this run does not review. Undefined when no reviewed folder has one (one stack's plan reviewed
 * alone, as deploy does: the other stacks' entries do not apply to it).
 */
function synthesizedStacks(paths: readonly string[]): string[] | undefined {
  let found = false;
  const stacks = new Set<string>();
  for (const outdir of new Set(paths)) {
    const file = path.join(outdir, "manifest.json");
    if (!fs.existsSync(file)) continue;
    found = true;
    let manifest: unknown;
    try {
      manifest = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch {
      throw new ReviewInputError(`${file} is not valid JSON: run \`npm run synth\` again`);
    }
    const named = (manifest as { stacks?: unknown } | null)?.stacks;
    if (typeof named !== "object" || named === null || Array.isArray(named)) {
      throw new ReviewInputError(`${file} has no "stacks" object: it is not cdktf's manifest; run \`npm run synth\` again`);
    }
    for (const name of Object.keys(named)) stacks.add(name);
  }
  return found ? [...stacks] : undefined;
}

/**
 * Each app stack's minMaxConnections, resolved as synth resolves settings (cdktf.json context, CHECKPOINTS_*
 * variables). No cdktf.json: every stack gets the default. Invalid settings: the gate cannot know its minimum.
 */
function appMinMaxConnections(env: NodeJS.ProcessEnv): Map<string, number> {
  try {
    return new Map(loadProjectSettings(path.join(__dirname, "..", "cdktf.json"), env).environments
      .map((e) => [e.stackName, e.settings.minMaxConnections]));
  } catch (error) {
    if (error instanceof ProjectFileError) return new Map();
    if (error instanceof SettingsError) {
      throw new ReviewInputError("cannot read minMaxConnections (CKPT-MAX-CONNECTIONS) from the app's settings:\n" +
        formatProblems(error.problems, "nothing was reviewed"));
    }
    throw error;
  }
}

function minMaxConnectionsFlag(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const field = SETTINGS_FIELDS.find((f) => f.name === "minMaxConnections")!;
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(field.isValid as (v: number) => boolean)(value)) {
    throw new ReviewInputError(`--min-max-connections must be ${field.accepted}, not "${text}"`);
  }
  return value;
}

function run(argv: readonly string[], io: CliIo, env: NodeJS.ProcessEnv): number {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: {
      format: { type: "string", default: "table" }, suppressions: { type: "string" }, help: { type: "boolean", short: "h" },
      "min-max-connections": { type: "string" },
    } });
  } catch (error) {
    throw new ReviewInputError((error as Error).message.replace(/\. To specify a positional argument.*$/, ""));
  }
  const { values, positionals } = parsed;
  if (positionals.some((p) => p.trim() === "")) {
    throw new ReviewInputError('a plan path is empty (""): name a *.tf.json file or a folder holding some, or leave it out for cdktf.out');
  }
  if (values.help) {
    io.stdout.write(REVIEW_HELP);
    return REVIEW_EXIT.passed;
  }
  const format = values.format as ReportFormat;
  if (!FORMATS.includes(format)) throw new ReviewInputError(`--format must be one of ${FORMATS.join(", ")}, not "${values.format}"`);
  const suppressionsFile = values.suppressions ?? DEFAULT_SUPPRESSIONS_FILE;
  const suppressions = loadSuppressions(suppressionsFile, values.suppressions !== undefined);
  const flag = minMaxConnectionsFlag(values["min-max-connections"]);
  const fromSettings = flag === undefined ? appMinMaxConnections(env) : new Map<string, number>();
  const paths = positionals.length > 0 ? positionals : ["cdktf.out"];
  const plans = readPlans(paths, (stack) => flag ?? fromSettings.get(stack) ?? DOCUMENT_DEFAULTS.minMaxConnections);
  // A --suppressions file names reviewed stacks only. The committed one may name any stack of the app: checked
  // against cdktf's manifest; without one (a single stack's plan) its entries for other stacks do not apply here.
  const app = values.suppressions === undefined ? synthesizedStacks(paths) : [];
  if (app !== undefined) checkSuppressedStacks(suppressions, new Set([...plans.map((p) => p.stack), ...app]), suppressionsFile);
  const report = reviewPlans(plans, suppressions);
  io.stdout.write(formatReport(report, format));
  return report.ok ? REVIEW_EXIT.passed : REVIEW_EXIT.failed;
}

export function main(argv: readonly string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): number {
  try {
    return run(argv, io, env);
  } catch (error) {
    if (error instanceof ReviewInputError) {
      io.stderr.write(`review: ${error.message}\n`);
      return REVIEW_EXIT.badInput;
    }
    // A bug: one line naming the rule and the input; the stack only on request.
    const line = error instanceof ReviewInternalError ? error.message : `internal error: ${error instanceof Error ? error.message : String(error)}`;
    io.stderr.write(`review: ${line}\n`);
    if (env.DEBUG === "1") {
      const cause = error instanceof ReviewInternalError ? error.cause : error;
      if (cause instanceof Error && cause.stack) io.stderr.write(`${cause.stack}\n`);
    }
    return REVIEW_EXIT.internalError;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), process);
}
