import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../probe/cli";
import { parseKeyValueConnectionString } from "../../probe/conninfo-keyvalue";
import { parseServiceFile, serviceSettings } from "../../probe/service-file";
import { captureIo } from "../support/capture-io";

/**
 * Key=value connection strings and pg_service.conf as libpq 15 reads them. Every expected value or message
 * below is what psql 15.18 (libpq 15) did with the same text: the parsed host shows in its "could not
 * translate host name" message, the refusals are its own words.
 */
const home = fs.mkdtempSync(path.join(os.tmpdir(), "probe-conninfo-home-"));
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

async function dryRun(args: string[], env: Record<string, string> = {}) {
  const io = captureIo();
  const code = await main(["--dry-run", "--json", ...args], { HOME: home, PGSYSCONFDIR: path.join(home, "no-sysconf"), ...env }, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

describe("key=value connection strings (libpq 15's conninfo_parse)", () => {
  test.each([
    ["host=a\\ b", { host: "a b" }],
    ["host='a b'  ", { host: "a b" }],
    ["host='x\\\\y'", { host: "x\\y" }],
    ["host = 'a\\'b'", { host: "a'b" }],
    ["host=a\\ port=1", { host: "a port=1" }],
    ["host=abc=d", { host: "abc=d" }],
    ["  host  =  'q'  dbname=x", { host: "q", dbname: "x" }],
    ["host=a host=b", { host: "b" }],
    ["host=''", { host: "" }],
    ["requiressl=1 host=h1", { sslmode: "require", host: "h1" }],
    ["requiressl=0", { sslmode: "prefer" }],
    // After "=", white space is skipped: the next pair becomes the value (psql: invalid ssl_min_protocol_version value).
    ["ssl_min_protocol_version= ssl_max_protocol_version=TLSv1.1", { ssl_min_protocol_version: "ssl_max_protocol_version=TLSv1.1" }],
  ])("%s", (conninfo, settings) => {
    expect(parseKeyValueConnectionString(conninfo)).toEqual(settings);
  });

  test.each([
    ["host=a b", 'missing "=" after "b" in connection info string'],
    ["host='abc", "unterminated quoted string in connection info string"],
    ["host='it''s'", 'missing "=" after "\'s\'" in connection info string'],
    ["=x", 'invalid connection option ""'],
    ["foo=bar", 'invalid connection option "foo"'],
    // libpq's JDBC spelling exists in URIs only.
    ["ssl=true", 'invalid connection option "ssl"'],
  ])("%s is refused: %s", (conninfo, message) => {
    expect(() => parseKeyValueConnectionString(conninfo)).toThrow(message);
  });

  // Found by mutation testing (issue 27). conninfo_parse separates pairs with isspace() (the C locale's six),
  // copies the character after a backslash only when there is one, and conninfo_storeval reads requiressl's
  // first character only ("if (value[0] == '1')"), fe-connect.c REL_15_STABLE.
  test.each([" ", "\t", "\n", "\r", "\v", "\f"])("%j separates pairs and surrounds '='", (space) => {
    expect(parseKeyValueConnectionString(`host${space}=${space}a${space}port=1`)).toEqual({ host: "a", port: "1" });
  });
  test("a backslash at the very end adds nothing", () => {
    expect(parseKeyValueConnectionString("host=a\\")).toEqual({ host: "a" });
  });
  test("requiressl: only the first character counts", () => {
    expect(parseKeyValueConnectionString("requiressl=10")).toEqual({ sslmode: "require" });
    expect(parseKeyValueConnectionString("requiressl=01")).toEqual({ sslmode: "prefer" });
  });

  test("text after an unquoted password is never shown (libpq: missing \"=\" after \"cret\")", () => {
    expect(() => parseKeyValueConnectionString("password=se cret host=x"))
      .toThrow('missing "=" after "(text after a password; not shown)" in connection info string');
  });

  test("the command line takes one, as psql does, and the dry run resolves it", async () => {
    const run = await dryRun(["host=db.example port=5433 dbname='check points' user=app sslmode=require " +
      "channel_binding=require ssl_max_protocol_version=TLSv1.3"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).target).toMatchObject({ host: "db.example", port: 5433, database: "check points",
      user: "app", sslMode: "require", channelBinding: "require", sslMinProtocolVersion: "TLSv1.2",
      sslMaxProtocolVersion: "TLSv1.3" });
  });

  test("a password in one is used and never printed", async () => {
    const run = await dryRun(["host=h user=u password='s3cret pass'"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).passwordSource).toBe("url");
    expect(run.stdout + run.stderr).not.toContain("s3cret");
  });

  test("a refused URI shows neither password nor sslpassword (libpq prints the whole URI)", async () => {
    const run = await dryRun(["postgresql://u:pass-word-1@[::1/db?sslpassword=key-pass-2"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('IPv6 host address in URI: "postgresql://u:***@[::1/db?sslpassword=***"');
  });

  test("a refused one is a usage error (2) with libpq's words", async () => {
    const run = await dryRun(["host=h channel_binding=sometimes"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('invalid channel_binding value: "sometimes"');
  });
});

describe("pg_service.conf (libpq 15's parseServiceFile and parseServiceInfo)", () => {
  const file = "/etc/svc.conf";
  test("a group, its keywords, the first value winning; a group name followed by text still matches", () => {
    const text = "# comment\n\n[other]\nhost=no\n[a] trailing\n  host=127.0.0.1  \nport=1\nport=2\nsslpassword= x\n[b]\nhost=b\n";
    expect(parseServiceFile(text, file, "a")).toEqual({ found: true,
      settings: { host: "127.0.0.1", port: "1", sslpassword: " x" } });
    expect(parseServiceFile(text, file, "zz")).toEqual({ found: false, settings: {} });
  });

  test.each([
    ["[b]\nhost = 127.0.0.1\n", "b", `syntax error in service file "${file}", line 2`],
    ["[c]\nservice=a\n", "c", `nested service specifications not supported in service file "${file}", line 2`],
    ["[e]\nnoequals\n", "e", `syntax error in service file "${file}", line 2`],
    [`[f]\nhost=${"a".repeat(1017)}\n`, "f", `line 2 too long in service file "${file}"`],
  ])("%#: refused as libpq refuses it", (text, service, message) => {
    expect(() => parseServiceFile(text, file, service)).toThrow(message);
  });

  test("a 1021-character line is not too long; errors are only in the wanted group", () => {
    expect(parseServiceFile(`[f]\nhost=${"a".repeat(1016)}\n[g]\nbad\n`, file, "f").settings.host).toHaveLength(1016);
  });

  // Cases of libpq's own service test (postgres/postgres src/interfaces/libpq/t/006_service.pl, commit 2c7bd2b;
  // parseServiceInfo is unchanged since 15): PGSERVICEFILE, then PGSYSCONFDIR/pg_service.conf.
  describe("where the service is looked for", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "probe-service-"));
    const valid = path.join(dir, "pg_service_valid.conf");
    const empty = path.join(dir, "pg_service_empty.conf");
    fs.writeFileSync(valid, "[my_srv]\nhost=127.0.0.1\nport=5999\ndbname=checkpoints\n");
    fs.writeFileSync(empty, "");
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    test("PGSERVICEFILE with the service", () => {
      expect(serviceSettings("my_srv", { PGSERVICEFILE: valid, PGSYSCONFDIR: dir }, home))
        .toEqual({ settings: { host: "127.0.0.1", port: "5999", dbname: "checkpoints" }, file: valid });
    });
    test("an undefined service", () => {
      expect(() => serviceSettings("undefined-service", { PGSERVICEFILE: valid, PGSYSCONFDIR: dir }, home))
        .toThrow('definition of service "undefined-service" not found');
    });
    test("a PGSERVICEFILE that does not exist", () => {
      const missing = path.join(dir, "pg_service_missing.conf");
      expect(() => serviceSettings("my_srv", { PGSERVICEFILE: missing, PGSYSCONFDIR: dir }, home))
        .toThrow(`service file "${missing}" not found`);
    });
    test("not in PGSERVICEFILE: PGSYSCONFDIR/pg_service.conf", () => {
      fs.copyFileSync(valid, path.join(dir, "pg_service.conf"));
      try {
        expect(serviceSettings("my_srv", { PGSERVICEFILE: empty, PGSYSCONFDIR: dir }, home).file)
          .toBe(path.join(dir, "pg_service.conf"));
      } finally {
        fs.rmSync(path.join(dir, "pg_service.conf"));
      }
    });
    test("~/.pg_service.conf when PGSERVICEFILE is not set", () => {
      const userHome = fs.mkdtempSync(path.join(dir, "home-"));
      fs.copyFileSync(valid, path.join(userHome, ".pg_service.conf"));
      expect(serviceSettings("my_srv", { PGSYSCONFDIR: dir }, userHome).file).toBe(path.join(userHome, ".pg_service.conf"));
    });

    test("explicit settings win over the service, the service over PG* variables (dry run)", async () => {
      const run = await dryRun(["postgres://?service=my_srv&port=6000"], { PGSERVICEFILE: valid, PGHOST: "env-host",
        PGUSER: "env-user" });
      expect(run.stderr).toBe("");
      expect(JSON.parse(run.stdout).target).toMatchObject({ host: "127.0.0.1", port: 6000, user: "env-user",
        database: "checkpoints", service: { name: "my_srv", file: valid } });
      const viaEnv = await dryRun(["dbname=other"], { PGSERVICEFILE: valid, PGSERVICE: "my_srv" });
      expect(JSON.parse(viaEnv.stdout).target).toMatchObject({ host: "127.0.0.1", port: 5999, database: "other" });
    });
  });
});
