import { UsageError } from "./usage-error";

/**
 * libpq 15's connection keywords (PQconninfoOptions in src/interfaces/libpq/fe-connect.c, REL_15_STABLE).
 * A URI query parameter outside this list is an error in libpq 15 ("invalid URI query parameter").
 */
export const LIBPQ15_KEYWORDS = [
  "service", "user", "password", "passfile", "channel_binding", "connect_timeout", "dbname", "host", "hostaddr",
  "port", "client_encoding", "options", "application_name", "fallback_application_name", "keepalives",
  "keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout", "sslmode", "sslcompression",
  "sslcert", "sslkey", "sslpassword", "sslrootcert", "sslcrl", "sslcrldir", "sslsni", "requirepeer",
  "ssl_min_protocol_version", "ssl_max_protocol_version", "gssencmode", "krbsrvname", "gsslib", "replication",
  "target_session_attrs",
] as const;
export type LibpqKeyword = (typeof LIBPQ15_KEYWORDS)[number];
export type LibpqSettings = Partial<Record<LibpqKeyword, string>>;

const KEYWORDS: ReadonlySet<string> = new Set(LIBPQ15_KEYWORDS);

/** The length of "postgresql://" or "postgres://" at the start, else 0 (libpq's uri_prefix_length). */
export function uriPrefixLength(text: string): number {
  if (text.startsWith("postgresql://")) return "postgresql://".length;
  if (text.startsWith("postgres://")) return "postgres://".length;
  return 0;
}

const HEX = /^[0-9a-fA-F]$/;

/**
 * libpq's conninfo_uri_decode: %XX to a byte, refusing malformed escapes and %00. `shown` is how the
 * value may appear in a message: the password's never does.
 */
function uriDecode(value: string, shown: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length;) {
    if (value[i] !== "%") {
      const end = value.codePointAt(i)! > 0xffff ? i + 2 : i + 1;
      bytes.push(...Buffer.from(value.slice(i, end), "utf8"));
      i = end;
      continue;
    }
    const hi = value[i + 1] ?? "";
    const lo = value[i + 2] ?? "";
    if (!HEX.test(hi) || !HEX.test(lo)) throw new UsageError(`invalid percent-encoded token: ${shown}`);
    const byte = parseInt(hi + lo, 16);
    if (byte === 0) throw new UsageError(`forbidden value %00 in percent-encoded value: ${shown}`);
    bytes.push(byte);
    i += 3;
  }
  return Buffer.from(bytes).toString("utf8");
}

/** The URI as messages may show it: the passwords (user:PASSWORD@, ?password= and ?sslpassword=) replaced, as libpq never does. */
export function uriForMessages(uri: string): string {
  const start = uriPrefixLength(uri);
  let rest = uri.slice(start);
  const at = rest.search(/[@/]/);
  const colon = rest.indexOf(":");
  if (at >= 0 && rest[at] === "@" && colon >= 0 && colon < at) rest = `${rest.slice(0, colon)}:***${rest.slice(at)}`;
  rest = rest.replace(/([?&](?:ssl)?password=)[^&]*/g, "$1***");
  return `"${uri.slice(0, start)}${rest}"`;
}

/**
 * A transcription of libpq 15's conninfo_uri_parse_options and conninfo_uri_parse_params: the same
 * keywords out, the same URIs refused with the same reason (source: postgres/postgres REL_15_STABLE,
 * src/interfaces/libpq/fe-connect.c; cases in src/interfaces/libpq/t/001_uri.pl). Pure; never echoes the
 * password. Differences: none in what is accepted; messages mask the password libpq would print.
 */
