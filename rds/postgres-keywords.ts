/**
 * PostgreSQL 15's reserved key words: the PG_KEYWORD entries of category RESERVED_KEYWORD in
 * src/include/parser/kwlist.h (postgres/postgres, REL_15_STABLE; the list is unchanged from PostgreSQL 10's
 * kwlist.h, commit 013c1178fd0adefa0f68d5ce2d84e7ae6f9613a1, to 15: SYSTEM_USER joined it in 16). The same
 * words are "reserved" in the PostgreSQL 15 manual, Appendix C "SQL Key Words", and what
 * `SELECT word FROM pg_get_keywords() WHERE catcode = 'R'` returns on a 15 server (__tests__/live checks that).
 * RDS refuses a reserved word as the master user name or the database name (CreateDBInstance, MasterUsername
 * and DBName: "Can't be a reserved word for the chosen database engine").
 */
export const POSTGRES_RESERVED_KEYWORDS = {
  source: "PostgreSQL 15 src/include/parser/kwlist.h, RESERVED_KEYWORD entries",
  keywords: [
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case", "cast", "check",
    "collate", "column", "constraint", "create", "current_catalog", "current_date", "current_role", "current_time",
    "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do", "else", "end", "except",
    "false", "fetch", "for", "foreign", "from", "grant", "group", "having", "in", "initially", "intersect", "into",
    "lateral", "leading", "limit", "localtime", "localtimestamp", "not", "null", "offset", "on", "only", "or", "order",
    "placing", "primary", "references", "returning", "select", "session_user", "some", "symmetric", "table", "then",
    "to", "trailing", "true", "union", "unique", "user", "using", "variadic", "when", "where", "window", "with",
  ] as readonly string[],
} as const;

export function isPostgresReservedKeyword(word: string): boolean {
  return POSTGRES_RESERVED_KEYWORDS.keywords.includes(word.toLowerCase());
}
