import * as dns from "node:dns";
import type * as net from "node:net";
import type { TLSSocket } from "node:tls";
import type { Client, ClientConfig } from "pg";
import { ConnectionTarget, HostEntry, hostPort, TargetSessionAttrs } from "./connection-target";
import { offersChannelBinding, watchChannelBinding } from "./channel-binding";
import { ClassifiedError, classifyError } from "./classify-error";
import { HostTried, ServerObservation, TlsObservation } from "./evidence";
import { asPgStream, openConnection, prepareSecureContext } from "./open-connection";
import { compileIpCheckAhead, ipVersion } from "./ip-literal";
import { nowMs } from "./monotonic-clock";
import { useLibpqPasswordPreparation } from "./scram-password";
import { guardServerMessages } from "./server-message-guard";
import { sessionMismatch } from "./session-attrs";
import { loadTlsMaterial, TlsAttempt, tlsAttempts, TlsMaterial } from "./tls-options";

/** Resolves a host name to addresses; injectable so tests never ask a real DNS server. */
export type HostResolver = (host: string) => Promise<string[]>;

/**
 * getaddrinfo, as libpq resolves: every address, in the resolver's order. Through dns.lookup's callback
 * rather than dns.promises, whose first use loads another module and makes a second c-ares channel.
 */
export const systemResolver: HostResolver = (host) => new Promise((resolve, reject) => {
  dns.lookup(host, { all: true, verbatim: true }, (error, addresses) =>
    error ? reject(error) : resolve(addresses.map((a) => a.address)));
  compileIpCheckAhead(host);
});

/**
 * pg, loaded when the first connection is under way rather than when the probe starts (a few ms of
 * module set-up): the server forks its backend meanwhile, so the two overlap (issue 26).
 */
function pgClient(): typeof Client {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("pg") as typeof import("pg")).Client;
}

export interface WitnessOptions {
  readonly queryTimeoutMs: number;
  /** Caps the connect timeout so that a --wait deadline is never overrun. */
  readonly connectBudgetMs?: number;
  readonly resolve?: HostResolver;
  /** TLS files, loaded once by the caller (loadTlsMaterial); loaded here when absent. */
  readonly tlsMaterial?: TlsMaterial;
}

export type WitnessOutcome =
  | { readonly ok: true; readonly server: ServerObservation; readonly tls: TlsObservation;
      readonly connectMs: number; readonly queryMs: number; readonly resolvedAddresses: string[];
      readonly sourceAddress: string | null; readonly tried: HostTried[]; readonly chosen: HostEntry }
  | { readonly ok: false; readonly error: ClassifiedError; readonly tcpConnected: boolean;
      readonly resolvedAddresses: string[]; readonly connectMs: number | null; readonly tried: HostTried[] };

const FACTS_SQL = `
  SELECT current_database() AS database, current_user AS "user",
         host(inet_server_addr()) AS server_address, inet_server_port() AS server_port,
         current_setting('server_version_num')::int AS version_number,
         s.ssl, s.version AS tls_version, s.cipher,
         current_setting('max_connections')::int AS max_connections,
         (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int AS client_connections
    FROM (SELECT 1) AS one
    LEFT JOIN pg_stat_ssl AS s ON s.pid = pg_backend_pid()`;

/** The witness's queries, in the order it runs them, one round trip each (bench:probe has psql run the same). */
export const WITNESS_QUERIES = ["SELECT version()", "SELECT 1 AS one", FACTS_SQL] as const;


/** The longest delay a Node timer holds. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Thrown by the password callback when the server asks for a password and no source had one. */
export const NO_PASSWORD_CODE = "PROBE_NO_PASSWORD";

type AttemptResult =
  | { ok: true; client: Client; socket: net.Socket | TLSSocket; encrypted: boolean; policy: TlsAttempt["policy"];
      connectMs: number; parameters: Map<string, string>; channelBound: boolean }
  | { ok: false; error: ClassifiedError; tcpConnected: boolean; tlsHandshake: boolean; serverAnswered: boolean;
      connectMs: number };

