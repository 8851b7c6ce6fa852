import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tls from "node:tls";
import { resolveTarget } from "../../probe/connection-target";
import { classifyError } from "../../probe/classify-error";
import { loadTlsMaterial, systemStore, TlsFileError, tlsConnectOptions } from "../../probe/tls-options";
import { ENCRYPTED_CLIENT_KEY, WRONG_KEY_PASSWORDS } from "../fixtures/tls/encrypted-client-key";

// The client-side TLS files as libpq 15 reads them (postgres/postgres REL_15_STABLE,
// src/interfaces/libpq/fe-secure-openssl.c initialize_SSL), in the unit tier for mutation testing (issue 27):
// each case let a Stryker mutant of tls-options.ts survive, or covered code no unit test ran.

/** A self-signed certificate and its key (EC P-256, made once with openssl req -x509; no secret). */
const CERT = `-----BEGIN CERTIFICATE-----
MIIBgjCCASegAwIBAgIUBdXfeK4IxwQ9uEVR2ISxriKEyZwwCgYIKoZIzj0EAwIw
FTETMBEGA1UEAwwKcHJvYmUtdGVzdDAgFw0yNjEyMDYwNjI2MzZaGA8yMTI2MTEx
MjA2MjYzNlowFTETMBEGA1UEAwwKcHJvYmUtdGVzdDBZMBMGByqGSM49AgEGCCqG
SM49AwEHA0IABAko2owArpvEre+0VrrtxbUXRN2OYQFETi4sb9HADvUlC+FaX9yL
BWEQelGg76U8mY6WaiLjEr00gCFKxM1KxNujUzBRMB0GA1UdDgQWBBSiXdskWRi7
3dSdAr0LM4TuTigtxjAfBgNVHSMEGDAWgBSiXdskWRi73dSdAr0LM4TuTigtxjAP
BgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0kAMEYCIQDSEjKxK6GTfBYXFmUw
+f/b4SFAoKwtqTR7bthiQN4QqwIhAOqpRGngxcqMfMmVL/Q3DITlU467UcRmCZBK
48WR5YtH
-----END CERTIFICATE-----
`;
const KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgBkRzhoSQh6LqPPUK
1EKI6bnmjIHGVryBO8tRzGH2pvWhRANCAAQJKNqMAK6bxK3vtFa67cW1F0TdjmEB
RE4uLG/RwA71JQvhWl/ciwVhEHpRoO+lPJmOlmoi4xK9NIAhSsTNSsTb
-----END PRIVATE KEY-----
`;
const CRL = "-----BEGIN X509 CRL-----\nMIIB\n-----END X509 CRL-----\n";
const ROOT = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

let home: string;
beforeEach(() => { home = fs.mkdtempSync(path.join(os.tmpdir(), "probe-tls-")); });
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

/** Writes FILE (relative to the temporary home) with CONTENT and MODE; returns its path. */
function put(file: string, content: string, mode = 0o600): string {
  const full = path.join(home, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, content, { mode });
  fs.chmodSync(full, mode);
  return full;
}
const load = (settings: Record<string, string>) => loadTlsMaterial(resolveTarget({ user: "u", ...settings }), home);

describe("the root certificate and the CRL", () => {
  test("verify-ca without a root certificate is refused too, with libpq's advice (\"root certificate file ... does not exist\")", () => {
    expect(() => load({ sslmode: "verify-ca" })).toThrow(`root certificate file "${home}/.postgresql/root.crt" does not exist; ` +
      "either provide the file (--ca FILE or sslrootcert=FILE; for RDS, the RDS CA bundle; sslrootcert=system for the " +
      "system's store) or change sslmode to disable server certificate verification");
  });

  test("a root certificate file that cannot be read: libpq's \"could not read root certificate file\"", () => {
    const folder = path.join(home, "ca-folder");
    fs.mkdirSync(folder);
    expect(() => load({ sslmode: "require", sslrootcert: folder }))
      .toThrow(new TlsFileError(`could not read root certificate file "${folder}": EISDIR`));
  });

  test("a root file holding only a CRL is read (OpenSSL's X509_load_cert_crl_file takes either)", () => {
    const root = put("root-crl-only.pem", CRL);
    expect(load({ sslmode: "require", sslrootcert: root })).toMatchObject({ rootCertFile: root });
  });

  test("an sslcrl with a CRL is checked with the root certificate", () => {
    const root = put("ca.pem", ROOT);
    const crl = put("revoked.crl", CRL);
    expect(load({ sslmode: "verify-full", sslrootcert: root, sslcrl: crl }).crl).toEqual([CRL]);
  });

  // libpq: "if not found, silently ignore; we do not require CRL" (X509_STORE_load_locations failing on a file
  // it cannot read is not an error).
  test("an sslcrl that cannot be read is ignored, as libpq ignores it", () => {
    const root = put("ca.pem", ROOT);
    const folder = path.join(home, "crl-folder");
    fs.mkdirSync(folder);
    expect(load({ sslmode: "verify-full", sslrootcert: root, sslcrl: folder })).toMatchObject({ rootCertFile: root, crl: undefined });
  });

  // libpq: "defaults to use the default CRL file": ~/.postgresql/root.crl when neither sslcrl nor sslcrldir is
  // set. Without it, a server certificate revoked there would be accepted where psql refuses it.
  test("without sslcrl, ~/.postgresql/root.crl is the CRL, as libpq's default", () => {
    put(".postgresql/root.crt", ROOT);
    put(".postgresql/root.crl", CRL);
    expect(load({ sslmode: "verify-full" }).crl).toEqual([CRL]);
  });

  const canReadSystemStore = typeof (tls as { getCACertificates?: unknown }).getCACertificates === "function";
  test(`systemStore: ${canReadSystemStore ? "the system store" : "nothing on a Node that cannot read it"}`, () => {
    if (canReadSystemStore) {
      expect(systemStore()).toEqual((tls as unknown as { getCACertificates: (t: string) => string[] }).getCACertificates("system"));
    } else {
      expect(systemStore()).toBeUndefined();
    }
  });
});

describe("the client certificate and key", () => {
  test("a certificate that cannot be read: libpq's \"could not read certificate file\"", () => {
    const folder = path.join(home, "cert-folder");
    fs.mkdirSync(folder);
    expect(() => load({ sslmode: "require", sslcert: folder })).toThrow(`could not read certificate file "${folder}": EISDIR`);
  });

  test("a key that is not a regular file: libpq's \"private key file ... is not a regular file\"", () => {
    const cert = put("client.crt", CERT);
    const folder = path.join(home, "key-folder");
    fs.mkdirSync(folder, { mode: 0o700 });
    expect(() => load({ sslmode: "require", sslcert: cert, sslkey: folder }))
      .toThrow(`private key file "${folder}" is not a regular file`);
  });

  test("the certificate's own key is loaded; another key is libpq's \"key values mismatch\", the TLS class", () => {
    const cert = put("client.crt", CERT);
    const key = put("client.key", KEY);
    expect(load({ sslmode: "require", sslcert: cert, sslkey: key })).toMatchObject({ cert: Buffer.from(CERT), key: expect.any(Buffer) });
    const other = put("other.key", crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey
      .export({ type: "pkcs8", format: "pem" }) as string);
    let thrown: unknown;
    try { load({ sslmode: "require", sslcert: cert, sslkey: other }); } catch (error) { thrown = error; }
    expect((thrown as Error).message).toBe(`could not load private key file "${other}": key values mismatch`);
    expect(classifyError(thrown, "connect").className).toBe("tls");
  });

  describe("an encrypted key, decrypted with sslpassword as libpq's PQdefaultSSLKeyPassHook_OpenSSL does", () => {
    // A certificate Node cannot parse: the key is then returned as loaded (tls.connect reports the certificate).
    const encrypted = () => put("client.key", crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey
      .export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "right-password" }) as string);
    test("the right password: the key, decrypted", () => {
      const key = encrypted();
      const material = load({ sslmode: "require", sslcert: put("client.crt", "not a certificate"), sslkey: key, sslpassword: "right-password" });
      expect(material.key?.toString()).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    });
    test("no password: OpenSSL 3's \"processing error\" (psql 15.18 on OpenSSL 3)", () => {
      const key = encrypted();
      expect(() => load({ sslmode: "require", sslcert: put("client.crt", "x"), sslkey: key }))
        .toThrow(new TlsFileError(`could not load private key file "${key}": processing error`));
    });
    test("the wrong password: OpenSSL's reason, never the password", () => {
      // A fixed key: a fresh one's wrong password sometimes decrypts to valid padding (fixtures/tls/encrypted-client-key.ts).
      const key = put("client.key", ENCRYPTED_CLIENT_KEY);
      let message = "";
      try { load({ sslmode: "require", sslcert: put("client.crt", "x"), sslkey: key, sslpassword: WRONG_KEY_PASSWORDS[0] }); } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toBe(`could not load private key file "${key}": bad decrypt`);
    });
    test("a file that is no key: OpenSSL's reason", () => {
      const key = put("client.key", "not a key at all");
      expect(() => load({ sslmode: "require", sslcert: put("client.crt", "x"), sslkey: key }))
        .toThrow(/^could not load private key file ".*client\.key": \S.*$/);
      expect(() => load({ sslmode: "require", sslcert: put("client.crt", "x"), sslkey: key })).not.toThrow(/: Error/);
    });
  });
});

describe("tlsConnectOptions hands Node what was loaded", () => {
  const material = { rootCertFile: "/ca.pem", ca: Buffer.from("ca"), crl: ["crl"], cert: Buffer.from("cert"), key: Buffer.from("key"),
    minVersion: "TLSv1.2" as const, maxVersion: "TLSv1.3" as const };
  test("verify-full: the client certificate, key, versions, CA and CRL; SNI for a name", () => {
    expect(tlsConnectOptions("verify-full", "db.example.com", material)).toMatchObject({ servername: "db.example.com",
      cert: material.cert, key: material.key, minVersion: "TLSv1.2", maxVersion: "TLSv1.3", ca: material.ca, crl: ["crl"],
      rejectUnauthorized: true });
  });
  test("encrypt-only: the client certificate and versions, no verification", () => {
    const options = tlsConnectOptions("encrypt-only", "10.0.0.5", material);
    expect(options).toMatchObject({ cert: material.cert, key: material.key, minVersion: "TLSv1.2", maxVersion: "TLSv1.3",
      rejectUnauthorized: false });
    expect(options.servername).toBeUndefined();
  });
  test("nothing loaded: nothing passed", () => {
    const options = tlsConnectOptions("verify-ca", "db", {});
    for (const key of ["cert", "key", "minVersion", "maxVersion", "ca", "crl"]) expect(options).not.toHaveProperty(key);
  });
});
