import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { mockClient } from "aws-sdk-client-mock";
import {
  DBInstanceNotFoundFault, DBSnapshotNotFoundFault, DescribeDBEngineVersionsCommand, DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand, DescribeOrderableDBInstanceOptionsCommand, RDSClient, RDSServiceException,
} from "@aws-sdk/client-rds";
import { DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client, EC2ServiceException } from "@aws-sdk/client-ec2";
import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import {
  GetBucketLocationCommand, GetBucketVersioningCommand, HeadBucketCommand, NotFound, S3Client, S3ServiceException,
} from "@aws-sdk/client-s3";
import { main, PREFLIGHT_HELP } from "../../preflight/cli";
import { bucketRegion } from "../../preflight/checks";
import { captureIo } from "../support/capture-io";
import { fixture, synthesizedPlanDir, tempDir } from "../support/verify-harness";

/** Preloaded into the child: stops it (exit 97, one line) at its first non-loopback connection or lookup. */
const NO_NETWORK = path.join(__dirname, "..", "support", "no-network.cjs");

const rds = mockClient(RDSClient);
const ec2 = mockClient(EC2Client);
const secrets = mockClient(SecretsManagerClient);
const s3 = mockClient(S3Client);

const work = tempDir("checkpoints-preflight-");
const plans = {
  defaults: synthesizedPlanDir(),
  s3: synthesizedPlanDir({ stateBackend: { type: "s3", bucket: "acme-terraform-state", region: "us-east-1", keyPrefix: "checkpoints/" } }),
  io1: synthesizedPlanDir({ storageType: "io1", iops: 3000 }),
  gp3Provisioned: synthesizedPlanDir({ allocatedStorageGb: 400, iops: 12000, storageThroughput: 500 }),
  environments: synthesizedPlanDir(JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "cdktf.json"), "utf8")).context.checkpoints),
};
afterAll(() => {
  rds.restore(); ec2.restore(); secrets.restore(); s3.restore();
  for (const dir of [work, ...Object.values(plans)]) fs.rmSync(dir, { recursive: true, force: true });
});

const DEPLOYED = { TF_VAR_app_subnet_cidr: "10.0.1.0/24", TF_VAR_vpc_id: "vpc-0123456789abcdef0",
  TF_VAR_db_subnet_ids: '["subnet-0aaaaaaaaaaaaaaaa","subnet-0bbbbbbbbbbbbbbbb"]' };
const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:checkpoints-db/master-AbCdEf";
const GOOD_PASSWORD = "Xk9-vQ2#mN7pL4$wR8tY1zA6bC3dE5fG";
const meta = { $metadata: { httpStatusCode: 400 } };

/** GetSecretValue as the Secrets Manager API Reference shapes it. */
const secretValue = (password: string) => ({ ARN: SECRET_ARN, Name: "checkpoints-db/master",
  VersionId: "EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE", VersionStages: ["AWSCURRENT"], CreatedDate: new Date("2026-11-29T10:00:00Z"),
  SecretString: JSON.stringify({ username: "checkpoint_user", password, engine: "postgres", dbname: "checkpoints" }) });

function answerWithFixtures() {
  for (const client of [rds, ec2, secrets, s3]) client.reset();
  rds.on(DescribeDBEngineVersionsCommand).resolves(fixture("describe-db-engine-versions"));
  rds.on(DescribeOrderableDBInstanceOptionsCommand).resolves(fixture("describe-orderable-db-instance-options"));
  rds.on(DescribeDBInstancesCommand).rejects(new DBInstanceNotFoundFault({ message: "DBInstance checkpoints-db not found.",
    $metadata: { httpStatusCode: 404 } }));
  rds.on(DescribeDBSnapshotsCommand).rejects(new DBSnapshotNotFoundFault({ message: "DBSnapshot checkpoints-db-final not found.",
    $metadata: { httpStatusCode: 404 } }));
  ec2.on(DescribeVpcsCommand).resolves(fixture("describe-vpcs"));
  const subnets = fixture("describe-subnets").Subnets;
  ec2.on(DescribeSubnetsCommand).callsFake((input: { SubnetIds: string[] }) => {
    const found = subnets.filter((s: { SubnetId: string }) => input.SubnetIds.includes(s.SubnetId));
    if (found.length < input.SubnetIds.length) {
      throw new EC2ServiceException({ name: "InvalidSubnetID.NotFound", $fault: "client", ...meta,
        message: `The subnet ID '${input.SubnetIds[0]}' does not exist` });
    }
    return { Subnets: found };
  });
  secrets.on(GetSecretValueCommand).resolves(secretValue(GOOD_PASSWORD));
  s3.on(HeadBucketCommand).resolves({ BucketRegion: "us-east-1", AccessPointAlias: false });
  s3.on(GetBucketLocationCommand).resolves({});
  s3.on(GetBucketVersioningCommand).resolves({ Status: "Enabled" });
}
beforeEach(answerWithFixtures);

