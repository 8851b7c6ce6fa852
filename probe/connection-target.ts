import * as os from "node:os";
import { ipVersion } from "./ip-literal";
import { LibpqKeyword, LibpqSettings, parseLibpqUri, uriPrefixLength } from "./libpq-uri";
import { CHANNEL_BINDING_MODES, ChannelBindingMode, DEFAULT_CHANNEL_BINDING } from "./channel-binding";
import { isKeyValueConnectionString, parseKeyValueConnectionString } from "./conninfo-keyvalue";
import { tlsVersionRange, TlsVersionRange } from "./tls-protocol-versions";
import { UsageError } from "./usage-error";
import { POSTGRES_PORT } from "../rds/postgres-port";

export { UsageError } from "./usage-error";
export type { LibpqSettings } from "./libpq-uri";

export const SSL_MODES = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"] as const;
export type SslMode = (typeof SSL_MODES)[number];
export const TARGET_SESSION_ATTRS = ["any", "read-write", "read-only", "primary", "standby", "prefer-standby"] as const;
export type TargetSessionAttrs = (typeof TARGET_SESSION_ATTRS)[number];

/** Where the password came from; never the password itself. */
export type PasswordSource = "url" | "service" | "PGPASSWORD" | "passfile" | "secret" | "none";

/** One entry of libpq's host list: the name as given (certificates and the passfile use it) and where to dial. */
export interface HostEntry {
  /** The host as given ("localhost" when none was); a path starting with "/" is a Unix socket directory. */
  readonly host: string;
  /** libpq's hostaddr: dial this address instead of looking the host up. */
  readonly hostaddr?: string;
  readonly port: number;
  /** The passfile's password for this host, when no other source gave one. */
  readonly password?: string;
  readonly passwordSource?: PasswordSource;
}

/** Where the probe connects, with libpq's meanings. Passwords are held here only, never printed. */
export interface ConnectionTarget {
  /** The first host and port: what one-host messages name. */
  readonly host: string;
  readonly port: number;
  readonly hosts: readonly HostEntry[];
  readonly database: string;
  readonly user: string;
  readonly password?: string;
  readonly passwordSource: PasswordSource;
  /** The home directory libpq's defaults hang off (~/.pgpass, ~/.postgresql/root.crt...). */
  readonly homeDirectory: string;
  /** libpq's passfile (passfile=, PGPASSFILE, ~/.pgpass). */
  readonly passfile: string;
  /** Where the probe looked for a password, and what it found there: for the "no password" message. */
  readonly passwordSearch?: readonly string[];
  readonly sslMode: SslMode;
  /** CA file; "system" for the system's store (OpenSSL's, as libpq 16; Node's own roots on Node 20: see --help). */
  readonly sslRootCert?: string;
  readonly sslCert?: string;
  readonly sslKey?: string;
  readonly sslCrl?: string;
  /** The client key's passphrase (sslpassword); never printed. */
  readonly sslPassword?: string;
  /** ssl_min_protocol_version / ssl_max_protocol_version, as Node names them (minimum TLSv1.2 by default, as libpq 15). */
  readonly tlsVersions: TlsVersionRange;
  /** libpq's channel_binding: prefer (the default) binds SCRAM to the TLS channel when the server offers it. */
  readonly channelBinding: ChannelBindingMode;
  /** The pg_service.conf service the settings came from, and its file. */
  readonly service?: { readonly name: string; readonly file: string };
  /** Seconds per host and address; 0 waits indefinitely (libpq). */
  readonly connectTimeoutSeconds: number;
  readonly applicationName: string;
  readonly options?: string;
  readonly clientEncoding?: string;
  readonly targetSessionAttrs: TargetSessionAttrs;
}

/** libpq keywords the probe takes and how; anything else libpq knows is refused or noted (below). */
const SUPPORTED: ReadonlySet<LibpqKeyword> = new Set<LibpqKeyword>(["host", "hostaddr", "port", "dbname", "user",
  "password", "passfile", "connect_timeout", "application_name", "fallback_application_name", "options",
  "client_encoding", "sslmode", "sslrootcert", "sslcert", "sslkey", "sslcrl", "target_session_attrs", "channel_binding",
  "sslpassword", "ssl_min_protocol_version", "ssl_max_protocol_version", "service"]);
