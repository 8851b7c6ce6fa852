import { resolveTarget } from "../../probe/connection-target";

// In-process (unit tier), so mutation testing sees it (npm run mutate, issue 27); moved from libpq-rules.test.ts,
// which runs in the integration tier for its loopback listener.
/** libpq 15's rules the probe follows where it was stricter or looser (issue 22); psql 15.18 checked live. */
describe("integer options are checked as libpq's parse_int_param checks them (fe-connect.c, REL_15_STABLE)", () => {
  test.each([
    [{ keepalives: "abc" }, 'invalid integer value "abc" for connection option "keepalives"'],
    [{ keepalives_idle: "1.5" }, 'invalid integer value "1.5" for connection option "keepalives_idle"'],
    [{ keepalives_interval: "x" }, 'invalid integer value "x" for connection option "keepalives_interval"'],
    [{ keepalives_count: "2147483648" }, 'invalid integer value "2147483648" for connection option "keepalives_count"'],
    [{ tcp_user_timeout: "-" }, 'invalid integer value "-" for connection option "tcp_user_timeout"'],
    [{ connect_timeout: "2147483648" }, 'invalid integer value "2147483648" for connection option "connect_timeout"'],
    [{ connect_timeout: "99999999999999999999" }, 'invalid integer value "99999999999999999999" for connection option "connect_timeout"'],
  ])("%j is refused", (settings, message) => {
    expect(() => resolveTarget({ user: "u", ...settings })).toThrow(message);
  });

  // strtol and parse_int_param skip isspace() bytes: ASCII white space only, in the C locale and in UTF-8 ones
  // (psql 15.18, checked live: port='1<U+00A0>' is "invalid integer value", port='1<VT>' dials port 1).
  test.each(["1\u00a0", "\u20292", "2\u3000", "\ufeff2", "2\u2028"])("%j: a Unicode space is not white space to libpq", (value) => {
    expect(() => resolveTarget({ user: "u", connect_timeout: value })).toThrow(`invalid integer value "${value}" for connection option "connect_timeout"`);
    expect(() => resolveTarget({ user: "u", host: "h", port: value })).toThrow(`invalid integer value "${value}" for connection option "port"`);
  });

  test("every ASCII white space strtol skips is skipped, before and after", () => {
    expect(resolveTarget({ user: "u", connect_timeout: " \t\n\v\f\r7 \t\n\v\f\r" }).connectTimeoutSeconds).toBe(7);
  });

  test("the int range itself is accepted, with white space around it, as strtol reads it", () => {
    expect(resolveTarget({ user: "u", connect_timeout: "2147483647" }).connectTimeoutSeconds).toBe(2147483647);
    expect(() => resolveTarget({ user: "u", keepalives: " 1 ", keepalives_idle: "-2147483648" })).not.toThrow();
  });
});
