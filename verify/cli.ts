import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { CliIo, exitCodeLines } from "../cli/io";
import {
  InvalidValueError, Ipv4Cidr, joinNegativeNumbers, parseFolderPath, parseIpv4Cidr, parseRegion, parseSecretId, parseSeconds, parseStackName,
} from "../cli/value-parsers";
// Types only: the SDK's clients load when verify calls AWS, not for --help or a usage error.
import type { RDSClient } from "@aws-sdk/client-rds";
import type { EC2Client } from "@aws-sdk/client-ec2";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { classifyAwsError, describeAwsError } from "../aws/aws-errors";
import { awsClientConfig, AwsClientOverrides } from "../aws/client-config";
import { readPlan, ReviewInputError } from "../plan/read-plans";
import { mergeSettings, resolveTarget, settingsFromEnvironment, UsageError } from "../probe/connection-target";
import { runProbe } from "../probe/run-probe";
import { settingsFromSecret } from "../probe/secret-credentials";
import type { WitnessEvidence } from "../probe/evidence";
import { compareWithPlan, LiveState } from "./compare";
import { buildEvidence, bundleFolderProblem, writeBundle } from "./evidence-bundle";
import { VERIFY_EXIT, EXIT_TABLE } from "./exit-codes";
import { POSTGRES_PORT } from "../rds/postgres-port";
import { Clock, fetchLiveState, NotAvailableError, realClock } from "./live-state";
import { deployInputsFromEnvironment, PlanExpectations, planExpectations } from "./plan-expectations";

export const VERIFY_HELP = `Usage: npm run verify -- --stack NAME [--region R] [--probe] [--wait SECONDS] [--out DIR] [--json]

After deploy: compares the live instance, security group and subnet group with the stack's synthesized
plan (cdktf.out/stacks/NAME/cdk.tf.json), optionally runs the connection test, and writes the evidence
bundle (evidence.json, evidence.md, state-transition.yaml) to DIR (default evidence/NAME).

  --stack NAME             the stack to verify (default checkpoints-db)
  --region R               default: the plan's provider region
  --wait SECONDS           while the instance is still creating, poll with backoff up to SECONDS (0 to 86400)
  --probe                  run the connection test against the live endpoint (the probe's library);
                           credentials: the RDS-managed secret, else --secret-id, else PGUSER/PGPASSWORD
  --secret-id ID           the master secret from npm run secret:create, for --probe
  --ca FILE                the RDS CA bundle: the connection test then uses verify-full (else require)
  --app-subnet-cidr CIDR   the app subnet (default: TF_VAR_app_subnet_cidr), to check the security group
                           and that the probe ran from an application server
  --plan-dir DIR           where the synthesized plans are (default cdktf.out)
  --out DIR                where the evidence bundle goes (default evidence/NAME): a new or empty folder, or an
                           earlier bundle's, since the bundle replaces the folder whole
  --json                   print evidence.json on stdout instead of the summary; for a machine run
                           \`npm run -s verify -- ... --json\` (without -s npm's banner comes first),
                           or read evidence.json from --out

Exit codes:
${exitCodeLines(EXIT_TABLE)}
`;

/** The longest --wait: a day, far beyond the hour or so RDS takes to create a Multi-AZ instance. */
const MAX_WAIT_SECONDS = 86_400;

/** Injectable for tests: mocked AWS clients and a fake clock. */
export interface VerifyDependencies {
  readonly rds?: RDSClient;
  readonly ec2?: EC2Client;
  readonly secrets?: SecretsManagerClient;
  readonly clock?: Clock;
  /** The HTTP layer or credentials of the clients verify builds itself (their retry policy stays). */
  readonly aws?: AwsClientOverrides;
}

const AWS_EXIT = {
  "no-credentials": [VERIFY_EXIT.noCredentials, "no AWS credentials: use an instance role, AWS_PROFILE, or AWS_ACCESS_KEY_ID"],
  "access-denied": [VERIFY_EXIT.accessDenied, "the caller needs rds:DescribeDBInstances, rds:DescribeDBSubnetGroups and ec2:DescribeSecurityGroups"],
  "not-found": [VERIFY_EXIT.notFound, "nothing by that identifier in this account and region: check --region, the account, and that the deploy ran"],
  throttled: [VERIFY_EXIT.throttled, "AWS throttled all 5 attempts (the SDK's adaptive retry): wait a minute and run again"],
} as const;

