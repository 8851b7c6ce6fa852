import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { mockClient } from "aws-sdk-client-mock";
import { CreateSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { main as secretCreate } from "../../secrets/cli";
import { parseCommand } from "../../probe/cli";
import { captureIo } from "../support/capture-io";
import { mockedAws, runVerify, synthesizedPlanDir } from "../support/verify-harness";

// Every bad value is refused with exit 2, naming the flag or variable, before any AWS call.
describe("verify: every input is checked before the first network call", () => {
  const aws = mockedAws();
  const planDir = synthesizedPlanDir();
  beforeEach(() => aws.answerWithFixtures());
  afterAll(() => { aws.restore(); fs.rmSync(planDir, { recursive: true, force: true }); });
  const base = ["--plan-dir", planDir, "--out", path.join(os.tmpdir(), "never-written")];

  test.each([
    [["--app-subnet-cidr", "10.0.0.0/33"], {}, '--app-subnet-cidr "10.0.0.0/33" is not valid'],
    [["--app-subnet-cidr", "0.0.0.0/0"], {}, "0.0.0.0/0 is every address"],
    [["--app-subnet-cidr", "10.0.1.5/24"], {}, "did you mean 10.0.1.0/24, or 10.0.1.5/32?"],
    [["--app-subnet-cidr", "not-a-cidr"], {}, '--app-subnet-cidr "not-a-cidr" is not valid'],
    [[], { TF_VAR_app_subnet_cidr: "10.0.0.0/33" }, 'TF_VAR_app_subnet_cidr "10.0.0.0/33" is not valid'],
    [[], { TF_VAR_app_subnet_cidr: "0.0.0.0/0" }, 'TF_VAR_app_subnet_cidr "0.0.0.0/0" is not valid'],
    [["--stack", "../../etc"], {}, '--stack "../../etc" is not valid'],
    [["--region", "bad region"], {}, '--region "bad region" is not valid: an AWS region code'],
    [["--region", "us-east-9"], {}, '--region "us-east-9" is not valid: an AWS region; did you mean us-east-1? (rds/aws-regions.ts, ' +
      "from the AWS SDK's partitions, 2026-12-06; add a region AWS opened since there)"],
    [["--wait", "0x10"], {}, '--wait "0x10" is not valid'],
    [["--wait", "1e3"], {}, '--wait "1e3" is not valid'],
    [["--wait", ""], {}, '--wait "" is not valid'],
    [["--secret-id", "has space", "--probe"], {}, '--secret-id "has space" is not valid'],
    // parseArgs alone calls "--wait -5" ambiguous; the flag's own rule is said instead.
    [["--wait", "-5"], {}, '--wait "-5" is not valid: a number of seconds such as 10 or 2.5, from 0 up to 86400'],
    [["--wait", "86401"], {}, '--wait "86401" is not valid: a number of seconds such as 10 or 2.5, from 0 up to 86400'],
    [["--ca", ""], {}, '--ca "" does not exist'],
    // Before: "" resolved to the current folder, and the bundle replaced it whole, the project with it.
    [["--out", ""], {}, '--out "" is not valid: a folder path'],
    [[], { TF_VAR_db_subnet_ids: "notjson" }, 'TF_VAR_db_subnet_ids "notjson" is not valid: not valid JSON'],
    [[], { TF_VAR_vpc_id: "notavpc" }, 'TF_VAR_vpc_id "notavpc" is not valid: a VPC id'],
  ])("%j %j", async (argv, env, message) => {
    const run = await runVerify([...base, ...argv], env as Record<string, string>);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 2, stderr: expect.stringContaining(message) });
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(aws.rds.calls()).toHaveLength(0);
    expect(aws.ec2.calls()).toHaveLength(0);
  });
});

test("verify --out: a folder holding other files is refused before AWS is asked, and left as it was", async () => {
  const aws = mockedAws();
  aws.answerWithFixtures();
  const planDir = synthesizedPlanDir();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-not-a-bundle-"));
  fs.writeFileSync(path.join(folder, "notes.txt"), "mine");
  const run = await runVerify(["--plan-dir", planDir, "--out", folder], {});
  const left = fs.readdirSync(folder);
  const awsCalls = aws.rds.calls().length + aws.ec2.calls().length;
  aws.restore();
  fs.rmSync(planDir, { recursive: true, force: true });
  fs.rmSync(folder, { recursive: true, force: true });
  expect({ code: run.code, stderr: run.stderr, left }).toEqual({ code: 2, left: ["notes.txt"],
    stderr: `verify: --out: ${folder} holds files that are not an evidence bundle (notes.txt); the bundle replaces its folder whole: ` +
      "give a new or empty folder, or an earlier bundle's\n" });
  expect(awsCalls).toBe(0);
});

