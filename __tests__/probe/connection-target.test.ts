import { describeTarget, mergeSettings, parseConnectionUrl, resolveTarget, settingsFromEnvironment, UsageError }
  from "../../probe/connection-target";

describe("libpq URLs", () => {
  test("every part, percent-decoded", () => {
    expect(parseConnectionUrl("postgresql://checkpoint%5Fuser:p%40ss@db.example:6543/check%20points" +
      "?sslmode=verify-full&sslrootcert=/etc/rds.pem&connect_timeout=5&application_name=probe")).toEqual({
      user: "checkpoint_user", password: "p@ss", host: "db.example", port: "6543", dbname: "check points",
      sslmode: "verify-full", sslrootcert: "/etc/rds.pem", connect_timeout: "5", application_name: "probe",
    });
  });

  test("postgres:// and a bracketed IPv6 host", () => {
    expect(parseConnectionUrl("postgres://[::1]:5432/checkpoints")).toEqual({ host: "::1", port: "5432", dbname: "checkpoints" });
  });

  test("a bare URL leaves everything to the defaults", () => {
    expect(parseConnectionUrl("postgresql://")).toEqual({});
  });

  test("several hosts and ports, as libpq's lists", () => {
    expect(parseConnectionUrl("postgresql://a:1,b:2/checkpoints")).toEqual({ host: "a,b", port: "1,2", dbname: "checkpoints" });
  });

  test.each([
    ["mysql://db/checkpoints", "the URL is neither a postgresql:// or postgres:// URI"],
    ["postgresql://db/checkpoints?sslcertificate=x", 'the URL: invalid URI query parameter: "sslcertificate"'],
    ["postgresql://db/%E0%A4%A", 'the URL: invalid percent-encoded token: "%E0%A4%A"'],
  ])("%s is refused", (url, message) => {
    expect(() => parseConnectionUrl(url)).toThrow(UsageError);
    expect(() => parseConnectionUrl(url)).toThrow(message);
  });

  test("a refused URL never echoes its password", () => {
    expect(() => parseConnectionUrl("mysql://u:hunter2@db/x")).toThrow(expect.objectContaining({
      message: expect.not.stringContaining("hunter2") }));
  });
});

