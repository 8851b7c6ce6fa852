import type { RDSClientConfig } from "@aws-sdk/client-rds";
import { noteSdkNodeVersionOnce, sdkNodeWarningAtMostOncePerProcess } from "./sdk-node-warning";

/**
 * Every AWS client this project builds retries in the SDK itself, once: up to AWS_MAX_ATTEMPTS requests per
 * call, with the SDK's "adaptive" mode (exponential backoff with jitter, plus a client-side rate limiter
 * that slows down after throttling). No loop of our own wraps it, so a throttled call is at most 5
 * requests, not attempts x attempts.
 */
export const AWS_MAX_ATTEMPTS = 5;
export const AWS_RETRY_MODE = "adaptive";

/** What a caller (a test) may swap in: the HTTP layer and the credentials, never the retry policy. */
export type AwsClientOverrides = Pick<RDSClientConfig, "requestHandler" | "credentials">;

/** The configuration of every client: region, the SDK's own retry, and any overrides. */
export function awsClientConfig(region: string | undefined, overrides: AwsClientOverrides = {}) {
  sdkNodeWarningAtMostOncePerProcess();
  noteSdkNodeVersionOnce();
  return { ...(region ? { region } : {}), maxAttempts: AWS_MAX_ATTEMPTS, retryMode: AWS_RETRY_MODE, ...overrides };
}