/** A server's ErrorResponse carries a five-character SQLSTATE. */
function serverAnswered(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code);
}

/** One connection to one address under one TLS attempt, up to an authenticated session. */
async function connectOnce(target: ConnectionTarget, entry: HostEntry, address: string, attempt: TlsAttempt,
  material: TlsMaterial | Error, timeoutMs: number | null, queryTimeoutMs: number): Promise<AttemptResult> {
  const started = nowMs();
  const elapsed = () => Math.round(nowMs() - started);
  if (attempt.policy !== "none" && material instanceof Error) {
    return { ok: false, error: classifyError(material, "connect"), tcpConnected: false, tlsHandshake: true,
      serverAnswered: false, connectMs: elapsed() };
  }
  const deadline = timeoutMs === null ? null : started + timeoutMs;
  const opening = openConnection({ address, port: entry.port, host: entry.host }, attempt,
    material instanceof Error ? {} : material, deadline);
  const PgClient = pgClient();
  const opened = await opening;
  if (!opened.ok) {
    return { ok: false, error: classifyError(opened.error, "connect"), tcpConnected: opened.tcpConnected,
      tlsHandshake: opened.tlsHandshake, serverAnswered: false, connectMs: elapsed() };
  }
  const password = entry.password ?? target.password;
  useLibpqPasswordPreparation();
  const guard = guardServerMessages(opened.socket);
  const client = new PgClient({
    stream: () => asPgStream(opened.socket),
    ssl: false,
    // Given, so that pg never reads PGHOST, PGPORT, PGSSLNEGOTIATION or PGCLIENT_ENCODING from process.env
    // (pg 8.23.1 lib/connection-parameters.js val); the rest it would read are cleared below.
    host: entry.host,
    port: entry.port,
    sslnegotiation: "postgres",
    user: target.user,
    database: target.database,
    // A function, so that pg never falls back to its own pgpass lookup, and so that a missing password is
    // reported only when the server asks for one, as libpq does.
    password: () => {
      if (password === undefined) throw Object.assign(new Error("fe_sendauth: no password supplied"), { code: NO_PASSWORD_CODE });
      return password;
    },
    // libpq accepts any SCRAM iteration count of at least 1 (fe-auth-scram.c read_server_first_message,
    // REL_15_STABLE); pg refuses above 100000 unless told 0. PostgreSQL 16's scram_iterations goes higher.
    scramMaxIterations: 0,
    ...(deadline === null ? {} : { connectionTimeoutMillis: Math.max(1, Math.ceil(deadline - nowMs())) }),
    application_name: target.applicationName,
    // Beyond a Node timer's reach (24.8 days), no timer at all: Node's would fire at once.
    ...(queryTimeoutMs <= MAX_TIMER_MS ? { query_timeout: queryTimeoutMs } : {}),
    ...(target.options ? { options: target.options } : {}),
    client_encoding: target.clientEncoding ?? "utf8",
    // pg 8.23's option (not in @types/pg): SCRAM-SHA-256-PLUS with tls-server-end-point when offered.
    ...{ enableChannelBinding: offersChannelBinding(target.channelBinding, opened.encrypted) },
  } as ClientConfig);
  startupFromTargetOnly(client, target);
  // pg emits 'error' on an idle client whose socket dies; without a listener that would crash the CLI.
  client.on("error", () => undefined);
  const parameters = new Map<string, string>();
  const channel = watchChannelBinding((client as unknown as { connection: NodeJS.EventEmitter }).connection,
    target.channelBinding, opened.encrypted);
  (client as unknown as { connection: NodeJS.EventEmitter }).connection.on("parameterStatus",
    (m: { parameterName: string; parameterValue: string }) => parameters.set(m.parameterName, m.parameterValue));
  try {
    // The socket can die where pg does not see it (a TLS 1.3 alert before pg listens): its loss ends the wait.
    const lost = opened.lost.then((error) => { throw error; });
    lost.catch(() => undefined); // it also settles when a good session ends, long after the race
    await Promise.race([client.connect(), lost]);
  } catch (error) {
    // Not awaited: on a socket that is already gone, pg's end() waits for an 'end' that has come and gone.
    client.end().catch(() => undefined);
    opened.socket.destroy();
    // What the socket or the guard saw first says more than pg's "Connection terminated unexpectedly".
    const seen = guard.refusal() ?? (serverAnswered(error) ? undefined : await settledLoss(opened.lost)) ?? error;
    return { ok: false, error: classifyError(seen, "connect", { serverDeclinedTls: opened.serverDeclinedTls }),
      tcpConnected: true, tlsHandshake: false, serverAnswered: serverAnswered(seen), connectMs: elapsed() };
  }
  return { ok: true, client, socket: opened.socket, encrypted: opened.encrypted, policy: attempt.policy,
    connectMs: elapsed(), parameters, channelBound: channel.bound() };
}

