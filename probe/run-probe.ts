import { ConnectionTarget, hostPort } from "./connection-target";
import { backoffDelayMs } from "./backoff";
import { canonicalEvidence, ExpectationResult, probeHostIdentity, targetRecord, WitnessEvidence } from "./evidence";
import { EXIT, ExitClassName, hintAt } from "./exit-codes";
import { checkExpectations, Expectations } from "./expectations";
import { loadTlsMaterial, TlsMaterial } from "./tls-options";
import { HostResolver, observeWitness, WitnessOutcome } from "./witness";

export interface ProbeOptions {
  readonly expectations?: Expectations;
  /** Succeed only if no session can be opened because TCP is refused or times out. */
  readonly expectUnreachable?: boolean;
  /** Keep trying until this many seconds have passed (0: one attempt). */
  readonly waitSeconds?: number;
  readonly queryTimeoutSeconds?: number;
  readonly resolve?: HostResolver;
  /** Progress of each attempt under --wait; the library never prints. */
  readonly onAttempt?: (report: AttemptReport) => void;
  /** Injectable for tests. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly now?: () => number;
}

export interface AttemptReport {
  readonly attempt: number;
  readonly outcome: string;
  /** Milliseconds until the next attempt; null when there is none. */
  readonly nextInMs: number | null;
  readonly remainingMs: number;
}

export interface ProbeResult {
  readonly exitCode: number;
  readonly className: ExitClassName;
  /** One line for the operator; empty on success. */
  readonly message: string;
  readonly evidence: WitnessEvidence;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs the witness (with retries under --wait), checks expectations, and builds the evidence. */
export async function runProbe(target: ConnectionTarget, options: ProbeOptions = {}): Promise<ProbeResult> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const deadline = now() + (options.waitSeconds ?? 0) * 1000;
  const queryTimeoutMs = (options.queryTimeoutSeconds ?? 10) * 1000;

  // TLS files once for all attempts; a missing root certificate under verify-* is a usage error (2).
  let tlsMaterial: TlsMaterial | undefined;
  try {
    tlsMaterial = target.sslMode === "disable" ? {} : loadTlsMaterial(target);
  } catch (error) {
    if ((error as { code?: string }).code !== "PROBE_TLS_FILE") throw error;
  }
  let attempts = 0;
  let outcome: WitnessOutcome;
  let lastAttempt = false;
  for (;;) {
    attempts += 1;
    const budget = options.waitSeconds ? Math.max(1000, deadline - now()) : undefined;
    outcome = await observeWitness(target, { queryTimeoutMs, connectBudgetMs: budget, resolve: options.resolve,
      tlsMaterial });
    const remainingMs = deadline - now();
    const retry: boolean = !lastAttempt && !options.expectUnreachable && !outcome.ok && outcome.error.retryable && remainingMs > 0;
    const delay: number | null = retry ? nextDelayMs(backoffDelayMs(attempts, options.random), remainingMs) : null;
    // The attempt at the deadline is the last one, even when a timer that fired a millisecond early by the
    // wall clock leaves "1 ms" on it: otherwise a run could retry again and again at "0.0 s left".
    lastAttempt = delay === remainingMs;
    if (options.waitSeconds) {
      options.onAttempt?.({ attempt: attempts, remainingMs: Math.max(0, remainingMs), nextInMs: delay,
        outcome: outcome.ok ? "witness observed" : `${outcome.error.wording?.meaning ?? EXIT[outcome.error.className].meaning}: ${outcome.error.detail}` });
    }
    if (delay === null) break;
    await sleep(delay);
  }
  const result = buildResult(target, options, outcome, attempts, new Date(now()).toISOString(), tlsMaterial?.rootCertFile);
  return { ...result, evidence: canonicalEvidence(result.evidence) };
}

/** A gap shorter than the backoff's floor (half the first 1 s delay) is not left before the deadline. */
const MIN_GAP_MS = 500;

/**
 * The wait before the next attempt: the backoff, or all the time left when the backoff would not leave a
 * whole MIN_GAP_MS after it. Every attempt line but the last so shows at least half a second left, and
 * each shows at least half a second less than the line before: a countdown that never repeats a tenth.
 */
export function nextDelayMs(backoffMs: number, remainingMs: number): number {
  return remainingMs - backoffMs < MIN_GAP_MS ? remainingMs : backoffMs;
}

/** Seconds the probe waited for an answer on one address, for messages. */
function waitedSeconds(target: ConnectionTarget, waitSeconds: number | undefined): string {
  const seconds = target.connectTimeoutSeconds || waitSeconds || 0;
  return seconds ? `${seconds} s` : "the connect timeout";
}

