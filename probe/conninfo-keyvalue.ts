import { LIBPQ15_KEYWORDS, LibpqKeyword, LibpqSettings } from "./libpq-uri";
import { UsageError } from "./usage-error";

const KEYWORDS: ReadonlySet<string> = new Set(LIBPQ15_KEYWORDS);
/** Keywords whose value is a secret: what follows them never appears in a message. */
const SECRET_KEYWORDS: ReadonlySet<string> = new Set(["password", "sslpassword"]);

/** C's isspace in the "C" locale, as libpq's conninfo_parse tests bytes. */
const isSpace = (c: string) => c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\v" || c === "\f";

/**
 * libpq's test for a connection string rather than a database name (fe-connect.c, REL_15_STABLE:
 * recognized_connection_string): a URI prefix, or an "=" anywhere.
 */
export function isKeyValueConnectionString(text: string): boolean {
  return text.includes("=");
}

/**
 * A transcription of libpq 15's conninfo_parse and conninfo_storeval (postgres/postgres REL_15_STABLE,
 * src/interfaces/libpq/fe-connect.c): `keyword = value` pairs separated by white space; a value is
 * either unquoted (ends at white space; `\x` is x) or single-quoted (`\'` and `\\` inside; must be
 * closed); "requiressl" maps to sslmode as libpq does; a keyword libpq does not know is refused with
 * its message. Later pairs win. Pure. Difference from libpq: a message never shows text that came from
 * a password value (libpq's "missing "=" after ..." may echo the rest of an unquoted password).
 */
export function parseKeyValueConnectionString(conninfo: string): LibpqSettings {
  const settings: LibpqSettings = {};
  const at = (i: number) => (i < conninfo.length ? conninfo[i] : "");
  let cp = 0;
  let afterSecret = false;
  const shown = (name: string) => (afterSecret ? "(text after a password; not shown)" : name);
  while (at(cp)) {
    if (isSpace(at(cp))) {
      cp++;
      continue;
    }
    // The keyword: up to "=" or white space (white space may then come before the "=").
    const nameStart = cp;
    while (at(cp) && at(cp) !== "=" && !isSpace(at(cp))) cp++;
    const name = conninfo.slice(nameStart, cp);
    while (isSpace(at(cp))) cp++;
    if (at(cp) !== "=") throw new UsageError(`missing "=" after "${shown(name)}" in connection info string`);
    cp++;
    while (isSpace(at(cp))) cp++;

    let value = "";
    if (at(cp) !== "'") {
      while (at(cp) && !isSpace(at(cp))) {
        if (at(cp) === "\\") {
          cp++;
          if (at(cp)) value += conninfo[cp++];
        } else {
          value += conninfo[cp++];
        }
      }
    } else {
      cp++;
      for (;;) {
        if (!at(cp)) throw new UsageError("unterminated quoted string in connection info string");
        if (at(cp) === "\\") {
          cp++;
          if (at(cp)) value += conninfo[cp++];
          continue;
        }
        if (at(cp) === "'") {
          cp++;
          break;
        }
        value += conninfo[cp++];
      }
    }
    storeValue(settings, name, value, shown(name));
    afterSecret = SECRET_KEYWORDS.has(name);
  }
  return settings;
}

/** libpq's conninfo_storeval: the old requiressl keyword becomes sslmode; an unknown keyword is refused. */
function storeValue(settings: LibpqSettings, name: string, value: string, shownName: string): void {
  let keyword = name;
  let stored = value;
  if (keyword === "requiressl") [keyword, stored] = ["sslmode", value.startsWith("1") ? "require" : "prefer"];
  if (!KEYWORDS.has(keyword)) throw new UsageError(`invalid connection option "${shownName}"`);
  settings[keyword as LibpqKeyword] = stored;
}