/**
 * The startup packet holds what the target says, nothing from process.env: where pg is given no options,
 * application_name or replication it reads PGOPTIONS, PGAPPNAME and PGREPLICATION (pg 8.23.1
 * lib/connection-parameters.js val, sent by lib/client.js getStartupConf). libpq reads PGOPTIONS and PGAPPNAME
 * from the environment main() is given (settingsFromEnvironment), which is not the process's own when main()
 * runs in-process; PGREPLICATION is no libpq variable (psql 15 ignores it), and a replication session is
 * refused where a normal one is accepted.
 */
function startupFromTargetOnly(client: Client, target: ConnectionTarget): void {
  const parameters = (client as unknown as { connectionParameters: Record<string, unknown> }).connectionParameters;
  parameters.options = target.options;
  parameters.application_name = target.applicationName;
  parameters.replication = undefined;
  (client as unknown as { replication?: unknown }).replication = undefined;
}

/** The socket's own error if it has already died (a TLS alert), else undefined: never waits. */
function settledLoss(lost: Promise<Error>): Promise<Error | undefined> {
  return Promise.race([lost.then((error) => (/server closed the connection unexpectedly/.test(error.message) ? undefined : error)),
    new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined)))]);
}

/**
 * libpq's sslmode sequence on one address: the next attempt only where libpq makes one (allow: after the
 * server refused the plaintext session; prefer: after a failed handshake or a refused TLS session).
 */
async function connectAddress(target: ConnectionTarget, entry: HostEntry, address: string, attempts: TlsAttempt[],
  material: TlsMaterial | Error, timeoutMs: number | null, queryTimeoutMs: number): Promise<AttemptResult> {
  const results: Extract<AttemptResult, { ok: false }>[] = [];
  for (const [index, attempt] of attempts.entries()) {
    const result = await connectOnce(target, entry, address, attempt, material, timeoutMs, queryTimeoutMs);
    if (result.ok) return result;
    results.push(result);
    const last = index === attempts.length - 1;
    const retry = attempt.policy === "none" ? result.serverAnswered
      : attempt.optional && (result.tlsHandshake || result.serverAnswered);
    if (last || !retry || address.startsWith("/")) break;
  }
  // The more telling failure: a retry refused only for lack of encryption says less than the first error.
  const noEncryption = (r: Extract<AttemptResult, { ok: false }>) => /no encryption/i.test(r.error.detail);
  const telling = results.find((r) => !noEncryption(r)) ?? results[results.length - 1];
  return { ...telling, tcpConnected: results.some((r) => r.tcpConnected) };
}

/**
 * The connection as libpq 15 makes it: each host in order, each of its addresses in order, until one
 * gives a session that target_session_attrs accepts (prefer-standby: a second pass accepting any). A
 * host that does not resolve, an address that refuses or times out, a "cannot connect now" (57P03) and
 * a session of the wrong kind pass over to the next; any other error ends the attempt, as in libpq.
 * Then the document's witness queries. Never throws, except a UsageError for settings.
 */
