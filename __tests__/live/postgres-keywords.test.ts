import { spawnSync } from "node:child_process";
import { POSTGRES_RESERVED_KEYWORDS } from "../../rds/postgres-keywords";
import { AvailableServer, liveServer } from "./live-server";

/** rds/postgres-keywords.ts against the reference itself: a PostgreSQL 15 server's own pg_get_keywords(). */
const info = liveServer();
const describeLive = info.available ? describe : describe.skip;
const server = info as AvailableServer;

describeLive("PostgreSQL 15's reserved key words, as the server lists them", () => {
  test("pg_get_keywords() catcode R is exactly rds/postgres-keywords.ts", () => {
    const run = spawnSync("psql", ["-X", "-A", "-t", "-c", "SELECT word FROM pg_get_keywords() WHERE catcode = 'R' ORDER BY word",
      `host=${server.host} port=${server.port} dbname=${server.database} user=${server.user} sslmode=require`],
    { encoding: "utf8", env: { PATH: process.env.PATH ?? "", PGPASSWORD: server.password } });
    expect(run.stderr).toBe("");
    expect(run.stdout.trim().split("\n")).toEqual([...POSTGRES_RESERVED_KEYWORDS.keywords].sort());
  });
});
