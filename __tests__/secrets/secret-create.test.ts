import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { mockClient } from "aws-sdk-client-mock";
import {
  CreateSecretCommand, GetSecretValueCommand, PutSecretValueCommand, ResourceExistsException, ResourceNotFoundException,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { generateMasterPassword, GENERATED_ALPHABET, isRdsPassword, RDS_PASSWORD_ALPHABET } from "../../secrets/master-password";
import { main } from "../../secrets/cli";
import { captureIo } from "../support/capture-io";

/** Preloaded into the child: stops it (exit 97, one line) at its first non-loopback connection or lookup. */
const NO_NETWORK = path.join(__dirname, "..", "support", "no-network.cjs");

const ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:checkpoints-db/master-AbCdEf";

describe("the master password", () => {
  test("10,000 generated passwords all satisfy RDS's rules", () => {
    for (let i = 0; i < 10000; i++) {
      const password = generateMasterPassword();
      if (!isRdsPassword(password) || password.length !== 32 || /[/"@ '\\`]/.test(password)) {
        throw new Error(`generated an unacceptable password (length ${password.length})`);
      }
    }
  });

  test("every character of the alphabet turns up, none more than chance allows", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++) for (const c of generateMasterPassword(64)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect([...counts.keys()].sort().join("")).toBe([...GENERATED_ALPHABET].sort().join(""));
    const expected = (2000 * 64) / GENERATED_ALPHABET.length;
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.15);
  });

  test("bytes past the last whole multiple of the alphabet are rejected, not folded (no modulo bias)", () => {
    const limit = 256 - (256 % GENERATED_ALPHABET.length);
    const bytes = Buffer.alloc(64, limit); // every byte rejected first...
    bytes[10] = 0;
    let calls = 0;
    const password = generateMasterPassword(8, (n) => (calls++ === 0 ? bytes.subarray(0, n) : Buffer.alloc(n, 1)));
    expect(password).toBe(GENERATED_ALPHABET[0] + GENERATED_ALPHABET[1].repeat(7));
  });

  test("RDS's own rule: printable ASCII without / \" @ and space, 8 to 128 characters", () => {
    expect(RDS_PASSWORD_ALPHABET).toHaveLength(91);
    expect(isRdsPassword("abcdefgh")).toBe(true);
    expect(isRdsPassword("abcdefg")).toBe(false);
    expect(isRdsPassword("a".repeat(129))).toBe(false);
    for (const bad of ["/", '"', "@", " ", "é"]) expect(isRdsPassword(`abcdefgh${bad}`)).toBe(false);
    expect(() => generateMasterPassword(7)).toThrow("length must be a whole number from 8 to 128");
  });
});

