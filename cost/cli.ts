import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { PricingClient } from "@aws-sdk/client-pricing";
import { CliIo, exitCodeLines } from "../cli/io";
import { classifyAwsError, describeAwsError } from "../aws/aws-errors";
import { InvalidValueError, joinNegativeNumbers, NumberRange, parseBoundedNumber, parseFolderPath, parseRegion, parseStackName,
} from "../cli/value-parsers";
import { MAX_BACKUP_RETENTION_DAYS } from "../rds/backup-retention";
import { POSTGRES_STORAGE_GB } from "../rds/postgres-storage";
import { readPlan, ReviewInputError } from "../plan/read-plans";
import { CostAssumptions, DEFAULT_ASSUMPTIONS } from "./assumptions";
import { estimateStack, StackCostEstimate } from "./estimate";
import { COST_EXIT, EXIT_TABLE } from "./exit-codes";
import { formatReport, FORMATS, ReportFormat } from "./format-report";
import { fetchLivePrices, liveQuery, PRICING_ENDPOINT_REGION, pricingClient } from "./live-prices";
import { planCostInputs, PlanCostInputs } from "./plan-inputs";
import { dataFilePrices, PriceTable } from "./price-table";

/**
 * What each usage assumption may be. Backups: never more than a full copy of the largest RDS volume for each
 * day of the longest retention (rds/). Monitoring events: CloudWatch Logs' largest event, 1 MB (CloudWatch
 * Logs quotas, "Event size"). Logs: CloudWatch sets no ceiling, so 1 PB a month stands for "a typo".
 */
export const ASSUMPTION_RANGES: Readonly<Record<"logs-gb" | "monitoring-event-kb" | "backup-gb", NumberRange>> = {
  "logs-gb": { min: 0, max: 1_000_000, unit: "GB a month", bound: "1 PB a month: CloudWatch sets no limit, so more is a typo" },
  "monitoring-event-kb": { min: 0, max: 1024, unit: "KB", bound: "CloudWatch Logs' largest event, 1 MB" },
  "backup-gb": { min: 0, max: POSTGRES_STORAGE_GB.max * MAX_BACKUP_RETENTION_DAYS, unit: "GiB",
    bound: `a full ${POSTGRES_STORAGE_GB.max} GiB copy for each of ${MAX_BACKUP_RETENTION_DAYS} days of backups` },
};

const rangeText = (flag: keyof typeof ASSUMPTION_RANGES) => `${ASSUMPTION_RANGES[flag].min} to ${ASSUMPTION_RANGES[flag].max}`;

export const COST_HELP = `Usage: npm run cost -- [--stack NAME]... [--region R] [--format table|markdown|json] [--live] [--as-of YYYY-MM-DD]
                      [--plan-dir DIR] [--logs-gb N] [--monitoring-event-kb N] [--backup-gb N]

The monthly cost of each synthesized stack (cdktf.out/stacks/NAME/cdk.tf.json), itemised from the plan:
instance hours (on-demand, Single- or Multi-AZ), storage (Multi-AZ bills both copies), provisioned IOPS and
throughput above what the storage includes, backup storage beyond the free allowance, Performance
Insights beyond its free 7 days, enhanced monitoring and exported logs (CloudWatch), the master password's
Secrets Manager secret, RDS Extended Support (per vCPU-hour, both instances of a Multi-AZ pair, at the
year 1-2 or year 3 rate once the engine major's standard support has ended: rds/postgres-engine-versions.ts;
a warning when a tier starts within a year, with what the bill becomes then); the no-upfront 1- and 3-year
reserved-instance monthly equivalent beside on-demand where a price is known; the range storage autoscaling
allows; the default max_connections of the class; what is not priced (cross-AZ transfer, burstable CPU
credits, backups kept after deletion, CloudWatch's free tier) with its reason and rough size; the plan
against the design document's "~$35/month", compared only when the total is complete (an incomplete total
is a floor); and a total across every stack priced (the account's bill for this project). Offline: unit prices come from cost/prices.json
(each with its source and date; us-east-1's instance and 1-year no-upfront rates are AWS's own Pricing
Calculator data, for every class the configuration accepts except db.m7i, db.m8g, db.r7i and db.r8g). A line the data cannot price says "no price", and one the plan does not
state as a literal says "unknown": neither is counted as zero, and the estimate is then marked incomplete.

  --stack NAME             a stack to price (repeatable; default: every stack under DIR/stacks)
  --region R               price in this region instead of the plan's provider region
  --format F               table (default), markdown (for a pull-request comment) or json
  --live                   refresh instance, storage and backup prices, the instance's no-upfront Reserved
                           terms, and RDS Extended Support's rate for the plan's PostgreSQL major and year, from
                           the AWS Price List Query API (GetProducts, endpoint ${PRICING_ENDPOINT_REGION});
                           needs AWS credentials (pricing:GetProducts). Other lines, and any product the API does
                           not return, keep the data file's price; each line's source says which it used
  --as-of YYYY-MM-DD       the day to price (default today, UTC): RDS Extended Support's tiers start on given days
  --plan-dir DIR           where the synthesized plans are (default cdktf.out)
  --logs-gb N              GB a month the exported logs send to CloudWatch (default ${DEFAULT_ASSUMPTIONS.exportedLogsGbPerMonth}; ${rangeText("logs-gb")})
  --monitoring-event-kb N  KB per enhanced-monitoring event (default ${DEFAULT_ASSUMPTIONS.monitoringEventKb}; ${rangeText("monitoring-event-kb")})
  --backup-gb N            GiB of backups beyond the free allowance (default ${DEFAULT_ASSUMPTIONS.additionalBackupGib}; ${rangeText("backup-gb")})

Unlike infracost, it reads cdktf's JSON directly, needs no API key, no terraform plan and no network
(except --live), prices RDS for PostgreSQL only, and prices usage (logs, monitoring, backups) from the
stated assumptions above where infracost prints "depends on usage".

Exit codes:
${exitCodeLines(EXIT_TABLE)}
`;

