import type { Client } from "pg";
import type { TargetSessionAttrs } from "../../probe/connection-target";
import { sessionMismatch } from "../../probe/session-attrs";

// target_session_attrs as libpq 15 checks an open session (fe-connect.c PQconnectPoll, CONNECTION_CHECK_TARGET,
// REL_15_STABLE): the reported default_transaction_read_only and in_hot_standby when the server sent both,
// else "SHOW transaction_read_only" / "SELECT pg_catalog.pg_is_in_recovery()"; the messages are libpq's.
// Found by mutation testing (issue 27): these branches had no unit test.

/** A client that answers the two queries libpq would send, and records what it was asked. */
function fakeClient(answers: { transactionReadOnly?: string; inRecovery?: boolean } = {}) {
  const asked: string[] = [];
  const client = {
    query: async (sql: string) => {
      asked.push(sql);
      if (sql === "SHOW transaction_read_only") return { rows: [{ transaction_read_only: answers.transactionReadOnly }] };
      if (sql === "SELECT pg_catalog.pg_is_in_recovery() AS r") return { rows: [{ r: answers.inRecovery }] };
      throw new Error(`unexpected query ${sql}`);
    },
  } as unknown as Client;
  return { client, asked };
}

const reported = (defaultReadOnly?: string, hotStandby?: string) => new Map([
  ...(defaultReadOnly === undefined ? [] : [["default_transaction_read_only", defaultReadOnly] as const]),
  ...(hotStandby === undefined ? [] : [["in_hot_standby", hotStandby] as const])]);

test("any: every session counts, and nothing is asked", async () => {
  const { client, asked } = fakeClient();
  expect(await sessionMismatch(client, reported("on", "on"), "any")).toBeNull();
  expect(await sessionMismatch(client, new Map(), "any")).toBeNull();
  expect(asked).toEqual([]);
});

describe("read-write and read-only", () => {
  test.each([
    ["off", "off", "read-write", null],
    ["on", "off", "read-write", "session is read-only"],
    ["off", "on", "read-write", "session is read-only"],
    ["off", "off", "read-only", "session is not read-only"],
    ["on", "off", "read-only", null],
    ["off", "on", "read-only", null],
  ] as const)("reported default_transaction_read_only=%s, in_hot_standby=%s: %s -> %s, nothing asked",
    async (readOnly, standby, wanted, mismatch) => {
      const { client, asked } = fakeClient();
      expect(await sessionMismatch(client, reported(readOnly, standby), wanted as TargetSessionAttrs)).toBe(mismatch);
      expect(asked).toEqual([]);
    });

  test.each([
    [undefined, "off"], ["off", undefined], [undefined, undefined],
  ])("one not reported (%s, %s): SHOW transaction_read_only decides", async (readOnly, standby) => {
    const on = fakeClient({ transactionReadOnly: "on" });
    expect(await sessionMismatch(on.client, reported(readOnly, standby), "read-write")).toBe("session is read-only");
    expect(on.asked).toEqual(["SHOW transaction_read_only"]);
    const off = fakeClient({ transactionReadOnly: "off" });
    expect(await sessionMismatch(off.client, reported(readOnly, standby), "read-write")).toBeNull();
    expect(await sessionMismatch(off.client, reported(readOnly, standby), "read-only")).toBe("session is not read-only");
  });
});

describe("primary, standby and prefer-standby", () => {
  test.each([
    ["on", "primary", "server is in hot standby mode"],
    ["off", "primary", null],
    ["on", "standby", null],
    ["off", "standby", "server is not in hot standby mode"],
    ["on", "prefer-standby", null],
    ["off", "prefer-standby", "server is not in hot standby mode"],
  ] as const)("reported in_hot_standby=%s: %s -> %s, nothing asked", async (standby, wanted, mismatch) => {
    const { client, asked } = fakeClient();
    expect(await sessionMismatch(client, reported("off", standby), wanted)).toBe(mismatch);
    expect(asked).toEqual([]);
  });

  test("in_hot_standby not reported (servers before 14): pg_is_in_recovery() decides", async () => {
    const standby = fakeClient({ inRecovery: true });
    expect(await sessionMismatch(standby.client, reported("off"), "primary")).toBe("server is in hot standby mode");
    expect(await sessionMismatch(standby.client, reported("off"), "standby")).toBeNull();
    expect(standby.asked).toEqual(["SELECT pg_catalog.pg_is_in_recovery() AS r", "SELECT pg_catalog.pg_is_in_recovery() AS r"]);
    const primary = fakeClient({ inRecovery: false });
    expect(await sessionMismatch(primary.client, new Map(), "primary")).toBeNull();
    expect(await sessionMismatch(primary.client, new Map(), "standby")).toBe("server is not in hot standby mode");
  });
});