export async function observeWitness(target: ConnectionTarget, options: WitnessOptions): Promise<WitnessOutcome> {
  const resolve = options.resolve ?? systemResolver;
  let material: TlsMaterial | Error;
  try {
    material = options.tlsMaterial ?? (target.sslMode === "disable" ? {} : loadTlsMaterial(target));
  } catch (error) {
    if ((error as { code?: string }).code !== "PROBE_TLS_FILE") throw error;
    material = error as Error;
  }
  const attempts = tlsAttempts(target, !(material instanceof Error) && material.rootCertFile !== undefined);
  const seconds = target.connectTimeoutSeconds;
  const limitMs = seconds === 0 && options.connectBudgetMs === undefined ? null
    : Math.max(1, Math.min(seconds === 0 ? Infinity : seconds * 1000, options.connectBudgetMs ?? Infinity));
  // A Node timer holds at most 2^31-1 ms (24.8 days; beyond, Node warns TimeoutOverflowWarning and fires at
  // once): a longer connect_timeout (libpq takes up to 2^31-1 seconds) waits as libpq would, without a timer.
  const timeoutMs = limitMs !== null && limitMs > MAX_TIMER_MS ? null : limitMs;

  const tried: HostTried[] = [];
  const resolvedAddresses: string[] = [];
  let tcpConnected = false;
  let last: { error: ClassifiedError; connectMs: number | null } | undefined;
  const passes: TargetSessionAttrs[] = target.targetSessionAttrs === "prefer-standby"
    ? ["prefer-standby", "any"] : [target.targetSessionAttrs];

  for (const wanted of passes) {
    for (const entry of target.hosts) {
      const where = { host: entry.host, ...(entry.hostaddr ? { hostaddr: entry.hostaddr } : {}), port: entry.port };
      let addresses: string[];
      try {
        const lookup = entry.hostaddr ? [entry.hostaddr] : entry.host.startsWith("/") || ipVersion(entry.host)
          ? [entry.host] : resolve(entry.host);
        // The first TLS attempt's context, made while getaddrinfo works (no TLS over a Unix socket).
        if (!(material instanceof Error) && !entry.host.startsWith("/")) prepareSecureContext(attempts[0].policy, entry.host, material);
        addresses = await lookup;
        if (addresses.length === 0) throw Object.assign(new Error(`no address for ${entry.host}`), { code: "ENOTFOUND" });
      } catch (error) {
        // libpq's words (fe-connect.c, REL_15_STABLE): could not translate host name "%s" to address: %s.
        const code = (error as { code?: string }).code;
        const worded = Object.assign(new Error(`could not translate host name "${entry.host}" to address: ` +
          `${(error as Error).message ?? error}`), code ? { code } : {});
        last = { error: classifyError(worded, "dns"), connectMs: null };
        tried.push({ ...where, outcome: "passed over", reason: last.error.detail, errorClass: last.error.className });
        continue;
      }
      resolvedAddresses.push(...addresses.filter((a) => !resolvedAddresses.includes(a)));
      for (const address of addresses) {
        const result = await connectAddress(target, entry, address, attempts, material, timeoutMs, options.queryTimeoutMs);
        tcpConnected ||= result.ok || result.tcpConnected;
        if (!result.ok) {
          last = { error: result.error, connectMs: result.connectMs };
          const ends = !["refused", "timeout"].includes(result.error.className) &&
            !/\(57P03\)/.test(result.error.detail);
          tried.push({ ...where, address, outcome: ends ? "failed" : "passed over", reason: result.error.detail,
            errorClass: result.error.className });
          if (ends) {
            return { ok: false, error: result.error, tcpConnected, resolvedAddresses, connectMs: result.connectMs, tried };
          }
          if (/\(57P03\)/.test(result.error.detail)) break;
          continue;
        }
        let mismatch: string | null;
        try {
          mismatch = await sessionMismatch(result.client, result.parameters, wanted);
        } catch (error) {
          await result.client.end().catch(() => undefined);
          const classified = classifyError(error, "query");
          tried.push({ ...where, address, outcome: "failed", reason: classified.detail, errorClass: classified.className });
          return { ok: false, error: classified, tcpConnected, resolvedAddresses, connectMs: result.connectMs, tried };
        }
        if (mismatch) {
          await result.client.end().catch(() => undefined);
          last = { error: { className: "expectation", detail: `${hostPort(entry.host, entry.port)}: ${mismatch}`,
            retryable: false }, connectMs: result.connectMs };
          tried.push({ ...where, address, outcome: "passed over", reason: `${mismatch} (target_session_attrs=${wanted})`,
            errorClass: "expectation" });
          break; // libpq: the next host, not this host's other addresses
        }
        tried.push({ ...where, address, outcome: "chosen" });
        const witnessed = await witnessQueries(result);
        return witnessed.ok
          ? { ...witnessed, connectMs: result.connectMs, resolvedAddresses, tried, chosen: entry }
          : { ok: false, error: witnessed.error, tcpConnected: true, resolvedAddresses, connectMs: result.connectMs, tried };
      }
    }
  }
  const error = last?.error ?? { className: "refused" as const, detail: "no host to try", retryable: false };
  if (target.hosts.length > 1 || target.targetSessionAttrs !== "any") {
    const summary = tried.map((t) => `${hostPort(t.host, t.port)}${t.address && t.address !== t.host ? ` (${t.address})` : ""}: ` +
      `${t.reason}`).join("; ");
    return { ok: false, error: { ...error, detail: `no host accepted: ${summary}` }, tcpConnected, resolvedAddresses,
      connectMs: last?.connectMs ?? null, tried };
  }
  return { ok: false, error, tcpConnected, resolvedAddresses, connectMs: last?.connectMs ?? null, tried };
}

