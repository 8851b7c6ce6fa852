// Types only here: each check loads its SDK module when it runs (already loaded by then, with its client),
// so that preflight --help and a usage error do not load the SDK at start-up.
import type { DBEngineVersion, OrderableDBInstanceOption, RDSClient } from "@aws-sdk/client-rds";
import type { EC2Client } from "@aws-sdk/client-ec2";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { S3Client } from "@aws-sdk/client-s3";
import { AwsFailure, classifyAwsError, describeAwsError } from "../aws/aws-errors";
import type { DeployInputs } from "../cli/deploy-inputs";
import { isMajorOnly } from "../rds/postgres-engine-versions";
import {
  engineChecks, finalSnapshotCheck, identifierCheck, orderableChecks, PreflightCheck, ROWS, secretCheck, stateBucketChecks,
  subnetChecks, vpcChecks,
} from "./checks";
import type { PreflightPlan } from "./plan-facts";

export interface PreflightClients {
  readonly rds: RDSClient;
  readonly ec2: EC2Client;
  readonly secrets: SecretsManagerClient;
  /** For the S3 backend, in the bucket's region. */
  readonly s3?: S3Client;
}

export interface PreflightInput {
  readonly plan: PreflightPlan;
  readonly region: string;
  readonly inputs: DeployInputs;
  readonly secretId?: string;
  readonly clients: PreflightClients;
}

/** An AWS call that did not answer: which, and why. */
interface CallError {
  readonly error: unknown;
  readonly failure: AwsFailure;
}
type Outcome<T> = { ok: true; value: T } | ({ ok: false } & CallError);

async function attempt<T>(call: () => Promise<T>, absent?: (error: unknown) => boolean): Promise<Outcome<T | undefined>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    if (absent?.(error)) return { ok: true, value: undefined };
    return { ok: false, error, failure: classifyAwsError(error) };
  }
}

const named = (...names: string[]) => (error: unknown) => names.includes((error as { name?: string })?.name ?? "");

/** The checks a failed call takes down, each saying it could not be evaluated (fail closed), and why. */
function unanswered(rows: ReadonlyArray<{ id: string; call: string; field: string }>, outcome: CallError): PreflightCheck[] {
  const hint: Partial<Record<AwsFailure, (call: string) => string>> = {
    "access-denied": (call) => `grant the caller ${call.split(" ")[0]}`,
    throttled: () => "AWS throttled all 5 attempts: run preflight again in a minute",
    "no-credentials": () => "give the caller AWS credentials (instance role, AWS_PROFILE or AWS_ACCESS_KEY_ID)",
  };
  return rows.map((row) => ({ ...row, status: "error" as const, detail: `not evaluated: ${describeAwsError(outcome.error)}`,
    ...(hint[outcome.failure] ? { fix: hint[outcome.failure]?.(row.call) } : {}), failure: outcome.failure }));
}

/** Every page of orderable options for the class (the API pages at 100 records). */
async function orderableOptions(rds: RDSClient, plan: PreflightPlan, version: string): Promise<OrderableDBInstanceOption[]> {
  const { DescribeOrderableDBInstanceOptionsCommand } = await import("@aws-sdk/client-rds");
  const options: OrderableDBInstanceOption[] = [];
  let marker: string | undefined;
  for (let page = 0; page < 50; page++) {
    const out = await rds.send(new DescribeOrderableDBInstanceOptionsCommand({ Engine: plan.engine, EngineVersion: version,
      DBInstanceClass: plan.instanceClass, Vpc: true, MaxRecords: 100, Marker: marker }));
    options.push(...(out.OrderableDBInstanceOptions ?? []));
    marker = out.Marker;
    if (!marker) break;
  }
  return options;
}

async function engineAndClass(input: PreflightInput): Promise<PreflightCheck[]> {
  const { plan, region, clients } = input;
  const { DescribeDBEngineVersionsCommand } = await import("@aws-sdk/client-rds");
  // A major alone: RDS's default minor of it (the RDS User Guide's `describe-db-engine-versions --default-only`).
  const versions = await attempt(async () => (await clients.rds.send(new DescribeDBEngineVersionsCommand({
    Engine: plan.engine, EngineVersion: plan.engineVersion, ...(isMajorOnly(plan.engineVersion) ? { DefaultOnly: true } : {}),
  }))).DBEngineVersions ?? []);
  const orderableRows = [ROWS.instanceClass, ROWS.multiAz, ROWS.storageEncryption, ROWS.performanceInsights, ROWS.storageSize,
    ROWS.iops, ROWS.storageThroughput];
  if (!versions.ok) {
    return [...unanswered([ROWS.engineVersion, ROWS.parameterGroupFamily], versions),
      ...orderableRows.map((row) => ({ ...row, status: "skipped" as const, detail: "needs the engine version (see engine-version)" }))];
  }
  const engine = engineChecks(plan, region, versions.value as DBEngineVersion[]);
  if (!engine.resolvedVersion) {
    return [...engine.checks,
      ...orderableRows.map((row) => ({ ...row, status: "skipped" as const, detail: "needs an offered engine version (see engine-version)" }))];
  }
  const resolved = engine.resolvedVersion;
  const options = await attempt(() => orderableOptions(clients.rds, plan, resolved));
  return [...engine.checks, ...(options.ok ? orderableChecks(plan, region, resolved, options.value ?? []) : unanswered(orderableRows, options))];
}

