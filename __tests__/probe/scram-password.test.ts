import * as crypto from "node:crypto";
import { useLibpqPasswordPreparation } from "../../probe/scram-password";

/**
 * The password pg hashes in a SCRAM exchange is the one libpq would (libpqSaslPrep, else the raw password),
 * for each exchange on its own when several run at once (issue 26: the psql matrix runs the probe in-process,
 * five scenarios at a time). Over TLS, SCRAM-SHA-256-PLUS awaits the certificate's hash before deriving the
 * key, so a preparation kept in one module variable was taken by whichever exchange derived next: a wrong
 * password could be hashed as another exchange's right one.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sasl = require("pg/lib/crypto/sasl") as {
  startSession: (mechanisms: string[], stream?: unknown) => { clientNonce: string; response: string };
  continueSession: (session: unknown, password: string, serverData: string, stream?: unknown) => Promise<void>;
};

/** A self-signed certificate (EC P-256, made once with openssl req -x509; no secret): the server's, for PLUS. */
const CERT = `-----BEGIN CERTIFICATE-----
MIIBfzCCASWgAwIBAgIUa7oUUxD0S5kXi+wHb3CETQYWJkcwCgYIKoZIzj0EAwIw
FTETMBEGA1UEAwwKc2NyYW0tdGVzdDAeFw0yNjEyMDYwODM3MDNaFw0zNjEyMDMw
ODM3MDNaMBUxEzARBgNVBAMMCnNjcmFtLXRlc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAASlHVVePCNC9XPTQU2+obrrflaNryoND4u8bmOKugjeaWlzBFPPj5MW
7GRsC16A/cX/FLYo+9KASVnHW+ynfq40o1MwUTAdBgNVHQ4EFgQUqtgCBcKHM/fK
Rgg3sHzIuxIEYQYwHwYDVR0jBBgwFoAUqtgCBcKHM/fKRgg3sHzIuxIEYQYwDwYD
VR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiEAhgubZiPKxADCdNbHiVFh
Q1qVwb5FM9J4QPEB9+4llhMCIA3bJS/G6PrAgtp0yCXJKJzTOb0JyRyhV7+OGizJ
6kSb
-----END CERTIFICATE-----
`;
const TLS_STREAM = { getPeerCertificate: () => ({ raw: new crypto.X509Certificate(CERT).raw }) };
const SALT = Buffer.from("a salt of sixteen").toString("base64");
const ITERATIONS = 4096;

/** One exchange up to the client's final message; returns the proof pg sent and the message it signed. */
async function exchange(password: string, stream: unknown): Promise<{ proof: string; authMessage: string }> {
  const session = sasl.startSession(["SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"], stream) as { clientNonce: string; response: string };
  const serverFirst = `r=${session.clientNonce}server-nonce,s=${SALT},i=${ITERATIONS}`;
  await sasl.continueSession(session, password, serverFirst, stream);
  const [withoutProof, proof] = session.response.split(",p=");
  return { proof, authMessage: `n=*,r=${session.clientNonce},${serverFirst},${withoutProof}` };
}

/** RFC 5802's ClientProof from a prepared password, computed here without pg. */
function proofFor(prepared: string, authMessage: string): string {
  const salted = crypto.pbkdf2Sync(prepared, Buffer.from(SALT, "base64"), ITERATIONS, 32, "sha256");
  const clientKey = crypto.createHmac("sha256", salted).update("Client Key").digest();
  const storedKey = crypto.createHash("sha256").update(clientKey).digest();
  const signature = crypto.createHmac("sha256", storedKey).update(authMessage).digest();
  return Buffer.from(clientKey.map((byte, i) => byte ^ signature[i])).toString("base64");
}

beforeAll(() => useLibpqPasswordPreparation());

// Unassigned in Unicode 3.2 (U+0221): libpq's SASLprep fails and hashes the raw password; pg's own NFKC would
// hash "pfi\u0221w", the same as the second password, which libpq hashes as it is.
const RAW = "p\uFB01\u0221w";
const PRE_NORMALISED = "pfi\u0221w";

test.each([
  ["SCRAM-SHA-256-PLUS (TLS: the key is derived after an await)", TLS_STREAM],
  ["SCRAM-SHA-256 (no TLS)", undefined],
])("%s: exchanges at once each hash their own password as libpq prepares it", async (_name, stream) => {
  const passwords = [RAW, PRE_NORMALISED, "right-password", "wrong-password", "p\uFB01w"];
  const prepared = [RAW, PRE_NORMALISED, "right-password", "wrong-password", "pfiw"];
  const runs = await Promise.all(passwords.map((password) => exchange(password, stream)));
  runs.forEach((run, i) => expect({ password: passwords[i], proof: run.proof })
    .toEqual({ password: passwords[i], proof: proofFor(prepared[i], run.authMessage) }));
});
