import type { Client } from "pg";
import { classifyError, UNREACHABLE_WORDING } from "../../probe/classify-error";
import { mergeSettings, parseConnectionUrl, resolveTarget, settingsFromEnvironment } from "../../probe/connection-target";
import { sessionMismatch } from "../../probe/session-attrs";

// Issue 27: each test here catches a realistic mutant of the probe's settings or classification that survived
// the rest of the suite. libpq 15 is the reference for each (the line is named beside the case).

test("an empty password in the URL is no password: PGPASSWORD still applies (fe-connect.c conninfo_uri_parse_options: `if (*password && ...)`)", () => {
  expect(parseConnectionUrl("postgresql://app:@db/checkpoints")).toEqual({ user: "app", host: "db", dbname: "checkpoints" });
  const merged = mergeSettings(settingsFromEnvironment({ PGPASSWORD: "from-the-environment" }),
    parseConnectionUrl("postgresql://app:@db/checkpoints"));
  expect(resolveTarget(merged).password).toBe("from-the-environment");
});

test("an @ after the path is part of a query value, never credentials (the look-ahead stops at '/')", () => {
  expect(parseConnectionUrl("postgresql://db/checkpoints?application_name=ops@host")).toEqual({
    host: "db", dbname: "checkpoints", application_name: "ops@host" });
});

test("prefer-standby's first pass takes only a standby; a primary waits for the second pass", async () => {
  const client = {} as Client; // the server reported in_hot_standby, so nothing is asked
  expect(await sessionMismatch(client, new Map([["in_hot_standby", "off"]]), "prefer-standby")).toBe("server is not in hot standby mode");
  expect(await sessionMismatch(client, new Map([["in_hot_standby", "on"]]), "prefer-standby")).toBeNull();
});

test("SQLSTATE 28000 (invalid authorization, e.g. pg_hba reject) is an authentication refusal, not a query error", () => {
  const error = Object.assign(new Error('no pg_hba.conf entry for host "10.0.1.5", user "app", database "checkpoints", SSL encryption'),
    { code: "28000" });
  expect(classifyError(error, "connect").className).toBe("auth");
});

test("EHOSTUNREACH carried only in error.cause is still network unreachable", () => {
  const error = Object.assign(new Error("connect failed"), { cause: Object.assign(new Error("connect EHOSTUNREACH 10.0.0.5:5432"),
    { code: "EHOSTUNREACH" }) });
  expect(classifyError(error, "connect")).toMatchObject({ className: "timeout", retryable: true, wording: UNREACHABLE_WORDING });
});

// Found by applying mutants to classify-error.ts (issue 27): each case let one survive the unit tier.
describe("classification reads the cause too, and words the detail once", () => {
  test("ECONNREFUSED only in error.cause is refused, retryable (not a query error)", () => {
    expect(classifyError(Object.assign(new Error("connect failed"), { cause: Object.assign(new Error("x"), { code: "ECONNREFUSED" }) }),
      "connect")).toMatchObject({ className: "refused", retryable: true });
  });
  test("ETIMEDOUT only in error.cause is a timeout", () => {
    expect(classifyError(Object.assign(new Error("connect failed"), { cause: Object.assign(new Error("x"), { code: "ETIMEDOUT" }) }),
      "connect")).toMatchObject({ className: "timeout", retryable: true });
  });
  test("a TLS code only in error.cause is a TLS failure, not a dropped connection", () => {
    expect(classifyError(Object.assign(new Error("connect failed"), { cause: Object.assign(new Error("x"), { code: "ERR_TLS_CERT_ALTNAME_INVALID" }) }),
      "connect")).toMatchObject({ className: "tls", retryable: false });
  });
  test("'socket hang up' is the server closing the connection: refused, retryable", () => {
    expect(classifyError(new Error("socket hang up"), "connect"))
      .toEqual({ className: "refused", detail: "the server closed the connection: socket hang up", retryable: true });
  });
  test("the code is appended to the detail only when the message does not already say it", () => {
    expect(classifyError(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }), "connect").detail)
      .toBe("connect ECONNREFUSED 127.0.0.1:5432");
    expect(classifyError(Object.assign(new Error("connection refused"), { code: "ECONNREFUSED" }), "connect").detail)
      .toBe("connection refused (ECONNREFUSED)");
  });
  test("an error's `reason` is OpenSSL's only when its library is SSL's", () => {
    const notSsl = Object.assign(new Error("bad decrypt"), { reason: "some reason", library: "digital envelope routines" });
    expect(classifyError(notSsl, "connect").detail).toBe("bad decrypt");
    const ssl = Object.assign(new Error("x"), { reason: "tlsv1 alert unknown ca", library: "SSL routines" });
    expect(classifyError(ssl, "connect").detail).toBe("SSL error: tlsv1 alert unknown ca");
  });
});

test("each log-in refusal gets its own wording: limits, not ready, closed database, permission, bad options, other (login-refusals.ts)", () => {
  const meaning = (sqlstate: string) => classifyError(Object.assign(new Error("refused"), { code: sqlstate }), "connect").wording?.meaning;
  expect(meaning("53300")).toMatch(/a connection limit is reached$/);
  expect(meaning("57P03")).toMatch(/starting up, shutting down or not accepting connections$/);
  expect(meaning("55000")).toMatch(/the database does not accept connections$/);
  expect(meaning("42501")).toMatch(/permission denied$/);
  for (const sqlstate of ["42704", "22023", "22P02", "42601"]) expect(meaning(sqlstate)).toMatch(/a setting in options is invalid$/);
  expect(meaning("08P01")).toBe("the server refused the session at log-in");
  // Not at log-in: the same SQLSTATE from a query is the query's error.
  expect(classifyError(Object.assign(new Error("permission denied for table t"), { code: "42501" }), "query").className).toBe("query");
});
