import type { EventEmitter } from "node:events";

export const CHANNEL_BINDING_MODES = ["disable", "prefer", "require"] as const;
export type ChannelBindingMode = (typeof CHANNEL_BINDING_MODES)[number];

/** libpq 15's DefaultChannelBinding in a build with SSL (fe-connect.c: "prefer"). */
export const DEFAULT_CHANNEL_BINDING: ChannelBindingMode = "prefer";

const SCRAM_PLUS = "SCRAM-SHA-256-PLUS";
export const CHANNEL_BINDING_ERROR_CODE = "PROBE_CHANNEL_BINDING";

/** A refusal libpq makes on the client side for channel binding; classified as authentication (exit 7). */
export class ChannelBindingError extends Error {
  readonly code = CHANNEL_BINDING_ERROR_CODE;
}

/** The words of a channel-binding refusal, within the authentication class (exit 7): a hint of its own. */
export const CHANNEL_BINDING_WORDING = {
  meaning: "authentication failed (channel binding)",
  hint: "channel_binding=require needs SCRAM-SHA-256 over TLS: check that the server's pg_hba.conf method for this " +
    "user is scram-sha-256 (RDS: the role's password stored as SCRAM, password_encryption=scram-sha-256) and that " +
    "sslmode is not disable; a server that cannot bind the channel may also be something in the middle",
} as const;

/**
 * Whether pg should offer SCRAM-SHA-256-PLUS (its enableChannelBinding): as libpq 15, only on an encrypted
 * connection and unless channel_binding=disable. Over plain text pg then sends the "n" GS2 flag, over TLS
 * without PLUS offered "y", as libpq's build_client_first_message (fe-auth-scram.c).
 */
export function offersChannelBinding(mode: ChannelBindingMode, encrypted: boolean): boolean {
  return encrypted && mode !== "disable";
}

/** What a watched session ended up doing: whether SCRAM-SHA-256-PLUS completed (the channel was bound). */
export interface ChannelBindingWatch {
  readonly bound: () => boolean;
}

interface AuthenticationMessage {
  readonly mechanisms?: string[];
}

/**
 * libpq 15's client-side checks, on pg's connection events before pg sees them (fe-auth.c, REL_15_STABLE):
 * - pg_SASL_init: with require, a connection without TLS is refused first ("channel binding required, but
 *   SSL not in use"); a server offering SCRAM-SHA-256-PLUS on a connection without TLS is refused, whatever
 *   channel_binding says ("server offered SCRAM-SHA-256-PLUS authentication over a non-SSL connection");
 *   with require, a server not offering it is refused ("channel binding is required, but server did not
 *   offer an authentication method that supports channel binding");
 * - check_expected_areq with require: any request other than SASL ("channel binding required but not
 *   supported by server's authentication request", so that no password is sent in clear or as MD5), and an
 *   AuthenticationOk without a bound SCRAM exchange ("channel binding required, but server authenticated
 *   client without channel binding": trust, cert, or a server that skipped SCRAM).
 * A refused message is not passed on: pg sees an error instead and never answers the request.
 */
export function watchChannelBinding(connection: EventEmitter, mode: ChannelBindingMode, encrypted: boolean):
  ChannelBindingWatch {
  let plus = false;
  let bound = false;
  const refusal = (event: string, message: AuthenticationMessage): string | undefined => {
    switch (event) {
      case "authenticationSASL": {
        if (mode === "require" && !encrypted) return "channel binding required, but SSL not in use";
        const offered = message.mechanisms ?? [];
        if (offered.includes(SCRAM_PLUS) && !encrypted) {
          return "server offered SCRAM-SHA-256-PLUS authentication over a non-SSL connection";
        }
        plus = offered.includes(SCRAM_PLUS) && offersChannelBinding(mode, encrypted);
        if (mode === "require" && !plus) {
          return "channel binding is required, but server did not offer an authentication method that supports channel binding";
        }
        return undefined;
      }
      case "authenticationSASLContinue":
        return undefined;
      case "authenticationSASLFinal":
        bound = plus;
        return undefined;
      case "authenticationOk":
        return mode === "require" && !bound
          ? "channel binding required, but server authenticated client without channel binding" : undefined;
      case "authenticationCleartextPassword":
      case "authenticationMD5Password":
        return mode === "require" ? "channel binding required but not supported by server's authentication request" : undefined;
      default:
        return undefined;
    }
  };
  const emit = connection.emit.bind(connection);
  connection.emit = (event: string | symbol, ...args: unknown[]): boolean => {
    const refused = typeof event === "string" ? refusal(event, (args[0] ?? {}) as AuthenticationMessage) : undefined;
    if (refused === undefined) return emit(event, ...args);
    (connection as EventEmitter & { stream?: { destroy?: () => void } }).stream?.destroy?.();
    return emit("error", new ChannelBindingError(refused));
  };
  return { bound: () => bound };
}
