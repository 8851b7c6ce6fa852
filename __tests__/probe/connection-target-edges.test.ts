import { describeTarget, libpqConnectTimeout, parseConnectionUrl, parseLibpqInteger, resolveTarget, UsageError }
  from "../../probe/connection-target";

// resolveTarget's checks and defaults as libpq 15 makes them (postgres/postgres REL_15_STABLE,
// src/interfaces/libpq/fe-connect.c: connectOptions2, parse_int_param, connectDBComplete), for mutation
// testing (issue 27): the cases the existing tests did not pin.

describe("connect_timeout (connectDBComplete: 0 or less waits indefinitely; \"insist on at least two seconds\")", () => {
  test.each([["0", 0], ["-5", 0], ["1", 2], ["2", 2], ["30", 30], [" 7 ", 7]])("%j -> %i", (value, seconds) => {
    expect(libpqConnectTimeout(value)).toBe(seconds);
    expect(resolveTarget({ user: "u", connect_timeout: value }).connectTimeoutSeconds).toBe(seconds);
  });
  test("unset or empty: the caller's default", () => {
    expect(resolveTarget({ user: "u" }, 25).connectTimeoutSeconds).toBe(25);
    expect(resolveTarget({ user: "u", connect_timeout: "" }, 25).connectTimeoutSeconds).toBe(25);
  });
});

describe("parse_int_param: strtol's digits, then the int range", () => {
  test.each([["+5", 5], ["-2147483648", -2147483648], ["2147483647", 2147483647], ["\t12\n", 12]])("%j -> %i", (value, n) => {
    expect(parseLibpqInteger(value, "port")).toBe(n);
  });
  test.each(["-2147483649", "2147483648", "", " ", "1 2", "0x10", "5a"])("%j is refused", (value) => {
    expect(() => parseLibpqInteger(value, "keepalives")).toThrow(new UsageError(
      `invalid integer value "${value}" for connection option "keepalives"`));
  });
});

describe("the host list (connectOptions2)", () => {
  test("ports: 1 and 65535 are ports, 0 and 65536 are not; white space around one is strtol's", () => {
    expect(resolveTarget({ user: "u", port: "1" }).port).toBe(1);
    expect(resolveTarget({ user: "u", port: " 65535 " }).port).toBe(65535);
    expect(() => resolveTarget({ user: "u", port: "0" })).toThrow(new UsageError('invalid port number: "0"'));
    expect(() => resolveTarget({ user: "u", port: "65536" })).toThrow(new UsageError('invalid port number: "65536"'));
  });
  // psql 15.18: port=' ' is 'invalid integer value " " for connection option "port"' (parse_int_param); only an
  // empty port takes DEF_PGPORT (connectDBStart: "ch->port == NULL || ch->port[0] == '\0'").
  test("a port of white space is refused, as psql refuses it; an empty one is the default", () => {
    expect(() => resolveTarget({ user: "u", port: " " })).toThrow(new UsageError('invalid integer value " " for connection option "port"'));
    expect(resolveTarget({ user: "u", port: "" }).port).toBe(5432);
  });
  test("an empty hostaddr is none: the host list decides the count", () => {
    expect(resolveTarget({ user: "u", host: "a,b", hostaddr: "" }).hosts).toEqual([{ host: "a", port: 5432 }, { host: "b", port: 5432 }]);
  });
  test("counts that do not agree are libpq's \"could not match\" messages", () => {
    expect(() => resolveTarget({ user: "u", host: "a,b", hostaddr: "10.0.0.1,10.0.0.2,10.0.0.3" }))
      .toThrow(new UsageError("could not match 2 host names to 3 hostaddr values"));
    expect(() => resolveTarget({ user: "u", host: "a,b,c", port: "1,2" }))
      .toThrow(new UsageError("could not match 2 port numbers to 3 hosts"));
    expect(resolveTarget({ user: "u", host: "a,b,c", port: "7" }).hosts.map((h) => h.port)).toEqual([7, 7, 7]);
  });
  test("hostaddr alone: one entry per address, named by it; a name there is refused", () => {
    expect(resolveTarget({ user: "u", hostaddr: "10.0.0.1,::1" }).hosts)
      .toEqual([{ host: "10.0.0.1", hostaddr: "10.0.0.1", port: 5432 }, { host: "::1", hostaddr: "::1", port: 5432 }]);
    expect(() => resolveTarget({ user: "u", hostaddr: "db.example" })).toThrow(new UsageError(
      'could not parse network address "db.example": hostaddr takes a numeric IPv4 or IPv6 address'));
  });
});

