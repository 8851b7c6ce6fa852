import { sdkNodeWarningAtMostOncePerProcess } from "./sdk-node-warning";

// Every command that talks to AWS imports this module before it makes a client.
sdkNodeWarningAtMostOncePerProcess();

/** The AWS failures an operator can act on, told apart by the SDK error's name. Pure. */
export type AwsFailure = "no-credentials" | "access-denied" | "not-found" | "throttled" | "other";

const NO_CREDENTIALS = new Set(["CredentialsProviderError", "ExpiredToken", "ExpiredTokenException",
  "UnrecognizedClientException", "InvalidClientTokenId", "InvalidSignatureException", "TokenRefreshRequired"]);
// "Forbidden": S3 HeadBucket answers 403 with no body, so the SDK names the error after the status.
const ACCESS_DENIED = new Set(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError", "Forbidden"]);
const NOT_FOUND = new Set(["ResourceNotFoundException", "DBInstanceNotFoundFault", "DBInstanceNotFound",
  "InvalidGroup.NotFound", "DBSubnetGroupNotFoundFault"]);
const THROTTLED = new Set(["Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException",
  "RequestThrottled", "RequestThrottledException"]);

export function classifyAwsError(error: unknown): AwsFailure {
  const name = (error as { name?: string; Code?: string })?.name ?? (error as { Code?: string })?.Code ?? "";
  if (NO_CREDENTIALS.has(name) || /Could not load credentials/i.test(String((error as Error)?.message))) return "no-credentials";
  if (ACCESS_DENIED.has(name)) return "access-denied";
  if (NOT_FOUND.has(name)) return "not-found";
  if (THROTTLED.has(name)) return "throttled";
  return "other";
}

/** One line about an SDK error, without request ids or stack. */
export function describeAwsError(error: unknown): string {
  const e = error as { name?: string; message?: string };
  return `${e?.name ?? "Error"}: ${String(e?.message ?? error).split("\n")[0]}`;
}
