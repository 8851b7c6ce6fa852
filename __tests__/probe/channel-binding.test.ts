import { EventEmitter } from "node:events";
import { ChannelBindingMode, offersChannelBinding, watchChannelBinding } from "../../probe/channel-binding";
import { classifyError } from "../../probe/classify-error";

/**
 * libpq 15's client-side channel-binding checks (fe-auth.c, REL_15_STABLE: pg_SASL_init and
 * check_expected_areq) on pg's connection events. The live file (__tests__/live/probe-libpq-features.test.ts)
 * runs the cases a real server can produce beside psql; a server offering SCRAM-SHA-256-PLUS without TLS
 * (something in the middle that stripped TLS) is only here.
 */
function session(mode: ChannelBindingMode, encrypted: boolean) {
  const connection = Object.assign(new EventEmitter(), { stream: { destroyed: false, destroy() { this.destroyed = true; } } });
  const seen: string[] = [];
  const errors: Error[] = [];
  for (const event of ["authenticationSASL", "authenticationSASLContinue", "authenticationSASLFinal", "authenticationOk",
    "authenticationCleartextPassword", "authenticationMD5Password"]) {
    connection.on(event, () => seen.push(event));
  }
  connection.on("error", (error: Error) => errors.push(error));
  const watch = watchChannelBinding(connection, mode, encrypted);
  return { connection, seen, errors, watch };
}

const PLUS = { mechanisms: ["SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"] };
const PLAIN = { mechanisms: ["SCRAM-SHA-256"] };

test("prefer over TLS with PLUS offered: passed through, and bound once SASL ends", () => {
  const s = session("prefer", true);
  for (const [event, message] of [["authenticationSASL", PLUS], ["authenticationSASLContinue", {}],
    ["authenticationSASLFinal", {}], ["authenticationOk", {}]] as const) s.connection.emit(event, message);
  expect(s.errors).toEqual([]);
  expect(s.seen).toEqual(["authenticationSASL", "authenticationSASLContinue", "authenticationSASLFinal", "authenticationOk"]);
  expect(s.watch.bound()).toBe(true);
  expect(offersChannelBinding("prefer", true)).toBe(true);
});

test.each([
  ["prefer", false, PLUS, "server offered SCRAM-SHA-256-PLUS authentication over a non-SSL connection"],
  ["disable", false, PLUS, "server offered SCRAM-SHA-256-PLUS authentication over a non-SSL connection"],
  ["require", false, PLAIN, "channel binding required, but SSL not in use"],
  ["require", true, PLAIN,
    "channel binding is required, but server did not offer an authentication method that supports channel binding"],
] as const)("%s, encrypted %s, offered %j: refused with libpq's words, never passed to pg", (mode, encrypted, offer, words) => {
  const s = session(mode, encrypted);
  s.connection.emit("authenticationSASL", offer);
  expect(s.seen).toEqual([]);
  expect(s.errors.map((e) => e.message)).toEqual([words]);
  expect(s.connection.stream.destroyed).toBe(true);
  expect(classifyError(s.errors[0], "connect")).toMatchObject({ className: "auth", detail: words, retryable: false });
});

test.each(["authenticationCleartextPassword", "authenticationMD5Password"])(
  "require: %s is refused, so no password is sent", (event) => {
    const s = session("require", true);
    s.connection.emit(event, {});
    expect(s.seen).toEqual([]);
    expect(s.errors.map((e) => e.message)).toEqual(["channel binding required but not supported by server's authentication request"]);
  });

test("require: AuthenticationOk without a bound exchange (trust, cert) is refused; disable and prefer pass it", () => {
  const s = session("require", true);
  s.connection.emit("authenticationOk", {});
  expect(s.errors.map((e) => e.message)).toEqual(["channel binding required, but server authenticated client without channel binding"]);
  for (const mode of ["disable", "prefer"] as const) {
    const other = session(mode, true);
    other.connection.emit("authenticationOk", {});
    expect(other.errors).toEqual([]);
    expect(other.watch.bound()).toBe(false);
  }
});

test("disable over TLS with PLUS offered: SCRAM-SHA-256 without binding", () => {
  const s = session("disable", true);
  s.connection.emit("authenticationSASL", PLUS);
  s.connection.emit("authenticationSASLFinal", {});
  expect(s.errors).toEqual([]);
  expect(s.watch.bound()).toBe(false);
  expect(offersChannelBinding("disable", true)).toBe(false);
  expect(offersChannelBinding("require", false)).toBe(false);
});

// Found by mutation testing (issue 27): each case let a Stryker mutant of channel-binding.ts survive.
describe("what else the watch must get right", () => {
  // fe-auth.c check_expected_areq: with require, AuthenticationOk needs a completed SCRAM-SHA-256-PLUS exchange;
  // a SASLFinal without any SASL request first binds nothing.
  test("require: SASLFinal and Ok without a SASL request are refused (nothing was bound)", () => {
    const s = session("require", true);
    s.connection.emit("authenticationSASLFinal", {});
    s.connection.emit("authenticationOk", {});
    expect(s.watch.bound()).toBe(false);
    expect(s.errors.map((e) => e.message)).toEqual(["channel binding required, but server authenticated client without channel binding"]);
  });

  test.each(["disable", "prefer"] as const)("%s: a cleartext or MD5 password request is passed on (only require refuses it)", (mode) => {
    const s = session(mode, true);
    s.connection.emit("authenticationCleartextPassword", {});
    s.connection.emit("authenticationMD5Password", {});
    expect(s.errors).toEqual([]);
    expect(s.seen).toEqual(["authenticationCleartextPassword", "authenticationMD5Password"]);
  });

  test("require: other events (parameter status, a symbol) pass untouched", () => {
    const s = session("require", true);
    const other: unknown[] = [];
    const symbol = Symbol("other");
    s.connection.on("parameterStatus", (message) => other.push(message));
    s.connection.on(symbol, (message) => other.push(message));
    s.connection.emit("parameterStatus", { parameterName: "in_hot_standby", parameterValue: "off" });
    s.connection.emit(symbol, 1);
    expect(other).toEqual([{ parameterName: "in_hot_standby", parameterValue: "off" }, 1]);
    expect(s.errors).toEqual([]);
  });

  test("a refusal on a connection without a stream (or one without destroy) is still reported", () => {
    for (const connection of [new EventEmitter(), Object.assign(new EventEmitter(), { stream: {} })]) {
      const errors: Error[] = [];
      connection.on("error", (error: Error) => errors.push(error));
      watchChannelBinding(connection, "require", false);
      connection.emit("authenticationSASL", PLAIN);
      expect(errors.map((e) => e.message)).toEqual(["channel binding required, but SSL not in use"]);
    }
  });

  test("prefer: a SASL request without a mechanism list binds nothing and is passed on", () => {
    const s = session("prefer", true);
    s.connection.emit("authenticationSASL", {});
    s.connection.emit("authenticationSASLFinal", {});
    expect(s.errors).toEqual([]);
    expect(s.watch.bound()).toBe(false);
  });
});
