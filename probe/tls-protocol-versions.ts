import type { SecureVersion } from "node:tls";
import { UsageError } from "./usage-error";

/** The versions libpq 15 accepts for ssl_min_protocol_version / ssl_max_protocol_version, as Node names them. */
const VERSIONS: readonly SecureVersion[] = ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"];

/** libpq 15's default ssl_min_protocol_version (PQconninfoOptions: "TLSv1.2"); the maximum has none. */
export const DEFAULT_SSL_MIN_PROTOCOL_VERSION: SecureVersion = "TLSv1.2";

/** The TLS versions one connection may use, as Node's tls.connect takes them. */
export interface TlsVersionRange {
  readonly minVersion?: SecureVersion;
  readonly maxVersion?: SecureVersion;
}

/**
 * libpq's sslVerifyProtocolVersion: unset or empty is valid (no bound), else one of the four names,
 * compared without regard to case (pg_strcasecmp). postgres/postgres REL_15_STABLE, fe-connect.c.
 */
function protocolVersion(value: string | undefined, keyword: string): SecureVersion | undefined {
  if (value === undefined || value === "") return undefined;
  const version = VERSIONS.find((v) => v.toLowerCase() === value.toLowerCase());
  if (!version) throw new UsageError(`invalid ${keyword} value: "${value}"`);
  return version;
}

/**
 * ssl_min_protocol_version and ssl_max_protocol_version as libpq 15's connectOptions2 checks them: each
 * value as above, then sslVerifyProtocolRange (a minimum above the maximum is "invalid SSL protocol
 * version range"; TLSv1 as the minimum allows any maximum, TLSv1 as the maximum only TLSv1). An empty
 * minimum means none, as in libpq (fe-secure-openssl.c sets a bound only for a non-empty value); an
 * unset one is libpq's default, TLSv1.2.
 */
export function tlsVersionRange(min: string | undefined, max: string | undefined): TlsVersionRange {
  const minVersion = min === undefined ? DEFAULT_SSL_MIN_PROTOCOL_VERSION : protocolVersion(min, "ssl_min_protocol_version");
  const maxVersion = protocolVersion(max, "ssl_max_protocol_version");
  if (minVersion && maxVersion && VERSIONS.indexOf(minVersion) > VERSIONS.indexOf(maxVersion)) {
    throw new UsageError("invalid SSL protocol version range");
  }
  return { ...(minVersion ? { minVersion } : {}), ...(maxVersion ? { maxVersion } : {}) };
}

/** OpenSSL's reasons after which libpq adds its protocol-range sentence, as Node codes them (ERR_SSL_ + reason). */
const VERSION_REASONS = new Set(["NO_PROTOCOLS_AVAILABLE", "UNSUPPORTED_PROTOCOL", "BAD_PROTOCOL_VERSION_NUMBER",
  "UNKNOWN_PROTOCOL", "UNKNOWN_SSL_VERSION", "UNSUPPORTED_SSL_VERSION", "WRONG_SSL_VERSION", "WRONG_VERSION_NUMBER",
  "TLSV1_ALERT_PROTOCOL_VERSION", "VERSION_TOO_HIGH", "VERSION_TOO_LOW"].map((reason) => `ERR_SSL_${reason}`));

/**
 * A handshake error about the protocol version, with libpq's sentence after it (fe-secure-openssl.c,
 * REL_15_STABLE, open_client_SSL: "This may indicate that the server does not support any SSL protocol
 * version between %s and %s", the bounds in force, else TLSv1 and TLSv1.3). Other errors are returned as
 * they are. The message stays one line: the first line is what the probe reports.
 */
export function withProtocolRange(error: Error, range: TlsVersionRange): Error {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string" || !VERSION_REASONS.has(code)) return error;
  const sentence = "This may indicate that the server does not support any SSL protocol version between " +
    `${range.minVersion ?? "TLSv1"} and ${range.maxVersion ?? "TLSv1.3"}.`;
  // libpq: "SSL error: <OpenSSL's reason>" and then this sentence (fe-secure-openssl.c open_client_SSL); the
  // reason is kept here, since the classifier words only errors that still carry OpenSSL's own fields.
  const given = (error as { reason?: unknown }).reason;
  const reason = typeof given === "string" && given ? given : /SSL routines:[^:]*:([^:]+):/.exec(error.message)?.[1];
  const head = reason ? `SSL error: ${reason}` : error.message.split("\n")[0];
  return Object.assign(new Error(`${head} (${code}). ${sentence}`), { code });
}
