import * as net from "node:net";
import * as tls from "node:tls";
import { TlsAttempt, TlsMaterial, tlsConnectOptions, TlsPolicy } from "./tls-options";
import { withProtocolRange } from "./tls-protocol-versions";
import { atDeadline } from "./monotonic-clock";

/** Where one attempt dials: an address and port, or a Unix socket directory (libpq: no TLS there). */
export interface Dial {
  readonly address: string;
  readonly port: number;
  /** The host as given: the name sent as SNI and checked against the certificate. */
  readonly host: string;
}

export type OpenedConnection =
  | { readonly ok: true; readonly socket: net.Socket; readonly encrypted: boolean;
      /** The server answered the SSLRequest with "N" (prefer went on in plain text). */
      readonly serverDeclinedTls: boolean;
      /**
       * Settles when the socket dies: with TLS 1.3 the server's verdict on the client certificate (an alert:
       * unknown ca, certificate expired) comes after the client's handshake has finished, so the session
       * can end before, or while, pg starts. Listening from the handshake on means no close goes unseen.
       */
      readonly lost: Promise<Error> }
  | { readonly ok: false; readonly error: Error; readonly tcpConnected: boolean;
      /** The failure happened in the TLS handshake (libpq's prefer then retries without TLS). */
      readonly tlsHandshake: boolean };

/** PostgreSQL's SSLRequest: length 8, code 80877103 (protocol docs, "SSLRequest"). */
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

/** Contexts made ahead by prepareSecureContext, by the material and policy they were made for; each is used once. */
const preparedContexts = new WeakMap<TlsMaterial, Map<TlsPolicy, tls.SecureContext>>();

/**
 * Makes the TLS context a coming attempt needs while the probe would otherwise wait (for getaddrinfo): a
 * run's first context costs milliseconds (OpenSSL parses the root certificates), on the way to the
 * handshake otherwise. Made from the options tls.connect would make it from, its defaults first as it
 * merges them (Node 20 and 24 lib/_tls_wrap.js connect: `options.secureContext ||
 * tls.createSecureContext(options)`), so the session is the same. A context that cannot be made is left
 * to tls.connect, which then fails on it where it always did; one that is never used costs nothing else.
 */
export function prepareSecureContext(policy: TlsPolicy, host: string, material: TlsMaterial): void {
  if (policy === "none") return;
  const byPolicy = preparedContexts.get(material) ?? new Map<TlsPolicy, tls.SecureContext>();
  preparedContexts.set(material, byPolicy);
  if (byPolicy.has(policy)) return;
  try {
    byPolicy.set(policy, tls.createSecureContext({ ciphers: tls.DEFAULT_CIPHERS, ...tlsConnectOptions(policy, host, material) }));
  } catch {
    // tls.connect makes it again and reports the error
  }
}

/** The context prepared for this material and policy, once: a later connection makes its own, as before. */
function takePreparedContext(policy: TlsPolicy, material: TlsMaterial): tls.SecureContext | undefined {
  const byPolicy = preparedContexts.get(material);
  const context = byPolicy?.get(policy);
  byPolicy?.delete(policy);
  return context;
}

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

/**
 * Opens the TCP connection and negotiates TLS the way libpq does, on ONE connection: send SSLRequest, and
 * on 'S' start TLS; on 'N' continue in plain text when TLS is optional (prefer), else fail as libpq
 * ("server does not support SSL, but SSL was required"). The caller hands the socket to pg with ssl off.
 * `deadline` (ms on monotonic-clock's nowMs, or null for none) bounds the whole opening.
 */
