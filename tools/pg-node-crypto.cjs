// Replaces pg/lib/crypto/utils.js in the probe bundle. pg 8.23 computes SCRAM through WebCrypto
// (crypto.subtle), whose first importKey loads Node's whole WebCrypto layer (about 8 ms of the probe's
// start-up on Node 24) for one PBKDF2 and a few HMACs. These are the same functions on node:crypto,
// as pg itself shipped them for Node without WebCrypto (brianc/node-postgres,
// packages/pg/lib/crypto/utils-legacy.js, commit 65e1c72): same inputs (strings as UTF-8), same bytes
// out (Buffers where WebCrypto gives ArrayBuffers; pg wraps every result in Buffer.from), still async.
"use strict";
const nodeCrypto = require("crypto");

/** WebCrypto's digest names, as pg's cert-signatures.js gives them, to OpenSSL's. */
const DIGESTS = { "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512" };

function md5(string) {
  return nodeCrypto.createHash("md5").update(string, "utf-8").digest("hex");
}

// See AuthenticationMD5Password at https://www.postgresql.org/docs/current/static/protocol-flow.html
async function postgresMd5PasswordHash(user, password, salt) {
  const inner = md5(password + user);
  const outer = md5(Buffer.concat([Buffer.from(inner), salt]));
  return "md5" + outer;
}

async function sha256(data) {
  return nodeCrypto.createHash("sha256").update(data).digest();
}

async function hashByName(hashName, data) {
  const digest = DIGESTS[hashName];
  // WebCrypto refuses any other name (MD5 included); so does this.
  if (digest === undefined) throw new Error(`Unrecognized algorithm name: ${hashName}`);
  return nodeCrypto.createHash(digest).update(data).digest();
}

async function hmacSha256(key, msg) {
  return nodeCrypto.createHmac("sha256", Buffer.from(key)).update(msg, "utf8").digest();
}

async function deriveKey(password, salt, iterations) {
  return nodeCrypto.pbkdf2Sync(Buffer.from(password, "utf8"), salt, iterations, 32, "sha256");
}

module.exports = {
  postgresMd5PasswordHash,
  randomBytes: (length) => nodeCrypto.randomBytes(length),
  deriveKey,
  sha256,
  hashByName,
  hmacSha256,
  md5: async (string) => md5(string),
};