class UsageError extends Error {}

/** YYYY-MM-DD naming a real day (2027-02-30 is not). */
function isCalendarDate(text: string): boolean {
  const day = new Date(`${text}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
}

function assumption(flag: keyof typeof ASSUMPTION_RANGES, value: string | undefined, fallback: number): number {
  return value === undefined ? fallback : parseBoundedNumber(value, `--${flag}`, ASSUMPTION_RANGES[flag]);
}

/** The stacks to price: the ones named, or every cdk.tf.json under DIR/stacks. */
function planFiles(planDir: string, stacks: readonly string[]): string[] {
  const stacksDir = path.join(planDir, "stacks");
  const found = fs.existsSync(stacksDir)
    ? fs.readdirSync(stacksDir).filter((s) => fs.existsSync(path.join(stacksDir, s, "cdk.tf.json"))).sort()
    : [];
  if (stacks.length === 0) {
    if (found.length === 0) throw new UsageError(`no synthesized plans under ${stacksDir}; run \`npm run synth\` first`);
    return found.map((s) => path.join(stacksDir, s, "cdk.tf.json"));
  }
  return stacks.map((stack) => {
    const file = path.join(stacksDir, stack, "cdk.tf.json");
    if (!fs.existsSync(file)) {
      throw new UsageError(`no synthesized plan for stack "${stack}" at ${file}; run \`npm run synth\` first` +
        (found.length ? ` (stacks there: ${found.join(", ")})` : ""));
    }
    return file;
  });
}

const AWS_EXIT = {
  "no-credentials": [COST_EXIT.noCredentials, "no AWS credentials: use an instance role, AWS_PROFILE, or AWS_ACCESS_KEY_ID; or drop --live"],
  "access-denied": [COST_EXIT.accessDenied, "the caller needs pricing:GetProducts; or drop --live"],
  throttled: [COST_EXIT.throttled, "the Price List API throttled every retry: wait a minute and run again"],
} as const;

/** How many lines each source priced: a line counts as live only when its figure came from the API. */
export function describeSources(estimates: readonly StackCostEstimate[]): string {
  const lines = estimates.flatMap((e) => e.lines);
  const priced = lines.filter((l) => l.status === "priced");
  const live = priced.filter((l) => l.unitPrice?.origin === "live").length;
  const kept = priced.filter((l) => l.unitPrice?.liveMiss).length;
  const without = lines.filter((l) => l.status === "no-price").length;
  return `${live} line(s) priced from the AWS Price List API, ${priced.length - live} from cost/prices.json` +
    (kept ? ` (${kept} of them because the API returned no price)` : "") + (without ? `, ${without} without a price` : "");
}

export interface CostDependencies {
  /** A Price List client (tests pass a mocked one); created for --live otherwise. */
  readonly pricing?: PricingClient;
}

