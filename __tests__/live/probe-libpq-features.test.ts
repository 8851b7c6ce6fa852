import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { runProcess } from "../support/run-process";
import { suiteRecord } from "../support/suite-run";
import { LocalPostgres, startLocalPostgres } from "../../rehearsal/local-postgres";
import { AvailableServer, liveServer, ProbeRun, runBundledProbe } from "./live-server";
import { runProbeInProcess } from "./probe-in-process";
import { psqlCommand } from "./psql-binary";
import { serverTempDir } from "./server-temp-dir";
import { ENCRYPTED_CLIENT_KEY, ENCRYPTED_CLIENT_KEY_PASSWORD, WRONG_KEY_PASSWORDS } from "../fixtures/tls/encrypted-client-key";

/**
 * What libpq 15 does that the probe used to refuse (issue 22): channel_binding, pg_service.conf services,
 * key=value connection strings, sslpassword, ssl_min/max_protocol_version. Each scenario gives psql 15 and
 * the bundled probe the same connection string and environment, against real PostgreSQL 15.4 servers:
 * - the run's server: TLS only (TLS 1.2 and 1.3), scram-sha-256, as RDS;
 * - a "methods" server started here: TLS up to TLSv1.2 only, with pg_hba lines for trust, password
 *   (cleartext), cert (client certificates from the run's CA) and scram-sha-256 with or without TLS.
 * Both must agree on success or failure; on failure the probe says libpq's words (the phrase is asserted
 * in psql's output too, so the expectation is psql's, not ours) under an exit class that fits them.
 * The probe runs in this process (main() given the bundle's arguments and environment: ./probe-in-process.ts),
 * but for two scenarios that run the bundle with plain node: the settings from the environment alone (a
 * service by PGSERVICE) and the encrypted client key (issue 26: a Node start per scenario, 0.12-0.16 CPU s).
 */
const info = liveServer();
const describeLive = info.available ? describe : describe.skip;
const server = info as AvailableServer;
/** psql as /usr/bin/psql runs it, without its Perl wrapper (./psql-binary.ts). */
const PSQL = psqlCommand();

const SSL_PASSWORD = ENCRYPTED_CLIENT_KEY_PASSWORD;
/** A password with a space, a quote and a backslash: key=value quoting and escapes carry it. */
const ODD = { name: "odd_user", password: "it's a pass\\word" };
const SERVICE_PASSWORD = { name: "service_user", password: "service-file-password-7" };

let methods: LocalPostgres;
// The file's own server, recorded in the suite's run: an interrupted run stops it, or the next run reaps it.
const record = suiteRecord();
let work: string;
let clientCert: string;
let encryptedKey: string;
const outputs: Array<{ output: string; secrets: string[] }> = [];

interface Compared {
  readonly psql: { status: number | null; stdout: string; stderr: string };
  readonly probe: ProbeRun;
}

/** A HOME of the scenario's own: no passfile, no ~/.postgresql, no ~/.pg_service.conf unless written. */
function newHome(): string {
  return fs.mkdtempSync(path.join(work, "home-"));
}

/**
 * psql and the probe on the same connection string (undefined: none, settings from the environment only)
 * and the same environment. psql runs `sql` (its stdout is the answer); the probe runs the witness with --json,
 * in this process, or the bundle in a process of its own with `spawn`.
 */
