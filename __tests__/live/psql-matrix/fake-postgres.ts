import * as net from "node:net";

/**
 * Listeners that are not a working PostgreSQL, for what no real server here can be made to do on demand:
 * a server asking for GSSAPI (this build of PostgreSQL has none), one starting up or shutting down (57P03),
 * a service that is not PostgreSQL at all (an HTTP server answering anything with "HTTP/1.1 400"), and a
 * listener that accepts TCP and never says a word (connect_timeout's case).
 */
export type FakeBehaviour = "gssapi" | "starting-up" | "shutting-down" | "http" | "silent";

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

function errorResponse(code: string, message: string): Buffer {
  const fields = Buffer.concat([
    ...[["S", "FATAL"], ["V", "FATAL"], ["C", code], ["M", message]].map(([t, v]) => Buffer.from(`${t}${v}\0`)),
    Buffer.from([0]),
  ]);
  const head = Buffer.alloc(5);
  head.write("E", 0);
  head.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([head, fields]);
}

/** AuthenticationGSS: 'R', length 8, code 7 (protocol docs, "AuthenticationGSS"). */
const AUTHENTICATION_GSS = Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 7]);

function answer(behaviour: Exclude<FakeBehaviour, "http" | "silent">): Buffer {
  switch (behaviour) {
    case "gssapi": return AUTHENTICATION_GSS;
    // The postmaster's words (src/backend/postmaster/postmaster.c, ProcessStartupPacket, REL_15_STABLE).
    case "starting-up": return errorResponse("57P03", "the database system is starting up");
    case "shutting-down": return errorResponse("57P03", "the database system is shutting down");
  }
}

export interface FakePostgres {
  readonly port: number;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1; answers an SSLRequest or GSSENCRequest with "N", then a startup packet as told. */
export function startFakePostgres(behaviour: FakeBehaviour): Promise<FakePostgres> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    let buffered = Buffer.alloc(0);
    socket.on("data", (chunk) => {
      if (behaviour === "silent") return;
      if (behaviour === "http") {
        socket.end("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return;
      }
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 8 && buffered.length >= buffered.readInt32BE(0)) {
        const length = buffered.readInt32BE(0);
        const code = buffered.readInt32BE(4);
        buffered = buffered.subarray(length);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          socket.write("N");
          continue;
        }
        socket.write(answer(behaviour));
        if (behaviour !== "gssapi") socket.end();
      }
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve({
      port: (server.address() as net.AddressInfo).port,
      close: () => new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
    }));
  });
}
