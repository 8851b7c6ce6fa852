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

  test("the int range itself is accepted, with white space around it, as strtol reads it", () => {
    expect(resolveTarget({ user: "u", connect_timeout: "2147483647" }).connectTimeoutSeconds).toBe(2147483647);
    expect(() => resolveTarget({ user: "u", keepalives: " 1 ", keepalives_idle: "-2147483648" })).not.toThrow();
  });
});
