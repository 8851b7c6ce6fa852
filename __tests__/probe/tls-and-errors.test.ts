import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tls from "node:tls";
import { resolveTarget } from "../../probe/connection-target";
import { classifyError } from "../../probe/classify-error";
import { loadTlsMaterial, tlsAttempts, tlsConnectOptions } from "../../probe/tls-options";
import { backoffDelayMs } from "../../probe/backoff";
import { checkExpectations, versionMatches } from "../../probe/expectations";
import { redact } from "../../probe/redact";

describe("sslmode keeps libpq's meanings", () => {
  test.each([
    ["disable", false, [["none", false]]],
    ["allow", false, [["none", false], ["encrypt-only", false]]],
    ["prefer", false, [["encrypt-only", true], ["none", false]]],
    ["prefer", true, [["verify-ca", true], ["none", false]]],
    ["require", false, [["encrypt-only", false]]],
    ["require", true, [["verify-ca", false]]],
    ["verify-ca", true, [["verify-ca", false]]],
    ["verify-full", true, [["verify-full", false]]],
  ])("%s (root certificate present: %s) tries %j", (sslmode, rootCert, attempts) => {
    expect(tlsAttempts(resolveTarget({ user: "u", sslmode }), rootCert as boolean))
      .toEqual((attempts as [string, boolean][]).map(([policy, optional]) => ({ policy, optional })));
  });

  test("verify-ca checks the chain and not the name; verify-full both, against the host as given; encrypt-only neither", () => {
    const ca = Buffer.from("ca");
    const verifyCa = tlsConnectOptions("verify-ca", "db.example", { ca }) as Record<string, unknown>;
    expect(verifyCa).toMatchObject({ rejectUnauthorized: true, ca, servername: "db.example" });
    expect((verifyCa.checkServerIdentity as () => unknown)()).toBeUndefined();
    const full = tlsConnectOptions("verify-full", "db.example", { ca }) as Record<string, unknown>;
    expect(full).toMatchObject({ rejectUnauthorized: true, ca, servername: "db.example" });
    const cert = { subject: { CN: "other.example" }, subjectaltname: "DNS:other.example" } as never;
    expect((full.checkServerIdentity as (h: string, c: unknown) => Error | undefined)("10.0.0.5", cert)?.message)
      .toContain("db.example");
    expect(tlsConnectOptions("encrypt-only", "10.0.0.5", {})).toEqual({ rejectUnauthorized: false });
  });

  describe("files, as libpq's initialize_SSL reads them", () => {
    let home: string;
    beforeEach(() => { home = fs.mkdtempSync(path.join(os.tmpdir(), "probe-home-")); });
    afterEach(() => fs.rmSync(home, { recursive: true, force: true }));
    const put = (name: string, mode = 0o600) => {
      fs.mkdirSync(path.join(home, ".postgresql"), { recursive: true });
      fs.writeFileSync(path.join(home, ".postgresql", name), `${name}\n`, { mode });
      fs.chmodSync(path.join(home, ".postgresql", name), mode);
      return path.join(home, ".postgresql", name);
    };

    test("verify-full without any root certificate says which file libpq looked for", () => {
      expect(() => loadTlsMaterial(resolveTarget({ user: "u", sslmode: "verify-full" }), home))
        .toThrow(`root certificate file "${home}/.postgresql/root.crt" does not exist; either provide the file`);
    });

    test("~/.postgresql/root.crt is used when present, by require too", () => {
      const root = put("root.crt");
      fs.writeFileSync(root, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
      expect(loadTlsMaterial(resolveTarget({ user: "u", sslmode: "require" }), home)).toMatchObject({ rootCertFile: root });
    });

    test("a missing sslrootcert under require means no verification, as libpq", () => {
      expect(loadTlsMaterial(resolveTarget({ user: "u", sslmode: "require", sslrootcert: "/nonexistent/ca.pem" }), home))
        .toEqual({ rootCertFile: undefined, ca: undefined, crl: undefined, minVersion: "TLSv1.2" });
    });

    // libpq 16 loads OpenSSL's default verify paths; Node can read that store from 22.15 / 23.10. CI runs
    // this file on Node 20 (no such API: Node's own roots, as --help says) and on Node 24 (the store).
    const canReadSystemStore = typeof (tls as { getCACertificates?: unknown }).getCACertificates === "function";
    test(`sslrootcert=system: ${canReadSystemStore ? "the system store's certificates, as libpq 16" : "Node's own roots (this Node cannot read the system store)"}`, () => {
      const material = loadTlsMaterial(resolveTarget({ user: "u", sslrootcert: "system" }), home);
      expect(material.rootCertFile).toBe("system");
      if (canReadSystemStore) {
        expect(material.ca).toEqual((tls as unknown as { getCACertificates: (t: string) => string[] }).getCACertificates("system"));
      } else {
        expect(material.ca).toBeUndefined();
      }
    });

    test("a client key that group or others may read is refused with libpq's words", () => {
      put("postgresql.crt");
      const key = put("postgresql.key", 0o644);
      // A real key: the key is loaded (and decrypted with sslpassword) as libpq's initialize_SSL loads it.
      fs.writeFileSync(key, crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey
        .export({ type: "pkcs8", format: "pem" }));
      expect(() => loadTlsMaterial(resolveTarget({ user: "u", sslmode: "require" }), home))
        .toThrow(`private key file "${key}" has group or world access; file must have permissions u=rw (0600) or less ` +
          "if owned by the current user, or permissions u=rw,g=r (0640) or less if owned by root");
      fs.chmodSync(key, 0o600);
      expect(loadTlsMaterial(resolveTarget({ user: "u", sslmode: "require" }), home).key).toBeDefined();
    });

    // fe-secure-openssl.c initialize_SSL (REL_15_STABLE): root-owned keys may be 0640, others 0600, whoever runs.
    test("a root-owned key with mode 0640 is accepted, run as root or not; another owner's 0640 key is refused", () => {
      put("postgresql.crt");
      const key = put("postgresql.key", 0o640);
      // A real key: the loader parses it (and decrypts it with sslpassword) as libpq's initialize_SSL does.
      fs.writeFileSync(key, crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey
        .export({ type: "pkcs8", format: "pem" }));
      const load = () => loadTlsMaterial(resolveTarget({ user: "u", sslmode: "require" }), home);
      if (process.getuid?.() !== 0) {
        expect(load).toThrow("has group or world access");
        return;
      }
      expect(load().key).toBeDefined();
      fs.chownSync(key, 65534, 65534);
      expect(load).toThrow(`private key file "${key}" has group or world access`);
    });

    // fe-secure-openssl.c initialize_SSL: SSL_CTX_load_verify_locations reads PEM only (psql 15.18, checked live).
    test("a root certificate file with no PEM certificate is libpq's 'no certificate or crl found' (issue 22)", () => {
      const root = put("root.crt");
      expect(() => loadTlsMaterial(resolveTarget({ user: "u", sslmode: "verify-full" }), home))
        .toThrow(`could not read root certificate file "${root}": no certificate or crl found`);
    });

    test("an sslcrl OpenSSL finds nothing in is ignored; one with certificates only fails every chain (issue 22)", () => {
      const root = put("root.crt");
      fs.writeFileSync(root, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
      const text = put("text.crl");
      expect(loadTlsMaterial(resolveTarget({ user: "u", sslmode: "verify-full", sslcrl: text }), home))
        .toEqual({ rootCertFile: root, ca: expect.any(Buffer), crl: undefined, minVersion: "TLSv1.2" });
      expect(loadTlsMaterial(resolveTarget({ user: "u", sslmode: "verify-full", sslcrl: root }), home))
        .toMatchObject({ crl: undefined, crlWithoutRevocationList: true });
    });

    test("a certificate without its key is refused", () => {
      put("postgresql.crt");
      expect(() => loadTlsMaterial(resolveTarget({ user: "u", sslmode: "require" }), home))
        .toThrow(`certificate present, but not private key file "${home}/.postgresql/postgresql.key"`);
    });
  });
});

describe("error classification", () => {
  const err = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});
  test.each([
    ["dns", err("getaddrinfo ENOTFOUND db.example", "ENOTFOUND"), "dns", "dns", true],
    ["connect", err("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"), "refused", "refused", true],
    ["connect", err("connect EHOSTUNREACH 10.0.0.5:5432", "EHOSTUNREACH"), "timeout", "timeout", true],
    ["connect", err("connect ENETUNREACH 10.0.0.5:5432", "ENETUNREACH"), "timeout", "timeout", true],
    ["connect", err("fe_sendauth: no password supplied", "PROBE_NO_PASSWORD"), "auth", "auth", false],
    ["connect", err("server does not support SSL, but SSL was required", "PROBE_NO_SSL"), "tls", "tls", false],
    ["connect", err("Connection terminated due to connection timeout"), "timeout", "timeout", true],
    ["query", err("Query read timeout"), "timeout", "timeout", true],
    ["connect", err("self-signed certificate in certificate chain", "SELF_SIGNED_CERT_IN_CHAIN"), "tls", "tls", false],
    ["connect", err("Hostname/IP does not match certificate's altnames", "ERR_TLS_CERT_ALTNAME_INVALID"), "tls", "tls", false],
    ["connect", err("The server does not support SSL connections"), "tls", "tls", false],
    ["connect", err('no pg_hba.conf entry for host "10.0.1.5", user "u", database "d", no encryption', "28000"), "tls", "tls", false],
    ["connect", err('pg_hba.conf rejects connection for host "127.0.0.1", user "r", database "d", no encryption', "28000"), "auth", "auth", false],
    ["connect", err("connection requires a valid client certificate", "28000"), "auth", "auth", false],
    ["connect", err("sorry, too many clients already", "53300"), "loginRefused", "loginRefused", true],
    ["connect", err("remaining connection slots are reserved for non-replication superuser connections", "53300"), "loginRefused", "loginRefused", true],
    ["connect", err('too many connections for role "r"', "53300"), "loginRefused", "loginRefused", true],
    ["connect", err('database "d" is not currently accepting connections', "55000"), "loginRefused", "loginRefused", false],
    ["connect", err('permission denied for database "d"', "42501"), "loginRefused", "loginRefused", false],
    ["connect", err('unrecognized configuration parameter "nosuch"', "42704"), "loginRefused", "loginRefused", false],
    ["connect", err("expected authentication request from server, but received H", "PROBE_NOT_POSTGRES"), "protocol", "protocol", false],
    ["connect", err("received invalid response to SSL negotiation: H", "PROBE_BAD_SSL_ANSWER"), "protocol", "protocol", false],
    ["connect", err("GSSAPI authentication not supported", "PROBE_AUTH_METHOD"), "auth", "auth", false],
    ["connect", Object.assign(err("error:0A000418:SSL routines:ssl3_read_bytes:tlsv1 alert unknown ca:../rec_layer_s3.c:1601:SSL alert number 48",
      "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA"), { library: "SSL routines", reason: "tlsv1 alert unknown ca" }), "tls", "tls", false],
    ["connect", err('password authentication failed for user "u"', "28P01"), "auth", "auth", false],
    ["connect", err('database "x" does not exist', "3D000"), "noDatabase", "noDatabase", false],
    ["connect", err("the database system is starting up", "57P03"), "loginRefused", "loginRefused", true],
    ["query", err('relation "x" does not exist', "42P01"), "query", "query", false],
  ])("%s: %s -> %s", (phase, error, _label, className, retryable) => {
    expect(classifyError(error, phase as "dns" | "connect" | "query")).toMatchObject({ className, retryable });
  });

  test("a TLS error is worded as libpq words it: SSL error: <OpenSSL's reason>", () => {
    const alert = Object.assign(new Error("error:0A000418:SSL routines:ssl3_read_bytes:tlsv1 alert unknown ca:x"),
      { code: "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA", library: "SSL routines", reason: "tlsv1 alert unknown ca" });
    expect(classifyError(alert, "connect").detail).toMatch(/^SSL error: tlsv1 alert unknown ca/);
  });

  test("no pg_hba.conf entry, no encryption: TLS where the server has TLS, authentication where it said it has none", () => {
    const noEntry = err('no pg_hba.conf entry for host "h", user "u", database "d", no encryption', "28000");
    expect(classifyError(noEntry, "connect").className).toBe("tls");
    expect(classifyError(noEntry, "connect", { serverDeclinedTls: true }).className).toBe("auth");
  });
});