async function connectionTest(plan: PlanExpectations, live: LiveState, region: string, options: {
  secretId?: string; ca?: string; env: Readonly<Record<string, string | undefined>>; secrets?: SecretsManagerClient;
}): Promise<{ evidence?: WitnessEvidence; skipped?: string }> {
  const db = live.instance;
  if (!db.Endpoint?.Address) return { skipped: "the instance has no endpoint yet" };
  const secretId = db.MasterUserSecret?.SecretArn ?? options.secretId;
  const fromSecret = secretId ? await settingsFromSecret(secretId, region, options.secrets) : {};
  const base = mergeSettings(settingsFromEnvironment(options.env), fromSecret);
  if (!base.password) {
    return { skipped: "no credentials for the connection test: pass --secret-id (the secret from npm run secret:create) or set PGPASSWORD" };
  }
  const target = resolveTarget(mergeSettings(base, {
    host: db.Endpoint.Address, port: String(db.Endpoint.Port ?? POSTGRES_PORT), dbname: db.DBName,
    user: fromSecret.user ?? options.env.PGUSER ?? db.MasterUsername,
    sslmode: options.ca ? "verify-full" : (options.env.PGSSLMODE || "require"), sslrootcert: options.ca,
  }));
  const major = String(plan.instance.engine_version ?? db.EngineVersion ?? "").split(".")[0];
  const result = await runProbe(target, {
    expectations: { version: major || undefined, database: db.DBName, requireTls: true },
  });
  return { evidence: result.evidence };
}