async function network(input: PreflightInput): Promise<PreflightCheck[]> {
  const { inputs, clients } = input;
  const { DescribeSubnetsCommand, DescribeVpcsCommand } = await import("@aws-sdk/client-ec2");
  const vpcRows = [ROWS.vpc, ROWS.appCidr];
  let vpcPart: PreflightCheck[];
  if (!inputs.vpcId) vpcPart = vpcChecks(inputs, undefined);
  else {
    const vpcs = await attempt(async () => (await clients.ec2.send(new DescribeVpcsCommand({ VpcIds: [inputs.vpcId as string] }))).Vpcs?.[0],
      named("InvalidVpcID.NotFound"));
    vpcPart = vpcs.ok ? vpcChecks(inputs, vpcs.value) : unanswered(vpcRows, vpcs);
  }
  const ids = inputs.dbSubnetIds ?? [];
  if (ids.length === 0) return [...vpcPart, ...subnetChecks(inputs, [], [])];
  // DescribeSubnets fails the whole call on one unknown id; ask for each so the report names the missing ones.
  const answers = await Promise.all(ids.map((id) => attempt(async () =>
    (await clients.ec2.send(new DescribeSubnetsCommand({ SubnetIds: [id] }))).Subnets?.[0], named("InvalidSubnetID.NotFound"))));
  const failed = answers.find((a): a is { ok: false } & CallError => !a.ok);
  if (failed) return [...vpcPart, ...unanswered([ROWS.subnets, ROWS.subnetsVpc, ROWS.subnetsAzs], failed)];
  const subnets = answers.map((a) => (a.ok ? a.value : undefined));
  return [...vpcPart, ...subnetChecks(inputs, subnets.filter((s) => s !== undefined),
    ids.filter((_, i) => subnets[i] === undefined))];
}

async function names(input: PreflightInput): Promise<PreflightCheck[]> {
  const { plan, clients } = input;
  const { DescribeDBInstancesCommand, DescribeDBSnapshotsCommand } = await import("@aws-sdk/client-rds");
  const instance = await attempt(async () => (await clients.rds.send(new DescribeDBInstancesCommand({
    DBInstanceIdentifier: plan.identifier }))).DBInstances?.[0], named("DBInstanceNotFoundFault", "DBInstanceNotFound"));
  const checks = [instance.ok ? identifierCheck(plan, instance.value) : unanswered([ROWS.identifier], instance)[0]];
  if (!plan.finalSnapshotIdentifier) return [...checks, finalSnapshotCheck(plan, undefined)];
  const snapshot = await attempt(async () => (await clients.rds.send(new DescribeDBSnapshotsCommand({
    DBSnapshotIdentifier: plan.finalSnapshotIdentifier }))).DBSnapshots?.[0], named("DBSnapshotNotFoundFault", "DBSnapshotNotFound"));
  return [...checks, snapshot.ok ? finalSnapshotCheck(plan, snapshot.value) : unanswered([ROWS.finalSnapshot], snapshot)[0]];
}

async function secret(input: PreflightInput): Promise<PreflightCheck[]> {
  if (!input.secretId) return [secretCheck(undefined, undefined)];
  const secretId = input.secretId;
  const { GetSecretValueCommand } = await import("@aws-sdk/client-secrets-manager");
  const value = await attempt(async () => (await input.clients.secrets.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString);
  if (value.ok) return [secretCheck(secretId, value.value)];
  if (named("ResourceNotFoundException")(value.error)) {
    return [{ ...ROWS.secret, status: "fail", detail: `secret ${secretId} does not exist in ${input.region}`,
      fix: `--secret-id: the secret from npm run secret:create -- --secret-id ${secretId} --region ${input.region}` }];
  }
  return unanswered([ROWS.secret], value);
}

async function stateBucket(input: PreflightInput): Promise<PreflightCheck[]> {
  const backend = input.plan.s3Backend;
  const s3 = input.clients.s3;
  if (!backend || !s3) return stateBucketChecks(undefined, undefined);
  const { GetBucketLocationCommand, GetBucketVersioningCommand, HeadBucketCommand } = await import("@aws-sdk/client-s3");
  const head = await attempt(() => s3.send(new HeadBucketCommand({ Bucket: backend.bucket })), named("NotFound", "NoSuchBucket"));
  if (!head.ok) return unanswered([ROWS.stateBucket, ROWS.stateBucketRegion, ROWS.stateBucketVersioning], head);
  if (head.value === undefined) return stateBucketChecks(backend, { exists: false });
  const [location, versioning] = await Promise.all([
    attempt(async () => (await s3.send(new GetBucketLocationCommand({ Bucket: backend.bucket }))).LocationConstraint as string | undefined),
    attempt(async () => (await s3.send(new GetBucketVersioningCommand({ Bucket: backend.bucket }))).Status as string | undefined),
  ]);
  const [bucket, regionCheck, versioningCheck] = stateBucketChecks(backend, { exists: true,
    location: location.ok ? location.value : undefined, versioning: versioning.ok ? versioning.value : undefined });
  return [bucket, location.ok ? regionCheck : unanswered([ROWS.stateBucketRegion], location)[0],
    versioning.ok ? versioningCheck : unanswered([ROWS.stateBucketVersioning], versioning)[0]];
}

/** Every check, the calls made side by side; a call that fails takes down only its own checks. */
export async function runPreflight(input: PreflightInput): Promise<PreflightCheck[]> {
  const parts = await Promise.all([engineAndClass(input), network(input), names(input), secret(input), stateBucket(input)]);
  return parts.flat();
}
