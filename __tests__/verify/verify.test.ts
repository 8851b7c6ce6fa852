import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { DBInstanceNotFoundFault, DescribeDBInstancesCommand, RDSServiceException } from "@aws-sdk/client-rds";
import { DescribeSecurityGroupsCommand } from "@aws-sdk/client-ec2";
import { inCidr } from "../../verify/evidence-bundle";
import { engineVersionMatches } from "../../verify/compare";
import { fakeClock, fixture, mockedAws, runVerify, synthesizedPlanDir, tempDir } from "../support/verify-harness";

/** Preloaded into the child: stops it (exit 97, one line) at its first non-loopback connection or lookup. */
const NO_NETWORK = path.join(__dirname, "..", "support", "no-network.cjs");

const aws = mockedAws();
const planDir = synthesizedPlanDir();
const work = tempDir("checkpoints-verify-");
const DEPLOYED = { TF_VAR_app_subnet_cidr: "10.0.1.0/24", TF_VAR_vpc_id: "vpc-0123456789abcdef0",
  TF_VAR_db_subnet_ids: '["subnet-0aaaaaaaaaaaaaaaa","subnet-0bbbbbbbbbbbbbbbb"]' };
let runs = 0;
const outDir = () => path.join(work, `bundle-${++runs}`);
const args = (out: string, ...more: string[]) => ["--stack", "checkpoints-db", "--plan-dir", planDir, "--out", out, ...more];

beforeEach(() => aws.answerWithFixtures());
afterAll(() => { aws.restore(); fs.rmSync(work, { recursive: true, force: true }); fs.rmSync(planDir, { recursive: true, force: true }); });

/** DescribeDBInstances answering with a changed copy of the fixture. */
function instanceWith(change: (db: Record<string, unknown>) => void) {
  const response = fixture("describe-db-instances");
  change(response.DBInstances[0]);
  aws.rds.on(DescribeDBInstancesCommand).resolves(response);
}

describe("a healthy deployment, without --probe", () => {
  test("every planned attribute matches; the bundle is written and says the connection test is missing", async () => {
    const out = outDir();
    const run = await runVerify(args(out), DEPLOYED);
    expect(run.code).toBe(10);
    const evidence = JSON.parse(fs.readFileSync(path.join(out, "evidence.json"), "utf8"));
    expect(evidence.drift).toEqual([]);
    const unchecked = evidence.checks.filter((c: { ok: boolean | null }) => c.ok !== true);
    // What RDS does not report is listed beside the rest, marked, and does not hold the evidence back.
    expect(unchecked.map((c: { attribute: string; ok: null }) => [c.attribute, c.ok])).toEqual([
      ["delete_automated_backups", null], ["final_snapshot_identifier", null], ["skip_final_snapshot", null]]);
    expect(evidence.observed).toEqual(["rds_instance", "backup_config", "security_config"]);
    expect(evidence.missing).toEqual([
      { item: "connection_test", reason: "--probe was not given" },
      { item: "app_server_connection", reason: "needs a successful connection test" },
    ]);
    expect(evidence.instance).toMatchObject({ endpoint: "checkpoints-db.abc123xyz789.us-east-1.rds.amazonaws.com", port: 5432,
      engineVersion: "15.15", instanceClass: "db.t4g.small", status: "available" });
    expect(evidence.backups).toMatchObject({ retentionDays: 7, window: "03:00-04:00" });
    const yaml = fs.readFileSync(path.join(out, "state-transition.yaml"), "utf8");
    expect(yaml).toContain("after:\n  status: pending\n  witness: not observed");
    expect(yaml).toContain('    - connection_test: "--probe was not given"');
    expect(fs.readFileSync(path.join(out, "evidence.md"), "utf8")).toContain("| instance | instance_class | db.t4g.small | db.t4g.small | ok |");
    expect(run.stdout).toContain("checkpoints-db: pending (exit 10)");
  });

  test("a preflight.json already in the evidence directory stays beside the new bundle", async () => {
    const out = outDir();
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, "preflight.json"), '{"schema":"checkpoints-preflight/report@1"}\n');
    fs.writeFileSync(path.join(out, "evidence.md"), "stale");
    await runVerify(args(out), DEPLOYED);
    expect(fs.readdirSync(out).sort()).toEqual(["evidence.json", "evidence.md", "preflight.json", "state-transition.yaml"]);
    expect(fs.readFileSync(path.join(out, "preflight.json"), "utf8")).toBe('{"schema":"checkpoints-preflight/report@1"}\n');
    expect(fs.readFileSync(path.join(out, "evidence.md"), "utf8")).not.toBe("stale");
  });

  test("the attributes compared are the ones the plan sets", async () => {
    const out = outDir();
    await runVerify(args(out), DEPLOYED);
    const attributes = JSON.parse(fs.readFileSync(path.join(out, "evidence.json"), "utf8")).checks
      .map((c: { attribute: string }) => c.attribute);
    expect(attributes).toEqual(expect.arrayContaining(["identifier", "engine", "engine_version", "instance_class",
      "allocated_storage", "storage_type", "db_name", "username", "backup_retention_period", "backup_window",
      "publicly_accessible", "max_allocated_storage", "storage_encrypted", "multi_az", "deletion_protection",
      "enabled_cloudwatch_logs_exports", "parameter_group_name", "vpc_security_group_ids", "ingress", "vpc_id",
      "db_subnet_group_name", "subnet_ids"]));
  });
});