export function openConnection(dial: Dial, attempt: TlsAttempt, material: TlsMaterial, deadline: number | null):
  Promise<OpenedConnection> {
  return new Promise((resolve) => {
    const unixSocket = dial.address.startsWith("/");
    const socket = unixSocket ? net.connect({ path: `${dial.address}/.s.PGSQL.${dial.port}` })
      : net.connect({ host: dial.address, port: dial.port });
    let tcpConnected = false;
    let tlsHandshake = false;
    let settled = false;
    let tlsSocket: tls.TLSSocket | undefined;
    const cancelTimer = deadline === null ? undefined : atDeadline(deadline, () => fail(withCode("timeout expired", "ETIMEDOUT")));
    const finish = (result: OpenedConnection) => {
      if (settled) return;
      settled = true;
      cancelTimer?.();
      socket.removeListener("error", fail);
      resolve(result);
    };
    function fail(error: Error): void {
      if (settled) return;
      tlsSocket?.destroy();
      socket.destroy();
      finish({ ok: false, error, tcpConnected, tlsHandshake });
    }
    socket.on("error", fail);
    // A clean close before the answer (FIN, no error): libpq's "server closed the connection unexpectedly".
    socket.once("close", () => fail(withCode("server closed the connection unexpectedly", "ECONNRESET")));
    socket.once("connect", () => {
      tcpConnected = true;
      socket.setNoDelay(true);
      if (attempt.policy === "none" || unixSocket) {
        finish({ ok: true, socket, encrypted: false, serverDeclinedTls: false, lost: whenLost(socket) });
        return;
      }
      socket.once("data", (answer: Buffer) => {
        const code = String.fromCharCode(answer[0]);
        if (code === "N") {
          if (attempt.optional) finish({ ok: true, socket, encrypted: false, serverDeclinedTls: true, lost: whenLost(socket) });
          else fail(withCode("server does not support SSL, but SSL was required", "PROBE_NO_SSL"));
          return;
        }
        if (code !== "S" || answer.length > 1) {
          fail(withCode(`received invalid response to SSL negotiation: ${code === "E" ? "E (an error message)" : code}`,
            "PROBE_BAD_SSL_ANSWER"));
          return;
        }
        tlsHandshake = true;
        // libpq adds the CRL to the store and turns on CRL checks; a file of certificates alone then fails every
        // chain (fe-secure-openssl.c initialize_SSL, REL_15_STABLE: X509_STORE_load_locations, then
        // X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL).
        if (material.crlWithoutRevocationList && attempt.policy !== "encrypt-only") {
          fail(withCode("SSL error: certificate verify failed (sslcrl holds no certificate revocation list, so no " +
            "certificate's revocation can be checked)", "PROBE_CRL_UNUSABLE"));
          return;
        }
        try {
          const policy = attempt.policy as Exclude<TlsAttempt["policy"], "none">;
          const secureContext = takePreparedContext(policy, material);
          tlsSocket = tls.connect({ socket, ...tlsConnectOptions(policy, dial.host, material), ...(secureContext ? { secureContext } : {}) });
        } catch (error) {
          // A client certificate or key OpenSSL refuses throws here, in a socket handler: a TLS failure, not a crash.
          fail(withCode((error as Error).message, "PROBE_TLS_FILE"));
          return;
        }
        const failHandshake = (error: Error) => fail(withProtocolRange(error, material));
        tlsSocket.once("error", failHandshake);
        tlsSocket.once("secureConnect", () => {
          const lost = whenLost(tlsSocket!);
          tlsSocket!.removeListener("error", failHandshake);
          // The raw socket's errors surface on the TLS socket, which pg listens to.
          socket.on("error", () => undefined);
          finish({ ok: true, socket: tlsSocket!, encrypted: true, serverDeclinedTls: false, lost });
        });
      });
      socket.write(SSL_REQUEST);
    });
  });
}

/** The first error on the socket, or its close, whichever comes first; listens from now on. */
function whenLost(socket: net.Socket): Promise<Error> {
  return new Promise((resolve) => {
    let first: Error | undefined;
    socket.on("error", (error) => { first ??= error; });
    socket.once("close", () => resolve(first ?? withCode("server closed the connection unexpectedly", "ECONNRESET")));
    if (socket.destroyed) resolve(first ?? withCode("server closed the connection unexpectedly", "ECONNRESET"));
  });
}

/**
 * The opened socket as pg's `stream` option: pg calls connect() on it and waits for 'connect'; the
 * connection is already open, so connect() only announces it.
 */
export function asPgStream(socket: net.Socket): net.Socket {
  const stream = socket as net.Socket & { connect: (...args: unknown[]) => net.Socket };
  stream.connect = () => {
    process.nextTick(() => stream.emit("connect"));
    return stream;
  };
  return stream;
}
