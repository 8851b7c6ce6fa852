import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { resolveTarget } from "../../probe/connection-target";
import { classifyError } from "../../probe/classify-error";
import { loadCertificateAuthority, pgSslOption, tlsAttempts } from "../../probe/tls-options";
import { backoffDelayMs } from "../../probe/backoff";
import { checkExpectations, versionMatches } from "../../probe/expectations";
import { redact } from "../../probe/redact";

describe("sslmode keeps libpq's meanings", () => {
  test.each([
    ["disable", undefined, ["none"]],
    ["allow", undefined, ["none", "encrypt-only"]],
    ["prefer", undefined, ["encrypt-only", "none"]],
    ["require", undefined, ["encrypt-only"]],
    ["require", "/ca.pem", ["verify-ca"]],
    ["verify-ca", "/ca.pem", ["verify-ca"]],
    ["verify-full", "/ca.pem", ["verify-full"]],
  ])("%s (root cert %s) tries %j", (sslmode, sslrootcert, attempts) => {
    expect(tlsAttempts(resolveTarget({ user: "u", sslmode, sslrootcert }))).toEqual(attempts);
  });

  test("verify-ca checks the chain and not the name; verify-full both; encrypt-only neither", () => {
    const ca = Buffer.from("ca");
    const verifyCa = pgSslOption("verify-ca", "db.example", ca) as Record<string, unknown>;
    expect(verifyCa).toMatchObject({ rejectUnauthorized: true, ca, servername: "db.example" });
    expect((verifyCa.checkServerIdentity as () => unknown)()).toBeUndefined();
    expect(pgSslOption("verify-full", "db.example", ca)).toEqual({ rejectUnauthorized: true, ca, servername: "db.example" });
    expect(pgSslOption("encrypt-only", "10.0.0.5", undefined)).toEqual({ rejectUnauthorized: false });
    expect(pgSslOption("none", "db", undefined)).toBe(false);
  });

  test("a verifying mode without a CA says how to give one", () => {
    const home = process.env.HOME;
    const emptyHome = fs.mkdtempSync(path.join(os.tmpdir(), "probe-home-"));
    process.env.HOME = emptyHome;
    try {
      expect(() => loadCertificateAuthority(resolveTarget({ user: "u", sslmode: "verify-full" })))
        .toThrow("sslmode=verify-full verifies the server certificate but no CA was given: pass --ca FILE");
    } finally {
      process.env.HOME = home;
      fs.rmSync(emptyHome, { recursive: true, force: true });
    }
  });

  test("an unreadable CA file is named", () => {
    expect(() => loadCertificateAuthority(resolveTarget({ user: "u", sslmode: "verify-full", sslrootcert: "/nonexistent/ca.pem" })))
      .toThrow('cannot read the CA file "/nonexistent/ca.pem" (--ca / sslrootcert): ENOENT');
  });

  test("sslrootcert=system uses the system trust store", () => {
    expect(loadCertificateAuthority(resolveTarget({ user: "u", sslmode: "verify-full", sslrootcert: "system" }))).toBeUndefined();
  });
});

describe("error classification", () => {
  const err = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});
  test.each([
    ["dns", err("getaddrinfo ENOTFOUND db.example", "ENOTFOUND"), "dns", "dns", true],
    ["connect", err("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"), "refused", "refused", true],
    ["connect", err("connect EHOSTUNREACH 10.0.0.5:5432", "EHOSTUNREACH"), "refused", "refused", true],
    ["connect", err("Connection terminated due to connection timeout"), "timeout", "timeout", true],
    ["query", err("Query read timeout"), "timeout", "timeout", true],
    ["connect", err("self-signed certificate in certificate chain", "SELF_SIGNED_CERT_IN_CHAIN"), "tls", "tls", false],
    ["connect", err("Hostname/IP does not match certificate's altnames", "ERR_TLS_CERT_ALTNAME_INVALID"), "tls", "tls", false],
    ["connect", err("The server does not support SSL connections"), "tls", "tls", false],
    ["connect", err('no pg_hba.conf entry for host "10.0.1.5", user "u", database "d", no encryption', "28000"), "tls", "tls", false],
    ["connect", err('password authentication failed for user "u"', "28P01"), "auth", "auth", false],
    ["connect", err('database "x" does not exist', "3D000"), "noDatabase", "noDatabase", false],
    ["connect", err("the database system is starting up", "57P03"), "refused", "refused", true],
    ["query", err('relation "x" does not exist', "42P01"), "query", "query", false],
  ])("%s: %s -> %s", (phase, error, _label, className, retryable) => {
    expect(classifyError(error, phase as "dns" | "connect" | "query")).toMatchObject({ className, retryable });
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

test("redact hides a secret and its URL-encoded form", () => {
  expect(redact("a p@ss/word b p%40ss%2Fword c", ["p@ss/word"])).toBe("a *** b *** c");
  expect(redact("nothing", [undefined, ""])).toBe("nothing");
});