/** Keywords that change nothing the witness proves (keep-alives, compression, SNI, Kerberos names): accepted. */
const NO_EFFECT: ReadonlySet<LibpqKeyword> = new Set<LibpqKeyword>(["keepalives", "keepalives_idle",
  "keepalives_interval", "keepalives_count", "tcp_user_timeout", "sslcompression", "sslsni", "gsslib", "krbsrvname"]);
/** Keywords with a value the probe cannot honour: refused, so that nothing weaker is tested in their place. */
const UNSUPPORTED: Partial<Record<LibpqKeyword, string>> = {
  sslcrldir: "give one CRL file with sslcrl",
  requirepeer: "it applies to Unix sockets only",
  replication: "the witness opens a normal session",
};

/** libpq's environment variables (the envvar column of PQconninfoOptions). */
const ENVIRONMENT: Readonly<Partial<Record<LibpqKeyword, string>>> = {
  host: "PGHOST", hostaddr: "PGHOSTADDR", port: "PGPORT", dbname: "PGDATABASE", user: "PGUSER",
  password: "PGPASSWORD", passfile: "PGPASSFILE", channel_binding: "PGCHANNELBINDING",
  connect_timeout: "PGCONNECT_TIMEOUT", client_encoding: "PGCLIENTENCODING", options: "PGOPTIONS",
  application_name: "PGAPPNAME", sslmode: "PGSSLMODE", sslcompression: "PGSSLCOMPRESSION", sslcert: "PGSSLCERT",
  sslkey: "PGSSLKEY", sslrootcert: "PGSSLROOTCERT", sslcrl: "PGSSLCRL", sslcrldir: "PGSSLCRLDIR", sslsni: "PGSSLSNI",
  requirepeer: "PGREQUIREPEER", ssl_min_protocol_version: "PGSSLMINPROTOCOLVERSION",
  ssl_max_protocol_version: "PGSSLMAXPROTOCOLVERSION", gssencmode: "PGGSSENCMODE", krbsrvname: "PGKRBSRVNAME",
  gsslib: "PGGSSLIB", target_session_attrs: "PGTARGETSESSIONATTRS", service: "PGSERVICE",
};

/**
 * Parses a connection string as libpq 15 does: a postgresql:// or postgres:// URI, or key=value pairs (any
 * text with an "=", libpq's recognized_connection_string), never echoing its password.
 */
export function parseConnectionUrl(url: string, origin = "the URL"): LibpqSettings {
  try {
    if (uriPrefixLength(url) === 0 && isKeyValueConnectionString(url)) return parseKeyValueConnectionString(url);
    return parseLibpqUri(url);
  } catch (error) {
    if (error instanceof UsageError) {
      throw new UsageError(error.message.startsWith("is ") ? `${origin} ${error.message}` : `${origin}: ${error.message}`);
    }
    throw error;
  }
}

/** The PG* environment variables, in libpq's vocabulary (an empty variable counts as unset). */
export function settingsFromEnvironment(env: Readonly<Record<string, string | undefined>>): LibpqSettings {
  const settings: LibpqSettings = {};
  for (const [keyword, name] of Object.entries(ENVIRONMENT) as [LibpqKeyword, string][]) {
    if (env[name]) settings[keyword] = env[name];
  }
  return settings;
}

/** Later sources win, field by field; undefined never overrides. */
export function mergeSettings(...sources: LibpqSettings[]): LibpqSettings {
  const merged: LibpqSettings = {};
  for (const source of sources) {
    for (const [key, value] of Object.entries(source) as [LibpqKeyword, string | undefined][]) {
      if (value !== undefined) merged[key] = value;
    }
  }
  return merged;
}

/**
 * libpq's parse_int_param (fe-connect.c, REL_15_STABLE): strtol with surrounding white space, and a value
 * that must fit an int ("numval != (int) numval" fails): anything else is refused, 2147483648 included.
 */