describe("secret:create: the settings and rules synth uses, for the chosen stack", () => {
  const secrets = mockClient(SecretsManagerClient);
  afterEach(() => secrets.reset());
  afterAll(() => secrets.restore());
  const ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf";

  async function run(argv: string[], env: Record<string, string> = { AWS_REGION: "us-east-1" }) {
    const io = captureIo();
    const code = await secretCreate(argv, env, io, new SecretsManagerClient({ region: "us-east-1" }));
    return { code, stdout: io.out(), stderr: io.err() };
  }

  test.each([
    [["--secret-id", "x", "--username", "user"], "--username \"user\" is not valid: 1-63 lowercase letters, digits or underscores, " +
      "starting with a letter; not a PostgreSQL reserved word (such as user or select"],
    [["--secret-id", "x", "--username", "rdsadmin"], "not a role RDS or PostgreSQL reserves (rdsadmin,"],
    [["--secret-id", "x", "--region", "bad region"], '--region "bad region" is not valid'],
    [["--secret-id", "has space"], '--secret-id "has space" is not valid'],
    [["--secret-id", "x", "--endpoint", "db.example.com:99999"], '--endpoint "db.example.com:99999" must be HOST or HOST:PORT, the port from 1 to 65535'],
    [["--secret-id", "x", "--kms-key-id", "my key"], '--kms-key-id "my key" is not valid: a KMS key id, key ARN, alias/NAME or alias ARN'],
    [["--secret-id", "x", "--stack", "../../etc"], '--stack "../../etc" is not valid'],
    [["--secret-id", "x", "--stack", "checkpoints-db-qa"], "no stack checkpoints-db-qa in cdktf.json: it defines checkpoints-db, checkpoints-db-staging"],
  ])("%j is refused with exit 2 and no AWS call", async (argv, message) => {
    const result = await run(argv);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 2, stderr: expect.stringContaining(message) });
    expect(secrets.calls()).toHaveLength(0);
  });

  test("AWS_REGION is checked as --region is", async () => {
    const result = await run(["--secret-id", "x"], { AWS_REGION: "bad region" });
    expect(result).toMatchObject({ code: 2, stderr: expect.stringContaining('AWS_REGION "bad region" is not valid') });
  });

  test("a configuration error stops it as it stops synth, naming the variable", async () => {
    const result = await run(["--secret-id", "x"], { AWS_REGION: "us-east-1", CHECKPOINTS_IDENTIFIER: "mydb" });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("(from environment variable CHECKPOINTS_IDENTIFIER)");
    expect(secrets.calls()).toHaveLength(0);
  });

  test("--stack checkpoints-db-staging records staging's identifier and database name, and its user", async () => {
    secrets.on(CreateSecretCommand).resolves({ ARN, Name: "x" });
    const result = await run(["--secret-id", "x", "--stack", "checkpoints-db-staging"],
      { AWS_REGION: "us-east-1", CHECKPOINTS_STAGING_DATABASE_NAME: "staging_db", CHECKPOINTS_STAGING_MASTER_USERNAME: "stager" });
    expect(result.code).toBe(0);
    const stored = JSON.parse(secrets.commandCalls(CreateSecretCommand)[0].args[0].input.SecretString as string);
    expect(stored).toMatchObject({ username: "stager", dbname: "staging_db", dbInstanceIdentifier: "checkpoints-db-staging" });
  });
});

describe("probe: the shared parsers", () => {
  test.each([
    [["--wait", "0x10"], '--wait "0x10" is not valid'],
    [["--query-timeout", "1e3"], '--query-timeout "1e3" is not valid'],
    [["--connect-timeout", ""], "--connect-timeout was given an empty value"], // refused before any parser, as every empty flag
    [["--region", "bad region"], '--region "bad region" is not valid'],
    [["--secret-id", "has space"], '--secret-id "has space" is not valid'],
    // parseArgs alone calls these ambiguous; the flag's own rule is said instead.
    [["--connect-timeout", "-1"], '--connect-timeout "-1" is not valid: a number of seconds such as 10 or 2.5, greater than 0'],
    [["--wait", "-5"], '--wait "-5" is not valid: a number of seconds such as 10 or 2.5, from 0'],
  ])("%j", (argv, message) => {
    expect(() => parseCommand(argv)).toThrow(message);
  });
});

test("probe: AWS_REGION is checked as --region is, before Secrets Manager is asked", async () => {
  const { resolveCommandTarget } = await import("../../probe/cli");
  await expect(resolveCommandTarget(parseCommand(["--secret-id", "checkpoints-db/master"]), { AWS_REGION: "bad region" }))
    .rejects.toThrow('AWS_REGION "bad region" is not valid');
});