async function compare(conninfo: string | undefined, env: Record<string, string> = {}, sql = "SELECT 1",
  { spawn = false } = {}): Promise<Compared> {
  const home = env.HOME ?? newHome();
  const fullEnv = { PATH: process.env.PATH ?? "", HOME: home, PGPASSWORD: server.password, PGSYSCONFDIR: path.join(home, "etc"),
    ...env };
  const probeArgs = [...(conninfo === undefined ? [] : [conninfo]), "--json"];
  if (!PSQL) throw new Error("psql is not installed (apt-get install postgresql-client-15)");
  const [psql, probe] = await Promise.all([
    runProcess(PSQL.binary, ["-X", "-w", "-A", "-t", "-c", sql, ...(conninfo === undefined ? [] : ["-d", conninfo])],
      { env: PSQL.env(fullEnv) }),
    spawn ? runBundledProbe(server, probeArgs, fullEnv) : runProbeInProcess(probeArgs, fullEnv),
  ]);
  const secrets = [fullEnv.PGPASSWORD, SSL_PASSWORD, ODD.password, SERVICE_PASSWORD.password];
  outputs.push({ output: probe.output, secrets });
  return { psql, probe };
}

/** Both connected; the probe observed the witness and printed nothing on stderr. */
function expectBothConnect({ psql, probe }: Compared): Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  expect({ status: psql.status, stderr: psql.stderr }).toEqual({ status: 0, stderr: "" });
  expect({ status: probe.status, stderr: probe.stderr }).toEqual({ status: 0, stderr: "" });
  const evidence = JSON.parse(probe.stdout);
  expect(evidence.outcome).toBe("observed");
  return evidence;
}

/** Both refused, psql with `words`, the probe with the same words under `exitCode`, never a stack trace. */
function expectBothFail({ psql, probe }: Compared, words: string, exitCode: number): void {
  expect(psql.status).toBe(2);
  expect(psql.stderr).toContain(words);
  expect(probe.status).toBe(exitCode);
  expect(probe.stderr).toContain(words);
  expect(probe.stderr).not.toMatch(/\n\s+at /);
}

const mainString = (extra: string) =>
  `host=localhost port=${server.port} dbname=checkpoints user=checkpoint_user sslmode=verify-full sslrootcert=${server.caFile} ${extra}`;
const methodsString = (user: string, extra: string) =>
  `host=localhost port=${methods.port} dbname=checkpoints user=${user} sslmode=verify-full ` +
  `sslrootcert=${methods.certificates.caFile} ${extra}`;