export function parseLibpqUri(uri: string): LibpqSettings {
  const prefix = uriPrefixLength(uri);
  if (prefix === 0) {
    // Not echoed: a key=value connection string may hold a password.
    throw new UsageError("is neither a postgresql:// or postgres:// URI nor a key=value connection string: " +
      "write postgresql://USER@HOST:PORT/DATABASE?sslmode=verify-full or \"host=HOST dbname=DATABASE ...\"");
  }
  const shownUri = uriForMessages(uri);
  const settings: LibpqSettings = {};
  const store = (keyword: LibpqKeyword, raw: string) => {
    settings[keyword] = uriDecode(raw, keyword === "password" ? "(in the password; not shown)" : `"${raw}"`);
  };
  let p = prefix;
  const at = (i: number) => (i < uri.length ? uri[i] : "");

  // Look ahead for user credentials: "user[:password]@" before any '/'.
  let q = p;
  while (at(q) && at(q) !== "@" && at(q) !== "/") q++;
  if (at(q) === "@") {
    let e = p;
    while (at(e) !== ":" && at(e) !== "@") e++;
    if (e > p) store("user", uri.slice(p, e));
    if (at(e) === ":") {
      const pwStart = e + 1;
      while (at(e) !== "@") e++;
      if (e > pwStart) store("password", uri.slice(pwStart, e));
    }
    p = e + 1;
  }

  // netloc[:port] pairs separated by commas.
  const hosts: string[] = [];
  const ports: string[] = [];
  let terminator = "";
  for (;;) {
    let host: string;
    if (at(p) === "[") {
      const start = ++p;
      while (at(p) && at(p) !== "]") p++;
      if (!at(p)) throw new UsageError(`end of string reached when looking for matching "]" in IPv6 host address in URI: ${shownUri}`);
      if (p === start) throw new UsageError(`IPv6 host address may not be empty in URI: ${shownUri}`);
      host = uri.slice(start, p);
      p++;
      if (at(p) && !":/?,".includes(at(p))) {
        const position = Buffer.byteLength(uri.slice(0, p)) + 1;
        throw new UsageError(`unexpected character "${at(p)}" at position ${position} in URI (expected ":" or "/"): ${shownUri}`);
      }
    } else {
      const start = p;
      while (at(p) && !":/?,".includes(at(p))) p++;
      host = uri.slice(start, p);
    }
    hosts.push(host);
    terminator = at(p);
    let port = "";
    if (terminator === ":") {
      const start = ++p;
      while (at(p) && !"/?,".includes(at(p))) p++;
      port = uri.slice(start, p);
      terminator = at(p);
    }
    ports.push(port);
    if (terminator !== ",") break;
    p++;
  }
  const hostList = hosts.join(",");
  const portList = ports.join(",");
  // Stored when not empty, as libpq does: "postgresql://,h" keeps an empty first host (the default).
  if (hostList) store("host", hostList);
  if (portList) store("port", portList);

  if (terminator && terminator !== "?") {
    const start = ++p;
    while (at(p) && at(p) !== "?") p++;
    if (p > start) store("dbname", uri.slice(start, p));
    terminator = at(p);
  }
  if (terminator) parseUriParams(uri.slice(p + 1), settings);
  return settings;
}

function parseUriParams(params: string, settings: LibpqSettings): void {
  let rest = params;
  while (rest) {
    let end = 0;
    let eq = -1;
    for (;; end++) {
      const c = rest[end] ?? "";
      if (c === "=") {
        if (eq >= 0) throw new UsageError(`extra key/value separator "=" in URI query parameter: "${rest.slice(0, eq)}"`);
        eq = end;
      } else if (c === "&" || c === "") {
        if (eq < 0) throw new UsageError(`missing key/value separator "=" in URI query parameter: "${rest.slice(0, end)}"`);
        break;
      }
    }
    const rawKey = rest.slice(0, eq);
    let keyword = uriDecode(rawKey, `"${rawKey}"`);
    const rawValue = rest.slice(eq + 1, end);
    let value = uriDecode(rawValue, keyword === "password" ? "(in the password; not shown)" : `"${rawValue}"`);
    // libpq's JDBC compatibility and the old requiressl keyword.
    if (keyword === "ssl" && value === "true") [keyword, value] = ["sslmode", "require"];
    if (keyword === "requiressl") [keyword, value] = ["sslmode", value.startsWith("1") ? "require" : "prefer"];
    if (!KEYWORDS.has(keyword)) throw new UsageError(`invalid URI query parameter: "${keyword}"`);
    settings[keyword as LibpqKeyword] = value;
    rest = rest.slice(end + 1);
  }
}
