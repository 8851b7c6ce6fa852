import { parseArgs } from "node:util";
import { CliIo, exitCodeLines } from "../cli/io";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { classifyAwsError, describeAwsError } from "../aws/aws-errors";
import { awsClientConfig, AwsClientOverrides } from "../aws/client-config";
import { InvalidValueError, parseRegion, parseSecretId, parseStackName } from "../cli/value-parsers";
import { SettingsError } from "../config/load-settings";
import { findStack, loadProjectSettings, ProjectFileError } from "../config/project-settings";
import { SETTINGS_FIELDS } from "../config/settings-fields";
import { EXIT_TABLE, SECRET_EXIT } from "./exit-codes";
import { createMasterSecret, recordEndpoint, SecretExistsError, SecretUnreadableError } from "./master-secret";
import { POSTGRES_PORT } from "../rds/postgres-port";

export const SECRET_HELP = `Usage: npm run secret:create -- --secret-id ID [--stack NAME] [--region R] [--rotate] [--username U] [--kms-key-id K]
       npm run secret:create -- --secret-id ID --endpoint HOST[:PORT]     (after deploy)

The document's execution steps 1-2: generates a master password RDS accepts (cryptographic random, no
"/", '"', "@", space, quote, backslash or backtick) and stores it as a new Secrets Manager secret in the
JSON shape RDS uses (username, password, engine, dbname). Prints the secret's ARN and how to feed it to
cdktf deploy; never the password. An existing secret is never overwritten: --rotate adds a new version.
--endpoint, once RDS has created the instance, adds a version with its host and port, keeping the password.

The user name, database name and instance identifier are the --stack's (default checkpoints-db), read from
cdktf.json and CHECKPOINTS_* variables exactly as synth reads them, with the same rules; --username
overrides the user name under the same rule (no reserved word such as user, no role RDS reserves such as rdsadmin). The region is
--region, else AWS_REGION or AWS_DEFAULT_REGION, else the stack's region.

Exit codes:
${exitCodeLines(EXIT_TABLE)}
`;

const HINTS: Record<string, string> = {
  "no-credentials": "no AWS credentials: use an instance role, AWS_PROFILE, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY",
  "access-denied": "the caller needs secretsmanager:CreateSecret (and GetSecretValue, PutSecretValue for --rotate)",
  "not-found": "the secret does not exist: create it first, without --rotate",
  throttled: "Secrets Manager throttled all 5 attempts (the SDK's adaptive retry): wait a minute and run it again",
};

/** The forms KMS takes as a KeyId (AWS KMS API Reference, KeyId): key id, key ARN, alias name, alias ARN. */
const KMS_KEY = /^((mrk-)?[0-9a-f-]{32,36}|alias\/[A-Za-z0-9/_-]{1,250}|arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key\/(mrk-)?[0-9a-f-]{32,36}|alias\/[A-Za-z0-9/_-]{1,250}))$/;

const MASTER_USERNAME = SETTINGS_FIELDS.find((f) => f.name === "masterUsername");

/** The settings file synth reads; relative to where the command runs (npm runs it at the project's root). */
const PROJECT_FILE = "cdktf.json";

export async function main(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, io: CliIo,
  client?: SecretsManagerClient, aws?: AwsClientOverrides, projectFile = PROJECT_FILE): Promise<number> {
  let values;
  try {
    values = parseArgs({ args: [...argv], strict: true, allowPositionals: false, options: {
      "secret-id": { type: "string" }, region: { type: "string" }, rotate: { type: "boolean" },
      username: { type: "string" }, "kms-key-id": { type: "string" }, endpoint: { type: "string" }, stack: { type: "string" },
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
  const usage = (message: string) => {
    io.stderr.write(`secret:create: ${message}\n`);
    return SECRET_EXIT.usage.code;
  };
  // Every value is checked, and the settings read, before the first AWS call.
  const problems: string[] = [];
  const check = <T>(parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof InvalidValueError)) throw error;
      problems.push(error.message);
      return undefined;
    }
  };
  if (values["secret-id"] === undefined) problems.push("--secret-id is required, for example --secret-id checkpoints-db/master");
  const secretId = values["secret-id"] === undefined ? undefined : check(() => parseSecretId(values["secret-id"] as string, "--secret-id"));
  const stackName = check(() => parseStackName(values.stack ?? "checkpoints-db", "--stack"));
  const regionSource = values.region !== undefined ? "--region" : env.AWS_REGION !== undefined ? "AWS_REGION" : "AWS_DEFAULT_REGION";
  const regionText = values.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const regionGiven = regionText === undefined ? undefined : check(() => parseRegion(regionText, regionSource));
  if (values.username !== undefined && MASTER_USERNAME && !MASTER_USERNAME.isValid(values.username as never)) {
    problems.push(`--username ${JSON.stringify(values.username)} is not valid: ${MASTER_USERNAME.accepted}`);
  }
  const endpoint = values.endpoint === undefined ? undefined : /^([A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(values.endpoint);
  if (values.endpoint !== undefined && (!endpoint || (endpoint[2] !== undefined && !(Number(endpoint[2]) >= 1 && Number(endpoint[2]) <= 65535)))) {
    problems.push(`--endpoint "${values.endpoint}" must be HOST or HOST:PORT, the port from 1 to 65535`);
  }
  if (values["kms-key-id"] !== undefined && !KMS_KEY.test(values["kms-key-id"])) {
    problems.push(`--kms-key-id ${JSON.stringify(values["kms-key-id"])} is not valid: a KMS key id, key ARN, alias/NAME or alias ARN`);
  }
  if (values.endpoint !== undefined && values.rotate) problems.push("--endpoint and --rotate do not go together: record the endpoint, then rotate");
  if (problems.length > 0) return usage(problems.join("; "));
  let stack;
  try {
    const settings = loadProjectSettings(projectFile, env);
    stack = findStack(settings, stackName as string);
    if (!stack) {
      return usage(`no stack ${stackName} in ${projectFile}: it defines ${settings.environments.map((e) => e.stackName).join(", ")}`);
    }
  } catch (error) {
    if (error instanceof ProjectFileError) return usage(error.message);
    if (error instanceof SettingsError) return usage(`the settings synth would use are invalid, so nothing was created.\n${error.message}`);
    throw error;
  }
  const region = regionGiven ?? stack.settings.region;
  // The SDK is loaded only now, when a secret is written: not for --help or a usage error (issue 26).
  const secrets = client ?? new (await import("@aws-sdk/client-secrets-manager")).SecretsManagerClient(awsClientConfig(region, aws));
  const deployHint = stack.stackName === "checkpoints-db" ? "npm run deploy" : `npx cdktf deploy ${stack.stackName}`;
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
      username: values.username ?? stack.settings.masterUsername, dbname: stack.settings.databaseName,
      dbInstanceIdentifier: stack.settings.identifier,
    });
    io.stdout.write([
      `${result.action === "created" ? "Created" : "Added a new version to"} secret ${result.arn}` +
        (result.versionId ? ` (version ${result.versionId})` : ""),
      "",
      "Deploy with it (the password goes from Secrets Manager to Terraform without being written down):",
      `  export TF_VAR_db_password="$(aws secretsmanager get-secret-value --region ${region} --secret-id '${result.arn}' \\`,
      "    --query SecretString --output text | jq -r .password)\"",
      `  ${deployHint}`,
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