describe("keywords the probe refuses or accepts without effect", () => {
  test.each([
    [{ sslcrldir: "/crl" }, "sslcrldir=... is not supported by the probe: give one CRL file with sslcrl"],
    [{ requirepeer: "postgres" }, "requirepeer=... is not supported by the probe: it applies to Unix sockets only"],
    [{ replication: "database" }, "replication=... is not supported by the probe: the witness opens a normal session"],
    [{ gssencmode: "require" }, "gssencmode=... is not supported by the probe: GSSAPI encryption is not available in the probe"],
    [{ gssencmode: "always" }, 'invalid gssencmode value: "always" (one of disable, prefer, require)'],
    [{ target_session_attrs: "master" }, 'invalid target_session_attrs value: "master" (one of any, read-write, read-only, primary, standby, prefer-standby)'],
  ])("%j is refused", (settings, message) => {
    expect(() => resolveTarget({ user: "u", ...settings })).toThrow(new UsageError(message));
  });
  test("gssencmode disable or prefer, keep-alives (empty too), sslsni, krbsrvname: accepted", () => {
    expect(() => resolveTarget({ user: "u", gssencmode: "prefer", keepalives: "", keepalives_idle: "5", sslsni: "0",
      krbsrvname: "postgres", sslcompression: "1" })).not.toThrow();
    expect(() => resolveTarget({ user: "u", gssencmode: "disable" })).not.toThrow();
  });
  test("a keyword present but undefined is not given (mergeSettings' rule): nothing refused", () => {
    expect(() => resolveTarget({ user: "u", sslcrldir: undefined, requirepeer: undefined })).not.toThrow();
  });
});

describe("defaults and the password's source", () => {
  test("libpq's defaults for what was not given", () => {
    const target = resolveTarget({ user: "app", dbname: "", sslcert: "", options: "" }, 10, {}, "/home/app");
    expect(target).toMatchObject({ database: "app", passfile: "/home/app/.pgpass", homeDirectory: "/home/app",
      channelBinding: "prefer", targetSessionAttrs: "any", passwordSource: "none", password: undefined, sslCert: undefined,
      options: undefined, tlsVersions: { minVersion: "TLSv1.2" } });
  });
  test("what was given is kept", () => {
    const target = resolveTarget({ user: "app", dbname: "db", passfile: "/p", channel_binding: "require", target_session_attrs: "standby",
      fallback_application_name: "fallback", options: "-c a=b", client_encoding: "UTF8", sslkey: "/k", sslcrl: "/c",
      sslpassword: "kp", sslrootcert: "/ca" });
    expect(target).toMatchObject({ database: "db", passfile: "/p", channelBinding: "require", targetSessionAttrs: "standby",
      applicationName: "fallback", options: "-c a=b", clientEncoding: "UTF8", sslKey: "/k", sslCrl: "/c", sslPassword: "kp",
      sslRootCert: "/ca" });
    expect(resolveTarget({ user: "u", application_name: "mine", fallback_application_name: "fallback" }).applicationName).toBe("mine");
  });
  test.each([
    [{ url: true, secret: true, service: true, environment: true }, "url"],
    [{ secret: true, service: true, environment: true }, "secret"],
    [{ service: true, environment: true }, "service"],
    [{ environment: true }, "PGPASSWORD"],
    [{}, "url"],
  ])("a password from %j is reported as %s", (origins, source) => {
    expect(resolveTarget({ user: "u", password: "pw" }, 10, origins).passwordSource).toBe(source);
  });
});

describe("messages", () => {
  test("a refused string names where it came from", () => {
    expect(() => parseConnectionUrl("mysql://db", "PGSERVICE's URL")).toThrow(/^PGSERVICE's URL is neither a postgresql:\/\/ or postgres:\/\/ URI/);
    expect(() => parseConnectionUrl("foo=bar", "--url")).toThrow(new UsageError('--url: invalid connection option "foo"'));
  });
  test("the description carries hostaddr, target_session_attrs and IPv6 brackets, never the password", () => {
    const target = resolveTarget({ user: "a b", password: "hunter2", host: "::1,db", hostaddr: ",10.0.0.2", port: "5432,5433",
      dbname: "x/y", target_session_attrs: "read-write" });
    expect(describeTarget(target)).toBe("postgresql://a%20b@[::1]:5432,db:5433/x%2Fy?sslmode=prefer&hostaddr=,10.0.0.2" +
      "&target_session_attrs=read-write");
  });
});
