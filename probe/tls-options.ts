import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as tls from "node:tls";
import type { ConnectionOptions, PeerCertificate } from "node:tls";
import { ConnectionTarget, UsageError } from "./connection-target";
import { libpqHostNameCheck } from "./host-name-check";
import { ipVersion } from "./ip-literal";
import { NO_CERTIFICATE_OR_CRL, readPemContents } from "./pem-files";

/** How one connection attempt treats TLS. */
export type TlsPolicy = "none" | "encrypt-only" | "verify-ca" | "verify-full";

/** One connection attempt: its TLS policy, and whether a server without TLS may continue in plain text. */
export interface TlsAttempt {
  readonly policy: TlsPolicy;
  /** prefer: the server's "N" to the SSLRequest continues the same connection in plain text. */
  readonly optional: boolean;
}

/**
 * The attempts libpq makes for each sslmode, in order (fe-connect.c, REL_15_STABLE):
 * - allow: plaintext first, TLS if the server refuses the plaintext session;
 * - prefer: TLS first; a server without TLS ("N") continues on the same connection in plain text; a
 *   failed handshake or a refused TLS session is retried without TLS;
 * - require: TLS; verify-ca, verify-full: TLS with the chain (and the name) checked.
 * When a root certificate file exists (sslrootcert, or ~/.postgresql/root.crt), libpq checks the chain in
 * every TLS attempt: "the behavior of sslmode=require will be the same as that of verify-ca".
 */
export function tlsAttempts(target: ConnectionTarget, rootCertAvailable: boolean): TlsAttempt[] {
  const unverified: TlsPolicy = rootCertAvailable ? "verify-ca" : "encrypt-only";
  switch (target.sslMode) {
    case "disable": return [{ policy: "none", optional: false }];
    case "allow": return [{ policy: "none", optional: false }, { policy: unverified, optional: false }];
    case "prefer": return [{ policy: unverified, optional: true }, { policy: "none", optional: false }];
    case "require": return [{ policy: unverified, optional: false }];
    case "verify-ca": return [{ policy: "verify-ca", optional: false }];
    case "verify-full": return [{ policy: "verify-full", optional: false }];
  }
}

/** libpq's default files under ~/.postgresql. */
export function defaultTlsFile(home: string, name: "root.crt" | "root.crl" | "postgresql.crt" | "postgresql.key"): string {
  return path.join(home, ".postgresql", name);
}

/** Keys, certificates and CRL as Node's TLS takes them; loaded once per run. */
export interface TlsMaterial {
  /** The root certificate file used, or "system"; undefined: no verification possible. */
  readonly rootCertFile?: string;
  /** A root certificate file's bytes, or the system store's certificates (sslrootcert=system). */
  readonly ca?: Buffer | string[];
  readonly cert?: Buffer;
  readonly key?: Buffer;
  readonly crl?: string[];
  /**
   * sslcrl names a file OpenSSL loads (it holds certificates) but no CRL: libpq turns on CRL checks, and every
   * chain then fails verification ("certificate verify failed").
   */
  readonly crlWithoutRevocationList?: boolean;
  /** ssl_min_protocol_version / ssl_max_protocol_version. */
  readonly minVersion?: tls.SecureVersion;
  readonly maxVersion?: tls.SecureVersion;
}

/**
 * sslrootcert=system: the certificates OpenSSL's default verify paths hold (SSL_CERT_FILE and
 * SSL_CERT_DIR, else OpenSSL's own directory), as libpq 16 loads them. Node has read that store since
 * 22.15 / 23.10 (tls.getCACertificates); before, there is no way to ask for it, and the probe falls back
 * to Node's bundled roots (plus NODE_EXTRA_CA_CERTS), which --help states as a difference from libpq.
 */
export function systemStore(): string[] | undefined {
  const read = (tls as { getCACertificates?: (type: "system") => string[] }).getCACertificates;
  return read ? read("system") : undefined;
}

