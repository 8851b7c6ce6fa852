import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as net from "node:net";
import type { ConnectionOptions } from "node:tls";
import { ConnectionTarget, UsageError } from "./connection-target";

/** How one connection attempt treats TLS. */
export type TlsPolicy = "none" | "encrypt-only" | "verify-ca" | "verify-full";

/**
 * The attempts libpq makes for each sslmode, in order. pg 8 alone would treat prefer, require and
 * verify-ca as verify-full (and warn on stderr); the probe keeps libpq's meanings:
 * - allow: plaintext first, TLS if the server refuses plaintext;
 * - prefer: TLS without verification first, plaintext if the server has no TLS;
 * - require: TLS without verification, but verify-ca when a root certificate is given (as libpq does);
 * - verify-ca: chain checked, host name not; verify-full: both.
 */
export function tlsAttempts(target: ConnectionTarget): TlsPolicy[] {
  switch (target.sslMode) {
    case "disable": return ["none"];
    case "allow": return ["none", "encrypt-only"];
    case "prefer": return ["encrypt-only", "none"];
    case "require": return [target.sslRootCert ? "verify-ca" : "encrypt-only"];
    case "verify-ca": return ["verify-ca"];
    case "verify-full": return ["verify-full"];
  }
}

/** libpq's default root certificate file. */
export function defaultRootCertPath(): string {
  return path.join(os.homedir(), ".postgresql", "root.crt");
}

/** Reads the CA bundle a verifying policy needs; undefined means the system trust store. */
export function loadCertificateAuthority(target: ConnectionTarget): Buffer | undefined {
  const file = target.sslRootCert ?? (fs.existsSync(defaultRootCertPath()) ? defaultRootCertPath() : undefined);
  if (file === "system") return undefined;
  if (file === undefined) {
    throw new UsageError(`sslmode=${target.sslMode} verifies the server certificate but no CA was given: pass ` +
      "--ca FILE (for RDS, the RDS CA bundle) or sslrootcert=system for the system trust store " +
      `(libpq would look for ${defaultRootCertPath()})`);
  }
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new UsageError(`cannot read the CA file "${file}" (--ca / sslrootcert): ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
}

/** The `ssl` option for pg for one attempt; servername keeps host-name checks working when we dial an IP. */
export function pgSslOption(policy: TlsPolicy, serverName: string, ca: Buffer | undefined): false | ConnectionOptions {
  if (policy === "none") return false;
  const sni = net.isIP(serverName) === 0 ? { servername: serverName } : {};
  if (policy === "encrypt-only") return { ...sni, rejectUnauthorized: false };
  const base: ConnectionOptions = { ...sni, rejectUnauthorized: true, ...(ca ? { ca } : {}) };
  // verify-ca: the chain must be trusted, the name in it may be anything.
  return policy === "verify-ca" ? { ...base, checkServerIdentity: () => undefined } : base;
}
