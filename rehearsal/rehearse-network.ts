import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { exitCodeLines } from "../cli/io";
import { describeUnexpected } from "../cli/unexpected-error";
import { ReviewInputError } from "../plan/read-plans";
import { EXIT_TABLE, NETWORK_EXIT } from "./exit-codes";
import { NetworkRehearsalReport, PrerequisiteError, RehearsalPlanError, rehearseNetwork } from "./network-rehearsal";
import { describeReaped, reapDeadRuns, RehearsalRun, releaseOnSignal } from "./run-state";
import { checkServerTempFolder } from "./local-postgres";
import { TempFolderError } from "./temp-folder";
import { buildProbe } from "../tools/build-probe.cjs";

export { NETWORK_EXIT } from "./exit-codes";

const PROGRAM = "rehearse:network";

const DEFAULT_PLAN = "cdktf.out/stacks/checkpoints-db/cdk.tf.json";

export const NETWORK_HELP = `Usage: sudo npm run rehearse:network [-- --plan ${DEFAULT_PLAN}]\n\n` +
  "Applies the plan's database security group, as nftables, to a PostgreSQL in network namespaces made for\n" +
  "the run, and checks that the app subnet gets in and another subnet does not. Everything the run makes\n" +
  "is recorded in a state file and removed at the end, on Ctrl-C, or by the next run after a kill -9.\n" +
  "The probe is built into the run's own directory: a sudo run leaves nothing root-owned in the checkout.\n\n" +
  `Exit codes:\n${exitCodeLines(EXIT_TABLE)}\n`;

export function formatReport(report: NetworkRehearsalReport): string {
  return [
    "hosts:",
    ...report.hosts.map((h) => `  ${h.role.padEnd(6)} ${h.address.padEnd(16)} ${h.subnet.padEnd(20)} ${h.namespace}`),
    "security group on the db host (nftables, default deny):",
    ...report.translated.map((t) => `  ${t}`),
    ...report.untranslatable.map((u) => `  NOT TRANSLATED ${u}`),
    "outcomes:",
    ...report.outcomes.map((o) => `  ${o.ok ? "ok  " : "FAIL"} ${o.check}: ${o.host} ${o.address}: expected ${o.expected}, got ${o.actual}`),
    report.ok ? "the security group behaves as the plan intends" : "the rehearsal does NOT match the plan's intent",
    "",
  ].join("\n");
}

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({ args: argv, strict: true, options: { plan: { type: "string" }, help: { type: "boolean", short: "h" } } }).values;
  } catch (error) {
    process.stderr.write(`${PROGRAM}: ${(error as Error).message}\n`);
    return NETWORK_EXIT.usage.code;
  }
  if (values.help) {
    process.stdout.write(NETWORK_HELP);
    return 0;
  }
  const planFile = values.plan ?? DEFAULT_PLAN;
  if (!fs.existsSync(planFile)) {
    process.stderr.write(`${PROGRAM}: ${planFile} does not exist; run \`npm run synth\` first\n`);
    return NETWORK_EXIT.usage.code;
  }
  // The temp folder first (it must exist and, as root, let the server's user in), then the state file and
  // the signal handlers before anything else exists (see rehearsal/run-state.ts).
  let run: RehearsalRun;
  try {
    checkServerTempFolder();
    run = new RehearsalRun();
  } catch (error) {
    if (!(error instanceof TempFolderError)) throw error;
    process.stderr.write(`${PROGRAM}: ${error.message}\n`);
    return NETWORK_EXIT.prerequisites.code;
  }
  releaseOnSignal(run, PROGRAM);
  try {
    const reaped = reapDeadRuns();
    if (reaped.length > 0) process.stderr.write(`${PROGRAM}: ${describeReaped(reaped)}\n`);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-rehearse-network-"));
    run.directory(work);
    const report = await rehearseNetwork({ planFile, run,
      buildProbe: (): Promise<string> => buildProbe(path.join(work, "checkpoints-probe.cjs")),
      onProgress: (line) => process.stderr.write(`${PROGRAM}: ${line}\n`) });
    process.stdout.write(formatReport(report));
    return report.ok ? NETWORK_EXIT.asIntended.code : NETWORK_EXIT.differs.code;
  } catch (error) {
    if (error instanceof PrerequisiteError || error instanceof TempFolderError) {
      process.stderr.write(`${PROGRAM}: ${error.message}\n`);
      return NETWORK_EXIT.prerequisites.code;
    }
    if (error instanceof ReviewInputError || error instanceof RehearsalPlanError) {
      process.stderr.write(`${PROGRAM}: ${error.message}\n`);
      return NETWORK_EXIT.usage.code;
    }
    throw error;
  } finally {
    run.release();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (error) => {
    process.stderr.write(`${PROGRAM}: ${describeUnexpected(error)}\n`);
    process.exitCode = 1;
  });
}
