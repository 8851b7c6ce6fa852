import type * as net from "node:net";

/** Authentication requests pg answers: ok, cleartext, MD5, SASL start / continue / final (protocol docs). */
const HANDLED_AUTH = new Set([0, 3, 5, 10, 11, 12]);
/** libpq's names for the ones it knows but pg does not (fe-auth.c pg_fe_sendauth, REL_15_STABLE). */
const AUTH_NAMES: Readonly<Record<number, string>> = {
  2: "Kerberos 4/5", 6: "SCM credentials", 7: "GSSAPI", 8: "GSSAPI", 9: "SSPI",
};

export interface ServerMessageGuard {
  /** Why the server's messages were refused before pg saw them; undefined while they were fine. */
  readonly refusal: () => Error | undefined;
}

/**
 * Checks what the server sends until authentication succeeds, before pg's parser sees it, as libpq's
 * PQconnectPoll does (fe-connect.c, CONNECTION_AWAITING_RESPONSE, REL_15_STABLE): a first byte other than
 * 'R', 'E' or 'v' is "expected authentication request from server, but received %c" (an HTTP server
 * answers "H"); an authentication request pg cannot answer (GSSAPI, 7) is refused here. pg's parser throws
 * on either from inside a socket event, which would end the process with a stack trace. A refused chunk is
 * never delivered; the socket is destroyed, and pg sees the connection end.
 */
export function guardServerMessages(socket: net.Socket): ServerMessageGuard {
  let refusal: Error | undefined;
  let pending = Buffer.alloc(0);
  let checking = true;
  const emit = socket.emit;
  const refuse = (message: string, code: string) => {
    refusal = Object.assign(new Error(message), { code });
    checking = false;
    socket.destroy();
  };
  /** Whether the chunk may go on to pg: every complete message in it passed. */
  const inspect = (chunk: Buffer): boolean => {
    pending = Buffer.concat([pending, chunk]);
    while (checking && pending.length >= 1) {
      const type = String.fromCharCode(pending[0]);
      // A NoticeResponse ('N') is refused too: libpq accepts none before AuthenticationOk.
      if (type !== "R" && type !== "E" && type !== "v") {
        refuse(`expected authentication request from server, but received ${type}`, "PROBE_NOT_POSTGRES");
        return false;
      }
      if (pending.length < 5) return true;
      const length = pending.readInt32BE(1);
      if (type === "R") {
        if (pending.length < 9) return true;
        const request = pending.readInt32BE(5);
        if (!HANDLED_AUTH.has(request)) {
          const name = AUTH_NAMES[request];
          refuse(name ? `${name} authentication not supported (the server asks for ${name}; the probe cannot answer it)`
            : `authentication method ${request} not supported`, "PROBE_AUTH_METHOD");
          return false;
        }
        if (request === 0) checking = false; // AuthenticationOk: the session's own messages follow
      }
      if (pending.length < 1 + length) return true;
      pending = pending.subarray(1 + length);
    }
    return true;
  };
  socket.emit = function guardedEmit(this: net.Socket, event: string | symbol, ...args: unknown[]): boolean {
    if (checking && event === "data" && !inspect(args[0] as Buffer)) return false;
    if (!checking && socket.emit === guardedEmit) socket.emit = emit;
    return (emit as (event: string | symbol, ...rest: unknown[]) => boolean).call(this, event, ...args);
  } as typeof socket.emit;
  return { refusal: () => refusal };
}
