import {
  CreateSecretCommand, GetSecretValueCommand, PutSecretValueCommand, ResourceExistsException, SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
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

/**
 * Creates the master secret (the document's steps 1-2), or with rotate adds a new version that keeps the
 * existing fields (host, port, dbname) and replaces only the password. Never overwrites without rotate.
 */
export async function createMasterSecret(options: CreateMasterSecretOptions): Promise<MasterSecretResult> {
  const password = (options.generate ?? generateMasterPassword)();
  const { client, secretId } = options;
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
  let existing: Partial<MasterSecret> = {};
  try {
    existing = JSON.parse(current.SecretString ?? "{}");
  } catch {
    existing = {};
  }
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
  const current = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  const existing = JSON.parse(current.SecretString ?? "{}") as Partial<MasterSecret>;
  if (typeof existing.password !== "string") {
    throw new Error(`secret "${secretId}" has no password field: it is not a master secret from secret:create`);
  }
  const next = { ...existing, host, port };
  const put = await client.send(new PutSecretValueCommand({ SecretId: current.ARN ?? secretId, SecretString: JSON.stringify(next) }));
  return { arn: put.ARN ?? current.ARN ?? secretId, versionId: put.VersionId, action: "rotated" };
}