export function parseLibpqInteger(value: string, keyword: string): number {
  const refused = new UsageError(`invalid integer value "${value}" for connection option "${keyword}"`);
  // isspace() in the C locale (and for single bytes in UTF-8 ones): JavaScript's \s would also take Unicode spaces.
  const digits = /^[ \t\n\v\f\r]*([+-]?[0-9]+)[ \t\n\v\f\r]*$/.exec(value);
  if (!digits) throw refused;
  const parsed = Number(digits[1]);
  if (parsed > 2 ** 31 - 1 || parsed < -(2 ** 31)) throw refused;
  return parsed;
}

/**
 * The integer options the probe accepts with no effect, checked as libpq checks them before it dials
 * (fe-connect.c useKeepalives, setKeepalivesIdle/Interval/Count, setTCPUserTimeout: parse_int_param).
 */
const INTEGER_NO_EFFECT: readonly LibpqKeyword[] = ["keepalives", "keepalives_idle", "keepalives_interval",
  "keepalives_count", "tcp_user_timeout"];

/** libpq 15: 0 or less waits indefinitely; 1 becomes 2 ("insist on at least two seconds"). */
export function libpqConnectTimeout(value: string): number {
  const seconds = parseLibpqInteger(value, "connect_timeout");
  if (seconds <= 0) return 0;
  return Math.max(2, seconds);
}

function list(value: string | undefined): string[] {
  return value === undefined || value === "" ? [] : value.split(",");
}

function checkValue(settings: LibpqSettings, keyword: LibpqKeyword, allowed: readonly string[]): void {
  const value = settings[keyword];
  if (value !== undefined && !allowed.includes(value)) {
    throw new UsageError(`invalid ${keyword} value: "${value}" (one of ${allowed.join(", ")})`);
  }
}

/** The host list as libpq builds it in connectOptions2: counts must agree; empty entries take defaults. */
function hostEntries(settings: LibpqSettings): HostEntry[] {
  const hostaddrs = list(settings.hostaddr);
  const hostNames = list(settings.host);
  const count = hostaddrs.length || hostNames.length || 1;
  if (hostaddrs.length && hostNames.length && hostNames.length !== count) {
    throw new UsageError(`could not match ${hostNames.length} host names to ${count} hostaddr values`);
  }
  const ports = list(settings.port);
  if (ports.length > 1 && ports.length !== count) {
    throw new UsageError(`could not match ${ports.length} port numbers to ${count} hosts`);
  }
  return Array.from({ length: count }, (_, i) => {
    const portText = (ports.length === 1 ? ports[0] : ports[i]) ?? "";
    // libpq's DEF_PGPORT for an empty entry only; white space goes to parse_int_param, which refuses it (psql 15.18).
    let port = POSTGRES_PORT;
    if (portText !== "") {
      port = parseLibpqInteger(portText, "port");
      if (port < 1 || port > 65535) throw new UsageError(`invalid port number: "${portText}"`);
    }
    const hostaddr = hostaddrs[i] || undefined;
    if (hostaddr !== undefined && ipVersion(hostaddr) === 0) {
      throw new UsageError(`could not parse network address "${hostaddr}": hostaddr takes a numeric IPv4 or IPv6 address`);
    }
    // The probe's difference from libpq: with no host, localhost over TCP (libpq: its Unix socket directory).
    const host = hostNames[i] || (hostaddr ?? "localhost");
    return { host, ...(hostaddr ? { hostaddr } : {}), port };
  });
}

/** Where the password came from, given which source's settings hold one (later sources win, as in the merge). */
export interface PasswordOrigins {
  readonly url?: boolean;
  readonly service?: boolean;
  readonly secret?: boolean;
  readonly environment?: boolean;
}

/**
 * Applies libpq's defaults and checks every field; throws UsageError naming the first bad one. Pure (the
 * passfile is read afterwards, by withPassfile).
 */