interface Check { id: string; status: string; call: string; field: string; detail: string; fix?: string }

async function preflight(options: { plan?: keyof typeof plans; env?: Record<string, string>; args?: string[] } = {}) {
  const io = captureIo();
  const code = await main(["--stack", "checkpoints-db", "--plan-dir", plans[options.plan ?? "defaults"], "--json", ...(options.args ?? [])],
    { AWS_EC2_METADATA_DISABLED: "true", ...(options.env ?? DEPLOYED) }, io,
    { aws: { credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" } },
      now: () => new Date("2026-11-29T17:00:00Z") });
  const report = io.out().startsWith("{") ? JSON.parse(io.out()) : undefined;
  const check = (id: string): Check => report.checks.find((c: Check) => c.id === id);
  const statuses = report ? Object.fromEntries(report.checks.map((c: Check) => [c.id, c.status])) : {};
  return { code, stdout: io.out(), stderr: io.err(), report, check, statuses };
}

/** A copy of a fixture's first orderable option, changed. */
function orderableWith(change: (option: Record<string, unknown>) => void, keep: (o: { StorageType: string }) => boolean = () => true) {
  const response = fixture("describe-orderable-db-instance-options");
  response.OrderableDBInstanceOptions = response.OrderableDBInstanceOptions.filter(keep);
  response.OrderableDBInstanceOptions.forEach(change);
  rds.on(DescribeOrderableDBInstanceOptionsCommand).resolves(response);
}

describe("a plan the account can take: every check passes", () => {
  test("the default plan, with the secret and the S3 backend", async () => {
    const run = await preflight({ plan: "s3", args: ["--secret-id", "checkpoints-db/master"] });
    expect(run.statuses).toEqual({
      "engine-version": "pass", "parameter-group-family": "pass", "instance-class": "pass", "multi-az": "pass",
      "storage-encryption": "pass", "performance-insights": "pass", "storage-size": "pass", iops: "skipped",
      "storage-throughput": "skipped", vpc: "pass", "app-cidr-in-vpc": "pass", "db-subnets": "pass", "db-subnets-in-vpc": "pass",
      "db-subnets-two-azs": "pass", "identifier-free": "pass", "final-snapshot-name-free": "pass", "master-secret": "pass",
      "state-bucket": "pass", "state-bucket-region": "pass", "state-bucket-versioning": "pass",
    });
    expect(run.code).toBe(0);
    expect(run.report).toMatchObject({ schema: "checkpoints-preflight/report@1", stack: "checkpoints-db", region: "us-east-1",
      status: "pass", exitCode: 0, checkedAt: "2026-11-29T17:00:00.000Z" });
    expect(run.check("engine-version")).toEqual({ id: "engine-version", status: "pass", call: "rds:DescribeDBEngineVersions",
      field: "DBEngineVersions[].EngineVersion, Status", detail: "postgres 15 -> 15.15, RDS's default 15.x in us-east-1" });
    // A major alone asks for RDS's default minor; the class is then asked about for that minor.
    expect(rds.commandCalls(DescribeDBEngineVersionsCommand)[0].args[0].input)
      .toEqual({ Engine: "postgres", EngineVersion: "15", DefaultOnly: true });
    expect(rds.commandCalls(DescribeOrderableDBInstanceOptionsCommand)[0].args[0].input).toMatchObject({
      Engine: "postgres", EngineVersion: "15.15", DBInstanceClass: "db.t4g.small", Vpc: true });
    expect(run.stdout + run.stderr).not.toContain(GOOD_PASSWORD);
  });

  test("the table names each check's call and field", async () => {
    const io = captureIo();
    const code = await main(["--plan-dir", plans.defaults], { ...DEPLOYED }, io,
      { aws: { credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "x" } } });
    expect(code).toBe(0);
    expect(io.out()).toMatch(/^checkpoints-db: preflight in us-east-1 passes \(exit 0\): 14 pass, 0 fail, 0 not evaluated, 6 skipped\n/);
    expect(io.out()).toContain("  pass     vpc                       ec2:DescribeVpcs Vpcs[].VpcId\n");
    expect(io.out()).toContain("  skipped  master-secret             secretsmanager:GetSecretValue SecretString.password\n" +
      "                                     no --secret-id given\n");
  });

  test("the staging stack: single-AZ, so multi-az is skipped and says why", async () => {
    orderableWith((o) => { o.DBInstanceClass = "db.t4g.micro"; o.MultiAZCapable = false; });
    const run = await preflight({ plan: "environments", args: ["--stack", "checkpoints-db-staging"] });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.check("multi-az")).toMatchObject({ status: "skipped", detail: "the plan is single-AZ (multi_az = false)" });
    expect(rds.commandCalls(DescribeOrderableDBInstanceOptionsCommand)[0].args[0].input.DBInstanceClass).toBe("db.t4g.micro");
    expect(rds.commandCalls(DescribeDBInstancesCommand)[0].args[0].input).toEqual({ DBInstanceIdentifier: "checkpoints-db-staging" });
  });

  test("a pinned minor is asked for as it is", async () => {
    const pinned = synthesizedPlanDir({ engineVersion: "15.15" });
    const io = captureIo();
    await main(["--plan-dir", pinned, "--json"], DEPLOYED, io, { aws: { credentials: { accessKeyId: "A", secretAccessKey: "B" } } });
    fs.rmSync(pinned, { recursive: true, force: true });
    expect(rds.commandCalls(DescribeDBEngineVersionsCommand)[0].args[0].input).toEqual({ Engine: "postgres", EngineVersion: "15.15" });
    expect(JSON.parse(io.out()).checks[0].detail).toBe("postgres 15.15 is offered in us-east-1");
  });
});

