import * as dns from "node:dns";
import * as net from "node:net";
import type { TLSSocket } from "node:tls";
import { Client } from "pg";
import { ConnectionTarget } from "./connection-target";
import { ClassifiedError, classifyError } from "./classify-error";
import { ServerObservation, TlsObservation } from "./evidence";
import { loadCertificateAuthority, pgSslOption, tlsAttempts, TlsPolicy } from "./tls-options";

/** Resolves a host name to addresses; injectable so tests never ask a real DNS server. */
export type HostResolver = (host: string) => Promise<string[]>;

export const systemResolver: HostResolver = async (host) =>
  (await dns.promises.lookup(host, { all: true, verbatim: true })).map((a) => a.address);

export interface WitnessOptions {
  readonly queryTimeoutMs: number;
  /** Caps the connect timeout so that a --wait deadline is never overrun. */
  readonly connectBudgetMs?: number;
  readonly resolve?: HostResolver;
}

export type WitnessOutcome =
  | { readonly ok: true; readonly server: ServerObservation; readonly tls: TlsObservation;
      readonly connectMs: number; readonly queryMs: number; readonly resolvedAddresses: string[];
      readonly sourceAddress: string | null }
  | { readonly ok: false; readonly error: ClassifiedError; readonly tcpConnected: boolean;
      readonly resolvedAddresses: string[]; readonly connectMs: number | null };

const WITNESS_SQL = `
  SELECT current_database() AS database, current_user AS "user",
         host(inet_server_addr()) AS server_address, inet_server_port() AS server_port,
         current_setting('server_version_num')::int AS version_number,
         s.ssl, s.version AS tls_version, s.cipher
    FROM (SELECT 1) AS one
    LEFT JOIN pg_stat_ssl AS s ON s.pid = pg_backend_pid()`;

/** Errors during startup that libpq answers with its fallback attempt (allow: TLS; prefer: plaintext). */
function fallsBack(policy: TlsPolicy, error: ClassifiedError): boolean {
  if (policy === "none") return error.className === "tls" || error.className === "auth";
  if (policy === "encrypt-only") return /does not support SSL/i.test(error.detail);
  return false;
}

/** One connection as libpq would make it, then the document's witness queries. Never throws. */
export async function observeWitness(target: ConnectionTarget, options: WitnessOptions): Promise<WitnessOutcome> {
  const resolve = options.resolve ?? systemResolver;
  let resolvedAddresses: string[] = [];
  try {
    resolvedAddresses = net.isIP(target.host) ? [target.host] : await resolve(target.host);
    if (resolvedAddresses.length === 0) throw Object.assign(new Error(`no address for ${target.host}`), { code: "ENOTFOUND" });
  } catch (error) {
    return { ok: false, error: classifyError(error, "dns"), tcpConnected: false, resolvedAddresses, connectMs: null };
  }

  const policies = tlsAttempts(target);
  const ca = policies.some((p) => p === "verify-ca" || p === "verify-full") ? loadCertificateAuthority(target) : undefined;
  const connectTimeoutMs = Math.max(1, Math.min(target.connectTimeoutSeconds * 1000, options.connectBudgetMs ?? Infinity));

  let last: WitnessOutcome | undefined;
  for (const [index, policy] of policies.entries()) {
    const outcome = await attempt(target, policy, resolvedAddresses[0], ca, connectTimeoutMs, options.queryTimeoutMs);
    last = { ...outcome, resolvedAddresses } as WitnessOutcome;
    if (outcome.ok || index === policies.length - 1 || !fallsBack(policy, outcome.error)) break;
  }
  return last as WitnessOutcome;
}

async function attempt(target: ConnectionTarget, policy: TlsPolicy, address: string, ca: Buffer | undefined,
  connectTimeoutMs: number, queryTimeoutMs: number): Promise<WitnessOutcome> {
  const client = new Client({
    host: address,
    port: target.port,
    user: target.user,
    password: target.password,
    database: target.database,
    ssl: pgSslOption(policy, target.host, ca),
    connectionTimeoutMillis: connectTimeoutMs,
    query_timeout: queryTimeoutMs,
    application_name: target.applicationName,
  });
  // pg emits 'error' on an idle client whose socket dies; without a listener that would crash the CLI.
  client.on("error", () => undefined);
  let tcpConnected = false;
  const connection = (client as unknown as { connection: { stream: net.Socket } }).connection;
  connection.stream.once("connect", () => { tcpConnected = true; });

  const started = performance.now();
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    return { ok: false, error: classifyError(error, "connect"), tcpConnected, resolvedAddresses: [],
      connectMs: Math.round(performance.now() - started) };
  }
  const connectMs = Math.round(performance.now() - started);
  const socket = (client as unknown as { connection: { stream: net.Socket | TLSSocket } }).connection.stream;
  const sourceAddress = socket.localAddress ?? null;

  const queryStarted = performance.now();
  try {
    const version = (await client.query<{ version: string }>("SELECT version()")).rows[0].version;
    const one = (await client.query<{ one: number }>("SELECT 1 AS one")).rows[0].one;
    const facts = (await client.query(WITNESS_SQL)).rows[0];
    const queryMs = Math.round(performance.now() - queryStarted);
    const tlsSocket = "getProtocol" in socket ? socket : undefined;
    const server: ServerObservation = {
      version, versionNumber: facts.version_number, selectOne: one === 1, database: facts.database, user: facts.user,
      serverAddress: facts.server_address, serverPort: facts.server_port,
    };
    const verified = policy === "verify-ca" || policy === "verify-full";
    const tls: TlsObservation = {
      used: facts.ssl === true && tlsSocket !== undefined,
      certificateVerified: verified && tlsSocket?.authorized === true,
      hostnameVerified: policy === "verify-full" && tlsSocket?.authorized === true,
      protocol: facts.tls_version ?? tlsSocket?.getProtocol() ?? null,
      cipher: facts.cipher ?? tlsSocket?.getCipher()?.name ?? null,
    };
    return { ok: true, server, tls, connectMs, queryMs, resolvedAddresses: [], sourceAddress };
  } catch (error) {
    return { ok: false, error: classifyError(error, "query"), tcpConnected: true, resolvedAddresses: [], connectMs };
  } finally {
    await client.end().catch(() => undefined);
  }
}