describe("engine version: a major-only plan, as the AWS provider compares it", () => {
  // terraform-provider-aws, resource_db_instance.go: with engine_version "15" the provider keeps the
  // configured value when the live EngineVersion starts with "15." (no diff), and reports engine_version_actual.
  test.each(["15.15", "15.16", "15.20"])("plan 15 matches live %s, and the evidence records the actual minor", async (live) => {
    instanceWith((db) => { db.EngineVersion = live; });
    const out = outDir();
    await runVerify(args(out), DEPLOYED);
    const evidence = JSON.parse(fs.readFileSync(path.join(out, "evidence.json"), "utf8"));
    expect(evidence.checks).toContainEqual(expect.objectContaining({ attribute: "engine_version", expected: "15", actual: live, ok: true }));
    expect(evidence.instance.engineVersion).toBe(live);
    expect(evidence.drift).toEqual([]);
  });

  test.each(["16.11", "1.5", "150.1"])("plan 15 does not match live %s", async (live) => {
    instanceWith((db) => { db.EngineVersion = live; });
    const out = outDir();
    expect((await runVerify(args(out), DEPLOYED)).code).toBe(8);
    const evidence = JSON.parse(fs.readFileSync(path.join(out, "evidence.json"), "utf8"));
    expect(evidence.drift).toEqual([expect.objectContaining({ attribute: "engine_version", expected: "15", actual: live })]);
  });

  test("the provider's cases (compareActualEngineVersion's doc comment: old 1.3, new 1.3.27 is no diff)", () => {
    expect(engineVersionMatches("1.3", "1.3.27")).toBe(true);
    expect(engineVersionMatches("15", "15.15")).toBe(true);
    expect(engineVersionMatches("15.15", "15.15")).toBe(true);
    expect(engineVersionMatches("15.1", "15.15")).toBe(false);
    expect(engineVersionMatches("15", "150.1")).toBe(false);
    expect(engineVersionMatches("15.15", "15")).toBe(false);
  });

  test("a pinned minor must match exactly: plan 15.15 against live 15.16 is drift", async () => {
    const pinned = synthesizedPlanDir({ engineVersion: "15.15" });
    instanceWith((db) => { db.EngineVersion = "15.16"; });
    const run = await runVerify(["--stack", "checkpoints-db", "--plan-dir", pinned, "--out", outDir()], DEPLOYED);
    fs.rmSync(pinned, { recursive: true, force: true });
    expect(run.code).toBe(8);
    expect(run.stdout).toContain("  DRIFT     instance engine_version: planned 15.15, actual 15.16");
  });
});

