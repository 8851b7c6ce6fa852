import * as fs from "node:fs";
import * as path from "node:path";
import { DescribeDBInstancesCommand } from "@aws-sdk/client-rds";
import { GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { DescribeSecurityGroupsCommand } from "@aws-sdk/client-ec2";
import { AvailableServer, liveServer } from "./live-server";
import { fixture, mockedAws, runVerify, synthesizedPlanDir, tempDir } from "../support/verify-harness";

const info = liveServer();
const describeLive = info.available ? describe : describe.skip;
const server = info as AvailableServer;

describeLive("npm run verify --probe: the evidence bundle end to end, against the real PostgreSQL", () => {
  // Made in beforeAll, not in the describe body: a skipped block must make nothing.
  let aws: ReturnType<typeof mockedAws>;
  let work: string;
  /** The default plan, synthesized once: the cases only read it. */
  let planDir: string;
  beforeAll(() => {
    aws = mockedAws();
    work = tempDir("checkpoints-verify-live-");
    planDir = synthesizedPlanDir();
  });
  const deployed = { TF_VAR_app_subnet_cidr: "127.0.0.0/8", TF_VAR_vpc_id: "vpc-0123456789abcdef0",
    TF_VAR_db_subnet_ids: '["subnet-0aaaaaaaaaaaaaaaa","subnet-0bbbbbbbbbbbbbbbb"]' };
  afterAll(() => {
    aws.restore();
    fs.rmSync(work, { recursive: true, force: true });
    if (planDir) fs.rmSync(planDir, { recursive: true, force: true });
  });

  /** The RDS answer, with the endpoint pointed at the local server (as DNS would point at RDS). */
  function instanceAtLocalServer(change: (db: Record<string, unknown>) => void = () => undefined) {
    aws.answerWithFixtures();
    const response = fixture("describe-db-instances");
    response.DBInstances[0].Endpoint = { Address: "localhost", Port: server.port, HostedZoneId: "Z2R2ITUGPM61AM" };
    change(response.DBInstances[0]);
    aws.rds.on(DescribeDBInstancesCommand).resolves(response);
    // The rehearsal's app subnet is loopback: the security group admits it, as the real one admits 10.0.1.0/24.
    const groups = fixture("describe-security-groups");
    groups.SecurityGroups[0].IpPermissions[0].IpRanges[0].CidrIp = "127.0.0.0/8";
    aws.ec2.on(DescribeSecurityGroupsCommand).resolves(groups);
  }

  test("variable password: every item observed, status complete, exit 0", async () => {
    instanceAtLocalServer();
    const out = path.join(work, "complete");
    const run = await runVerify(["--stack", "checkpoints-db", "--plan-dir", planDir, "--out", out, "--probe",
      "--ca", server.caFile], { ...deployed, PGPASSWORD: server.password });
    expect({ code: run.code, stderr: run.stderr, stdout: run.stdout }).toMatchObject({ code: 0 });
    const evidence = JSON.parse(fs.readFileSync(path.join(out, "evidence.json"), "utf8"));
    expect(evidence).toMatchObject({ status: "complete", exitCode: 0, missing: [],
      observed: ["rds_instance", "backup_config", "security_config", "connection_test", "app_server_connection"] });
    expect(evidence.connectionTest).toMatchObject({ outcome: "observed",
      target: { host: "localhost", port: server.port, database: "checkpoints", user: "checkpoint_user", sslMode: "verify-full" },
      tls: { used: true, hostnameVerified: true }, probeHost: { connectionSourceAddress: "127.0.0.1" },
      expectations: [{ name: "version", expected: "15", met: true }, { name: "database", met: true }, { name: "tls", met: true }] });
    const yaml = fs.readFileSync(path.join(out, "state-transition.yaml"), "utf8");
    expect(yaml).toContain("after:\n  status: complete\n  witness: observed (network database accessible)\n" +
      "  database: network-accessible PostgreSQL\n  multi_server: enabled\n  evidence: [rds_instance, connection_test, security_config]");
    const markdown = fs.readFileSync(path.join(out, "evidence.md"), "utf8");
    expect(markdown).toContain("# checkpoints-db: verification complete");
    expect(markdown).toMatch(/```\nPostgreSQL 15\.4 on /);
    for (const file of fs.readdirSync(out)) {
      expect(fs.readFileSync(path.join(out, file), "utf8")).not.toContain(server.password);
    }
    expect(run.stdout + run.stderr).not.toContain(server.password);
  });

  test("rds-managed password: the probe reads the master user secret RDS keeps", async () => {
    const secretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d-AbCdEf";
    instanceAtLocalServer((db) => {
      db.MasterUserSecret = { SecretArn: secretArn, SecretStatus: "active",
        KmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d" };
    });
    aws.secrets.on(GetSecretValueCommand, { SecretId: secretArn }).resolves({ ARN: secretArn, Name: "rds!db-0a1b2c3d",
      SecretString: JSON.stringify({ username: server.user, password: server.password }), VersionStages: ["AWSCURRENT"] });
    const managedPlanDir = synthesizedPlanDir({ passwordSource: "rds-managed" });
    const out = path.join(work, "managed");
    const run = await runVerify(["--stack", "checkpoints-db", "--plan-dir", managedPlanDir, "--out", out, "--probe",
      "--ca", server.caFile], deployed);
    expect({ code: run.code, stdout: run.stdout }).toMatchObject({ code: 0 });
    const evidence = JSON.parse(fs.readFileSync(path.join(out, "evidence.json"), "utf8"));
    expect(evidence.checks).toContainEqual(expect.objectContaining({ attribute: "master_user_secret", ok: true }));
    expect(evidence.instance.masterUserSecretArn).toBe(secretArn);
    fs.rmSync(managedPlanDir, { recursive: true, force: true });
  });

  test("9: the connection test fails (a wrong password): the bundle says so, status pending", async () => {
    instanceAtLocalServer();
    const out = path.join(work, "probe-failed");
    const run = await runVerify(["--stack", "checkpoints-db", "--plan-dir", planDir, "--out", out, "--probe",
      "--ca", server.caFile], { ...deployed, PGPASSWORD: "not-the-password" });
    expect(run.code).toBe(9);
    const evidence = JSON.parse(fs.readFileSync(path.join(out, "evidence.json"), "utf8"));
    expect(evidence.missing[0]).toEqual({ item: "connection_test",
      reason: expect.stringContaining('the probe failed: auth: password authentication failed for user "checkpoint_user"') });
  });

  test("10: the probe did not run from the app subnet", async () => {
    instanceAtLocalServer();
    const out = path.join(work, "elsewhere");
    const groups = fixture("describe-security-groups");
    aws.ec2.on(DescribeSecurityGroupsCommand).resolves(groups); // 10.0.1.0/24, as deployed
    const run = await runVerify(["--stack", "checkpoints-db", "--plan-dir", planDir, "--out", out, "--probe",
      "--ca", server.caFile, "--app-subnet-cidr", "10.0.1.0/24"], { ...deployed, PGPASSWORD: server.password });
    expect(run.code).toBe(10);
    expect(run.stdout).toContain("MISSING   app_server_connection: the probe connected from 127.0.0.1, outside app_subnet_cidr " +
      "10.0.1.0/24: run verify --probe on an application server");
  });
});
