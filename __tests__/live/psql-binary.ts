import * as fs from "node:fs";
import * as path from "node:path";

/** What an operator types: on Debian and Ubuntu a link to pg_wrapper (postgresql-common). */
export const PSQL_COMMAND = "/usr/bin/psql";

/** Where postgresql-common installs each client version (PgCommon.pm $binroot). */
const BINROOT = "/usr/lib/postgresql";

export interface PsqlCommand {
  /** The program to start. */
  readonly binary: string;
  /** The environment psql gets: the one given, with what pg_wrapper adds. */
  readonly env: (env: Record<string, string>) => Record<string, string>;
}

/**
 * The psql that `psql` runs, started without the wrapper in front of it. pg_wrapper is a Perl script that
 * picks the newest installed client and execs it: 48 ms of CPU a run against 6 for psql itself, and the
 * live tests run psql about 180 times (issue 26). This does what it does for these runs (postgresql-common
 * 248, /usr/share/postgresql-common/pg_wrapper and PgCommon.pm get_newest_version): the highest version
 * under /usr/lib/postgresql with a bin/psql, and PGSYSCONFDIR=/etc/postgresql-common unless set (where
 * libpq then looks for pg_service.conf). Not done: the wrapper's choice of a local cluster (PGHOST, PGPORT)
 * when nothing names a host or port; every test's connection does. Without the wrapper (another
 * distribution), /usr/bin/psql itself; undefined when there is no psql.
 */
export function psqlCommand(): PsqlCommand | undefined {
  if (!fs.existsSync(PSQL_COMMAND)) return undefined;
  if (path.basename(fs.realpathSync(PSQL_COMMAND)) !== "pg_wrapper") return { binary: PSQL_COMMAND, env: (env) => env };
  const versions = fs.readdirSync(BINROOT).filter((v) => /^\d+\.?\d+$/.test(v) && fs.existsSync(path.join(BINROOT, v, "bin", "psql")))
    .sort((a, b) => Number(a) - Number(b));
  if (versions.length === 0) return undefined;
  return {
    binary: path.join(BINROOT, versions[versions.length - 1], "bin", "psql"),
    env: (env) => ({ PGSYSCONFDIR: "/etc/postgresql-common", ...env }),
  };
}