describe("backoff", () => {
  test("doubles from 1 s to a 30 s cap, each delay between half and all of its step", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelayMs(n, () => 1))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect([1, 2, 3].map((n) => backoffDelayMs(n, () => 0))).toEqual([500, 1000, 2000]);
  });
});

describe("expectations", () => {
  test("version prefixes by component", () => {
    expect(versionMatches("15", "15.4")).toBe(true);
    expect(versionMatches("15.4", "15.4")).toBe(true);
    expect(versionMatches("15.4", "15.14")).toBe(false);
    expect(versionMatches("1", "15.4")).toBe(false);
    expect(versionMatches("15.4.1", "15.4")).toBe(false);
  });

  test("--require-tls is not met by a plaintext session", () => {
    const server = { version: "PostgreSQL 15.4 on x", versionNumber: 150004, selectOne: true, database: "checkpoints",
      user: "u", serverAddress: null, serverPort: null };
    const plaintext = { used: false, certificateVerified: false, hostnameVerified: false, protocol: null, cipher: null };
    expect(checkExpectations({ requireTls: true }, server, plaintext))
      .toEqual([{ name: "tls", expected: "encrypted session", actual: "not encrypted", met: false }]);
  });
});

test("redact hides a secret of 8+ characters and its URL-encoded form, and leaves short ones to construction", () => {
  expect(redact("pass: 12345678 and 1234567", ["12345678", "1234567"])).toBe("pass: *** and 1234567"); // exactly 8: hidden
  expect(redact("a p@ss/word b p%40ss%2Fword c", ["p@ss/word"])).toBe("a *** b *** c");
  expect(redact("nothing", [undefined, ""])).toBe("nothing");
  // Replacing every "p" would print check***oints-***robe: garbled, and telling.
  expect(redact("checkpoints-probe", ["p", "pr", "pro", "probe-1"])).toBe("checkpoints-probe");
});

test("no route to the host has its own words, in the timeout's exit class", () => {
  const classified = classifyError(Object.assign(new Error("connect ENETUNREACH 10.0.0.5:5432"), { code: "ENETUNREACH" }), "connect");
  expect(classified.className).toBe("timeout");
  expect(classified.wording?.meaning).toBe("network unreachable");
});

// Node 24 appends advice to run Node.js with --use-system-ca; for the probe the remedy is sslrootcert / --ca.
test("an untrusted certificate is reported without Node's --use-system-ca advice", () => {
  const error = Object.assign(new Error("unable to verify the first certificate; if the root CA is installed locally, " +
    "try running Node.js with --use-system-ca"), { code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" });
  const classified = classifyError(error, "connect");
  expect(classified).toMatchObject({ className: "tls",
    detail: "SSL error: certificate verify failed: unable to verify the first certificate (UNABLE_TO_VERIFY_LEAF_SIGNATURE)" });
});
