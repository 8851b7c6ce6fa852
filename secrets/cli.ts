import { parseArgs } from "node:util";
import { CliIo, exitCodeLines } from "../cli/io";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { classifyAwsError, describeAwsError } from "../aws/aws-errors";
import { awsClientConfig, AwsClientOverrides } from "../aws/client-config";
import { PRODUCTION } from "../config/database-settings";
import { SettingsError } from "../config/load-settings";
import { readEnvironmentSettings } from "../config/read-app-settings";
import { isMasterUsername, POSTGRES_NAME_RULE, RESERVED_MASTER_USERNAMES } from "../rds/postgres-names";
import { SECRET_EXIT, EXIT_TABLE } from "./exit-codes";
import { POSTGRES_PORT } from "../rds/postgres-port";
import { createMasterSecret, recordEndpoint, SecretExistsError, SecretUnreadableError } from "./master-secret";

export const SECRET_HELP = `Usage: npm run secret:create -- --secret-id ID [--region R] [--rotate] [--username U] [--kms-key-id K]
                                [--environment E]
       npm run secret:create -- --secret-id ID --endpoint HOST[:PORT]     (after deploy)

The document's execution steps 1-2: generates a master password RDS accepts (cryptographic random, no
"/", '"', "@", space, quote, backslash or backtick) and stores it as a new Secrets Manager secret in the
JSON shape RDS uses (username, password, engine, dbname). Prints the secret's ARN and how to feed it to
cdktf deploy; never the password. An existing secret is never overwritten: --rotate adds a new version.
--endpoint, once RDS has created the instance, adds a version with its host and port, keeping the password.
The user name, database name and instance identifier are the configuration's (cdktf.json and CHECKPOINTS_*
variables, as synth reads them) for --environment (default production); --username overrides the user name.

Exit codes:
${exitCodeLines(EXIT_TABLE)}
`;

const HINTS: Record<string, string> = {
  "no-credentials": "no AWS credentials: use an instance role, AWS_PROFILE, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY",
  "access-denied": "the caller needs secretsmanager:CreateSecret (and GetSecretValue, PutSecretValue for --rotate)",
  "not-found": "the secret does not exist: create it first, without --rotate",
  throttled: "Secrets Manager throttled all 5 attempts (the SDK's adaptive retry): wait a minute and run it again",
};

export async function main(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, io: CliIo,
  client?: SecretsManagerClient, aws?: AwsClientOverrides): Promise<number> {
  let values;
  try {
    values = parseArgs({ args: [...argv], strict: true, allowPositionals: false, options: {
      "secret-id": { type: "string" }, region: { type: "string" }, rotate: { type: "boolean" },
      username: { type: "string" }, "kms-key-id": { type: "string" }, endpoint: { type: "string" }, environment: { type: "string" },
      help: { type: "boolean", short: "h" },
    } }).values;
  } catch (error) {
    io.stderr.write(`secret:create: ${(error as Error).message}\n`);
    return SECRET_EXIT.usage.code;
  }
  if (values.help) {
    io.stdout.write(SECRET_HELP);
    return SECRET_EXIT.ok.code;
  }
  const secretId = values["secret-id"];
  const region = values.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const problems = [
    ...(!secretId ? ["--secret-id is required, for example --secret-id checkpoints-db/master"] : []),
    ...(secretId && !/^[A-Za-z0-9/_+=.@-]{1,512}$/.test(secretId) ? [`--secret-id "${secretId}" has characters Secrets Manager does not allow`] : []),
    ...(!region ? ["no region: pass --region or set AWS_REGION"] : []),
    ...(values.username !== undefined && !isMasterUsername(values.username)
      ? [`--username "${values.username}" must be ${POSTGRES_NAME_RULE}, not a name RDS reserves (${RESERVED_MASTER_USERNAMES.join(", ")})`] : []),
  ];
  const endpoint = values.endpoint === undefined ? undefined : /^([A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(values.endpoint);
  if (values.endpoint !== undefined && !endpoint) problems.push(`--endpoint "${values.endpoint}" must be HOST or HOST:PORT`);
  if (values.endpoint !== undefined && values.rotate) problems.push("--endpoint and --rotate do not go together: record the endpoint, then rotate");
  if (problems.length > 0) {
    io.stderr.write(`secret:create: ${problems.join("; ")}\n`);
    return SECRET_EXIT.usage.code;
  }
  let settings;
  try {
    settings = readEnvironmentSettings(env, values.environment ?? PRODUCTION);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    io.stderr.write(`secret:create: ${error.message}\n`);
    return SECRET_EXIT.usage.code;
  }
  const secrets = client ?? new SecretsManagerClient(awsClientConfig(region, aws));
  try {
    if (endpoint) {
      const [, host, port] = endpoint;
      const recorded = await recordEndpoint(secrets, secretId as string, host, Number(port ?? POSTGRES_PORT));
      io.stdout.write(`Recorded ${host}:${port ?? POSTGRES_PORT} in secret ${recorded.arn}` +
        `${recorded.versionId ? ` (version ${recorded.versionId})` : ""}; the password is unchanged\n`);
      return SECRET_EXIT.ok.code;
    }
    const result = await createMasterSecret({
      secretId: secretId as string, rotate: values.rotate ?? false, client: secrets, kmsKeyId: values["kms-key-id"],
      username: values.username ?? settings.masterUsername, dbname: settings.databaseName,
      dbInstanceIdentifier: settings.identifier,
    });
    io.stdout.write([
      `${result.action === "created" ? "Created" : "Added a new version to"} secret ${result.arn}` +
        (result.versionId ? ` (version ${result.versionId})` : ""),
      "",
      "Deploy with it (the password goes from Secrets Manager to Terraform without being written down):",
      `  export TF_VAR_db_password="$(aws secretsmanager get-secret-value --region ${region} --secret-id '${result.arn}' \\`,
      "    --query SecretString --output text | jq -r .password)\"",
      "  npm run deploy",
      ...(result.action === "rotated" ? ["", "The database keeps its old password until that deploy applies the new one."] : []),
      "",
    ].join("\n"));
    return SECRET_EXIT.ok.code;
  } catch (error) {
    if (error instanceof SecretExistsError) {
      io.stderr.write(`secret:create: ${error.message}\n`);
      return SECRET_EXIT.exists.code;
    }
    if (error instanceof SecretUnreadableError) {
      io.stderr.write(`secret:create: ${error.message}\n`);
      return SECRET_EXIT.unreadable.code;
    }
    const failure = classifyAwsError(error);
    const exit = { "no-credentials": SECRET_EXIT.noCredentials, "access-denied": SECRET_EXIT.accessDenied,
      "not-found": SECRET_EXIT.notFound, throttled: SECRET_EXIT.throttled, other: SECRET_EXIT.error }[failure];
    io.stderr.write(`secret:create: ${describeAwsError(error)}${HINTS[failure] ? `; ${HINTS[failure]}` : ""}\n`);
    return exit.code;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), process.env, process).then((code) => { process.exitCode = code; });
}
