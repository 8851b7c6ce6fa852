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

  test.each([
    ["mysql://db/checkpoints", "the URL is not a postgresql:// URL; expected postgresql://USER@HOST:PORT/DATABASE?sslmode=verify-full"],
    ["postgresql://a,b/checkpoints", "the URL names several hosts; the probe checks one host at a time"],
    ["postgresql://db/checkpoints?sslcert=x", 'the URL has the parameter "sslcert", which the probe does not support'],
    ["postgresql://db/%E0%A4%A", "the URL has a badly percent-encoded database name"],
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
  });

  test.each([
    [{ sslmode: "on" }, 'sslmode "on" is not one of disable, allow, prefer, require, verify-ca, verify-full'],
    [{ port: "99999" }, 'port "99999" is not a TCP port (1-65535)'],
    [{ port: "54x" }, 'port "54x" is not a TCP port (1-65535)'],
    [{ connect_timeout: "0" }, 'connect_timeout must be a number of seconds greater than 0, not "0"'],
    [{ host: "/var/run/postgresql" }, "host is a Unix socket directory; the probe proves network access"],
  ])("%j is refused", (settings, message) => {
    expect(() => resolveTarget({ user: "u", ...settings })).toThrow(message);
  });

  test("the target is described without its password", () => {
    const target = resolveTarget({ user: "checkpoint_user", password: "hunter2", host: "db", dbname: "checkpoints" });
    expect(describeTarget(target)).toBe("postgresql://checkpoint_user@db:5432/checkpoints?sslmode=prefer");
  });
});