beforeAll(async () => {
  if (!info.available) return;
  work = fs.mkdtempSync(path.join(os.tmpdir(), "probe-features-"));
  // A client certificate for cert_user from the run's CA (its key beside ca.crt), its key encrypted.
  const tlsDir = path.dirname(server.caFile);
  encryptedKey = path.join(work, "client.key");
  clientCert = path.join(work, "client.crt");
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: work, stdio: ["ignore", "ignore", "pipe"] });
  // A fixed key: a fresh one's wrong password sometimes decrypts to valid padding (fixtures/tls/encrypted-client-key.ts).
  fs.writeFileSync(encryptedKey, ENCRYPTED_CLIENT_KEY, { mode: 0o600 });
  openssl("req", "-new", "-key", encryptedKey, "-passin", `pass:${SSL_PASSWORD}`, "-subj", "/CN=cert_user", "-out", "client.csr");
  openssl("x509", "-req", "-in", "client.csr", "-CA", server.caFile, "-CAkey", path.join(tlsDir, "ca.key"),
    "-set_serial", "4242", "-days", "1", "-out", clientCert);
  fs.chmodSync(encryptedKey, 0o600);
  methods = await startLocalPostgres({
    templateDir: server.templateDir, tempDir: serverTempDir(record), password: server.password, run: record,
    extraRoles: [{ name: "cert_user", password: server.password }, { name: "cleartext_user", password: server.password },
      { name: "trust_user", password: server.password }, ODD, SERVICE_PASSWORD],
    extraHbaLines: ["hostssl all cert_user 127.0.0.0/8 cert", "hostssl all cleartext_user 127.0.0.0/8 password",
      "hostssl all trust_user 127.0.0.0/8 trust", "host all all 127.0.0.0/8 scram-sha-256"],
    serverSettings: { ssl_ca_file: server.caFile, ssl_max_protocol_version: "TLSv1.2" },
  });
}, 60000);
afterAll(async () => {
  await methods?.stop();
  record.release();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describeLive("libpq 15 features, the probe beside psql 15 on the same servers", () => {
  // Cases of postgres/postgres src/test/ssl/t/002_scram.pl (channel_binding) and
  // src/test/authentication/t/001_password.pl (require without TLS), REL_15_STABLE, with psql's words.
  describe("channel_binding", () => {
    test.concurrent("require over TLS 1.3 with scram-sha-256: both connect; the evidence shows the bound channel", async () => {
      const evidence = expectBothConnect(await compare(mainString("channel_binding=require")));
      expect(evidence.tls).toMatchObject({ used: true, protocol: "TLSv1.3", channelBinding: "tls-server-end-point" });
      expect(evidence.target.channelBinding).toBe("require");
    });

    test.concurrent("prefer, libpq's default, binds when the server offers SCRAM-SHA-256-PLUS", async () => {
      const evidence = expectBothConnect(await compare(mainString("")));
      expect(evidence.tls.channelBinding).toBe("tls-server-end-point");
      expect(evidence.target.channelBinding).toBe("prefer");
    });

    test.concurrent("disable: both connect, without binding", async () => {
      const evidence = expectBothConnect(await compare(mainString("channel_binding=disable")));
      expect(evidence.tls.channelBinding).toBeNull();
    });

    test.concurrent("require over TLS 1.2 (tls-server-end-point does not depend on the version): both connect", async () => {
      const evidence = expectBothConnect(await compare(methodsString("checkpoint_user", "channel_binding=require")));
      expect(evidence.tls).toMatchObject({ protocol: "TLSv1.2", channelBinding: "tls-server-end-point" });
    });

    test.concurrent("7: require without TLS (001_password.pl): refused before any SCRAM message", async () => {
      expectBothFail(await compare(`host=127.0.0.1 port=${methods.port} dbname=checkpoints user=checkpoint_user ` +
        "sslmode=disable channel_binding=require"), "channel binding required, but SSL not in use", 7);
    });

    test.concurrent("7: require and a cleartext password request: no password is sent", async () => {
      expectBothFail(await compare(methodsString("cleartext_user", "channel_binding=require")),
        "channel binding required but not supported by server's authentication request", 7);
    });

    test.concurrent("7: require and trust: the server authenticated the client without binding", async () => {
      expectBothFail(await compare(methodsString("trust_user", "channel_binding=require")),
        "channel binding required, but server authenticated client without channel binding", 7);
    });

    test.concurrent("7: require and cert authentication (002_scram.pl): no binding happened", async () => {
      expectBothFail(await compare(methodsString("cert_user",
        `sslcert=${clientCert} sslkey=${encryptedKey} sslpassword=${SSL_PASSWORD} channel_binding=require`)),
      "channel binding required, but server authenticated client without channel binding", 7);
    });

    test.concurrent("sslmode=allow with require: a server refusing plain text is retried over TLS and binds", async () => {
      const evidence = expectBothConnect(await compare(`host=localhost port=${server.port} dbname=checkpoints ` +
        "user=checkpoint_user sslmode=allow channel_binding=require"));
      expect(evidence.tls).toMatchObject({ used: true, channelBinding: "tls-server-end-point" });
    });

    test.concurrent("7: sslmode=allow with require, a server accepting plain text: refused, not retried over TLS", async () => {
      expectBothFail(await compare(`host=127.0.0.1 port=${methods.port} dbname=checkpoints user=checkpoint_user ` +
        "sslmode=allow channel_binding=require"), "channel binding required, but SSL not in use", 7);
    });

    test.concurrent("7: PGCHANNELBINDING=require is read as channel_binding", async () => {
      expectBothFail(await compare(methodsString("trust_user", ""), { PGCHANNELBINDING: "require" }),
        "channel binding required, but server authenticated client without channel binding", 7);
    });

    test.concurrent("2: an invalid value (002_scram.pl: invalid_value)", async () => {
      expectBothFail(await compare(mainString("channel_binding=invalid_value")), 'invalid channel_binding value: "invalid_value"', 2);
    });
  });

  // Cases of postgres/postgres src/interfaces/libpq/t/006_service.pl (parseServiceInfo, unchanged since 15).
  describe("pg_service.conf", () => {
    const serviceFile = (home: string, name: string, body: string) => {
      const file = path.join(home, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, body, { mode: 0o600 });
      return file;
    };
    const mySrv = () => `[my_srv]\nhost=localhost\nport=${server.port}\ndbname=checkpoints\nuser=checkpoint_user\n` +
      `sslmode=verify-full\nsslrootcert=${server.caFile}\n`;

    test.concurrent("service=my_srv with PGSERVICEFILE, and postgres://?service=my_srv: both connect", async () => {
      const home = newHome();
      const file = serviceFile(home, "pg_service_valid.conf", mySrv());
      const evidence = expectBothConnect(await compare("service=my_srv", { HOME: home, PGSERVICEFILE: file }));
      expect(evidence.target).toMatchObject({ port: server.port, service: { name: "my_srv", file } });
      expectBothConnect(await compare("postgres://?service=my_srv", { HOME: home, PGSERVICEFILE: file }));
    });

    test.concurrent("PGSERVICE=my_srv with no connection string: both connect", async () => {
      const home = newHome();
      const file = serviceFile(home, "pg_service_valid.conf", mySrv());
      expectBothConnect(await compare(undefined, { HOME: home, PGSERVICEFILE: file, PGSERVICE: "my_srv" }, "SELECT 1", { spawn: true }));
    });

    test.concurrent("2: an undefined service, by name and by PGSERVICE", async () => {
      const home = newHome();
      const file = serviceFile(home, "pg_service_valid.conf", mySrv());
      expectBothFail(await compare("service=undefined-service", { HOME: home, PGSERVICEFILE: file }),
        'definition of service "undefined-service" not found', 2);
      expectBothFail(await compare(undefined, { HOME: home, PGSERVICEFILE: file, PGSERVICE: "undefined-service" }),
        'definition of service "undefined-service" not found', 2);
    });

    test.concurrent("2: a PGSERVICEFILE that does not exist", async () => {
      const home = newHome();
      const missing = path.join(home, "pg_service_missing.conf");
      expectBothFail(await compare("service=my_srv", { HOME: home, PGSERVICEFILE: missing }),
        `service file "${missing}" not found`, 2);
    });

    test.concurrent("not in PGSERVICEFILE: PGSYSCONFDIR/pg_service.conf; and ~/.pg_service.conf without PGSERVICEFILE", async () => {
      const home = newHome();
      const empty = serviceFile(home, "pg_service_empty.conf", "");
      serviceFile(home, "etc/pg_service.conf", mySrv());
      expectBothConnect(await compare("service=my_srv", { HOME: home, PGSERVICEFILE: empty }));
      const other = newHome();
      serviceFile(other, ".pg_service.conf", mySrv());
      const evidence = expectBothConnect(await compare("service=my_srv", { HOME: other }));
      expect(evidence.target.service.file).toBe(path.join(other, ".pg_service.conf"));
    });

    test.concurrent("a password in the service file is used, and appears in no output", async () => {
      const home = newHome();
      const file = serviceFile(home, "svc.conf", `[pw]\nhost=127.0.0.1\nport=${methods.port}\ndbname=checkpoints\n` +
        `user=${SERVICE_PASSWORD.name}\npassword=${SERVICE_PASSWORD.password}\nsslmode=require\n`);
      // PGPASSWORD would be used only if the service had none: libpq's service wins over the environment.
      const compared = await compare("service=pw", { HOME: home, PGSERVICEFILE: file, PGPASSWORD: "not-the-password" });
      expectBothConnect(compared);
      expect(compared.probe.output).not.toContain(SERVICE_PASSWORD.password);
    });

    test.concurrent("2: a syntax error names the file and line; explicit settings still win over the service's", async () => {
      const home = newHome();
      const bad = serviceFile(home, "bad.conf", "[s]\nhost = localhost\n");
      expectBothFail(await compare("service=s", { HOME: home, PGSERVICEFILE: bad }), `syntax error in service file "${bad}", line 2`, 2);
      const file = serviceFile(home, "svc.conf", mySrv().replace(`port=${server.port}`, "port=1"));
      expectBothConnect(await compare(`service=my_srv port=${server.port}`, { HOME: home, PGSERVICEFILE: file }));
    });
  });

  describe("key=value connection strings", () => {
    test.concurrent("quoted values, escapes and a password with a space, a quote and a backslash: both connect", async () => {
      const quoted = ODD.password.replace(/\\/g, "\\\\").replace(/'/g, "\\'");
      const compared = await compare(`host = 127.0.0.1 port='${methods.port}' dbname=checkpoints user=${ODD.name} ` +
        `password='${quoted}' sslmode=require`, { PGPASSWORD: "" });
      const evidence = expectBothConnect(compared);
      expect(evidence.server.user).toBe(ODD.name);
      expect(compared.probe.output).not.toContain(ODD.password);
    });

    test.concurrent("2: a pair without \"=\", in libpq's words", async () => {
      expectBothFail(await compare(`host=localhost port=${server.port} dbname checkpoints`),
        'missing "=" after "dbname" in connection info string', 2);
    });

    test.concurrent("2: an unterminated quote, and an unknown keyword", async () => {
      expectBothFail(await compare(`host='localhost port=${server.port}`), "unterminated quoted string in connection info string", 2);
      expectBothFail(await compare(`host=localhost port=${server.port} sslmod=require`), 'invalid connection option "sslmod"', 2);
    });
  });

  describe("sslpassword: an encrypted client key", () => {
    test.concurrent("the right sslpassword: cert authentication succeeds with the decrypted key", async () => {
      const compared = await compare(methodsString("cert_user", `sslcert=${clientCert} sslkey=${encryptedKey} ` +
        `sslpassword=${SSL_PASSWORD}`), { PGPASSWORD: "" }, "SELECT 1", { spawn: true });
      const evidence = expectBothConnect(compared);
      expect(evidence.server.user).toBe("cert_user");
      expect(compared.probe.output).not.toContain(SSL_PASSWORD);
    });

    test.concurrent("6: no sslpassword: libpq's \"could not load private key file\", never a stack trace", async () => {
      const compared = await compare(methodsString("cert_user", `sslcert=${clientCert} sslkey=${encryptedKey}`), { PGPASSWORD: "" });
      expectBothFail(compared, `could not load private key file "${encryptedKey}": processing error`, 6);
      // The same as a URI (the probe's form before key=value strings): this ended in a stack trace (exit 1).
      const uri = `postgresql://cert_user@localhost:${methods.port}/checkpoints?sslmode=verify-full&sslrootcert=` +
        `${methods.certificates.caFile}&sslcert=${clientCert}&sslkey=${encryptedKey}`;
      expectBothFail(await compare(uri, { PGPASSWORD: "" }), `could not load private key file "${encryptedKey}": processing error`, 6);
    });

    test.concurrent("6: the wrong sslpassword: the same failure, the password in no output", async () => {
      const compared = await compare(methodsString("cert_user", `sslcert=${clientCert} sslkey=${encryptedKey} ` +
        `sslpassword=${WRONG_KEY_PASSWORDS[1]}`), { PGPASSWORD: "" });
      expectBothFail(compared, `could not load private key file "${encryptedKey}": bad decrypt`, 6);
      expect(compared.probe.output).not.toContain(WRONG_KEY_PASSWORDS[1]);
    });

    test.concurrent("6: a key that is not the certificate's: libpq's words, never a stack trace", async () => {
      const otherKey = path.join(work, "other.key");
      execFileSync("openssl", ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-out", otherKey],
        { stdio: ["ignore", "ignore", "pipe"] });
      fs.chmodSync(otherKey, 0o600);
      const compared = await compare(methodsString("cert_user", `sslcert=${clientCert} sslkey=${otherKey}`), { PGPASSWORD: "" });
      expectBothFail(compared, `could not load private key file "${otherKey}": key values mismatch`, 6);
    });
  });

  describe("ssl_min_protocol_version / ssl_max_protocol_version", () => {
    const protocolSql = "SELECT version FROM pg_stat_ssl WHERE pid = pg_backend_pid()";

    test.concurrent("no setting: TLSv1.3 with a server that has it (libpq's minimum is TLSv1.2, no maximum)", async () => {
      const compared = await compare(mainString(""), {}, protocolSql);
      const evidence = expectBothConnect(compared);
      expect(compared.psql.stdout.trim()).toBe("TLSv1.3");
      expect(evidence.tls.protocol).toBe("TLSv1.3");
      expect(evidence.target).toMatchObject({ sslMinProtocolVersion: "TLSv1.2" });
    });

    test.concurrent("ssl_max_protocol_version=TLSv1.2: both sessions are TLSv1.2", async () => {
      const compared = await compare(mainString("ssl_max_protocol_version=TLSv1.2"), {}, protocolSql);
      const evidence = expectBothConnect(compared);
      expect(compared.psql.stdout.trim()).toBe("TLSv1.2");
      expect(evidence.tls.protocol).toBe("TLSv1.2");
    });

    test.concurrent("PGSSLMAXPROTOCOLVERSION=tlsv1.2 (any case, as libpq compares): TLSv1.2", async () => {
      const compared = await compare(mainString(""), { PGSSLMAXPROTOCOLVERSION: "tlsv1.2" }, protocolSql);
      const evidence = expectBothConnect(compared);
      expect(compared.psql.stdout.trim()).toBe("TLSv1.2");
      expect(evidence.tls.protocol).toBe("TLSv1.2");
    });

    test.concurrent("6: ssl_min_protocol_version=TLSv1.3 against a server that stops at TLSv1.2", async () => {
      const compared = await compare(methodsString("checkpoint_user", "ssl_min_protocol_version=TLSv1.3"));
      expectBothFail(compared, "tlsv1 alert protocol version", 6);
      expectBothFail(compared, "This may indicate that the server does not support any SSL protocol version between " +
        "TLSv1.3 and TLSv1.3.", 6);
    });

    test.concurrent("PGSSLMINPROTOCOLVERSION=TLSv1.3 with a server that has it: TLSv1.3", async () => {
      const compared = await compare(mainString(""), { PGSSLMINPROTOCOLVERSION: "TLSv1.3" }, protocolSql);
      expect(expectBothConnect(compared).tls.protocol).toBe("TLSv1.3");
    });

    test.concurrent("2: an unknown version, and a minimum above the maximum, in libpq's words", async () => {
      expectBothFail(await compare(mainString("ssl_min_protocol_version=TLSv1.4")),
        'invalid ssl_min_protocol_version value: "TLSv1.4"', 2);
      expectBothFail(await compare(mainString("ssl_min_protocol_version=TLSv1.3 ssl_max_protocol_version=TLSv1.2")),
        "invalid SSL protocol version range", 2);
    });
  });

  // Last: every other scenario's output is in.
  test("no probe output holds a password, an sslpassword or a service file's password", () => {
    expect(outputs.length).toBeGreaterThanOrEqual(30);
    for (const { output, secrets } of outputs) {
      for (const secret of secrets.filter((s) => s && s.length >= 8)) expect(output).not.toContain(secret);
    }
  });
});