describe("resolving the target", () => {
  test("libpq's defaults, except a bounded connect timeout", () => {
    const target = resolveTarget({ user: "app" });
    expect(target).toMatchObject({ host: "localhost", port: 5432, database: "app", user: "app", sslMode: "prefer",
      connectTimeoutSeconds: 10, applicationName: "checkpoints-probe" });
  });

  test("PG* variables, then later sources field by field", () => {
    const env = settingsFromEnvironment({ PGHOST: "env-host", PGPORT: "5433", PGUSER: "env-user", PGPASSWORD: "pw", PGSSLMODE: "" });
    const merged = mergeSettings(env, { host: "secret-host", password: undefined }, { dbname: "checkpoints" });
    expect(merged).toEqual({ host: "secret-host", port: "5433", user: "env-user", password: "pw", dbname: "checkpoints" });
    expect(settingsFromEnvironment({ PGHOSTADDR: "10.0.0.5", PGTARGETSESSIONATTRS: "read-write", PGPASSFILE: "/p",
      PGSSLCERT: "/c", PGSSLKEY: "/k", PGSSLCRL: "/r", PGOPTIONS: "-c x=y" })).toEqual({ hostaddr: "10.0.0.5",
      target_session_attrs: "read-write", passfile: "/p", sslcert: "/c", sslkey: "/k", sslcrl: "/r", options: "-c x=y" });
  });

  test.each([
    [{ sslmode: "on" }, 'invalid sslmode value: "on"'],
    [{ port: "99999" }, 'invalid port number: "99999"'],
    [{ port: "54x" }, 'invalid integer value "54x" for connection option "port"'],
    [{ connect_timeout: "soon" }, 'invalid integer value "soon" for connection option "connect_timeout"'],
    [{ gssencmode: "require" }, "gssencmode=... is not supported by the probe"],
    // libpq 15's connectOptions2 (fe-connect.c), in psql 15.18's words; the first from src/test/ssl/t/002_scram.pl.
    [{ channel_binding: "invalid_value" }, 'invalid channel_binding value: "invalid_value"'],
    [{ ssl_min_protocol_version: "TLSv1.4" }, 'invalid ssl_min_protocol_version value: "TLSv1.4"'],
    [{ ssl_max_protocol_version: "SSLv3" }, 'invalid ssl_max_protocol_version value: "SSLv3"'],
    [{ ssl_min_protocol_version: "tlsv1.3", ssl_max_protocol_version: "TLSv1.2" }, "invalid SSL protocol version range"],
    [{ ssl_min_protocol_version: "TLSv1.3", ssl_max_protocol_version: "TLSv1" }, "invalid SSL protocol version range"],
    // The default minimum, TLSv1.2, is above this maximum.
    [{ ssl_max_protocol_version: "TLSv1.1" }, "invalid SSL protocol version range"],
  ])("%j is refused", (settings, message) => {
    expect(() => resolveTarget({ user: "u", ...settings })).toThrow(message);
  });

  test("the target is described without its password", () => {
    const target = resolveTarget({ user: "checkpoint_user", password: "hunter2", host: "db", dbname: "checkpoints" });
    expect(describeTarget(target)).toBe("postgresql://checkpoint_user@db:5432/checkpoints?sslmode=prefer");
  });

  test("each host with its port (one port serves all), hostaddr beside its host", () => {
    const target = resolveTarget({ user: "u", host: "a,,c", port: "6000", hostaddr: "10.0.0.1,10.0.0.2,10.0.0.3" });
    expect(target.hosts).toEqual([
      { host: "a", hostaddr: "10.0.0.1", port: 6000 }, { host: "10.0.0.2", hostaddr: "10.0.0.2", port: 6000 },
      { host: "c", hostaddr: "10.0.0.3", port: 6000 }]);
    expect(resolveTarget({ user: "u", host: "a,b", port: "1," }).hosts).toEqual([{ host: "a", port: 1 }, { host: "b", port: 5432 }]);
  });
});

// libpq 16+, fe-connect.c (conninfo_add_defaults and pqConnectOptions2), and its SSL suite's cases
// (postgres src/test/ssl/t/001_ssltests.pl: "sslrootcert=system only accepts sslmode=verify-full",
// "verify-full mode should be the default for system CAs").
describe("sslrootcert=system, as libpq 16", () => {
  test("sslmode defaults to verify-full, wherever sslmode was not given", () => {
    expect(resolveTarget({ user: "u", sslrootcert: "system" }).sslMode).toBe("verify-full");
    expect(resolveTarget({ user: "u", sslrootcert: "system", sslmode: "verify-full" }).sslMode).toBe("verify-full");
  });

  test.each(["disable", "allow", "prefer", "require", "verify-ca"])("sslmode=%s is refused with libpq's message", (sslmode) => {
    expect(() => resolveTarget({ user: "u", sslrootcert: "system", sslmode }))
      .toThrow(new UsageError(`weak sslmode "${sslmode}" may not be used with sslrootcert=system (use "verify-full")`));
  });

  test("PGSSLMODE counts as given: PGSSLMODE=require with sslrootcert=system is refused too", () => {
    const settings = mergeSettings(settingsFromEnvironment({ PGSSLMODE: "require" }), { user: "u", sslrootcert: "system" });
    expect(() => resolveTarget(settings)).toThrow('weak sslmode "require" may not be used with sslrootcert=system');
  });

  test("a root certificate file keeps the usual default, prefer", () => {
    expect(resolveTarget({ user: "u", sslrootcert: "/etc/rds.pem" }).sslMode).toBe("prefer");
  });
});