export async function main(argv: readonly string[], _env: Readonly<Record<string, string | undefined>>, io: CliIo,
  deps: CostDependencies = {}): Promise<number> {
  const usage = (message: string) => {
    io.stderr.write(`cost: ${message}\n`);
    return COST_EXIT.usage.code;
  };
  let values;
  try {
    values = parseArgs({ args: joinNegativeNumbers(argv, Object.keys(ASSUMPTION_RANGES).map((flag) => `--${flag}`)), strict: true, allowPositionals: false, options: {
      stack: { type: "string", multiple: true }, region: { type: "string" }, format: { type: "string", default: "table" },
      live: { type: "boolean" }, "plan-dir": { type: "string", default: "cdktf.out" }, "logs-gb": { type: "string" },
      "monitoring-event-kb": { type: "string" }, "backup-gb": { type: "string" }, "as-of": { type: "string" },
      help: { type: "boolean", short: "h" },
    } }).values;
  } catch (error) {
    return usage((error as Error).message);
  }
  if (values.help) {
    io.stdout.write(COST_HELP);
    return COST_EXIT.complete.code;
  }
  let estimates: StackCostEstimate[];
  let inputs: PlanCostInputs[];
  let assumptions: CostAssumptions;
  const format = values.format as string;
  const region = values.region;
  const asOf = values["as-of"] as string | undefined;
  try {
    if (asOf !== undefined && !isCalendarDate(asOf)) throw new UsageError(`--as-of must be a date, YYYY-MM-DD, not "${asOf}"`);
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, not "${format}"`);
    if (region !== undefined) parseRegion(region, "--region");
    for (const stack of values.stack ?? []) parseStackName(stack, "--stack");
    parseFolderPath(values["plan-dir"] as string, "--plan-dir");
    assumptions = {
      exportedLogsGbPerMonth: assumption("logs-gb", values["logs-gb"], DEFAULT_ASSUMPTIONS.exportedLogsGbPerMonth),
      monitoringEventKb: assumption("monitoring-event-kb", values["monitoring-event-kb"], DEFAULT_ASSUMPTIONS.monitoringEventKb),
      additionalBackupGib: assumption("backup-gb", values["backup-gb"], DEFAULT_ASSUMPTIONS.additionalBackupGib),
    };
    inputs = planFiles(values["plan-dir"] as string, values.stack ?? []).map((file) => planCostInputs(readPlan(file)));
    const noDatabase = inputs.find((i) => i.databases.length === 0);
    if (noDatabase) throw new UsageError(`stack "${noDatabase.stack}" has no aws_db_instance: nothing to price`);
    const noRegion = inputs.find((i) => !region && !i.region.known);
    if (noRegion) {
      throw new UsageError(`stack "${noRegion.stack}": the plan's provider region is ${noRegion.region.known ? "" : noRegion.region.shown}, ` +
        "not a literal; pass --region");
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ReviewInputError || error instanceof InvalidValueError) return usage(error.message);
    throw error;
  }
  let prices: PriceTable = dataFilePrices();
  estimates = inputs.map((i) => estimateStack(i, prices, { region, assumptions, asOf }));
  if (values.live) {
    const needs = estimates.flatMap((e) => e.lines.flatMap((l) =>
      (l.item && e.region && liveQuery(e.region, l.item) ? [{ region: e.region, item: l.item }] : [])));
    try {
      const live = await fetchLivePrices(deps.pricing ?? pricingClient(), needs);
      prices = prices.withOverrides(live);
    } catch (error) {
      const failure = classifyAwsError(error);
      if (failure === "no-credentials" || failure === "access-denied" || failure === "throttled") {
        const [exit, hint] = AWS_EXIT[failure];
        io.stderr.write(`cost: ${describeAwsError(error)}; ${hint}\n`);
        return exit.code;
      }
      io.stderr.write(`cost: --live: ${describeAwsError(error)}\n`);
      return COST_EXIT.error.code;
    }
    estimates = inputs.map((i) => estimateStack(i, prices, { region, assumptions, asOf }));
    io.stderr.write(`cost: ${describeSources(estimates)}\n`);
  }
  io.stdout.write(formatReport(estimates, format as ReportFormat));
  return estimates.every((e) => e.complete) ? COST_EXIT.complete.code : COST_EXIT.incomplete.code;
}

if (require.main === module) {
  main(process.argv.slice(2), process.env, process).then((code) => { process.exitCode = code; });
}
