import * as net from "node:net";
import { guardServerMessages } from "../../probe/server-message-guard";

// libpq 15's rules the probe follows (issue 22). The in-process ones moved to the unit tier (issue 27):
// integer-options.test.ts, saslprep.test.ts, host-name-check.test.ts.
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
  /**
   * Resolves once the guard has decided on what the server wrote: the client socket closed (a refused chunk
   * destroys it), or `bytes` in all reached pg's side. Not a fixed pause: a worker descheduled for longer
   * than it runs its timers before it reads the socket, and the check then sees nothing yet.
   */
  const decided = (client: net.Socket, seen: Buffer[], bytes = 1) => new Promise<void>((resolve) => {
    const check = () => { if (client.destroyed || Buffer.concat(seen).length >= bytes) resolve(); };
    client.on("data", check).once("close", resolve);
    check();
  });

  test("an HTTP answer is 'expected authentication request from server, but received H', and never reaches pg", async () => {
    const { client, server, close } = await pair();
    const guard = guardServerMessages(client);
    const seen = delivered(client);
    server.write("HTTP/1.1 400 Bad Request\r\n\r\n");
    await decided(client, seen);
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
      await decided(client, seen);
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
    await decided(client, seen);
    expect(guard.refusal()?.message).toMatch(/^GSSAPI authentication not supported/);
    expect(seen).toEqual([]);
    close();
  });

  test("a SASL request, split across chunks, and what follows AuthenticationOk pass untouched", async () => {
    const { client, server, close } = await pair();
    const guard = guardServerMessages(client);
    const seen = delivered(client);
    const sasl = Buffer.concat([Buffer.from([0x52, 0, 0, 0, 23, 0, 0, 0, 10]), Buffer.from("SCRAM-SHA-256\0\0")]);
    // Each write waits until pg's side has it, so the guard meets the request split as written.
    server.write(sasl.subarray(0, 3));
    await decided(client, seen, 3);
    server.write(sasl.subarray(3));
    await decided(client, seen, sasl.length);
    server.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0, 0x5a, 0, 0, 0, 5, 0x49]));
    await decided(client, seen, sasl.length + 15);
    expect(guard.refusal()).toBeUndefined();
    expect(Buffer.concat(seen).length).toBe(sasl.length + 15);
    close();
  });
});
