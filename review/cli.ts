import { parseArgs } from "node:util";
import { CliIo } from "../cli/io";
import { FORMATS, formatReport, ReportFormat } from "./format-report";
import { loadPlans, ReviewInputError } from "./load-plans";
import { reviewPlans } from "./run-review";
import { DEFAULT_SUPPRESSIONS_FILE, loadSuppressions } from "./suppressions";

/** Exit codes of the gate. */
export const REVIEW_EXIT = { passed: 0, errorsFound: 1, badInput: 2 } as const;

export const REVIEW_HELP = `Usage: npm run review -- [PATH ...] [--format table|json|markdown] [--suppressions FILE]

Checks every synthesized plan (cdk.tf.json) against the design document's acceptance criteria and common
RDS and security-group policy. PATH is a cdk.tf.json or a directory searched for them (default: cdktf.out).
Suppressions (default: review/suppressions.json) accept a rule for one stack, with a reason; suppressed
rules still show in every report.
For a machine (--format json in CI), run it as \`npm run -s review -- ...\`: without -s, npm prints its
"> checkpoints-db@..." banner on stdout first.

Exit codes: 0 no error-severity rule failed · 1 one did · 2 usage error or unreadable input
`;

export function main(argv: readonly string[], io: CliIo): number {
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: {
        format: { type: "string", default: "table" }, suppressions: { type: "string" }, help: { type: "boolean", short: "h" },
      } });
    } catch (error) {
      throw new ReviewInputError((error as Error).message.replace(/\. To specify a positional argument.*$/, ""));
    }
    const { values, positionals } = parsed;
    if (values.help) {
      io.stdout.write(REVIEW_HELP);
      return REVIEW_EXIT.passed;
    }
    const format = values.format as ReportFormat;
    if (!FORMATS.includes(format)) throw new ReviewInputError(`--format must be one of ${FORMATS.join(", ")}, not "${values.format}"`);
    const suppressions = loadSuppressions(values.suppressions ?? DEFAULT_SUPPRESSIONS_FILE, values.suppressions !== undefined);
    const report = reviewPlans(loadPlans(positionals.length > 0 ? positionals : ["cdktf.out"]), suppressions);
    io.stdout.write(formatReport(report, format));
    return report.ok ? REVIEW_EXIT.passed : REVIEW_EXIT.errorsFound;
  } catch (error) {
    if (error instanceof ReviewInputError) {
      io.stderr.write(`review: ${error.message}\n`);
      return REVIEW_EXIT.badInput;
    }
    throw error;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), process);
}
