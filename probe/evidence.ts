import * as os from "node:os";

/** What the witness saw on the server, once a session was open. */
export interface ServerObservation {
  /** `SELECT version()` */
  readonly version: string;
  /** server_version_num, for example 150004 */
  readonly versionNumber: number;
  /** `SELECT 1` returned 1 */
  readonly selectOne: boolean;
  readonly database: string;
  readonly user: string;
  /** inet_server_addr() / inet_server_port(): the server's side of the connection */
  readonly serverAddress: string | null;
  readonly serverPort: number | null;
  /** `SHOW max_connections`: the live connection limit (RDS derives it from the class's memory). */
  readonly maxConnections?: number;
  /** Client sessions open on the server when the witness ran, this one included (pg_stat_activity). */
  readonly clientConnections?: number;
}

/** One host (and address) the probe tried, in libpq's order, and why it was passed over. */
export interface HostTried {
  readonly host: string;
  readonly hostaddr?: string;
  readonly port: number;
  /** The address dialled; absent when the host did not resolve. */
  readonly address?: string;
  /** chosen: the session the witness ran on; passed over: libpq tries the next; failed: libpq stops here. */
  readonly outcome: "chosen" | "passed over" | "failed";
  readonly reason?: string;
  readonly errorClass?: string;
}

/** The target as evidence and --dry-run show it: every libpq setting that decides where and how, no password. */
export interface TargetRecord {
  /** The first host and port (the one most messages name). */
  readonly host: string;
  readonly port: number;
  readonly hosts: ReadonlyArray<{ readonly host: string; readonly hostaddr?: string; readonly port: number }>;
  readonly database: string;
  readonly user: string;
  readonly sslMode: string;
  /** The root certificate file libpq would use (sslrootcert, PGSSLROOTCERT or ~/.postgresql/root.crt), if any. */
  readonly sslRootCert?: string;
  readonly sslCert?: string;
  /** ssl_min_protocol_version / ssl_max_protocol_version in force (libpq 15's minimum by default: TLSv1.2). */
  readonly sslMinProtocolVersion?: string;
  readonly sslMaxProtocolVersion?: string;
  /** libpq's channel_binding: disable, prefer (the default) or require. */
  readonly channelBinding?: string;
  /** The pg_service.conf service the settings came from, and the file it was read from. */
  readonly service?: { readonly name: string; readonly file: string };
  readonly targetSessionAttrs: string;
  readonly connectTimeoutSeconds: number;
  readonly applicationName: string;
  readonly resolvedAddresses: string[];
}

export interface TlsObservation {
  /** The session is encrypted (pg_stat_ssl.ssl, and the client socket agrees). */
  readonly used: boolean;
  /** The server certificate was checked against a trusted CA. */
  readonly certificateVerified: boolean;
  /** The host name was checked against the certificate as well (verify-full). */
  readonly hostnameVerified: boolean;
  readonly protocol: string | null;
  readonly cipher: string | null;
  /** SCRAM-SHA-256-PLUS bound the authentication to this TLS channel (libpq's channel_binding), or null. */
  readonly channelBinding?: "tls-server-end-point" | null;
}

export interface ExpectationResult {
  readonly name: string;
  readonly expected: string;
  readonly actual: string;
  readonly met: boolean;
}

/** One evidence record: what --json prints, and what the completion signal asks for. Never a password. */
export interface WitnessEvidence {
  readonly schema: "checkpoints-probe/evidence@1";
  readonly time: string;
  /** observed | unreachable (as expected) | failed */
  readonly outcome: "observed" | "unreachable" | "failed";
  readonly exitCode: number;
  /** The exit class name, on failure. */
  readonly errorClass?: string;
  readonly error?: string;
  readonly target: TargetRecord;
  /** Every host and address tried, in order; the chosen one last. */
  readonly hostsTried?: HostTried[];
  readonly server?: ServerObservation;
  readonly tls?: TlsObservation;
  readonly latencyMs: { readonly connect: number | null; readonly query: number | null };
  readonly attempts: number;
  readonly expectations: ExpectationResult[];
  /** The host the probe ran on: the proof that the connection came from the application server. */
  readonly probeHost: { readonly hostname: string; readonly addresses: string[];
    /** The local address of the database connection itself. */
    readonly connectionSourceAddress: string | null };
}

/** This host's name and non-loopback addresses (all addresses when it has no other). */
export function probeHostIdentity(): { hostname: string; addresses: string[] } {
  const all = Object.values(os.networkInterfaces()).flat().filter((a): a is os.NetworkInterfaceInfo => !!a);
  const external = all.filter((a) => !a.internal);
  return { hostname: os.hostname(), addresses: (external.length > 0 ? external : all).map((a) => a.address) };
}

const EVIDENCE_KEY_ORDER: ReadonlyArray<keyof WitnessEvidence> = ["schema", "time", "outcome", "exitCode", "errorClass",
  "error", "target", "hostsTried", "server", "tls", "latencyMs", "attempts", "expectations", "probeHost"];

/** The record with its keys in reading order (outcome first), and no undefined fields. */
export function canonicalEvidence(evidence: WitnessEvidence): WitnessEvidence {
  const ordered: Record<string, unknown> = {};
  for (const key of EVIDENCE_KEY_ORDER) if (evidence[key] !== undefined) ordered[key] = evidence[key];
  return ordered as unknown as WitnessEvidence;
}

/** The evidence's target record for a resolved target (pure; the root certificate is what loadTlsMaterial found). */
export function targetRecord(target: {
  host: string; port: number; hosts: ReadonlyArray<{ host: string; hostaddr?: string; port: number }>; database: string;
  user: string; sslMode: string; sslCert?: string; targetSessionAttrs: string; connectTimeoutSeconds: number;
  applicationName: string; tlsVersions?: { minVersion?: string; maxVersion?: string }; channelBinding?: string;
  service?: { name: string; file: string } }, rootCertFile: string | undefined, resolvedAddresses: string[]): TargetRecord {
  return {
    host: target.host, port: target.port,
    hosts: target.hosts.map((h) => ({ host: h.host, ...(h.hostaddr ? { hostaddr: h.hostaddr } : {}), port: h.port })),
    database: target.database, user: target.user, sslMode: target.sslMode,
    ...(rootCertFile ? { sslRootCert: rootCertFile } : {}), ...(target.sslCert ? { sslCert: target.sslCert } : {}),
    ...(target.tlsVersions?.minVersion ? { sslMinProtocolVersion: target.tlsVersions.minVersion } : {}),
    ...(target.tlsVersions?.maxVersion ? { sslMaxProtocolVersion: target.tlsVersions.maxVersion } : {}),
    ...(target.channelBinding ? { channelBinding: target.channelBinding } : {}),
    ...(target.service ? { service: { name: target.service.name, file: target.service.file } } : {}),
    targetSessionAttrs: target.targetSessionAttrs, connectTimeoutSeconds: target.connectTimeoutSeconds,
    applicationName: target.applicationName, resolvedAddresses,
  };
}
