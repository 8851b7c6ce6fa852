import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { exitCodeLines } from "../cli/io";
import { EXIT_TABLE, NETWORK_EXIT } from "./exit-codes";
import { ReviewInputError } from "../review/read-plans";
import { NetworkRehearsalReport, PrerequisiteError, rehearseNetwork } from "./network-rehearsal";
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { buildProbe } = require("../tools/build-probe.cjs");

export { NETWORK_EXIT } from "./exit-codes";

const DEFAULT_PLAN = "cdktf.out/stacks/checkpoints-db/cdk.tf.json";

export const NETWORK_HELP = `Usage: npm run rehearse:network [-- --plan ${DEFAULT_PLAN}]\n\nExit codes:\n${exitCodeLines(EXIT_TABLE)}\n`;

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
    process.stderr.write(`rehearse:network: ${(error as Error).message}\n`);
    return NETWORK_EXIT.usage.code;
  }
  if (values.help) {
    process.stdout.write(NETWORK_HELP);
    return 0;
  }
  const planFile = values.plan ?? DEFAULT_PLAN;
  if (!fs.existsSync(planFile)) {
    process.stderr.write(`rehearse:network: ${planFile} does not exist; run \`npm run synth\` first\n`);
    return NETWORK_EXIT.usage.code;
  }
  try {
    const probeFile: string = await buildProbe();
    const report = await rehearseNetwork({ planFile, probeFile,
      onProgress: (line) => process.stderr.write(`rehearse:network: ${line}\n`) });
    process.stdout.write(formatReport(report));
    return report.ok ? NETWORK_EXIT.asIntended.code : NETWORK_EXIT.differs.code;
  } catch (error) {
    if (error instanceof PrerequisiteError) {
      process.stderr.write(`rehearse:network: ${error.message}\n`);
      return NETWORK_EXIT.prerequisites.code;
    }
    if (error instanceof ReviewInputError) {
      process.stderr.write(`rehearse:network: ${error.message}\n`);
      return NETWORK_EXIT.usage.code;
    }
    throw error;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (error) => {
    process.stderr.write(`rehearse:network: ${(error as Error).stack ?? error}\n`);
    process.exitCode = 1;
  });
}