describe("npm run secret:create (Secrets Manager mocked: no AWS account here)", () => {
  const secrets = mockClient(SecretsManagerClient);
  afterEach(() => secrets.reset());
  afterAll(() => secrets.restore());

  async function run(argv: string[]) {
    const io = captureIo();
    const code = await main(argv, { AWS_REGION: "us-east-1" }, io, new SecretsManagerClient({ region: "us-east-1" }));
    return { code, stdout: io.out(), stderr: io.err() };
  }

  test("creates the secret in RDS's JSON shape and prints the ARN and the deploy command, never the password", async () => {
    secrets.on(CreateSecretCommand).resolves({ ARN, Name: "checkpoints-db/master", VersionId: "EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE" });
    const result = await run(["--secret-id", "checkpoints-db/master"]);
    expect(result.code).toBe(0);
    const input = secrets.commandCalls(CreateSecretCommand)[0].args[0].input;
    expect(input.Name).toBe("checkpoints-db/master");
    const stored = JSON.parse(input.SecretString as string);
    expect(stored).toEqual({ username: "checkpoint_user", password: expect.any(String), engine: "postgres",
      dbname: "checkpoints", dbInstanceIdentifier: "checkpoints-db" });
    expect(isRdsPassword(stored.password)).toBe(true);
    expect(result.stdout).toContain(`Created secret ${ARN} (version EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE)`);
    expect(result.stdout).toContain(`export TF_VAR_db_password="$(aws secretsmanager get-secret-value --region us-east-1 --secret-id '${ARN}'`);
    expect(result.stdout + result.stderr).not.toContain(stored.password);
  });

  test("an existing secret is never overwritten without --rotate", async () => {
    secrets.on(CreateSecretCommand).rejects(new ResourceExistsException({
      message: "The operation failed because the secret checkpoints-db/master already exists.", $metadata: {} }));
    const result = await run(["--secret-id", "checkpoints-db/master"]);
    expect(result.code).toBe(6);
    expect(result.stderr).toBe('secret:create: secret "checkpoints-db/master" already exists and was left as it is; ' +
      "pass --rotate to add a new password version (the database keeps the old password until the next deploy)\n");
    expect(secrets.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });

  test("--rotate adds a new version, keeping host, port and dbname, replacing only the password", async () => {
    const old = { username: "checkpoint_user", password: "old-password-1", engine: "postgres", host: "db.example", port: 5432,
      dbname: "checkpoints" };
    secrets.on(GetSecretValueCommand).resolves({ ARN, Name: "checkpoints-db/master", SecretString: JSON.stringify(old),
      VersionId: "v1", VersionStages: ["AWSCURRENT"], CreatedDate: new Date("2026-11-01T00:00:00Z") });
    secrets.on(PutSecretValueCommand).resolves({ ARN, Name: "checkpoints-db/master", VersionId: "v2", VersionStages: ["AWSCURRENT"] });
    const result = await run(["--secret-id", "checkpoints-db/master", "--rotate"]);
    expect(result.code).toBe(0);
    const stored = JSON.parse(secrets.commandCalls(PutSecretValueCommand)[0].args[0].input.SecretString as string);
    expect(stored).toEqual({ ...old, password: expect.any(String) });
    expect(stored.password).not.toBe(old.password);
    expect(secrets.commandCalls(CreateSecretCommand)).toHaveLength(0);
    expect(result.stdout).toContain(`Added a new version to secret ${ARN} (version v2)`);
    expect(result.stdout).toContain("The database keeps its old password until that deploy applies the new one.");
  });

  test("--endpoint records host and port once known, keeping the password", async () => {
    const created = { username: "checkpoint_user", password: "kept-password-1", engine: "postgres", dbname: "checkpoints",
      dbInstanceIdentifier: "checkpoints-db" };
    secrets.on(GetSecretValueCommand).resolves({ ARN, Name: "checkpoints-db/master", SecretString: JSON.stringify(created),
      VersionId: "v1", VersionStages: ["AWSCURRENT"] });
    secrets.on(PutSecretValueCommand).resolves({ ARN, Name: "checkpoints-db/master", VersionId: "v2", VersionStages: ["AWSCURRENT"] });
    const result = await run(["--secret-id", "checkpoints-db/master", "--endpoint",
      "checkpoints-db.abc123xyz789.us-east-1.rds.amazonaws.com:5432"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(secrets.commandCalls(PutSecretValueCommand)[0].args[0].input.SecretString as string)).toEqual({
      ...created, host: "checkpoints-db.abc123xyz789.us-east-1.rds.amazonaws.com", port: 5432 });
    expect(result.stdout).toBe(`Recorded checkpoints-db.abc123xyz789.us-east-1.rds.amazonaws.com:5432 in secret ${ARN} ` +
      "(version v2); the password is unchanged\n");
    expect(result.stdout).not.toContain("kept-password-1");
  });

  // Issue 16: the docstring promised to keep the existing fields; an unreadable value used to be replaced by {} silently.
  test.each([
    ["not JSON", "hunter2-not-json", "a value that is not JSON"],
    ["a JSON string", JSON.stringify("hunter2-a-string"), "JSON that is a string"],
    ["a JSON array", JSON.stringify(["hunter2-in-array"]), "JSON that is an array"],
  ])("--rotate on a secret holding %s is an error that changes nothing and never shows the value", async (_what, value, said) => {
    secrets.on(GetSecretValueCommand).resolves({ ARN, Name: "checkpoints-db/master", SecretString: value, VersionId: "v1" });
    secrets.on(PutSecretValueCommand).resolves({ ARN, Name: "checkpoints-db/master", VersionId: "v2" });
    const result = await run(["--secret-id", "checkpoints-db/master", "--rotate"]);
    expect(result.code).toBe(8);
    expect(result.stderr).toBe(`secret:create: secret "checkpoints-db/master" holds ${said}, not the JSON object secret:create ` +
      "writes; nothing was changed. Fix or replace its value in Secrets Manager (it must keep username, password, engine and " +
      "any host, port, dbname), then run again\n");
    expect(result.stdout + result.stderr).not.toContain("hunter2");
    expect(secrets.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });

  test("--endpoint on a secret that is not JSON: the same error, and JSON.parse's message (which quotes the value) is not shown", async () => {
    secrets.on(GetSecretValueCommand).resolves({ ARN, Name: "checkpoints-db/master", SecretString: "hunter2-not-json", VersionId: "v1" });
    const result = await run(["--secret-id", "checkpoints-db/master", "--endpoint", "db.example"]);
    expect(result.code).toBe(8);
    expect(result.stderr).not.toContain("hunter2");
    expect(secrets.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });

  test("--rotate on a secret that does not exist", async () => {
    secrets.on(GetSecretValueCommand).rejects(new ResourceNotFoundException({
      message: "Secrets Manager can't find the specified secret.", $metadata: {} }));
    const result = await run(["--secret-id", "checkpoints-db/master", "--rotate"]);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain("ResourceNotFoundException: Secrets Manager can't find the specified secret.; " +
      "the secret does not exist: create it first, without --rotate");
  });

  test.each([
    [[], "secret:create: --secret-id is required, for example --secret-id checkpoints-db/master\n"],
    [["--secret-id", "bad id!"], 'secret:create: --secret-id "bad id!" is not valid: a Secrets Manager secret name'],
    [["--secret-id", "x", "--username", "Admin"], 'secret:create: --username "Admin" is not valid: 1-63 lowercase letters'],
    [["--secret-id", "x", "--force"], "secret:create: Unknown option '--force'"],
    [["--secret-id", "x", "--endpoint", "db:port"], 'secret:create: --endpoint "db:port" must be HOST or HOST:PORT'],
  ])("usage error %j", async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr.startsWith(message)).toBe(true);
    expect(secrets.calls()).toHaveLength(0);
  });
});

test("with no credentials anywhere it fails at once, without a network connection: no instance-metadata lookup", () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "no-aws-"));
  const run = spawnSync(process.execPath, ["--require", NO_NETWORK, path.join(__dirname, "..", "..", "tools", "run-ts.cjs"),
    path.join(__dirname, "..", "..", "secrets", "cli.ts"), "--secret-id", "checkpoints-db/master", "--region", "us-east-1"],
  { encoding: "utf8", env: { PATH: process.env.PATH, HOME: home, AWS_EC2_METADATA_DISABLED: "true" } });
  fs.rmSync(home, { recursive: true, force: true });
  expect(run.status).toBe(3);
  expect(run.stderr).toContain("secret:create: CredentialsProviderError: Could not load credentials from any providers; " +
    "no AWS credentials");
  expect(run.stderr).not.toContain("no-network guard:");
});
