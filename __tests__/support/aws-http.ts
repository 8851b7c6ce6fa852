import { Readable } from "node:stream";
import type { AwsClientOverrides } from "../../aws/client-config";

/** One HTTP answer from a fake AWS endpoint. */
export interface FakeAnswer {
  readonly status: number;
  readonly body: string;
  readonly headers?: Record<string, string>;
}

/**
 * An AWS SDK request handler that never touches the network: it records each HTTP request the client
 * sends (after the SDK's retry middleware) and answers from a script, the last answer repeating.
 * Counting here is counting what AWS would see.
 */
export function scriptedHttp(answers: readonly FakeAnswer[]) {
  const requests: Array<{ method: string; path: string; body: string; target?: string }> = [];
  const requestHandler = {
    handle: async (request: { method: string; path: string; body?: unknown; headers: Record<string, string> }) => {
      const body = request.body instanceof Uint8Array ? new TextDecoder().decode(request.body) : String(request.body ?? "");
      requests.push({ method: request.method, path: request.path, body,
        target: request.headers["x-amz-target"] });
      const answer = answers[Math.min(requests.length - 1, answers.length - 1)];
      return { response: { statusCode: answer.status, headers: { "content-type": "text/xml", ...answer.headers },
        body: Readable.from([Buffer.from(answer.body)]) } };
    },
  };
  const overrides = {
    requestHandler, credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
  } as unknown as AwsClientOverrides;
  return { overrides, requests };
}

/** An RDS (Query protocol) error body, as the RDS API Reference's "Common Errors" shapes it. */
export function rdsError(code: string, message: string, status = 400): FakeAnswer {
  return { status, body: `<ErrorResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><Error><Type>Sender</Type>` +
    `<Code>${code}</Code><Message>${message}</Message></Error><RequestId>a1b2c3d4-5678-90ab-cdef-EXAMPLE11111</RequestId></ErrorResponse>` };
}

/** A Secrets Manager (JSON 1.1 protocol) error body. */
export function jsonError(type: string, message: string, status = 400): FakeAnswer {
  return { status, headers: { "content-type": "application/x-amz-json-1.1" },
    body: JSON.stringify({ __type: type, message }) };
}

/**
 * Runs a promise under jest's fake timers, advancing them until it settles: the SDK's backoff and
 * adaptive rate limiter then cost no wall time.
 */
export async function settleWithFakeTimers<T>(start: () => Promise<T>): Promise<T> {
  jest.useFakeTimers({ doNotFake: ["nextTick", "setImmediate", "queueMicrotask"] });
  try {
    let done = false;
    const promise = start().finally(() => { done = true; });
    for (let i = 0; i < 1000 && !done; i++) await jest.advanceTimersByTimeAsync(1000);
    return await promise;
  } finally {
    jest.useRealTimers();
  }
}
