import { CHANNEL_BINDING_ERROR_CODE, CHANNEL_BINDING_WORDING } from "./channel-binding";
import { ClassWording, ExitClassName } from "./exit-codes";
import { loginRefusal } from "./login-refusals";

/** Where in the witness an error happened. */
export type ProbePhase = "dns" | "connect" | "query";

export interface ClassifiedError {
  readonly className: ExitClassName;
  /** One line, the error as the server or the network reported it. */
  readonly detail: string;
  /** Worth another attempt under --wait: the instance may still be coming up. */
  readonly retryable: boolean;
  /** Wording of its own within the exit class (no route to the host shares the timeout's code). */
  readonly wording?: ClassWording;
}

/** What the caller knows of the attempt that failed. */
export interface FailureContext {
  /** The server answered the SSLRequest with "N": it has no TLS, so no TLS setting can help. */
  readonly serverDeclinedTls?: boolean;
}

/** pg_hba.conf's refusals: authentication, whatever TLS (src/backend/libpq/auth.c ClientAuthentication). */
const HBA_WORDING = {
  meaning: "authentication failed: pg_hba.conf refuses this connection",
  hint: "the server's pg_hba.conf has no line accepting this host, user and database (or a reject line): check the user and " +
    "database names and this host's address; on RDS, TLS is required only when rds.force_ssl=1",
} as const;

/** An authentication method the probe cannot answer (fe-auth.c pg_fe_sendauth: GSSAPI, SSPI, Kerberos V5, SCM). */
const AUTH_METHOD_WORDING = {
  meaning: "authentication failed: the server asks for a method the probe does not support",
  hint: "the pg_hba.conf line for this host and user asks for GSSAPI (Kerberos) or SSPI: the probe, like psql without a " +
    "Kerberos ticket, cannot answer it; use a line with scram-sha-256 (as RDS does for password users)",
} as const;

/** The server's TLS alert about the client's certificate (TLS 1.3: after the client's handshake). */
const CLIENT_CERT_REJECTED_WORDING = {
  meaning: "TLS failure: the server rejected this client's certificate",
  hint: "the server's alert names why: sslcert (and sslkey) must be a certificate signed by a CA in the server's " +
    "ssl_ca_file, within its validity dates and not revoked",
} as const;

const CLIENT_CERT_WORDING = {
  meaning: "authentication failed: the server requires a client certificate",
  hint: "the pg_hba.conf line has clientcert=verify-ca/verify-full or the cert method: give sslcert and sslkey (a " +
    "certificate the server's ssl_ca_file trusts, whose CN is the user name for cert and verify-full)",
} as const;

/** No route: the same family as a timeout (routing, subnets, security group), told apart in words. */
export const UNREACHABLE_WORDING = {
  meaning: "network unreachable",
  hint: "this host has no route to that address: check the route tables and network ACLs between this host's subnet " +
    "and the database's, that the address is the endpoint's (a private address from outside its VPC has no route), " +
    "and the security group's ingress from this host's subnet (app_subnet_cidr)",
} as const;

const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_FAIL", "EAI_NODATA"]);
const NO_ROUTE_CODES = new Set(["EHOSTUNREACH", "ENETUNREACH"]);
const TIMEOUT_MESSAGES = [/timeout expired/i, /connection timeout/i, /query read timeout/i, /timed out/i];
const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|UNABLE_TO_|SELF_SIGNED_|DEPTH_ZERO_|CERT_|HOSTNAME_MISMATCH)/;
const CHAIN_CODES = /^(UNABLE_TO_|SELF_SIGNED_|DEPTH_ZERO_|CERT_(?!.*ALTNAME))/;
const TLS_MESSAGES = [/does not support SSL/i, /error establishing an SSL connection/i, /certificate/i, /SSL routines/i,
  /wrong version number/i];

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
}

function codeOf(error: ErrorLike): string {
  return typeof error.code === "string" ? error.code : "";
}

/**
 * OpenSSL's reason for a TLS error, as libpq words it: "SSL error: tlsv1 alert unknown ca"
 * (fe-secure-openssl.c pgtls_read / open_client_SSL, REL_15_STABLE: "SSL error: %s" with SSLerrmessage,
 * which is ERR_reason_error_string). Node's OpenSSL errors carry it as `reason`.
 */
function sslReason(error: ErrorLike & { reason?: unknown; library?: unknown }): string | undefined {
  if (typeof error.reason === "string" && error.reason && /SSL/i.test(String(error.library ?? ""))) return error.reason;
  const fromMessage = typeof error.message === "string" ? /SSL routines:[^:]*:([^:]+):/.exec(error.message) : null;
  return fromMessage?.[1];
}