function buildResult(target: ConnectionTarget, options: ProbeOptions, outcome: WitnessOutcome, attempts: number,
  time: string, rootCertFile: string | undefined): ProbeResult {
  const base = {
    schema: "checkpoints-probe/evidence@1" as const,
    time,
    target: targetRecord(target, rootCertFile, outcome.resolvedAddresses),
    hostsTried: outcome.tried,
    attempts,
    probeHost: { ...probeHostIdentity(), connectionSourceAddress: outcome.ok ? outcome.sourceAddress : null },
  };
  const lastTried = outcome.tried[outcome.tried.length - 1];
  const where = hostPort(lastTried?.host ?? target.host, lastTried?.port ?? target.port);

  if (options.expectUnreachable) {
    // The guard that makes the negative witness honest: any TCP connection at all means not unreachable.
    const unreachable = !outcome.ok && !outcome.tcpConnected &&
      (outcome.error.className === "refused" || outcome.error.className === "timeout");
    if (unreachable) {
      return { exitCode: EXIT.ok.code, className: "ok", message: "",
        evidence: { ...base, outcome: "unreachable", exitCode: EXIT.ok.code, errorClass: EXIT[outcome.error.className].name,
          error: outcome.error.detail, latencyMs: { connect: outcome.connectMs, query: null },
          expectations: [{ name: "unreachable", expected: "no TCP connection", actual: outcome.error.detail, met: true }] } };
    }
    if (!outcome.ok && outcome.error.className === "dns") return failure(base, outcome, where, target);
    // A listener that accepts TCP and never speaks is not kept out: the security group let the packets in.
    const actual = outcome.ok ? "a PostgreSQL session was opened"
      : outcome.error.className === "timeout"
        ? `TCP connection accepted; no PostgreSQL answer within ${waitedSeconds(target, options.waitSeconds)}`
        : outcome.error.className === "refused"
          ? `TCP connection accepted, then closed with no PostgreSQL answer (${outcome.error.detail})`
          : `the server answered: ${outcome.error.detail}`;
    const expectations: ExpectationResult[] = [{ name: "unreachable", expected: "no TCP connection", actual, met: false }];
    return { exitCode: EXIT.expectation.code, className: "expectation",
      message: `expectation not met: ${where} was expected to be unreachable, but ${actual}`,
      evidence: { ...base, outcome: "failed", exitCode: EXIT.expectation.code, errorClass: EXIT.expectation.name,
        error: actual, server: outcome.ok ? outcome.server : undefined, tls: outcome.ok ? outcome.tls : undefined,
        latencyMs: { connect: outcome.connectMs, query: outcome.ok ? outcome.queryMs : null }, expectations } };
  }

  if (!outcome.ok) return failure(base, outcome, where, target);

  const expectations = checkExpectations(options.expectations ?? {}, outcome.server, outcome.tls);
  const unmet = expectations.filter((e) => !e.met);
  if (!outcome.server.selectOne) {
    unmet.push({ name: "select-1", expected: "1", actual: "another value", met: false });
  }
  const exitCode = unmet.length > 0 ? EXIT.expectation.code : EXIT.ok.code;
  const message = unmet.map((e) => `expectation not met: ${e.name} expected ${e.expected}, got ${e.actual}`).join("; ");
  return { exitCode, className: unmet.length > 0 ? "expectation" : "ok", message,
    evidence: { ...base, outcome: unmet.length > 0 ? "failed" : "observed", exitCode,
      ...(unmet.length > 0 ? { errorClass: EXIT.expectation.name, error: message } : {}),
      server: outcome.server, tls: outcome.tls, latencyMs: { connect: outcome.connectMs, query: outcome.queryMs },
      expectations } };
}

function failure(base: Omit<WitnessEvidence, "outcome" | "exitCode" | "latencyMs" | "expectations">,
  outcome: Extract<WitnessOutcome, { ok: false }>, where: string, target: ConnectionTarget): ProbeResult {
  const { className, wording } = outcome.error;
  const exit = EXIT[className];
  const lastPort = outcome.tried[outcome.tried.length - 1]?.port ?? target.port;
  let detail = outcome.error.detail;
  let hint = wording?.hint ?? hintAt(className, lastPort);
  const lastTried = outcome.tried[outcome.tried.length - 1];
  const lastEntry = target.hosts.find((h) => h.host === lastTried?.host && h.port === lastTried?.port);
  if (className === "auth" && lastEntry?.passwordSource === "passfile") {
    // libpq's pgpassfileWarning: say where a rejected password came from.
    detail = `${detail}; password retrieved from file "${target.passfile}"`;
  }
  if (detail.includes("no password supplied")) {
    detail = `${detail}: no password was found; looked in ${(target.passwordSearch ?? ["the URL", "PGPASSWORD"]).join(", ")}`;
    hint = "give the password through PGPASSWORD, a passfile line (host:port:database:user:password, chmod 0600) or --secret-id";
  }
  return { exitCode: exit.code, className,
    message: `${wording?.meaning ?? exit.meaning} (${where}): ${detail}. Hint: ${hint}`,
    evidence: { ...base, outcome: "failed", exitCode: exit.code, errorClass: exit.name, error: detail,
      latencyMs: { connect: outcome.connectMs, query: null }, expectations: [] } };
}