/** A client-side TLS file problem libpq reports at connection time: the TLS class (exit 6). */
export class TlsFileError extends Error {
  readonly code = "PROBE_TLS_FILE";
}

function exists(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

/** The file's bytes, or undefined when it is missing or cannot be read (a CRL libpq silently ignores). */
function readIfPossible(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

function read(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new TlsFileError(`could not read ${what} "${file}": ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
}

/**
 * Reads what libpq's initialize_SSL reads: the root certificate (sslrootcert, else ~/.postgresql/root.crt,
 * when it exists), the CRL with it (sslcrl, else ~/.postgresql/root.crl), and the client certificate and key
 * (sslcert / sslkey, else ~/.postgresql/postgresql.crt and .key) with libpq's refusal of a key others may read.
 */
export function loadTlsMaterial(target: ConnectionTarget, home = target.homeDirectory): TlsMaterial {
  const rootFile = target.sslRootCert ?? defaultTlsFile(home, "root.crt");
  let rootCertFile: string | undefined;
  let ca: Buffer | string[] | undefined;
  let crl: string[] | undefined;
  let crlWithoutRevocationList = false;
  if (target.sslRootCert === "system") {
    rootCertFile = "system";
    ca = systemStore();
  } else if (exists(rootFile)) {
    rootCertFile = rootFile;
    ca = read(rootFile, "root certificate file");
    // libpq: SSL_CTX_load_verify_locations fails on a file with no PEM certificate (text, or DER): "could not
    // read root certificate file "...": no certificate or crl found" (fe-secure-openssl.c initialize_SSL).
    if (readPemContents(ca).certificates.length === 0 && readPemContents(ca).revocationLists.length === 0) {
      throw new TlsFileError(`could not read root certificate file "${rootFile}": ${NO_CERTIFICATE_OR_CRL}`);
    }
    // libpq: sslcrl, else "defaults to use the default CRL file" ~/.postgresql/root.crl; "if not found, silently
    // ignore; we do not require CRL". A file that cannot be read, or that OpenSSL finds nothing in, is ignored too
    // (X509_STORE_load_locations fails, and the CRL checks stay off): psql connects.
    const crlBytes = readIfPossible(target.sslCrl ?? defaultTlsFile(home, "root.crl"));
    if (crlBytes) {
      const contents = readPemContents(crlBytes);
      if (contents.revocationLists.length > 0) crl = contents.revocationLists;
      else crlWithoutRevocationList = contents.certificates.length > 0;
    }
  } else if (target.sslMode === "verify-ca" || target.sslMode === "verify-full") {
    throw new UsageError(`root certificate file "${rootFile}" does not exist; either provide the file (--ca FILE or ` +
      "sslrootcert=FILE; for RDS, the RDS CA bundle; sslrootcert=system for the system's store) or change sslmode " +
      "to disable server certificate verification");
  }

  const versions = { ...target.tlsVersions };
  const certFile = target.sslCert ?? defaultTlsFile(home, "postgresql.crt");
  const verification = { rootCertFile, ca, crl, ...(crlWithoutRevocationList ? { crlWithoutRevocationList } : {}), ...versions };
  if (!exists(certFile)) return verification;
  const cert = read(certFile, "certificate file");
  const keyFile = target.sslKey ?? defaultTlsFile(home, "postgresql.key");
  const keyStat = exists(keyFile);
  if (!keyStat) throw new TlsFileError(`certificate present, but not private key file "${keyFile}"`);
  if (!keyStat.isFile()) throw new TlsFileError(`private key file "${keyFile}" is not a regular file`);
  // fe-secure-openssl.c initialize_SSL (REL_15_STABLE): "We accept root-owned files with mode 0640 or less
  // ... For files with non-root ownership, require mode 0600 or less": the owner decides, whoever runs.
  const tooOpen = keyStat.uid === 0 ? keyStat.mode & 0o037 : keyStat.mode & 0o077;
  if (tooOpen) {
    throw new TlsFileError(`private key file "${keyFile}" has group or world access; file must have permissions ` +
      "u=rw (0600) or less if owned by the current user, or permissions u=rw,g=r (0640) or less if owned by root");
  }
  const key = privateKey(keyFile, target.sslPassword);
  return { ...verification, cert, key: keyOfCertificate(cert, key, keyFile) };
}

/**
 * libpq loads the certificate, then the key (SSL_use_PrivateKey_file), which OpenSSL refuses when it is not
 * the certificate's: "could not load private key file "...": key values mismatch" (psql 15.18). Node would
 * throw the same from tls.connect, outside any handler; checked here, it is the TLS class's message.
 */
function keyOfCertificate(cert: Buffer, key: Buffer, keyFile: string): Buffer {
  let matches: boolean;
  try {
    matches = new crypto.X509Certificate(cert).checkPrivateKey(crypto.createPrivateKey(key));
  } catch {
    return key; // a certificate Node cannot parse: tls.connect reports it, as OpenSSL would
  }
  if (!matches) throw new TlsFileError(`could not load private key file "${keyFile}": key values mismatch`);
  return key;
}

/**
 * The client key, decrypted with sslpassword as libpq's PQdefaultSSLKeyPassHook_OpenSSL does: the
 * password given, else an empty one (libpq never prompts). A key that will not load (encrypted and no or
 * the wrong password, or not a key) is libpq's "could not load private key file", with OpenSSL's reason
 * (fe-secure-openssl.c, REL_15_STABLE: initialize_SSL). The password itself is never in the message.
 */
function privateKey(keyFile: string, password: string | undefined): Buffer {
  const pem = read(keyFile, "private key file");
  try {
    return Buffer.from(crypto.createPrivateKey({ key: pem, format: "pem", ...(password ? { passphrase: password } : {}) })
      .export({ type: "pkcs8", format: "pem" }));
  } catch (error) {
    // An encrypted key and no password: libpq's callback hands OpenSSL an empty one, which OpenSSL 3 reports
    // as "processing error" (psql 15.18 on OpenSSL 3, the reference); Node refuses before asking OpenSSL.
    // Otherwise OpenSSL's reason string, as libpq's SSLerrmessage prints it ("error:1C800064:Provider
    // routines::bad decrypt" -> "bad decrypt").
    const code = (error as { code?: string }).code;
    const reason = code === "ERR_MISSING_PASSPHRASE" || code === "ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED" ? "processing error"
      : ((error as Error).message.split(":").pop() ?? "").trim() || String(error);
    throw new TlsFileError(`could not load private key file "${keyFile}": ${reason}`);
  }
}

/**
 * Node TLS options for one attempt. The name checked (verify-full) and sent as SNI is the host as given,
 * even when the connection goes to hostaddr, as libpq does.
 */
export function tlsConnectOptions(policy: Exclude<TlsPolicy, "none">, host: string, material: TlsMaterial):
  ConnectionOptions {
  const sni = ipVersion(host) === 0 ? { servername: host } : {};
  const client = { ...(material.cert ? { cert: material.cert } : {}), ...(material.key ? { key: material.key } : {}),
    ...(material.minVersion ? { minVersion: material.minVersion } : {}),
    ...(material.maxVersion ? { maxVersion: material.maxVersion } : {}) };
  if (policy === "encrypt-only") return { ...sni, ...client, rejectUnauthorized: false };
  const base: ConnectionOptions = { ...sni, ...client, rejectUnauthorized: true,
    ...(material.ca ? { ca: material.ca } : {}), ...(material.crl ? { crl: material.crl } : {}) };
  // verify-ca: the chain must be trusted, the name in it may be anything.
  if (policy === "verify-ca") return { ...base, checkServerIdentity: () => undefined };
  return { ...base, checkServerIdentity: (_name: string, cert: PeerCertificate) => libpqHostNameCheck(host, cert) };
}
