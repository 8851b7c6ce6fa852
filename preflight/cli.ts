import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { CliIo, exitCodeLines } from "../cli/io";
import { DeployInputs, readDeployInputs } from "../cli/deploy-inputs";
import { InvalidValueError, parseFolderPath, parseRegion, parseSecretId, parseStackName } from "../cli/value-parsers";
import { classifyAwsError, describeAwsError } from "../aws/aws-errors";
import { awsClientConfig, AwsClientOverrides } from "../aws/client-config";
import { readPlan } from "../plan/read-plans";
import { PREFLIGHT_EXIT, EXIT_TABLE } from "./exit-codes";
import { PreflightPlan, preflightPlan } from "./plan-facts";
import { buildReport, renderTable, writeReport } from "./report";
import { runPreflight } from "./run-preflight";

export const PREFLIGHT_HELP = `Usage: npm run preflight -- --stack NAME [--region R] [--json] [--out DIR] [--secret-id ID]

Before deploy: asks AWS, read-only, whether the apply of the stack's synthesized plan
(cdktf.out/stacks/NAME/cdk.tf.json) would succeed, for the plan and the deploy-time inputs (TF_VAR_vpc_id,
TF_VAR_app_subnet_cidr, TF_VAR_db_subnet_ids, or the flags below). Each check prints pass, FAIL, ERROR (AWS
did not answer: never counted as a pass) or skipped (with why), the API call and the field it read, and
for a FAIL the setting to change:

  engine-version, parameter-group-family   rds:DescribeDBEngineVersions
  instance-class, multi-az, storage-encryption, performance-insights, storage-size, iops, storage-throughput
                                           rds:DescribeOrderableDBInstanceOptions
  vpc, app-cidr-in-vpc                     ec2:DescribeVpcs
  db-subnets, db-subnets-in-vpc, db-subnets-two-azs
                                           ec2:DescribeSubnets
  identifier-free                          rds:DescribeDBInstances (free, or this stack's own: its tags)
  final-snapshot-name-free                 rds:DescribeDBSnapshots (<identifier>-final)
  master-secret                            secretsmanager:GetSecretValue (with --secret-id; the password is never shown)
  state-bucket, state-bucket-region, state-bucket-versioning
                                           s3:ListBucket (HeadBucket), s3:GetBucketLocation, s3:GetBucketVersioning

Every value (flags and TF_VAR_*) is checked first (exit 2), before credentials are looked up. AWS calls use the
standard credential chain and the SDK's own retry (5 attempts, adaptive mode).

  --stack NAME             the stack to check (default checkpoints-db)
  --region R               default: the plan's provider region
  --secret-id ID           the master secret from npm run secret:create: check its password
  --vpc-id ID              default: TF_VAR_vpc_id
  --app-subnet-cidr CIDR   default: TF_VAR_app_subnet_cidr
  --db-subnet-ids A,B      default: TF_VAR_db_subnet_ids (a JSON list)
  --plan-dir DIR           where the synthesized plans are (default cdktf.out)
  --out DIR                also write the report to DIR/preflight.json
  --json                   print the report as JSON instead of the table

Exit codes (when several apply: 3, then 4, then 5, then 1):
${exitCodeLines(EXIT_TABLE)}
`;

/** Injectable for tests: the HTTP layer or credentials of the clients preflight builds, and the clock. */
export interface PreflightDependencies {
  readonly aws?: AwsClientOverrides;
  readonly now?: () => Date;
}

