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
