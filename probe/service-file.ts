import * as fs from "node:fs";
import * as path from "node:path";
import { LIBPQ15_KEYWORDS, LibpqKeyword, LibpqSettings } from "./libpq-uri";
import { UsageError } from "./usage-error";

const KEYWORDS: ReadonlySet<string> = new Set(LIBPQ15_KEYWORDS);

/**
 * libpq's SYSCONFDIR as Debian and Ubuntu build it (`pg_config --sysconfdir` of their libpq 15, the
 * reference psql here): where pg_service.conf is looked for when PGSYSCONFDIR is not set. A libpq built
 * from source uses /usr/local/pgsql/etc; other packages other places: set PGSYSCONFDIR there.
 */
export const DEFAULT_SYSCONFDIR = "/etc/postgresql-common";

/** Where libpq looks for service definitions, from the environment and the home directory. */
export interface ServiceFileEnvironment {
  readonly PGSERVICEFILE?: string;
  readonly PGSYSCONFDIR?: string;
}

/** The lines libpq reads into a 1024-byte buffer with fgets (REL_15_STABLE: "line %d too long"). */
const MAX_LINE_BYTES = 1024 - 1;

const isSpace = (c: string) => c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\v" || c === "\f";

interface ServiceFileResult {
  readonly found: boolean;
  readonly settings: LibpqSettings;
}

/**
 * A transcription of libpq 15's parseServiceFile (postgres/postgres REL_15_STABLE,
 * src/interfaces/libpq/fe-connect.c): lines trimmed of white space at both ends; "#" comments and empty
 * lines skipped; "[name]" starts a group (the name compared as libpq does: the line starts with "[name]");
 * in the wanted group each line is keyword=value, split at the first "=", neither side trimmed further; an
 * unknown keyword or a line without "=" is a syntax error naming the file and line; "service" inside a
 * service is refused; the group ends at the next "[". The first value of a keyword wins, as libpq never
 * overrides a value already set.
 */
export function parseServiceFile(text: string, file: string, service: string): ServiceFileResult {
  const settings: LibpqSettings = {};
  let found = false;
  const lines = text.split("\n");
  for (const [index, raw] of lines.entries()) {
    const lineNumber = index + 1;
    if (index === lines.length - 1 && raw === "") break;
    if (Buffer.byteLength(raw) + 1 >= MAX_LINE_BYTES) {
      throw new UsageError(`line ${lineNumber} too long in service file "${file}"`);
    }
    let start = 0;
    let end = raw.length;
    while (end > 0 && isSpace(raw[end - 1])) end--;
    while (start < end && isSpace(raw[start])) start++;
    const line = raw.slice(start, end);
    if (line === "" || line.startsWith("#")) continue;
    if (line.startsWith("[")) {
      if (found) break;
      found = line.startsWith(`[${service}]`);
      continue;
    }
    if (!found) continue;
    const eq = line.indexOf("=");
    if (eq < 0) throw new UsageError(`syntax error in service file "${file}", line ${lineNumber}`);
    const keyword = line.slice(0, eq);
    if (keyword === "service") {
      throw new UsageError(`nested service specifications not supported in service file "${file}", line ${lineNumber}`);
    }
    if (!KEYWORDS.has(keyword)) throw new UsageError(`syntax error in service file "${file}", line ${lineNumber}`);
    settings[keyword as LibpqKeyword] ??= line.slice(eq + 1);
  }
  return { found, settings };
}

function readServiceFile(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    throw new UsageError(`service file "${file}" not found`);
  }
}

const exists = (file: string) => {
  try {
    fs.statSync(file);
    return true;
  } catch {
    return false;
  }
};

/**
 * libpq 15's parseServiceInfo: the service named by `service` (else nothing to do) is looked up in
 * PGSERVICEFILE, else ~/.pg_service.conf when it exists; when the service is not there, in
 * PGSYSCONFDIR/pg_service.conf (else the built-in SYSCONFDIR) when that exists. A PGSERVICEFILE that
 * cannot be read is an error; a service found nowhere is "definition of service ... not found".
 * Returns the service's settings (the caller lets every explicit setting win over them) and the file.
 */
export function serviceSettings(service: string | undefined, env: ServiceFileEnvironment, home: string):
  { settings: LibpqSettings; file?: string } {
  if (service === undefined) return { settings: {} };
  const userFile = env.PGSERVICEFILE ?? path.join(home, ".pg_service.conf");
  if (env.PGSERVICEFILE !== undefined || exists(userFile)) {
    const result = parseServiceFile(readServiceFile(userFile), userFile, service);
    if (result.found) return { settings: result.settings, file: userFile };
  }
  const systemFile = path.join(env.PGSYSCONFDIR ?? DEFAULT_SYSCONFDIR, "pg_service.conf");
  if (exists(systemFile)) {
    const result = parseServiceFile(readServiceFile(systemFile), systemFile, service);
    if (result.found) return { settings: result.settings, file: systemFile };
  }
  throw new UsageError(`definition of service "${service}" not found`);
}

/**
 * The settings with a service's filled in as libpq's conninfo_add_defaults does: the service (from the
 * explicit settings, else PGSERVICE) fills only what the explicit settings leave unset, and wins over the
 * other PG* variables, which fill what is still unset.
 */
export function withService(explicit: LibpqSettings, environment: LibpqSettings, env: ServiceFileEnvironment,
  home: string): { settings: LibpqSettings; fromService: LibpqSettings; service?: { name: string; file: string } } {
  const name = explicit.service ?? environment.service;
  const { settings: fromService, file } = serviceSettings(name, env, home);
  const settings: LibpqSettings = { ...environment };
  for (const source of [fromService, explicit]) {
    for (const [key, value] of Object.entries(source) as [LibpqKeyword, string | undefined][]) {
      if (value !== undefined) settings[key] = value;
    }
  }
  return { settings, fromService, ...(name !== undefined && file ? { service: { name, file } } : {}) };
}