describe("still creating, then available", () => {
  test("--wait polls with backoff until available, showing progress", async () => {
    const creating = fixture("describe-db-instances");
    creating.DBInstances[0].DBInstanceStatus = "creating";
    delete creating.DBInstances[0].Endpoint;
    aws.rds.on(DescribeDBInstancesCommand)
      .resolvesOnce(creating).resolvesOnce(creating).resolves(fixture("describe-db-instances"));
    const clock = fakeClock();
    const run = await runVerify(args(outDir(), "--wait", "900"), DEPLOYED, clock);
    expect(run.code).toBe(10);
    expect(clock.slept).toEqual([5000, 10000]);
    expect(run.stderr).toContain("verify: instance checkpoints-db is creating; checking again in 5 s (900 s left)\n");
    expect(run.stderr).toContain("verify: instance checkpoints-db is available\n");
  });

  test("6: still creating at the deadline", async () => {
    instanceWith((db) => { db.DBInstanceStatus = "creating"; });
    const run = await runVerify(args(outDir(), "--wait", "30"), DEPLOYED);
    expect(run.code).toBe(6);
    expect(run.stderr).toContain("verify: the instance is still creating after 30 s; run again with a longer --wait");
  });

  test("6: a status it will not leave by itself, without waiting", async () => {
    instanceWith((db) => { db.DBInstanceStatus = "storage-full"; });
    const run = await runVerify(args(outDir(), "--wait", "600"), DEPLOYED);
    expect(run.code).toBe(6);
    expect(run.stderr).toContain("the instance is storage-full, not available");
  });
});

describe("8: drift, in each checked area", () => {
  test.each([
    ["instance", "instance_class", (db: Record<string, unknown>) => { db.DBInstanceClass = "db.t4g.medium"; }],
    ["instance", "publicly_accessible", (db: Record<string, unknown>) => { db.PubliclyAccessible = true; }],
    ["instance", "engine_version", (db: Record<string, unknown>) => { db.EngineVersion = "16.11"; }],
    ["instance", "parameter_group_name", (db: { DBParameterGroups: Array<Record<string, string>> }) => {
      db.DBParameterGroups[0].ParameterApplyStatus = "pending-reboot"; }],
    ["instance", "enabled_cloudwatch_logs_exports", (db: Record<string, unknown>) => { db.EnabledCloudwatchLogsExports = ["postgresql"]; }],
    ["backups", "backup_retention_period", (db: Record<string, unknown>) => { db.BackupRetentionPeriod = 1; }],
    ["security-group", "vpc_security_group_ids", (db: { VpcSecurityGroups: unknown[] }) => {
      db.VpcSecurityGroups.push({ VpcSecurityGroupId: "sg-0ffffffffffffffff", Status: "active" }); }],
    ["subnet-group", "db_subnet_group_name", (db: { DBSubnetGroup: Record<string, string> }) => {
      db.DBSubnetGroup.DBSubnetGroupName = "default"; }],
  ])("%s: %s", async (area, attribute, change) => {
    instanceWith(change as (db: Record<string, unknown>) => void);
    const out = outDir();
    const run = await runVerify(args(out), DEPLOYED);
    expect(run.code).toBe(8);
    const evidence = JSON.parse(fs.readFileSync(path.join(out, "evidence.json"), "utf8"));
    expect(evidence.drift.map((c: { area: string; attribute: string }) => `${c.area} ${c.attribute}`)).toContain(`${area} ${attribute}`);
    expect(run.stdout).toContain(`  DRIFT     ${area} ${attribute}: planned`);
  });

  test("security-group: 5432 opened to the world beside the app subnet", async () => {
    const groups = fixture("describe-security-groups");
    groups.SecurityGroups[0].IpPermissions[0].IpRanges.push({ CidrIp: "0.0.0.0/0" });
    aws.ec2.on(DescribeSecurityGroupsCommand).resolves(groups);
    const out = outDir();
    expect((await runVerify(args(out), DEPLOYED)).code).toBe(8);
    const drift = JSON.parse(fs.readFileSync(path.join(out, "evidence.json"), "utf8")).drift;
    expect(drift).toEqual([expect.objectContaining({ area: "security-group", attribute: "ingress",
      expected: "tcp 5432-5432 from 10.0.1.0/24 only", actual: "tcp 5432-5432 from 10.0.1.0/24,0.0.0.0/0" })]);
  });

  test("subnet-group: the subnets are not the planned ones", async () => {
    const run = await runVerify(args(outDir()), { ...DEPLOYED, TF_VAR_db_subnet_ids: '["subnet-0aaaaaaaaaaaaaaaa","subnet-0cccccccccccccccc"]' });
    expect(run.code).toBe(8);
    expect(run.stdout).toContain("DRIFT     subnet-group subnet_ids");
  });

  test("without the app subnet's value the ingress is not judged, and security_config stays missing", async () => {
    const out = outDir();
    const run = await runVerify(args(out), {});
    expect(run.code).toBe(10);
    const evidence = JSON.parse(fs.readFileSync(path.join(out, "evidence.json"), "utf8"));
    expect(evidence.missing).toContainEqual({ item: "security_config",
      reason: "app_subnet_cidr is unknown here: pass --app-subnet-cidr or set TF_VAR_app_subnet_cidr" });
  });
});