export async function main(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, io: CliIo,
  deps: VerifyDependencies = {}): Promise<number> {
  let values;
  try {
    values = parseArgs({ args: joinNegativeNumbers(argv, ["--wait"]), strict: true, allowPositionals: false, options: {
      stack: { type: "string", default: "checkpoints-db" }, region: { type: "string" }, probe: { type: "boolean" },
      wait: { type: "string" }, out: { type: "string" }, json: { type: "boolean" }, "plan-dir": { type: "string" },
      "secret-id": { type: "string" }, ca: { type: "string" }, "app-subnet-cidr": { type: "string" },
      help: { type: "boolean", short: "h" },
    } }).values;
  } catch (error) {
    io.stderr.write(`verify: ${(error as Error).message}\n`);
    return VERIFY_EXIT.usage.code;
  }
  if (values.help) {
    io.stdout.write(VERIFY_HELP);
    return VERIFY_EXIT.complete.code;
  }
  const usage = (message: string) => {
    io.stderr.write(`verify: ${message}\n`);
    return VERIFY_EXIT.usage.code;
  };
  // Every value is checked here, before the first AWS call.
  let stack: string;
  let waitSeconds: number;
  let cidr: Ipv4Cidr | undefined;
  let regionFlag: string | undefined;
  try {
    stack = parseStackName(values.stack as string, "--stack");
    waitSeconds = values.wait === undefined ? 0 : parseSeconds(values.wait, "--wait", { allowZero: true, max: MAX_WAIT_SECONDS });
    const cidrText = values["app-subnet-cidr"] ?? (env.TF_VAR_app_subnet_cidr === undefined ? undefined : env.TF_VAR_app_subnet_cidr);
    const cidrSource = values["app-subnet-cidr"] !== undefined ? "--app-subnet-cidr" : "TF_VAR_app_subnet_cidr";
    cidr = cidrText === undefined ? undefined : parseIpv4Cidr(cidrText, cidrSource);
    regionFlag = values.region === undefined ? undefined : parseRegion(values.region, "--region");
    if (values["secret-id"] !== undefined) parseSecretId(values["secret-id"], "--secret-id");
    if (values.out !== undefined) parseFolderPath(values.out, "--out");
    if (values["plan-dir"] !== undefined) parseFolderPath(values["plan-dir"], "--plan-dir");
    deployInputsFromEnvironment(env);
  } catch (error) {
    if (error instanceof InvalidValueError) return usage(error.message);
    throw error;
  }
  const bundleProblem = bundleFolderProblem(values.out ?? path.join("evidence", stack));
  if (bundleProblem) return usage(`--out: ${bundleProblem}`);
  if (values.ca !== undefined && !fs.existsSync(values.ca)) return usage(`--ca ${JSON.stringify(values.ca)} does not exist`);

  const planFile = path.join(values["plan-dir"] ?? "cdktf.out", "stacks", stack, "cdk.tf.json");
  let plan: PlanExpectations;
  try {
    if (!fs.existsSync(planFile)) return usage(`no synthesized plan for stack "${stack}" at ${planFile}; run \`npm run synth\` first`);
    const inputs = deployInputsFromEnvironment(env);
    plan = planExpectations(readPlan(planFile), { ...inputs, appSubnetCidr: cidr?.text });
  } catch (error) {
    return usage((error as Error).message);
  }
  const region = regionFlag ?? plan.region;
  if (!region) return usage("no region: pass --region (the plan's provider sets none)");
  try {
    parseRegion(region, `the plan's provider region (${planFile})`);
  } catch (error) {
    return usage((error as Error).message);
  }

  const clock = deps.clock ?? realClock;
  try {
    const [rdsSdk, ec2Sdk] = await Promise.all([import("@aws-sdk/client-rds"), import("@aws-sdk/client-ec2")]);
    const live = await fetchLiveState({
      identifier: plan.identifier, waitSeconds, clock,
      rds: deps.rds ?? new rdsSdk.RDSClient(awsClientConfig(region, deps.aws)),
      ec2: deps.ec2 ?? new ec2Sdk.EC2Client(awsClientConfig(region, deps.aws)),
      onProgress: (line) => io.stderr.write(`verify: ${line}\n`),
    });
    const checks = compareWithPlan(plan, live);
    const probe = values.probe
      ? await connectionTest(plan, live, region, { secretId: values["secret-id"], ca: values.ca, env,
        secrets: deps.secrets ?? new (await import("@aws-sdk/client-secrets-manager")).SecretsManagerClient(awsClientConfig(region, deps.aws)) })
      : { skipped: "--probe was not given" };
    const evidence = buildEvidence({ plan, region, live, checks, probe: probe.evidence, probeSkippedReason: probe.skipped,
      now: new Date(clock.now()) });
    const written = writeBundle(values.out ?? path.join("evidence", stack), evidence);
    if (values.json) io.stdout.write(`${JSON.stringify(evidence, null, 2)}\n`);
    else {
      io.stdout.write([
        `${stack}: ${evidence.status} (exit ${evidence.exitCode})`,
        ...evidence.observed.map((item) => `  observed  ${item}`),
        ...evidence.missing.map((m) => `  MISSING   ${m.item}: ${m.reason}`),
        ...evidence.drift.map((c) => `  DRIFT     ${c.area} ${c.attribute}: planned ${c.expected}, actual ${c.actual}`),
        `evidence: ${written.map((f) => path.relative(process.cwd(), f)).join(", ")}`,
        "",
      ].join("\n"));
    }
    return evidence.exitCode;
  } catch (error) {
    if (error instanceof NotAvailableError) {
      io.stderr.write(`verify: ${error.message}\n`);
      return VERIFY_EXIT.notAvailable.code;
    }
    if (error instanceof UsageError || error instanceof ReviewInputError) return usage(error.message);
    const failure = classifyAwsError(error);
    if (failure === "other") {
      io.stderr.write(`verify: ${describeAwsError(error)}\n`);
      return VERIFY_EXIT.error.code;
    }
    const [exit, hint] = AWS_EXIT[failure];
    io.stderr.write(`verify: ${describeAwsError(error)}; ${hint}\n`);
    return exit.code;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), process.env, process).then((code) => { process.exitCode = code; });
}