export async function main(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, io: CliIo,
  deps: PreflightDependencies = {}): Promise<number> {
  const usage = (message: string) => {
    io.stderr.write(`preflight: ${message}\n`);
    return PREFLIGHT_EXIT.usage.code;
  };
  let values;
  try {
    values = parseArgs({ args: [...argv], strict: true, allowPositionals: false, options: {
      stack: { type: "string", default: "checkpoints-db" }, region: { type: "string" }, json: { type: "boolean" },
      out: { type: "string" }, "plan-dir": { type: "string" }, "secret-id": { type: "string" }, "vpc-id": { type: "string" },
      "app-subnet-cidr": { type: "string" }, "db-subnet-ids": { type: "string" }, help: { type: "boolean", short: "h" },
    } }).values;
  } catch (error) {
    return usage((error as Error).message);
  }
  if (values.help) {
    io.stdout.write(PREFLIGHT_HELP);
    return PREFLIGHT_EXIT.pass.code;
  }
  // Every value is checked here, before credentials are looked up or AWS is asked anything.
  let stack: string;
  let inputs: DeployInputs;
  try {
    stack = parseStackName(values.stack as string, "--stack");
    if (values.region !== undefined) parseRegion(values.region, "--region");
    if (values["secret-id"] !== undefined) parseSecretId(values["secret-id"], "--secret-id");
    if (values.out !== undefined) parseFolderPath(values.out, "--out");
    if (values["plan-dir"] !== undefined) parseFolderPath(values["plan-dir"], "--plan-dir");
    inputs = readDeployInputs({ vpcId: values["vpc-id"], appSubnetCidr: values["app-subnet-cidr"],
      dbSubnetIds: values["db-subnet-ids"] }, env);
  } catch (error) {
    if (error instanceof InvalidValueError) return usage(error.message);
    throw error;
  }
  const planFile = path.join(values["plan-dir"] ?? "cdktf.out", "stacks", stack, "cdk.tf.json");
  if (!fs.existsSync(planFile)) return usage(`no synthesized plan for stack "${stack}" at ${planFile}; run \`npm run synth\` first`);
  let plan: PreflightPlan;
  try {
    plan = preflightPlan(readPlan(planFile));
  } catch (error) {
    return usage((error as Error).message);
  }
  const region = values.region ?? plan.region;
  if (!region) return usage("no region: pass --region (the plan's provider sets none)");
  try {
    parseRegion(region, `the plan's provider region (${planFile})`);
  } catch (error) {
    return usage((error as Error).message);
  }

  // The SDK's clients load here, not at start-up: --help and usage errors do not pay ~250 ms for them.
  const [{ RDSClient }, { EC2Client }, { SecretsManagerClient }, { S3Client }] = await Promise.all([import("@aws-sdk/client-rds"),
    import("@aws-sdk/client-ec2"), import("@aws-sdk/client-secrets-manager"), import("@aws-sdk/client-s3")]);
  const config = awsClientConfig(region, deps.aws);
  const rds = new RDSClient(config);
  try {
    // Credentials first, once: without them every check would fail the same way, slowly.
    await rds.config.credentials();
  } catch (error) {
    if (classifyAwsError(error) !== "no-credentials") throw error;
    io.stderr.write(`preflight: ${describeAwsError(error)}; no AWS credentials: use an instance role, AWS_PROFILE, or ` +
      "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; nothing was asked of AWS\n");
    return PREFLIGHT_EXIT.noCredentials.code;
  }
  const clients = {
    rds, ec2: new EC2Client(config), secrets: new SecretsManagerClient(config),
    ...(plan.s3Backend ? { s3: new S3Client({ ...awsClientConfig(plan.s3Backend.region, deps.aws), followRegionRedirects: true }) } : {}),
  };
  const checks = await runPreflight({ plan, region, inputs, secretId: values["secret-id"], clients });
  if (checks.some((c) => c.failure === "no-credentials")) {
    io.stderr.write("preflight: AWS refused the credentials (expired or invalid): renew them and run again\n");
    return PREFLIGHT_EXIT.noCredentials.code;
  }
  const report = buildReport(stack, region, checks, (deps.now ?? (() => new Date()))());
  const written = values.out ? writeReport(values.out, report) : undefined;
  io.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : renderTable(report));
  if (written) io.stderr.write(`preflight: report written to ${path.relative(process.cwd(), written)}\n`);
  return report.exitCode;
}

if (require.main === module) {
  main(process.argv.slice(2), process.env, process).then((code) => { process.exitCode = code; });
}