describe("engine and class (RDS)", () => {
  test("engine-version: the version is not offered in the region", async () => {
    rds.on(DescribeDBEngineVersionsCommand).resolves({ DBEngineVersions: [] });
    const run = await preflight();
    expect(run.code).toBe(1);
    expect(run.check("engine-version")).toMatchObject({ status: "fail",
      detail: "postgres 15 is not offered for new instances in us-east-1 (RDS answered: nothing)",
      fix: 'engineVersion (CHECKPOINTS_ENGINE_VERSION): "15", or a minor that ' +
        "`aws rds describe-db-engine-versions --engine postgres --region REGION` lists" });
    expect(run.statuses["instance-class"]).toBe("skipped");
  });

  test("engine-version: a version RDS lists as deprecated is not offered for new instances", async () => {
    const versions = fixture("describe-db-engine-versions");
    versions.DBEngineVersions[0].Status = "deprecated";
    rds.on(DescribeDBEngineVersionsCommand).resolves(versions);
    const run = await preflight();
    expect(run.check("engine-version")).toMatchObject({ status: "fail",
      detail: "postgres 15 is not offered for new instances in us-east-1 (RDS answered: 15.15 (deprecated))" });
  });

  test("parameter-group-family: the family RDS names differs from the plan's", async () => {
    const versions = fixture("describe-db-engine-versions");
    versions.DBEngineVersions[0].DBParameterGroupFamily = "postgres16";
    rds.on(DescribeDBEngineVersionsCommand).resolves(versions);
    const run = await preflight();
    expect(run.check("parameter-group-family")).toMatchObject({ status: "fail",
      detail: "the plan's parameter group is postgres15; 15.15 needs postgres16" });
  });

  test("instance-class: not orderable for the engine version", async () => {
    rds.on(DescribeOrderableDBInstanceOptionsCommand).resolves({ OrderableDBInstanceOptions: [] });
    const run = await preflight();
    expect(run.code).toBe(1);
    expect(run.check("instance-class")).toMatchObject({ status: "fail",
      detail: "db.t4g.small is not orderable for postgres 15.15 in us-east-1",
      fix: expect.stringContaining("instanceClass (CHECKPOINTS_INSTANCE_CLASS, or CHECKPOINTS_<ENV>_INSTANCE_CLASS)") });
    expect(run.statuses["multi-az"]).toBe("skipped");
  });

  test("instance-class: orderable, but not with the plan's storage type", async () => {
    orderableWith(() => undefined, (o) => o.StorageType === "io1");
    const run = await preflight();
    expect(run.check("instance-class")).toMatchObject({ status: "fail",
      detail: "db.t4g.small is orderable here only with io1 storage, not gp3", fix: "storageType (CHECKPOINTS_STORAGE_TYPE): one of io1" });
  });

  test.each([
    ["multi-az", "MultiAZCapable", "db.t4g.small with postgres 15.15 and gp3 storage in us-east-1 is not Multi-AZ capable"],
    ["storage-encryption", "SupportsStorageEncryption", "db.t4g.small with postgres 15.15 and gp3 storage in us-east-1 does not support storage encryption"],
  ])("%s: %s false", async (id, field, detail) => {
    orderableWith((o) => { o[field] = false; });
    const run = await preflight();
    expect(run.code).toBe(1);
    expect(run.check(id)).toMatchObject({ status: "fail", detail });
  });

  test("performance-insights: a region where the class lacks it", async () => {
    orderableWith((o) => { o.SupportsPerformanceInsights = false; o.AvailabilityZoneGroup = "ap-southeast-5"; });
    const run = await preflight({ args: ["--region", "ap-southeast-5"] });
    expect(run.code).toBe(1);
    expect(run.report.region).toBe("ap-southeast-5");
    expect(run.check("performance-insights")).toMatchObject({ status: "fail",
      detail: "db.t4g.small with postgres 15.15 and gp3 storage in ap-southeast-5 does not offer Performance Insights, which the plan enables",
      fix: expect.stringMatching(/^instanceClass \(CHECKPOINTS_INSTANCE_CLASS.* that offers Performance Insights$/) });
  });

  test("storage-size: outside the class's range", async () => {
    orderableWith((o) => { o.MinStorageSize = 200; });
    expect((await preflight()).check("storage-size")).toMatchObject({ status: "fail", detail: "100 GiB is outside 200-65536 GiB",
      fix: "allocatedStorageGb (CHECKPOINTS_ALLOCATED_STORAGE_GB): within 200-65536" });
  });

  test("iops: io1 within RDS's offer passes; beyond its per-GiB ratio fails", async () => {
    expect((await preflight({ plan: "io1" })).check("iops")).toMatchObject({ status: "pass",
      detail: "3000 IOPS at 100 GiB is within what RDS offers here" });
    orderableWith((o) => { o.MaxIopsPerGib = 10; });
    const run = await preflight({ plan: "io1" });
    expect(run.check("iops")).toMatchObject({ status: "fail", fix: "iops (CHECKPOINTS_IOPS), or storageType/allocatedStorageGb",
      detail: "3000 IOPS at 100 GiB: RDS offers 1000-256000 IOPS and 0.5-10 per GiB for db.t4g.small with postgres 15.15 and io1 storage in us-east-1" });
  });

  test("storage-throughput: gp3 at 400 GiB passes; a class without it fails", async () => {
    expect((await preflight({ plan: "gp3Provisioned" })).statuses).toMatchObject({ iops: "pass", "storage-throughput": "pass" });
    orderableWith((o) => { o.SupportsStorageThroughput = false; });
    expect((await preflight({ plan: "gp3Provisioned" })).check("storage-throughput")).toMatchObject({ status: "fail",
      detail: "500 MiBps is not offered for db.t4g.small with postgres 15.15 and gp3 storage in us-east-1" });
  });
});

describe("network (EC2)", () => {
  test("vpc: does not exist", async () => {
    ec2.on(DescribeVpcsCommand).rejects(new EC2ServiceException({ name: "InvalidVpcID.NotFound", $fault: "client", ...meta,
      message: "The vpc ID 'vpc-0123456789abcdef0' does not exist" }));
    const run = await preflight();
    expect(run.code).toBe(1);
    expect(run.check("vpc")).toMatchObject({ status: "fail", detail: "vpc-0123456789abcdef0 does not exist in this account and region",
      fix: "TF_VAR_vpc_id: the VPC of the app and database subnets" });
  });

  test("app-cidr-in-vpc: the app CIDR lies outside the VPC", async () => {
    const run = await preflight({ env: { ...DEPLOYED, TF_VAR_app_subnet_cidr: "172.16.1.0/24" } });
    expect(run.code).toBe(1);
    expect(run.check("app-cidr-in-vpc")).toMatchObject({ status: "fail",
      detail: "172.16.1.0/24 lies outside every CIDR block of vpc-0123456789abcdef0 (10.0.0.0/16): the security group would admit no application server",
      fix: "TF_VAR_app_subnet_cidr: the application subnet's CIDR, inside the VPC" });
  });

  test("app-cidr-in-vpc: a CIDR inside a block the VPC has disassociated is outside the VPC", async () => {
    const vpcs = fixture("describe-vpcs");
    vpcs.Vpcs[0].CidrBlockAssociationSet.push({ AssociationId: "vpc-cidr-assoc-0b1b2c3d4e5f6a7b9", CidrBlock: "172.16.0.0/16",
      CidrBlockState: { State: "disassociated" } });
    ec2.on(DescribeVpcsCommand).resolves(vpcs);
    const run = await preflight({ env: { ...DEPLOYED, TF_VAR_app_subnet_cidr: "172.16.1.0/24" } });
    expect(run.check("app-cidr-in-vpc")).toMatchObject({ status: "fail",
      detail: expect.stringContaining("172.16.1.0/24 lies outside every CIDR block of vpc-0123456789abcdef0 (10.0.0.0/16)") });
  });

  test("app-cidr-in-vpc: a CIDR larger than the VPC's block is not inside it", async () => {
    expect((await preflight({ env: { ...DEPLOYED, TF_VAR_app_subnet_cidr: "10.0.0.0/8" } })).statuses["app-cidr-in-vpc"]).toBe("fail");
  });

  test("db-subnets: one does not exist", async () => {
    const run = await preflight({ env: { ...DEPLOYED, TF_VAR_db_subnet_ids: '["subnet-0aaaaaaaaaaaaaaaa","subnet-0cccccccccccccccc"]' } });
    expect(run.check("db-subnets")).toMatchObject({ status: "fail", detail: "subnet-0cccccccccccccccc not found in this account and region" });
  });

  test("db-subnets-in-vpc: a subnet of another VPC", async () => {
    const response = fixture("describe-subnets");
    response.Subnets[1].VpcId = "vpc-0fedcba9876543210";
    ec2.on(DescribeSubnetsCommand).callsFake((input: { SubnetIds: string[] }) =>
      ({ Subnets: response.Subnets.filter((s: { SubnetId: string }) => input.SubnetIds.includes(s.SubnetId)) }));
    expect((await preflight()).check("db-subnets-in-vpc")).toMatchObject({ status: "fail",
      detail: "subnet-0bbbbbbbbbbbbbbbb is in vpc-0fedcba9876543210, not vpc-0123456789abcdef0" });
  });

  test("db-subnets-two-azs: both subnets in one availability zone", async () => {
    const response = fixture("describe-subnets");
    response.Subnets[1].AvailabilityZone = "us-east-1a";
    ec2.on(DescribeSubnetsCommand).callsFake((input: { SubnetIds: string[] }) =>
      ({ Subnets: response.Subnets.filter((s: { SubnetId: string }) => input.SubnetIds.includes(s.SubnetId)) }));
    const run = await preflight();
    expect(run.code).toBe(1);
    expect(run.check("db-subnets-two-azs")).toMatchObject({ status: "fail",
      detail: "every subnet is in us-east-1a: RDS needs a DB subnet group covering at least two availability zones",
      fix: "TF_VAR_db_subnet_ids: private subnets of the VPC, in at least two availability zones" });
  });

  test("without TF_VAR_* the network checks are skipped, saying why, and nothing is asked of EC2", async () => {
    const run = await preflight({ env: {} });
    expect(run.check("vpc")).toMatchObject({ status: "skipped", detail: "TF_VAR_vpc_id is not set" });
    expect(run.check("db-subnets")).toMatchObject({ status: "skipped", detail: "TF_VAR_db_subnet_ids is not set" });
    expect(ec2.calls()).toHaveLength(0);
  });
});

describe("names (RDS)", () => {
  test("identifier-free: this stack's own instance (the stack's tags) passes", async () => {
    rds.on(DescribeDBInstancesCommand).resolves(fixture("describe-db-instances"));
    expect((await preflight()).check("identifier-free")).toMatchObject({ status: "pass",
      detail: "checkpoints-db exists with this stack's tags: the apply updates it" });
  });

  test("identifier-free: taken by another stack's instance", async () => {
    const other = fixture("describe-db-instances");
    other.DBInstances[0].TagList = [{ Key: "Name", Value: "checkpoints-db" }, { Key: "Environment", Value: "legacy" }];
    rds.on(DescribeDBInstancesCommand).resolves(other);
    const run = await preflight();
    expect(run.code).toBe(1);
    expect(run.check("identifier-free")).toMatchObject({ status: "fail",
      detail: "checkpoints-db is taken by an instance that is not this stack's (Name=checkpoints-db, Environment=legacy)",
      fix: "identifier (CHECKPOINTS_IDENTIFIER, or CHECKPOINTS_<ENV>_IDENTIFIER): a name no instance in this account and region uses" });
  });

  test("final-snapshot-name-free: the last destroy's snapshot is still there", async () => {
    rds.on(DescribeDBSnapshotsCommand).resolves(fixture("describe-db-snapshots"));
    const run = await preflight();
    expect(run.code).toBe(1);
    expect(run.check("final-snapshot-name-free")).toMatchObject({ status: "fail",
      detail: "snapshot checkpoints-db-final already exists (created 2026-11-20T02:14:07.000Z): a destroy of this instance would fail to take its final snapshot",
      fix: expect.stringContaining("identifier (CHECKPOINTS_IDENTIFIER): the final snapshot is named <identifier>-final") });
    expect(rds.commandCalls(DescribeDBSnapshotsCommand)[0].args[0].input).toEqual({ DBSnapshotIdentifier: "checkpoints-db-final" });
  });
});

describe("master secret (Secrets Manager)", () => {
  test("a password RDS would refuse fails, and is never shown", async () => {
    const bad = "abc/defgh@ijk";
    secrets.on(GetSecretValueCommand).resolves(secretValue(bad));
    const run = await preflight({ args: ["--secret-id", "checkpoints-db/master"] });
    expect(run.code).toBe(1);
    expect(run.check("master-secret")).toMatchObject({ status: "fail",
      detail: "checkpoints-db/master's password breaks RDS's rule (8-128 printable ASCII, no \"/\", '\"', \"@\" or space)",
      fix: "the secret's password: npm run secret:create -- --secret-id checkpoints-db/master --rotate" });
    expect(run.stdout + run.stderr).not.toContain(bad);
  });

  test("a secret that does not exist", async () => {
    secrets.on(GetSecretValueCommand).rejects(new ResourceNotFoundException({ ...meta,
      message: "Secrets Manager can't find the specified secret." }));
    expect((await preflight({ args: ["--secret-id", "checkpoints-db/master"] })).check("master-secret")).toMatchObject({
      status: "fail", detail: "secret checkpoints-db/master does not exist in us-east-1" });
  });
});

describe("state bucket (S3 backend)", () => {
  test("state-bucket: does not exist", async () => {
    s3.on(HeadBucketCommand).rejects(new NotFound({ message: "Not Found", $metadata: { httpStatusCode: 404 } }));
    const run = await preflight({ plan: "s3" });
    expect(run.code).toBe(1);
    expect(run.check("state-bucket")).toMatchObject({ status: "fail", detail: "bucket acme-terraform-state does not exist" });
    expect(run.statuses["state-bucket-versioning"]).toBe("skipped");
  });

  test.each([[{}, "off (never enabled)"], [{ Status: "Suspended" as const }, "Suspended"]])("state-bucket-versioning: %j", async (answer, shown) => {
    s3.on(GetBucketVersioningCommand).resolves(answer);
    const run = await preflight({ plan: "s3" });
    expect(run.code).toBe(1);
    expect(run.check("state-bucket-versioning")).toMatchObject({ status: "fail",
      detail: `versioning is ${shown}: a bad apply could lose the state`,
      fix: "the bucket's versioning: aws s3api put-bucket-versioning --bucket acme-terraform-state --versioning-configuration Status=Enabled" });
  });

  test("state-bucket-region: the bucket is elsewhere", async () => {
    s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: "eu-west-2" });
    expect((await preflight({ plan: "s3" })).check("state-bucket-region")).toMatchObject({ status: "fail",
      detail: "bucket acme-terraform-state is in eu-west-2, the backend says us-east-1",
      fix: "stateBackend.region (CHECKPOINTS_STATE_REGION): eu-west-2" });
  });

  test("GetBucketLocation's spellings (S3 API Reference): empty is us-east-1, EU is eu-west-1", () => {
    expect([undefined, null, "", "EU", "eu-west-2"].map(bucketRegion)).toEqual(["us-east-1", "us-east-1", "us-east-1", "eu-west-1", "eu-west-2"]);
  });

  test("local state: the bucket checks are skipped, and nothing is asked of S3", async () => {
    const run = await preflight();
    expect(run.check("state-bucket")).toMatchObject({ status: "skipped", detail: "the plan uses local state" });
    expect(s3.calls()).toHaveLength(0);
  });
});

