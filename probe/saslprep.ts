import { L_CAT, MAPPED_TO_NOTHING, NON_ASCII_SPACE, PROHIBITED, RAND_AL_CAT, UNASSIGNED_3_2 } from "./saslprep-tables";

/** "first-last,..." (hexadecimal) as a flat sorted list [first, last, first, last, ...]. */
function ranges(table: string): readonly number[] {
  return table.split(",").flatMap((range) => range.split("-").map((n) => parseInt(n, 16)));
}

interface Tables {
  readonly unassigned: readonly number[]; readonly mappedToNothing: readonly number[];
  readonly nonAsciiSpace: readonly number[]; readonly prohibited: readonly number[];
  readonly randAlCat: readonly number[]; readonly lCat: readonly number[];
}
let parsedTables: Tables | undefined;

/**
 * The tables, parsed on first use: only a password with a non-ASCII character needs them, and parsing them
 * at load cost every probe start about a millisecond (issue 26).
 */
function tables(): Tables {
  parsedTables ??= {
    unassigned: ranges(UNASSIGNED_3_2), mappedToNothing: ranges(MAPPED_TO_NOTHING), nonAsciiSpace: ranges(NON_ASCII_SPACE),
    prohibited: ranges(PROHIBITED), randAlCat: ranges(RAND_AL_CAT), lCat: ranges(L_CAT),
  };
  return parsedTables;
}

function inTable(table: readonly number[], codePoint: number): boolean {
  let low = 0;
  let high = table.length / 2 - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (codePoint < table[2 * middle]) high = middle - 1;
    else if (codePoint > table[2 * middle + 1]) low = middle + 1;
    else return true;
  }
  return false;
}

/**
 * The password SCRAM hashes, as libpq 15 decides it (src/common/saslprep.c pg_saslprep, called from
 * fe-auth-scram.c; REL_15_STABLE): pure ASCII as it is; otherwise RFC 4013's SASLprep (map, NFKC,
 * prohibit, bidi, and unassigned code points of Unicode 3.2 prohibited). Where SASLprep fails, libpq (and
 * the server, when it stored the verifier) uses the password's own bytes: null says so.
 */
export function libpqSaslPrep(password: string): string | null {
  if (/^[\x00-\x7f]*$/.test(password)) return password;
  const table = tables();
  const mapped = [...password].filter((c) => !inTable(table.mappedToNothing, c.codePointAt(0) as number))
    .map((c) => (inTable(table.nonAsciiSpace, c.codePointAt(0) as number) ? " " : c)).join("");
  const normalized = mapped.normalize("NFKC");
  const codePoints = [...normalized].map((c) => c.codePointAt(0) as number);
  if (codePoints.some((cp) => inTable(table.prohibited, cp) || inTable(table.unassigned, cp))) return null;
  // RFC 3454 section 6: a string with RandALCat characters has no LCat ones, and starts and ends with RandALCat.
  if (codePoints.some((cp) => inTable(table.randAlCat, cp))) {
    if (codePoints.some((cp) => inTable(table.lCat, cp))) return null;
    if (!inTable(table.randAlCat, codePoints[0]) || !inTable(table.randAlCat, codePoints[codePoints.length - 1])) return null;
  }
  return normalized;
}
