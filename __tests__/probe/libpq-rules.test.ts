import * as net from "node:net";
import { resolveTarget } from "../../probe/connection-target";
import { libpqSaslPrep } from "../../probe/saslprep";
import { guardServerMessages } from "../../probe/server-message-guard";

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

describe("SASLprep as libpq's pg_saslprep (src/common/saslprep.c): where it fails, the raw password", () => {
  test.each([
    ["pure ASCII, control characters and all, is left as it is", "a\u0001b c", "a\u0001b c"],
    ["NFKC: the ligature fi becomes f, i", "p\uFB01w", "pfiw"],
    ["a non-ASCII space becomes a space; a soft hyphen is dropped", "a\u00A0b\u00ADc", "a bc"],
    ["a code point unassigned in Unicode 3.2 (U+0221): SASLprep fails, raw bytes", "p\uFB01\u0221w", null],
    ["a prohibited character (private use U+E000): raw bytes", "x\uE000", null],
    ["right-to-left mixed with left-to-right: raw bytes", "\u05D0a\u05D0", null],
    ["right-to-left throughout is fine", "\u05D0\u05D1", "\u05D0\u05D1"],
  ])("%s", (_name, password, prepared) => {
    expect(libpqSaslPrep(password)).toBe(prepared);
  });
});

describe("the server's first messages are checked before pg parses them (fe-connect.c, CONNECTION_AWAITING_RESPONSE)", () => {
  async function pair(): Promise<{ client: net.Socket; server: net.Socket; close: () => void }> {
    const listener = net.createServer();
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    const accepted = new Promise<net.Socket>((resolve) => listener.once("connection", resolve));
    const client = net.connect((listener.address() as net.AddressInfo).port, "127.0.0.1");
    const server = await accepted;
    return { client, server, close: () => { client.destroy(); server.destroy(); listener.close(); } };
  }
  const delivered = (socket: net.Socket) => {
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    return chunks;
  };
  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

  test("an HTTP answer is 'expected authentication request from server, but received H', and never reaches pg", async () => {
    const { client, server, close } = await pair();
    const guard = guardServerMessages(client);
    const seen = delivered(client);
    server.write("HTTP/1.1 400 Bad Request\r\n\r\n");
    await settle();
    expect(guard.refusal()?.message).toBe("expected authentication request from server, but received H");
    expect(seen).toEqual([]);
    close();
  });

  test("a notice before authentication is refused, as libpq refuses anything but R or E there", async () => {
    // fe-connect.c PQconnectPoll, CONNECTION_AWAITING_RESPONSE: `if (!(beresp == 'R' || beresp == 'E'))`
    // "expected authentication request from server, but received %c" (a server never sends one: elog.c sends
    // only errors while ClientAuthInProgress), so a NoticeResponse there is not PostgreSQL talking.
    const { client, server, close } = await pair();
    const guard = guardServerMessages(client);
    const seen = delivered(client);
    server.write(Buffer.concat([Buffer.from([0x4e, 0, 0, 0, 13, 0x53]), Buffer.from("NOTICE\0\0"),
      Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0])]));
    try {
      await settle();
      expect(guard.refusal()?.message).toBe("expected authentication request from server, but received N");
      expect(seen).toEqual([]);
    } finally {
      close();
    }
  });

  test("a GSSAPI request (7) is refused with a GSSAPI message instead of pg's parser throwing", async () => {
    const { client, server, close } = await pair();
    const guard = guardServerMessages(client);
    const seen = delivered(client);
    server.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 7]));
    await settle();
    expect(guard.refusal()?.message).toMatch(/^GSSAPI authentication not supported/);
    expect(seen).toEqual([]);
    close();
  });

  test("a SASL request, split across chunks, and what follows AuthenticationOk pass untouched", async () => {
    const { client, server, close } = await pair();
    const guard = guardServerMessages(client);
    const seen = delivered(client);
    const sasl = Buffer.concat([Buffer.from([0x52, 0, 0, 0, 23, 0, 0, 0, 10]), Buffer.from("SCRAM-SHA-256\0\0")]);
    server.write(sasl.subarray(0, 3));
    await settle();
    server.write(sasl.subarray(3));
    await settle();
    server.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0, 0x5a, 0, 0, 0, 5, 0x49]));
    await settle();
    expect(guard.refusal()).toBeUndefined();
    expect(Buffer.concat(seen).length).toBe(sasl.length + 15);
    close();
  });
});
