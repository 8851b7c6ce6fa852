import * as os from "node:os";

export const SSL_MODES = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"] as const;
export type SslMode = (typeof SSL_MODES)[number];

/** Where the probe connects, with libpq's meanings. The password is held here only, never printed. */
export interface ConnectionTarget {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password?: string;
  readonly sslMode: SslMode;
  /** CA file for verify-ca / verify-full; "system" for the system trust store. */
  readonly sslRootCert?: string;
  readonly connectTimeoutSeconds: number;
  readonly applicationName: string;
}

/** A bad URL, flag or variable: exit 2, with a message naming the setting and the fix. */
export class UsageError extends Error {
  readonly code = "PROBE_USAGE";
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Settings in libpq's vocabulary; each later source overrides the earlier ones field by field. */
export interface LibpqSettings {
  host?: string;
  port?: string;
  dbname?: string;
  user?: string;
  password?: string;
  sslmode?: string;
  sslrootcert?: string;
  connect_timeout?: string;
  application_name?: string;
}

const URL_PARAMS = new Set(["host", "port", "dbname", "user", "password", "sslmode", "sslrootcert",
  "connect_timeout", "application_name"]);

/** Parses a libpq connection URI (postgresql:// or postgres://), without ever echoing its password. */
export function parseConnectionUrl(url: string, origin = "the URL"): LibpqSettings {
  const match = /^(postgres(?:ql)?):\/\/(?:([^@/?#]*)@)?([^/?#]*)(?:\/([^?#]*))?(?:\?([^#]*))?$/.exec(url);
  if (!match) {
    throw new UsageError(`${origin} is not a postgresql:// URL; expected ` +
      "postgresql://USER@HOST:PORT/DATABASE?sslmode=verify-full (the password belongs in PGPASSWORD or --secret-id)");
  }
  const [, , userinfo, hostport, path, query] = match;
  const settings: LibpqSettings = {};
  const decode = (part: string, what: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      throw new UsageError(`${origin} has a badly percent-encoded ${what}`);
    }
  };
  if (userinfo) {
    const colon = userinfo.indexOf(":");
    settings.user = decode(colon < 0 ? userinfo : userinfo.slice(0, colon), "user name") || undefined;
    if (colon >= 0) settings.password = decode(userinfo.slice(colon + 1), "password");
  }
  if (hostport) {
    if (hostport.includes(",")) throw new UsageError(`${origin} names several hosts; the probe checks one host at a time`);
    const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(hostport);
    const [host, port] = bracketed ? [bracketed[1], bracketed[2]] : hostport.split(/:(?=[^:]*$)/);
    if (host) settings.host = decode(host, "host");
    if (port !== undefined && port !== "") settings.port = port;
  }
  if (path) settings.dbname = decode(path, "database name");
  for (const pair of (query ?? "").split("&").filter(Boolean)) {
    const eq = pair.indexOf("=");
    const key = decode(eq < 0 ? pair : pair.slice(0, eq), "parameter");
    if (!URL_PARAMS.has(key)) {
      throw new UsageError(`${origin} has the parameter "${key}", which the probe does not support; ` +
        `supported: ${[...URL_PARAMS].join(", ")}`);
    }
    (settings as Record<string, string>)[key] = decode(eq < 0 ? "" : pair.slice(eq + 1), `parameter ${key}`);
  }
  return settings;
}

/** The PG* environment variables, in libpq's vocabulary. */
export function settingsFromEnvironment(env: Readonly<Record<string, string | undefined>>): LibpqSettings {
  const pick = (name: string) => (env[name] === "" ? undefined : env[name]);
  return {
    host: pick("PGHOST"), port: pick("PGPORT"), dbname: pick("PGDATABASE"), user: pick("PGUSER"),
    password: pick("PGPASSWORD"), sslmode: pick("PGSSLMODE"), sslrootcert: pick("PGSSLROOTCERT"),
    connect_timeout: pick("PGCONNECT_TIMEOUT"), application_name: pick("PGAPPNAME"),
  };
}

/** Later sources win, field by field; undefined never overrides. */
export function mergeSettings(...sources: LibpqSettings[]): LibpqSettings {
  const merged: LibpqSettings = {};
  for (const source of sources) {
    for (const [key, value] of Object.entries(source)) {
      if (value !== undefined) (merged as Record<string, string>)[key] = value;
    }
  }
  return merged;
}

function positiveSeconds(value: string, what: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(n > 0)) {
    throw new UsageError(`${what} must be a number of seconds greater than 0, not "${value}"`);
  }
  return n;
}

/** Applies libpq's defaults and checks every field; throws UsageError naming the first bad one. */
export function resolveTarget(settings: LibpqSettings, defaultConnectTimeoutSeconds = 10): ConnectionTarget {
  const user = settings.user ?? os.userInfo().username;
  const sslMode = (settings.sslmode ?? "prefer") as SslMode;
  if (!SSL_MODES.includes(sslMode)) {
    throw new UsageError(`sslmode "${settings.sslmode}" is not one of ${SSL_MODES.join(", ")}`);
  }
  const port = Number(settings.port ?? "5432");
  if (!/^\d+$/.test(settings.port ?? "5432") || port < 1 || port > 65535) {
    throw new UsageError(`port "${settings.port}" is not a TCP port (1-65535)`);
  }
  if (settings.host?.startsWith("/")) {
    throw new UsageError("host is a Unix socket directory; the probe proves network access, so give a host name or address");
  }
  return {
    host: settings.host ?? "localhost",
    port,
    database: settings.dbname ?? user,
    user,
    password: settings.password,
    sslMode,
    sslRootCert: settings.sslrootcert,
    connectTimeoutSeconds: settings.connect_timeout === undefined ? defaultConnectTimeoutSeconds
      : positiveSeconds(settings.connect_timeout, "connect_timeout"),
    applicationName: settings.application_name ?? "checkpoints-probe",
  };
}

/** The target as a URL for messages and evidence: never with the password. */
export function describeTarget(target: ConnectionTarget): string {
  const host = target.host.includes(":") ? `[${target.host}]` : target.host;
  return `postgresql://${encodeURIComponent(target.user)}@${host}:${target.port}/` +
    `${encodeURIComponent(target.database)}?sslmode=${target.sslMode}`;
}