async function witnessQueries(session: Extract<AttemptResult, { ok: true }>):
  Promise<{ ok: true; server: ServerObservation; tls: TlsObservation; queryMs: number; sourceAddress: string | null }
    | { ok: false; error: ClassifiedError }> {
  const { client, socket, policy } = session;
  const queryStarted = nowMs();
  const query = <R extends object>(text: string) => client.query<R>(text);
  try {
    const [versionSql, oneSql, factsSql] = WITNESS_QUERIES;
    const version = (await query<{ version: string }>(versionSql)).rows[0].version;
    const one = (await query<{ one: number }>(oneSql)).rows[0].one;
    const facts = (await query<Record<string, never>>(factsSql)).rows[0] as Record<string, unknown>;
    const queryMs = Math.round(nowMs() - queryStarted);
    const tlsSocket = session.encrypted ? socket as TLSSocket : undefined;
    const server: ServerObservation = {
      version, versionNumber: facts.version_number as number, selectOne: one === 1, database: facts.database as string,
      user: facts.user as string, serverAddress: facts.server_address as string | null,
      serverPort: facts.server_port as number | null,
      maxConnections: facts.max_connections as number, clientConnections: facts.client_connections as number,
    };
    const verified = policy === "verify-ca" || policy === "verify-full";
    const tls: TlsObservation = {
      used: facts.ssl === true && tlsSocket !== undefined,
      certificateVerified: verified && tlsSocket?.authorized === true,
      hostnameVerified: policy === "verify-full" && tlsSocket?.authorized === true,
      protocol: (facts.tls_version as string | null) ?? tlsSocket?.getProtocol() ?? null,
      cipher: (facts.cipher as string | null) ?? tlsSocket?.getCipher()?.name ?? null,
      channelBinding: session.channelBound ? "tls-server-end-point" : null,
    };
    return { ok: true, server, tls, queryMs, sourceAddress: socket.localAddress ?? null };
  } catch (error) {
    return { ok: false, error: classifyError(error, "query") };
  } finally {
    await closeSession(client, socket);
  }
}

/**
 * Ends the session as psql's PQfinish does: Terminate, then TLS close_notify and FIN, then the socket is
 * closed without waiting for the server to close its side (its backend's exit, milliseconds under load).
 */
async function closeSession(client: Client, socket: net.Socket): Promise<void> {
  // 'finish': everything written, Terminate included, has gone out and our side is shut down.
  const shutDown = new Promise<void>((resolve) => {
    socket.once("finish", resolve);
    socket.once("close", resolve);
  });
  client.end().catch(() => undefined);
  await shutDown;
  socket.destroy();
}