describe("AWS refusing a call: the others are still reported", () => {
  test("4: access denied on DescribeVpcs names the ec2: action; every other check still ran", async () => {
    ec2.on(DescribeVpcsCommand).rejects(new EC2ServiceException({ name: "UnauthorizedOperation", $fault: "client", ...meta,
      message: "You are not authorized to perform this operation. User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ec2:DescribeVpcs" }));
    const run = await preflight();
    expect(run.code).toBe(4);
    expect(run.check("vpc")).toMatchObject({ status: "error", fix: "grant the caller ec2:DescribeVpcs",
      detail: expect.stringMatching(/^not evaluated: UnauthorizedOperation: You are not authorized/) });
    expect(run.statuses["app-cidr-in-vpc"]).toBe("error");
    expect(run.statuses).toMatchObject({ "engine-version": "pass", "instance-class": "pass", "db-subnets": "pass", "identifier-free": "pass" });
  });

  test("4: access denied on an rds: call", async () => {
    rds.on(DescribeDBSnapshotsCommand).rejects(new RDSServiceException({ name: "AccessDenied", $fault: "client", ...meta,
      message: "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: rds:DescribeDBSnapshots" }));
    const run = await preflight();
    expect(run.code).toBe(4);
    expect(run.check("final-snapshot-name-free")).toMatchObject({ status: "error", fix: "grant the caller rds:DescribeDBSnapshots" });
  });

  test("4: HeadBucket's bodiless 403 (the SDK names it Forbidden) names the s3: action", async () => {
    s3.on(HeadBucketCommand).rejects(new S3ServiceException({ name: "Forbidden", $fault: "client", message: "UnknownError",
      $metadata: { httpStatusCode: 403 } }));
    const run = await preflight({ plan: "s3" });
    expect(run.code).toBe(4);
    expect(run.check("state-bucket")).toMatchObject({ status: "error", fix: "grant the caller s3:ListBucket" });
    expect(run.statuses["engine-version"]).toBe("pass");
  });

  test("an unexpected AWS error is never a pass: the check is not evaluated and the run fails", async () => {
    rds.on(DescribeDBInstancesCommand).rejects(new RDSServiceException({ name: "InternalFailure", $fault: "server",
      message: "An internal error occurred", $metadata: { httpStatusCode: 500 } }));
    const run = await preflight();
    expect(run.code).toBe(1);
    expect(run.check("identifier-free")).toMatchObject({ status: "error", detail: "not evaluated: InternalFailure: An internal error occurred" });
  });
});