/** Maps an error from DNS, the socket, TLS or PostgreSQL to the probe's exit class. Pure. */
export function classifyError(error: unknown, phase: ProbePhase, context: FailureContext = {}): ClassifiedError {
  const e = (error ?? {}) as ErrorLike;
  const code = codeOf(e);
  const causeCode = e.cause && typeof e.cause === "object" ? codeOf(e.cause as ErrorLike) : "";
  // Node 24 appends "try running Node.js with --use-system-ca" to untrusted-certificate errors: wrong advice
  // for an operator of the probe, whose remedy is sslrootcert / --ca (the hint that follows says so).
  const reason = sslReason(e);
  const message = reason ? `SSL error: ${reason}`
    : (typeof e.message === "string" && e.message ? e.message.split("\n")[0] : String(error))
      .replace(/; if the root CA is installed locally, try running Node\.js with --use-system-ca/, "");
  const detail = code && !message.includes(code) ? `${message} (${code})` : message;

  if (phase === "dns" || DNS_CODES.has(code)) return { className: "dns", detail, retryable: true };
  if (NO_ROUTE_CODES.has(code) || NO_ROUTE_CODES.has(causeCode)) {
    return { className: "timeout", detail, retryable: true, wording: UNREACHABLE_WORDING };
  }
  if (code === "ECONNREFUSED" || causeCode === "ECONNREFUSED") return { className: "refused", detail, retryable: true };
  // The server asked for a password and no source had one (libpq: "fe_sendauth: no password supplied").
  if (code === "PROBE_NO_PASSWORD") return { className: "auth", detail: message, retryable: false };
  if (code === CHANNEL_BINDING_ERROR_CODE) {
    return { className: "auth", detail: message, retryable: false, wording: CHANNEL_BINDING_WORDING };
  }
  // Client-side TLS files (key permissions), or a server without TLS when TLS is required.
  if (code === "PROBE_TLS_FILE" || code === "PROBE_NO_SSL") {
    return { className: "tls", detail: message, retryable: false };
  }
  // Not PostgreSQL's protocol: an answer to the SSLRequest other than S or N, or a first message other than
  // an authentication request or an error (fe-connect.c PQconnectPoll, CONNECTION_AWAITING_RESPONSE).
  if (code === "PROBE_BAD_SSL_ANSWER" || code === "PROBE_NOT_POSTGRES") {
    return { className: "protocol", detail: message, retryable: false };
  }
  if (code === "PROBE_AUTH_METHOD") return { className: "auth", detail: message, retryable: false, wording: AUTH_METHOD_WORDING };
  // SQLSTATE codes from the server (https://www.postgresql.org/docs/current/errcodes-appendix.html), before the
  // TLS words: "connection requires a valid client certificate" is the server's answer, not a handshake failure.
  // "no pg_hba.conf entry ..., no encryption" from a server with TLS: it accepts only TLS (rds.force_ssl=1), and
  // sslmode is what to change. From a server without TLS, or an explicit "rejects", TLS cannot help.
  if (code === "28000" && /pg_hba\.conf rejects|no pg_hba\.conf entry/i.test(message)) {
    if (/no encryption/i.test(message) && !/rejects/i.test(message) && !context.serverDeclinedTls) {
      return { className: "tls", detail, retryable: false };
    }
    return { className: "auth", detail, retryable: false, wording: HBA_WORDING };
  }
  if (code === "28000" && /client certificate/i.test(message)) {
    return { className: "auth", detail, retryable: false, wording: CLIENT_CERT_WORDING };
  }
  if (code === "28P01" || code === "28000") return { className: "auth", detail, retryable: false };
  if (code === "3D000") return { className: "noDatabase", detail, retryable: false };
  // Any other SQLSTATE before the session is open is a refusal at log-in (limits, 57P03, privileges, options).
  if (phase === "connect" && /^[0-9A-Z]{5}$/.test(code)) {
    const refusal = loginRefusal(code);
    return { className: "loginRefused", detail, retryable: refusal.retryable, wording: refusal.wording };
  }
  if (code === "ETIMEDOUT" || causeCode === "ETIMEDOUT" || TIMEOUT_MESSAGES.some((re) => re.test(message))) {
    return { className: "timeout", detail, retryable: true };
  }
  if (reason && /alert (unknown ca|certificate expired|bad certificate|certificate revoked|certificate unknown|unsupported certificate|certificate required|access denied)/.test(reason)) {
    return { className: "tls", detail, retryable: false, wording: CLIENT_CERT_REJECTED_WORDING };
  }
  // A chain Node's OpenSSL would not verify: libpq reports OpenSSL's reason for the failed handshake, "SSL error:
  // certificate verify failed" (fe-secure-openssl.c open_client_SSL); Node's code names the cause.
  if (CHAIN_CODES.test(code)) {
    return { className: "tls", detail: `SSL error: certificate verify failed: ${detail}`, retryable: false };
  }
  // OpenSSL's reason (which replaced the message and its "SSL routines") is TLS's, with or without a code.
  if (reason || TLS_CODES.test(code) || TLS_CODES.test(causeCode) || TLS_MESSAGES.some((re) => re.test(message))) {
    return { className: "tls", detail, retryable: false };
  }
  if (/terminated unexpectedly|ECONNRESET|socket hang up/i.test(message) || code === "ECONNRESET") {
    return { className: "refused", detail: `the server closed the connection: ${detail}`, retryable: true };
  }
  return { className: "query", detail, retryable: false };
}
