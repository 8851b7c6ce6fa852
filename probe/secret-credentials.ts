import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { noteSdkNodeVersionOnce, sdkNodeWarningAtMostOncePerProcess } from "../aws/sdk-node-warning";
import { LibpqSettings, UsageError } from "./connection-target";

/**
 * The secret could not be read or is not RDS's shape: the probe's own class (13), not a usage error; still a
 * UsageError to callers that only tell bad input from the rest (verify).
 */
export class SecretReadError extends UsageError {}

/**
 * Reads database credentials from a Secrets Manager secret in the JSON shape RDS writes
 * ({"username","password"} for a managed master secret; plus "engine","host","port","dbname" for the
 * shape the document's step 2 stores). The SDK is loaded only when a secret is asked for: it costs
 * start-up time that a plain probe run does not need.
 */
export async function settingsFromSecret(secretId: string, region: string | undefined,
  client?: SecretsManagerClient): Promise<LibpqSettings> {
  // As every AWS tool: the SDK's eight-line Node warning off, one line of ours instead (aws/sdk-node-warning.ts).
  sdkNodeWarningAtMostOncePerProcess();
  const sdk = await import("@aws-sdk/client-secrets-manager");
  if (!client) noteSdkNodeVersionOnce();
  const secrets = client ?? new sdk.SecretsManagerClient(region ? { region } : {});
  let text: string | undefined;
  try {
    text = (await secrets.send(new sdk.GetSecretValueCommand({ SecretId: secretId }))).SecretString;
  } catch (error) {
    const name = (error as { name?: string }).name ?? "Error";
    const advice: Record<string, string> = {
      ResourceNotFoundException: "check the secret id and the region (--region or AWS_REGION)",
      AccessDeniedException: "this host's role needs secretsmanager:GetSecretValue on the secret (and kms:Decrypt on its key)",
      CredentialsProviderError: "no AWS credentials: run on a host with an instance role, or set AWS_PROFILE",
    };
    const hint = advice[name] ?? (/region/i.test(String((error as Error).message)) ? "set --region or AWS_REGION"
      : "see the AWS error above");
    throw new SecretReadError(`cannot read secret "${secretId}" from Secrets Manager: ${name}: ` +
      `${String((error as Error).message).split("\n")[0]}; ${hint}`);
  }
  if (!text) throw new SecretReadError(`secret "${secretId}" has no SecretString; expected RDS's JSON with username and password`);
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SecretReadError(`secret "${secretId}" is not JSON; expected RDS's shape {"username": ..., "password": ...}`);
  }
  if (typeof parsed.username !== "string" || typeof parsed.password !== "string") {
    throw new SecretReadError(`secret "${secretId}" lacks a string "username" and "password" (RDS's secret shape)`);
  }
  const asText = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : undefined);
  return { user: parsed.username, password: parsed.password, host: asText(parsed.host), port: asText(parsed.port),
    dbname: asText(parsed.dbname) };
}
