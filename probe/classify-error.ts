import { CHANNEL_BINDING_ERROR_CODE, CHANNEL_BINDING_WORDING } from "./channel-binding";
import { ExitClassName } from "./exit-codes";

/** Where in the witness an error happened. */
export type ProbePhase = "dns" | "connect" | "query";

export interface ClassifiedError {
  readonly className: ExitClassName;
  /** One line, the error as the server or the network reported it. */
  readonly detail: string;
  /** Worth another attempt under --wait: the instance may still be coming up. */
  readonly retryable: boolean;
  /** Wording of its own within the exit class (no route to the host shares the timeout's code). */
  readonly wording?: { readonly meaning: string; readonly hint: string };
}

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

/** Maps an error from DNS, the socket, TLS or PostgreSQL to the probe's exit class. Pure. */
export function classifyError(error: unknown, phase: ProbePhase): ClassifiedError {
  const e = (error ?? {}) as ErrorLike;
  const code = codeOf(e);
  const causeCode = e.cause && typeof e.cause === "object" ? codeOf(e.cause as ErrorLike) : "";
  // Node 24 appends "try running Node.js with --use-system-ca" to untrusted-certificate errors: wrong advice
  // for an operator of the probe, whose remedy is sslrootcert / --ca (the hint that follows says so).
  const message = (typeof e.message === "string" && e.message ? e.message.split("\n")[0] : String(error))
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
  if (code === "PROBE_TLS_FILE" || code === "PROBE_NO_SSL" || code === "PROBE_BAD_SSL_ANSWER") {
    return { className: "tls", detail: message, retryable: false };
  }
  if (code === "ETIMEDOUT" || causeCode === "ETIMEDOUT" || TIMEOUT_MESSAGES.some((re) => re.test(message))) {
    return { className: "timeout", detail, retryable: true };
  }
  if (TLS_CODES.test(code) || TLS_CODES.test(causeCode) || TLS_MESSAGES.some((re) => re.test(message))) {
    return { className: "tls", detail, retryable: false };
  }
  // SQLSTATE codes from the server (https://www.postgresql.org/docs/current/errcodes-appendix.html).
  if (code === "28000" && /no encryption/i.test(message)) return { className: "tls", detail, retryable: false };
  if (code === "28P01" || code === "28000") return { className: "auth", detail, retryable: false };
  if (code === "3D000") return { className: "noDatabase", detail, retryable: false };
  // 57P03 cannot_connect_now: the server is starting up or shutting down, as RDS does while it reboots.
  if (code === "57P03") return { className: "refused", detail, retryable: true };
  if (/terminated unexpectedly|ECONNRESET|socket hang up/i.test(message) || code === "ECONNRESET") {
    return { className: "refused", detail: `the server closed the connection: ${detail}`, retryable: true };
  }
  return { className: "query", detail, retryable: false };
}
