import * as dns from "node:dns";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../probe/cli";
import { parseLibpqUri } from "../../probe/libpq-uri";
import { captureIo } from "../support/capture-io";

interface UriCase {
  uri: string;
  libpq: "accept" | "reject";
  keywords?: Record<string, string>;
  connection?: "inet" | "local";
  message?: string;
}
const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/libpq/uri-regress-15.json"), "utf8")) as {
  cases: UriCase[];
};

/** A clean environment: no PG* variables, a HOME with no passfile or certificates. */
const home = fs.mkdtempSync(path.join(os.tmpdir(), "probe-uri-home-"));
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

async function dryRun(uri: string) {
  const io = captureIo();
  const code = await main(["--dry-run", "--json", uri], { HOME: home }, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

describe("libpq 15's URI regression cases (src/interfaces/libpq/t/001_uri.pl) through --dry-run", () => {
  const accepted = fixture.cases.filter((c) => c.libpq === "accept");
  const rejected = fixture.cases.filter((c) => c.libpq === "reject");

  test("the fixture holds every case", () => {
    expect(accepted.length).toBe(43);
    expect(rejected.length).toBe(14);
  });

  test.each(accepted.map((c) => [c.uri, c] as const))("%s is accepted with libpq's keywords", async (_uri, c) => {
    const run = await dryRun(c.uri);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const { target, passwordSource } = JSON.parse(run.stdout);
    const kw = c.keywords ?? {};
    const user = kw.user ?? os.userInfo().username;
    // The one documented difference: with no host, the probe uses localhost over TCP, libpq its Unix socket.
    const host = kw.host ?? kw.hostaddr ?? "localhost";
    expect(target.hosts).toEqual([{ host, ...(kw.hostaddr ? { hostaddr: kw.hostaddr } : {}), port: Number(kw.port ?? 5432) }]);
    expect(target).toMatchObject({ user, database: kw.dbname ?? user, resolvedAddresses: [] });
    expect(passwordSource).toBe(kw.password ? "url" : "none");
    expect(parseLibpqUri(c.uri)).toEqual(kw);
  });

  test.each(rejected.map((c) => [c.uri, c] as const))("%s is a usage error with libpq's reason", async (_uri, c) => {
    const run = await dryRun(c.uri);
    expect(run.code).toBe(2);
    // Under --json a usage error still prints its record (errorClass usage), never an "ok" or a target.
    expect(JSON.parse(run.stdout)).toMatchObject({ outcome: "failed", exitCode: 2, errorClass: "usage" });
    if (c.uri === "postgre://") {
      // psql takes a string with neither a URI prefix nor "=" as a database name; the probe wants a connection string.
      expect(run.stderr).toContain("the URL is neither a postgresql:// or postgres:// URI nor a key=value connection string");
    } else {
      expect(run.stderr).toContain(`checkpoints-probe: the URL: ${c.message}\n`);
    }
  });
});

describe("URIs beyond the regression file, as psql 15.18 treats them", () => {
  test.each([
    // '#' is not special to libpq 15: it belongs to the database name.
    ["postgresql://h/db#frag", { host: "h", dbname: "db#frag" }],
    ["postgresql://h1:5432,h2:5433/db", { host: "h1,h2", port: "5432,5433", dbname: "db" }],
    ["postgresql://h/db?host=a,b&port=1", { host: "a,b", port: "1", dbname: "db" }],
    ["postgresql://h/db?options=-c%20search_path%3Dx", { host: "h", dbname: "db", options: "-c search_path=x" }],
    ["postgresql://h/db?application_name=a%3Db", { host: "h", dbname: "db", application_name: "a=b" }],
    ["postgresql://h/db?ssl=true", { host: "h", dbname: "db", sslmode: "require" }],
    ["postgresql://h/db?requiressl=1", { host: "h", dbname: "db", sslmode: "require" }],
  ])("%s", (uri, keywords) => {
    expect(parseLibpqUri(uri)).toEqual(keywords);
  });

  test.each([
    ["postgresql://h/db?application_name=a=b", 'extra key/value separator "=" in URI query parameter: "application_name"'],
    ["postgresql://h:abc/db", 'invalid integer value "abc" for connection option "port"'],
    ["postgresql://h:99999/db", 'invalid port number: "99999"'],
    ["postgresql://h:0/db", 'invalid port number: "0"'],
    ["postgresql://a:1,b:2,c:3/db?port=1,2", "could not match 2 port numbers to 3 hosts"],
    ["postgresql://h/db?hostaddr=127.0.0.1,127.0.0.2", "could not match 1 host names to 2 hostaddr values"],
    ["postgresql://h/db?sslmode=bogus", 'invalid sslmode value: "bogus"'],
    ["postgresql://h/db?target_session_attrs=bogus", 'invalid target_session_attrs value: "bogus"'],
    ["postgresql://h/db?connect_timeout=1.5", 'invalid integer value "1.5" for connection option "connect_timeout"'],
    ["postgresql://h/db?require_auth=password", 'invalid URI query parameter: "require_auth"'],
    ["postgresql://h/db?service=foo", 'definition of service "foo" not found'],
    ["postgresql://h/db?hostaddr=notanip", 'could not parse network address "notanip"'],
  ])("%s is a usage error: %s", async (uri, message) => {
    const run = await dryRun(uri);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  test("a refused URI never shows its password, where libpq shows the whole URI", async () => {
    const run = await dryRun("postgres://u:s3cr@[::1");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('end of string reached when looking for matching "]" in IPv6 host address in URI: ' +
      '"postgres://u:***@[::1"');
    expect(run.stderr).not.toContain("s3cr");
    const inQuery = await dryRun("postgres://[::1?password=s3cr-in-query&user=u");
    expect(inQuery.stderr).toContain('"postgres://[::1?password=***&user=u"');
    expect(inQuery.stderr).not.toContain("s3cr-in-query");
    const encoded = await dryRun("postgres://u:ab%zz@h/db");
    expect(encoded.stderr).toContain("invalid percent-encoded token: (in the password; not shown)");
    expect(encoded.stderr).not.toContain("ab%zz");
  });

  test.each([
    ["0", 0], ["-3", 0], ["1", 2], ["2", 2], [" 7 ", 7],
  ])("connect_timeout=%s waits %s s (0: indefinitely), as libpq 15", async (value, seconds) => {
    const run = await dryRun(`postgresql://h/db?connect_timeout=${encodeURIComponent(value)}`);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).target.connectTimeoutSeconds).toBe(seconds);
  });
});

test("--dry-run neither looks a name up nor connects", async () => {
  const lookup = jest.spyOn(dns.promises, "lookup");
  const connect = jest.spyOn(net, "connect");
  try {
    const run = await dryRun("postgresql://app@checkpoints-db.invalid:5432,other.invalid/checkpoints?sslmode=require");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('"host": "checkpoints-db.invalid"');
    expect(lookup).not.toHaveBeenCalled();
    expect(connect).not.toHaveBeenCalled();
  } finally {
    lookup.mockRestore();
    connect.mockRestore();
  }
});
