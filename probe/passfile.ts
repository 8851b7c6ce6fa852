import * as fs from "node:fs";

/**
 * libpq's password file (https://www.postgresql.org/docs/15/libpq-pgpass.html), transcribed from
 * passwordFromFile and pwdfMatchesString in src/interfaces/libpq/fe-connect.c (REL_15_STABLE). node-postgres'
 * own pgpass support is not used: it matches the resolved address, not the host as given.
 */

/** What a line must match: the host as given (not its address), port, database and user. */
export interface PassfileKey {
  readonly host: string;
  readonly port: string;
  readonly database: string;
  readonly user: string;
}

export type PassfileResult =
  | { readonly found: true; readonly password: string; readonly line: number }
  | { readonly found: false; readonly reason: string; readonly warning?: string };

/** libpq's default socket directory on Debian builds (DEFAULT_PGSOCKET_DIR); matched as "localhost". */
const DEFAULT_SOCKET_DIR = "/var/run/postgresql";

/** One field against the line, as pwdfMatchesString: "*" matches anything, "\" escapes the next character. */
function matchField(line: string, token: string): string | null {
  if (line.startsWith("*:")) return line.slice(2);
  let i = 0;
  let t = 0;
  while (i < line.length) {
    let escaped = false;
    if (line[i] === "\\") {
      i++;
      escaped = true;
    }
    if (line[i] === ":" && t === token.length && !escaped) return line.slice(i + 1);
    if (t === token.length) return null;
    if (i < line.length && line[i] === token[t]) {
      i++;
      t++;
    } else {
      return null;
    }
  }
  return null;
}

/** The password field, de-escaped up to the first unescaped ':' (libpq ignores anything after it). */
function passwordField(rest: string): string {
  let out = "";
  for (let i = 0; i < rest.length && rest[i] !== ":"; i++) {
    if (rest[i] === "\\" && i + 1 < rest.length) i++;
    out += rest[i];
  }
  return out;
}

/** The host as libpq looks it up: '' and the default socket directory count as "localhost". */
export function passfileHost(host: string): string {
  return host === "" || host === DEFAULT_SOCKET_DIR ? "localhost" : host;
}

/** Pure: the first line of the file's text that matches the key. */
export function findPassword(text: string, key: PassfileKey): { password: string; line: number } | null {
  const lines = text.split("\n");
  for (const [index, raw] of lines.entries()) {
    if (raw.startsWith("#")) continue;
    const line = raw.replace(/[\r\n]+$/, "");
    if (!line) continue;
    let rest: string | null = line;
    for (const field of [passfileHost(key.host), key.port, key.database, key.user]) {
      rest = rest === null ? null : matchField(rest, field);
    }
    if (rest !== null) return { password: passwordField(rest), line: index + 1 };
  }
  return null;
}

/**
 * Reads the passfile as libpq does: a missing file is silently ignored; a file that is not a plain
 * file, or that group or others may read, is ignored with libpq's warning.
 */
export function lookupPassfile(file: string, key: PassfileKey): PassfileResult {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return { found: false, reason: `${file} does not exist` };
  }
  if (!stat.isFile()) {
    return { found: false, reason: `${file} is not a plain file`,
      warning: `WARNING: password file "${file}" is not a plain file` };
  }
  if ((stat.mode & 0o077) !== 0) {
    return { found: false, reason: `${file} was ignored: group or others may read it (chmod 0600 ${file})`,
      warning: `WARNING: password file "${file}" has group or world access; permissions should be u=rw (0600) or less` };
  }
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    return { found: false, reason: `${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})` };
  }
  const match = findPassword(text, key);
  if (!match) {
    return { found: false,
      reason: `${file} has no line for ${passfileHost(key.host)}:${key.port}:${key.database}:${key.user}` };
  }
  return { found: true, ...match };
}