describe("AWS failures: each its own exit code and what to do, and no bundle", () => {
  test("5: the instance does not exist", async () => {
    aws.rds.on(DescribeDBInstancesCommand).rejects(new DBInstanceNotFoundFault({
      message: "DBInstance checkpoints-db not found.", $metadata: { httpStatusCode: 404 } }));
    const out = outDir();
    const run = await runVerify(args(out), DEPLOYED);
    expect(run.code).toBe(5);
    expect(run.stderr).toBe("verify: DBInstanceNotFoundFault: DBInstance checkpoints-db not found.; nothing by that identifier " +
      "in this account and region: check --region, the account, and that the deploy ran\n");
    expect(fs.existsSync(out)).toBe(false);
  });

  test("4: access denied", async () => {
    aws.rds.on(DescribeDBInstancesCommand).rejects(new RDSServiceException({ name: "AccessDenied", $fault: "client",
      message: "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: rds:DescribeDBInstances",
      $metadata: { httpStatusCode: 403 } }));
    const run = await runVerify(args(outDir()), DEPLOYED);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain("the caller needs rds:DescribeDBInstances, rds:DescribeDBSubnetGroups and ec2:DescribeSecurityGroups");
  });

  test("2: no synthesized plan for the stack", async () => {
    const run = await runVerify(["--stack", "checkpoints-db-qa", "--plan-dir", planDir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`verify: no synthesized plan for stack "checkpoints-db-qa" at ${path.join(planDir, "stacks",
      "checkpoints-db-qa", "cdk.tf.json")}; run \`npm run synth\` first\n`);
  });
});

test("3: no credentials fails at once, without a network connection (no instance-metadata lookup)", () => {
  const home = tempDir("no-aws-");
  const run = spawnSync(process.execPath, ["--require", NO_NETWORK, path.join(__dirname, "..", "..", "tools", "run-ts.cjs"),
    path.join(__dirname, "..", "..", "verify", "cli.ts"), "--stack", "checkpoints-db", "--plan-dir", planDir,
    "--out", path.join(work, "never")],
  { encoding: "utf8", env: { PATH: process.env.PATH, HOME: home, AWS_EC2_METADATA_DISABLED: "true" } });
  fs.rmSync(home, { recursive: true, force: true });
  expect(run.status).toBe(3);
  expect(run.stderr).toContain("verify: CredentialsProviderError: Could not load credentials from any providers; no AWS credentials");
  expect(run.stderr).not.toContain("no-network guard:");
  expect(fs.existsSync(path.join(work, "never"))).toBe(false);
});

test("inCidr", () => {
  expect(inCidr("10.0.1.15", "10.0.1.0/24")).toBe(true);
  expect(inCidr("10.0.2.15", "10.0.1.0/24")).toBe(false);
  expect(inCidr("::ffff:10.0.1.15", "10.0.1.0/24")).toBe(true);
  expect(inCidr("127.0.0.1", "0.0.0.0/0")).toBe(true);
  expect(inCidr("fd00::1", "10.0.1.0/24")).toBe(false);
});