describe("usage and output", () => {
  test("2: no synthesized plan for the stack", async () => {
    const io = captureIo();
    expect(await main(["--stack", "checkpoints-db-qa", "--plan-dir", plans.defaults], {}, io)).toBe(2);
    expect(io.err()).toBe(`preflight: no synthesized plan for stack "checkpoints-db-qa" at ${path.join(plans.defaults, "stacks",
      "checkpoints-db-qa", "cdk.tf.json")}; run \`npm run synth\` first\n`);
  });

  test("2: a bad flag or CIDR", async () => {
    expect((await preflight({ args: ["--app-subnet-cidr", "10.0.1.0"] })).code).toBe(2);
    expect((await preflight({ args: ["--bogus"] })).code).toBe(2);
  });

  // Each refused with exit 2 before credentials are looked up: the provider below records being asked.
  test.each([
    [["--app-subnet-cidr", "0.0.0.0/0"], {}, '--app-subnet-cidr "0.0.0.0/0" is not valid: an IPv4 CIDR block such as 10.0.1.0/24 ' +
      "(address/prefix, prefix 0-32, no host bits set), narrower than 0.0.0.0/0: 0.0.0.0/0 is every address, not an application subnet"],
    [["--vpc-id", "notavpc"], {}, '--vpc-id "notavpc" is not valid: a VPC id: vpc- and 8 or 17 hex digits, for example vpc-0123456789abcdef0'],
    [["--db-subnet-ids", "subnet-1"], {}, '--db-subnet-ids "subnet-1" is not valid: a subnet id: subnet- and 8 or 17 hex digits'],
    [["--db-subnet-ids", ""], {}, '--db-subnet-ids "" is not valid: a subnet id'],
    [["--out", ""], {}, '--out "" is not valid: a folder path'],
    [["--stack", "../etc"], {}, '--stack "../etc" is not valid'],
    [["--region", "us east"], {}, '--region "us east" is not valid: an AWS region code'],
    [["--secret-id", "has space"], {}, '--secret-id "has space" is not valid'],
    [[], { TF_VAR_app_subnet_cidr: "0.0.0.0/0" }, 'TF_VAR_app_subnet_cidr "0.0.0.0/0" is not valid'],
    [[], { TF_VAR_vpc_id: "notavpc" }, 'TF_VAR_vpc_id "notavpc" is not valid: a VPC id'],
    [[], { TF_VAR_db_subnet_ids: "notjson" }, 'TF_VAR_db_subnet_ids "notjson" is not valid: not valid JSON: a JSON list of subnet ids'],
    [[], { TF_VAR_db_subnet_ids: '"subnet-0aaaaaaaaaaaaaaaa"' }, 'TF_VAR_db_subnet_ids "\\"subnet-0aaaaaaaaaaaaaaaa\\"" is not valid: a JSON list'],
    [[], { TF_VAR_db_subnet_ids: '["subnet-1"]' }, 'TF_VAR_db_subnet_ids "subnet-1" is not valid: a subnet id'],
  ])("2 before credentials: %j %j", async (args, env, message) => {
    let credentialsAsked = false;
    const io = captureIo();
    const code = await main(["--plan-dir", plans.defaults, ...args], { AWS_EC2_METADATA_DISABLED: "true", ...env }, io,
      { aws: { credentials: async () => { credentialsAsked = true; throw new Error("no credentials in this test"); } } });
    expect({ code, stderr: io.err(), credentialsAsked }).toEqual({ code: 2, stderr: expect.stringContaining(`preflight: ${message}`),
      credentialsAsked: false });
    expect(io.err().split("\n").filter(Boolean)).toHaveLength(1);
  });

  test("--out writes preflight.json, the report as --json prints it", async () => {
    const out = path.join(work, "out");
    const run = await preflight({ args: ["--out", out] });
    expect(JSON.parse(fs.readFileSync(path.join(out, "preflight.json"), "utf8"))).toEqual(run.report);
    expect(fs.readdirSync(out)).toEqual(["preflight.json"]);
  });

  test("--help shows every check and the exit table", async () => {
    const io = captureIo();
    expect(await main(["--help"], {}, io)).toBe(0);
    expect(io.out()).toBe(PREFLIGHT_HELP);
    for (const line of ["   0  every check passed", "   3  no usable AWS credentials", "   4  access denied on at least one call",
      "   5  throttled on at least one call"]) expect(PREFLIGHT_HELP).toContain(line);
  });
});

test("3: no credentials fails at once, in a child process, without a network connection (no instance-metadata lookup)", () => {
  const home = tempDir("no-aws-");
  const out = path.join(work, "never");
  const run = spawnSync(process.execPath, ["--require", NO_NETWORK, path.join(__dirname, "..", "..", "tools", "run-ts.cjs"),
    path.join(__dirname, "..", "..", "preflight", "cli.ts"), "--stack", "checkpoints-db", "--plan-dir", plans.defaults, "--out", out],
  { encoding: "utf8", env: { PATH: process.env.PATH, HOME: home, AWS_EC2_METADATA_DISABLED: "true" } });
  fs.rmSync(home, { recursive: true, force: true });
  expect(run.stderr).toContain("preflight: CredentialsProviderError: Could not load credentials from any providers; no AWS credentials");
  expect(run.status).toBe(3);
  expect(run.stderr).not.toContain("no-network guard:");
  expect(fs.existsSync(out)).toBe(false);
});
