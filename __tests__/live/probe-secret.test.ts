import { mockClient } from "aws-sdk-client-mock";
import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { main } from "../../probe/cli";
import { captureIo } from "../support/capture-io";
import { AvailableServer, liveServer } from "./live-server";

const info = liveServer();
const describeLive = info.available ? describe : describe.skip;
const server = info as AvailableServer;
const SECRET_ID = "checkpoints-db/master";

/** GetSecretValue's response as AWS documents it, for a secret in the shape RDS writes. */
function secretResponse(secret: Record<string, unknown>) {
  return {
    ARN: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${SECRET_ID}-AbCdEf`,
    Name: SECRET_ID,
    VersionId: "EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE",
    SecretString: JSON.stringify(secret),
    VersionStages: ["AWSCURRENT"],
    CreatedDate: new Date("2026-11-01T00:00:00Z"),
  };
}

async function runCli(argv: string[], env: Record<string, string> = {}) {
  const io = captureIo();
  const code = await main(argv, { AWS_EC2_METADATA_DISABLED: "true", ...env }, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

describeLive("--secret-id reads the credentials from Secrets Manager (mocked: no AWS account here)", () => {
  const secrets = mockClient(SecretsManagerClient);
  afterEach(() => secrets.reset());
  afterAll(() => secrets.restore());

  test("the document's secret shape (username, password, engine, host, port, dbname) opens the session", async () => {
    secrets.on(GetSecretValueCommand, { SecretId: SECRET_ID }).resolves(secretResponse({
      username: server.user, password: server.password, engine: "postgres", host: "localhost", port: server.port,
      dbname: "checkpoints", dbInstanceIdentifier: "checkpoints-db",
    }));
    const run = await runCli(["--secret-id", SECRET_ID, "--region", "us-east-1", "--sslmode", "verify-full",
      "--ca", server.caFile, "--json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ outcome: "observed",
      target: { host: "localhost", port: server.port, database: "checkpoints", user: "checkpoint_user" } });
    expect(run.stdout).not.toContain(server.password);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  test("an RDS-managed secret (username and password only) takes host and database from the URL", async () => {
    secrets.on(GetSecretValueCommand).resolves(secretResponse({ username: server.user, password: server.password }));
    const run = await runCli([`postgresql://localhost:${server.port}/checkpoints?sslmode=verify-full&sslrootcert=${server.caFile}`,
      "--secret-id", SECRET_ID, "--region", "us-east-1"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("witness observed: checkpoint_user@localhost");
  });

  test("a missing secret is the secret's own class (13, not usage), saying what to check (issue 24)", async () => {
    secrets.on(GetSecretValueCommand).rejects(new ResourceNotFoundException({
      message: "Secrets Manager can't find the specified secret.", $metadata: {} }));
    const run = await runCli(["--secret-id", SECRET_ID, "--region", "us-east-1"]);
    expect(run.code).toBe(13);
    expect(run.stderr).toBe(`checkpoints-probe: cannot read secret "${SECRET_ID}" from Secrets Manager: ` +
      "ResourceNotFoundException: Secrets Manager can't find the specified secret.; check the secret id and the region " +
      "(--region or AWS_REGION) [exit 13]\n");
  });

  test("a secret without username and password is refused without echoing it", async () => {
    secrets.on(GetSecretValueCommand).resolves(secretResponse({ user: "x", pass: "hunter2-secret-value" }));
    const run = await runCli(["--secret-id", SECRET_ID, "--region", "us-east-1"]);
    expect(run.code).toBe(13);
    expect(run.stderr).toContain(`secret "${SECRET_ID}" lacks a string "username" and "password"`);
    expect(run.stderr).not.toContain("hunter2-secret-value");
  });
});