export function resolveTarget(settings: LibpqSettings, defaultConnectTimeoutSeconds = 10,
  origins: PasswordOrigins = {}, home = os.homedir()): ConnectionTarget {
  for (const [keyword, value] of Object.entries(settings) as [LibpqKeyword, string | undefined][]) {
    if (value === undefined || SUPPORTED.has(keyword) || NO_EFFECT.has(keyword)) continue;
    if (keyword === "gssencmode") checkValue(settings, keyword, ["disable", "prefer", "require"]);
    if (keyword === "gssencmode" && value !== "require") continue;
    const why = UNSUPPORTED[keyword] ?? "GSSAPI encryption is not available in the probe";
    throw new UsageError(`${keyword}=... is not supported by the probe: ${why}`);
  }
  for (const keyword of INTEGER_NO_EFFECT) {
    const value = settings[keyword];
    if (value !== undefined && value !== "") parseLibpqInteger(value, keyword);
  }
  checkValue(settings, "sslmode", SSL_MODES);
  // libpq's connectOptions2 order: channel_binding, then the TLS protocol versions and their range.
  checkValue(settings, "channel_binding", CHANNEL_BINDING_MODES);
  const tlsVersions = tlsVersionRange(settings.ssl_min_protocol_version, settings.ssl_max_protocol_version);
  checkValue(settings, "target_session_attrs", TARGET_SESSION_ATTRS);
  const sslRootCert = settings.sslrootcert || undefined;
  // libpq 16+ (fe-connect.c: conninfo_add_defaults, pqConnectOptions2): anyone can get a certificate the
  // system's public CAs trust for a name they own, so sslrootcert=system defaults sslmode to verify-full
  // and refuses any weaker mode.
  const sslMode = (settings.sslmode ?? (sslRootCert === "system" ? "verify-full" : "prefer")) as SslMode;
  if (sslRootCert === "system" && sslMode !== "verify-full") {
    throw new UsageError(`weak sslmode "${sslMode}" may not be used with sslrootcert=system (use "verify-full")`);
  }
  const user = settings.user || os.userInfo().username;
  const hosts = hostEntries(settings);
  const password = settings.password || undefined;
  const passwordSource: PasswordSource = password === undefined ? "none"
    : origins.url ? "url" : origins.secret ? "secret" : origins.service ? "service" : origins.environment ? "PGPASSWORD"
      : "url";
  return {
    host: hosts[0].host,
    port: hosts[0].port,
    hosts,
    database: settings.dbname || user,
    user,
    password,
    passwordSource,
    homeDirectory: home,
    passfile: settings.passfile || `${home}/.pgpass`,
    sslMode,
    sslRootCert,
    sslCert: settings.sslcert || undefined,
    sslKey: settings.sslkey || undefined,
    sslCrl: settings.sslcrl || undefined,
    sslPassword: settings.sslpassword || undefined,
    tlsVersions,
    channelBinding: (settings.channel_binding || DEFAULT_CHANNEL_BINDING) as ChannelBindingMode,
    connectTimeoutSeconds: settings.connect_timeout === undefined || settings.connect_timeout === ""
      ? defaultConnectTimeoutSeconds : libpqConnectTimeout(settings.connect_timeout),
    applicationName: settings.application_name || settings.fallback_application_name || "checkpoints-probe",
    options: settings.options || undefined,
    clientEncoding: settings.client_encoding || undefined,
    targetSessionAttrs: (settings.target_session_attrs || "any") as TargetSessionAttrs,
  };
}

/** One host as a URL authority, brackets around IPv6. */
export function hostPort(host: string, port: number): string {
  return `${host.includes(":") ? `[${host}]` : host}:${port}`;
}

/** The target as a URL for messages and evidence: never with the password. */
export function describeTarget(target: ConnectionTarget): string {
  const hosts = target.hosts.map((h) => hostPort(h.host, h.port)).join(",");
  const hostaddrs = target.hosts.some((h) => h.hostaddr) ? `&hostaddr=${target.hosts.map((h) => h.hostaddr ?? "").join(",")}` : "";
  const attrs = target.targetSessionAttrs === "any" ? "" : `&target_session_attrs=${target.targetSessionAttrs}`;
  return `postgresql://${encodeURIComponent(target.user)}@${hosts}/` +
    `${encodeURIComponent(target.database)}?sslmode=${target.sslMode}${hostaddrs}${attrs}`;
}
