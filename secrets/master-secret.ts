// The SDK is loaded when a secret is written (the functions below), not for --help or a usage error (issue 26).
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { generateMasterPassword } from "./master-password";

/** The secret's JSON, in the shape RDS writes for its own secrets (and the probe reads). */
export interface MasterSecret {
  readonly username: string;
  readonly password: string;
  readonly engine: "postgres";
  readonly host?: string;
  readonly port?: number;
  readonly dbname?: string;
  readonly dbInstanceIdentifier?: string;
}

export interface CreateMasterSecretOptions {
  readonly secretId: string;
  readonly username: string;
  readonly dbname: string;
  readonly dbInstanceIdentifier: string;
  /** Add a new version to an existing secret instead of refusing to touch it. */
  readonly rotate: boolean;
  readonly kmsKeyId?: string;
  readonly client: SecretsManagerClient;
  readonly generate?: () => string;
}

export interface MasterSecretResult {
  readonly arn: string;
  readonly versionId?: string;
  readonly action: "created" | "rotated";
}

/** The secret exists and --rotate was not given: nothing was changed. */
export class SecretExistsError extends Error {
  readonly code = "SECRET_EXISTS";
  constructor(readonly secretId: string) {
    super(`secret "${secretId}" already exists and was left as it is; pass --rotate to add a new password version ` +
      "(the database keeps the old password until the next deploy)");
    this.name = "SecretExistsError";
  }
}

/** The secret's current value is not a JSON object: rotating it would drop what it holds. Nothing was changed. */
export class SecretUnreadableError extends Error {
  readonly code = "SECRET_UNREADABLE";
  constructor(readonly secretId: string, what: string) {
    // The value is never quoted: it is a secret, and JSON.parse's own message would quote it.
    super(`secret "${secretId}" holds ${what}, not the JSON object secret:create writes; nothing was changed. ` +
      "Fix or replace its value in Secrets Manager (it must keep username, password, engine and any host, port, dbname), then run again");
    this.name = "SecretUnreadableError";
  }
}

/** The fields of an existing secret's value; throws SecretUnreadableError (without the value) when it is not a JSON object. */
export function parseMasterSecret(secretId: string, text: string | undefined): Partial<MasterSecret> {
  if (text === undefined) throw new SecretUnreadableError(secretId, "no SecretString (a binary secret?)");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new SecretUnreadableError(secretId, "a value that is not JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new SecretUnreadableError(secretId, `JSON that is ${Array.isArray(value) ? "an array" : value === null ? "null" : `a ${typeof value}`}`);
  }
  return value as Partial<MasterSecret>;
}

/**
 * Creates the master secret (the document's steps 1-2), or with rotate adds a new version that keeps the
 * existing fields (host, port, dbname) and replaces only the password; a value it cannot read as a JSON object is an
 * error (SecretUnreadableError), never dropped. Never overwrites without rotate.
 */
export async function createMasterSecret(options: CreateMasterSecretOptions): Promise<MasterSecretResult> {
  const password = (options.generate ?? generateMasterPassword)();
  const { client, secretId } = options;
  const { CreateSecretCommand, GetSecretValueCommand, PutSecretValueCommand, ResourceExistsException } =
    await import("@aws-sdk/client-secrets-manager");
  if (!options.rotate) {
    const secret: MasterSecret = { username: options.username, password, engine: "postgres", dbname: options.dbname,
      dbInstanceIdentifier: options.dbInstanceIdentifier };
    try {
      const created = await client.send(new CreateSecretCommand({
        Name: secretId,
        Description: `Master credentials of the RDS instance ${options.dbInstanceIdentifier} (checkpoints)`,
        SecretString: JSON.stringify(secret),
        ...(options.kmsKeyId ? { KmsKeyId: options.kmsKeyId } : {}),
        Tags: [{ Key: "Name", Value: secretId }, { Key: "Terraform", Value: "false" }],
      }));
      return { arn: created.ARN ?? secretId, versionId: created.VersionId, action: "created" };
    } catch (error) {
      if (error instanceof ResourceExistsException || (error as { name?: string }).name === "ResourceExistsException") {
        throw new SecretExistsError(secretId);
      }
      throw error;
    }
  }
  const current = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  const existing = parseMasterSecret(secretId, current.SecretString);
  const next: MasterSecret = { ...existing, username: existing.username ?? options.username, engine: "postgres", password };
  const put = await client.send(new PutSecretValueCommand({ SecretId: current.ARN ?? secretId, SecretString: JSON.stringify(next) }));
  return { arn: put.ARN ?? current.ARN ?? secretId, versionId: put.VersionId, action: "rotated" };
}

/**
 * Adds a version recording where the database answers (host and port, known once RDS has created the
 * instance), keeping the password and every other field: the secret then has RDS's full shape.
 */
export async function recordEndpoint(client: SecretsManagerClient, secretId: string, host: string, port: number):
  Promise<MasterSecretResult> {
  const { GetSecretValueCommand, PutSecretValueCommand } = await import("@aws-sdk/client-secrets-manager");
  const current = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  const existing = parseMasterSecret(secretId, current.SecretString);
  if (typeof existing.password !== "string") {
    throw new Error(`secret "${secretId}" has no password field: it is not a master secret from secret:create`);
  }
  const next = { ...existing, host, port };
  const put = await client.send(new PutSecretValueCommand({ SecretId: current.ARN ?? secretId, SecretString: JSON.stringify(next) }));
  return { arn: put.ARN ?? current.ARN ?? secretId, versionId: put.VersionId, action: "rotated" };
}
