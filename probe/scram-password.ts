import { AsyncLocalStorage } from "node:async_hooks";
import { libpqSaslPrep } from "./saslprep";

interface PgSasl {
  continueSession: (session: unknown, password: string, serverData: string, stream: unknown) => Promise<void>;
}
interface PgCryptoUtils {
  deriveKey: (password: string, salt: Buffer, iterations: number) => Promise<ArrayBuffer>;
}

let installed = false;
/**
 * The prepared password of the SCRAM exchange whose code is running, kept per exchange: over TLS
 * (SCRAM-SHA-256-PLUS) pg awaits the certificate's hash before deriving the key, so exchanges running at
 * once (main() in-process, as the psql matrix runs it) would take each other's from one module variable.
 */
const preparedPassword = new AsyncLocalStorage<string>();

/**
 * Makes pg hash the password libpq would (libpqSaslPrep), not its own SASLprep's: pg normalises every
 * password with NFKC, also where libpq's SASLprep fails and both libpq and the server use the raw bytes (a
 * code point unassigned in Unicode 3.2), so such a password never authenticated. pg keeps both steps
 * behind module properties it looks up at each call (pg 8.23.1 lib/crypto/sasl.js continueSession, which
 * calls utils.deriveKey with its saslprep(password)); the wrappers swap in libpq's string there.
 */
export function useLibpqPasswordPreparation(): void {
  if (installed) return;
  installed = true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sasl = require("pg/lib/crypto/sasl") as PgSasl;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const utils = require("pg/lib/crypto/utils") as PgCryptoUtils;
  const continueSession = sasl.continueSession;
  sasl.continueSession = (session, password, serverData, stream) =>
    preparedPassword.run(libpqSaslPrep(password) ?? password, () => continueSession(session, password, serverData, stream));
  const deriveKey = utils.deriveKey;
  utils.deriveKey = (password, salt, iterations) => deriveKey(preparedPassword.getStore() ?? password, salt, iterations);
}
