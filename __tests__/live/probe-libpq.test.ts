import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync, spawnSync } from "node:child_process";
import { refusingPort } from "../support/refusing-port";
import { runProcess } from "../support/run-process";
import { PlainLocalPostgres, startLocalPostgres } from "../../rehearsal/local-postgres";
import { AvailableServer, liveServer, ProbeRun, runBundledProbe, serverUrl } from "./live-server";
import { runProbeInProcess } from "./probe-in-process";
import { suiteRecord } from "../support/suite-run";
import { serverTempDir } from "./server-temp-dir";

/**
 * The probe beside libpq 15 / psql 15, against real PostgreSQL 15.4 servers: the run's server (TLS only,
 * like RDS) and a second one started here without TLS, read-only by default (default_transaction_read_only,
 * which libpq's target_session_attrs check reads), logging each connection, with roles whose passwords are
 * short or need passfile escapes. Each case's expected exit class is psql 15.18's outcome on the same setup
 * (0 <-> 0, "no password supplied" / "authentication failed" <-> 7, TLS failures <-> 6).
 * The probe runs in this process (main() given the bundle's arguments and environment: ./probe-in-process.ts),
 * but where a case says `spawn`: the bundle with plain node, for what only a process shows (issue 26: a Node
 * start per run, 0.12-0.16 CPU s).
 */
const info = liveServer();
const describeLive = info.available ? describe : describe.skip;
const server = info as AvailableServer;

const SHORT_PASSWORDS = { short_1: "p", short_2: "pr", short_3: "pro" } as const;
const ESCAPED = { name: "escaped_user", password: "a:b\\c" };

let plain: PlainLocalPostgres;
/** The plain server and the namespace, recorded for the jest process: a Ctrl-C or a kill -9 leaves neither. */
const record = suiteRecord();
const homes: string[] = [];
const outputs: Array<{ run: ProbeRun; passwords: string[] }> = [];

/** A HOME of the case's own, for its passfile and root.crt: the cases run at once. */
function newHome(): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "probe-libpq-home-"));
  homes.push(home);
  return home;
}

async function probe(home: string, args: string[], env: Record<string, string> = {}, { spawn = false } = {}): Promise<ProbeRun> {
  const run = spawn ? await runBundledProbe(server, args, { HOME: home, ...env })
    : await runProbeInProcess(args, { PATH: process.env.PATH ?? "", HOME: home, PGPASSWORD: server.password, ...env });
  outputs.push({ run, passwords: [server.password, env.PGPASSWORD ?? ""].filter((p) => p.length > 0) });
  return run;
}

function writeHomeFile(home: string, relative: string, content: string, mode = 0o600): string {
  const file = path.join(home, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content, { mode });
  fs.chmodSync(file, mode);
  return file;
}

/** The client ports of the connections the plain server has logged (log_connections), in order. */
const connectionPorts = () => [...plain.log().matchAll(/connection received: host=\S+ port=(\d+)/g)].map((m) => Number(m[1]));

/**
 * Resolves once the plain server has logged every connection made to it so far: a marker connection made
 * now is accepted after them (the postmaster accepts in order and each backend logs as it starts), so once
 * the marker's port is logged, theirs are too. Returns the marker's port.
 */
async function allConnectionsLogged(): Promise<number> {
  const marker = net.connect(plain.port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => marker.once("connect", resolve).once("error", reject));
  const port = marker.localPort as number;
  while (!connectionPorts().includes(port)) await new Promise((resolve) => setTimeout(resolve, 10));
  marker.destroy();
  return port;
}

// The plain server is started at the top level: the cases run at once (test.concurrent), and jest starts
// them before any describe block's own beforeAll.
beforeAll(async () => {
  if (!info.available) return;
  plain = await startLocalPostgres({
    templateDir: server.templateDir, tempDir: serverTempDir(record), ssl: false, password: server.password,
    extraRoles: [...Object.entries(SHORT_PASSWORDS).map(([name, password]) => ({ name, password })), ESCAPED],
    serverSettings: { log_connections: "on", default_transaction_read_only: "on" },
    run: record,
  });
}, 60000);
afterAll(async () => {
  await plain?.stop();
  for (const home of homes) fs.rmSync(home, { recursive: true, force: true });
  record.release();
});

describeLive("the probe as libpq 15 connects, against real servers", () => {
  const noPassword = { PGPASSWORD: "" };
  const plainUrl = (user = "checkpoint_user", params = "sslmode=prefer") =>
    `postgresql://${user}@127.0.0.1:${plain.port}/checkpoints?${params}`;

  test("the server without TLS was started without certificates: none are made for it (issue 26)", () => {
    expect(plain).not.toHaveProperty("certificates");
  });

  describe("passwords", () => {
    test.concurrent("7: no password anywhere, saying where the probe looked (psql: fe_sendauth: no password supplied)", async () => {
      const home = newHome();
      const run = await probe(home, [serverUrl(server, { params: "sslmode=require" })], noPassword);
      expect(run.status).toBe(7);
      expect(run.stderr).toContain("authentication failed (localhost:");
      expect(run.stderr).toContain("fe_sendauth: no password supplied: no password was found; looked in the URL " +
        `(no password in it), PGPASSWORD (not set), --secret-id (not given), the passfile: ${home}/.pgpass does not exist`);
    });

    test.concurrent("0: a passfile line for localhost matches the host localhost as given (psql: 0)", async () => {
      const home = newHome();
      writeHomeFile(home, ".pgpass", `localhost:${server.port}:checkpoints:checkpoint_user:${server.password}\n`);
      // The bundle: ~/.pgpass found from the HOME of a process of its own.
      const run = await probe(home, [serverUrl(server, { params: "sslmode=require" }), "--json"], noPassword, { spawn: true });
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
    });

    test.concurrent("7: a 127.0.0.1 line does not match the host localhost: the host is never matched on its address (psql: no password)", async () => {
      const home = newHome();
      writeHomeFile(home, ".pgpass", `127.0.0.1:${server.port}:checkpoints:checkpoint_user:${server.password}\n`);
      const run = await probe(home, [serverUrl(server, { params: "sslmode=require" })], noPassword);
      expect(run.status).toBe(7);
      expect(run.stderr).toContain(`has no line for localhost:${server.port}:checkpoints:checkpoint_user`);
      expect(run.stderr).not.toContain("deprecated");
    });

    test.concurrent("7: a wrong password from the passfile says where it came from, as libpq does", async () => {
      const home = newHome();
      const file = writeHomeFile(home, ".pgpass", "*:*:*:checkpoint_user:not-the-password\n");
      const run = await probe(home, [serverUrl(server, { params: "sslmode=require" })], noPassword);
      expect(run.status).toBe(7);
      expect(run.stderr).toContain(`password authentication failed for user "checkpoint_user" (28P01); ` +
        `password retrieved from file "${file}"`);
    });

    test.concurrent("0: wildcards; and PGPASSFILE and passfile= name the file", async () => {
      const home = newHome();
      const file = writeHomeFile(home, "elsewhere/pgpass", `*:*:*:checkpoint_user:${server.password}\n`);
      const viaEnv = await probe(home, [serverUrl(server, { params: "sslmode=require" })], { ...noPassword, PGPASSFILE: file });
      expect(viaEnv.status).toBe(0);
      const viaUrl = await probe(home, [serverUrl(server, { params: `sslmode=require&passfile=${encodeURIComponent(file)}` })], noPassword);
      expect(viaUrl.status).toBe(0);
    });

    test.concurrent("0: escaped ':' and '\\' in the password field", async () => {
      const home = newHome();
      writeHomeFile(home, ".pgpass", `127.0.0.1:${plain.port}:checkpoints:${ESCAPED.name}:a\\:b\\\\c\n`);
      const run = await probe(home, [plainUrl(ESCAPED.name)], noPassword);
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
    });

    test.concurrent("7: a passfile others may read is ignored with libpq's warning", async () => {
      const home = newHome();
      const file = writeHomeFile(home, ".pgpass", `*:*:*:*:${server.password}\n`, 0o644);
      const run = await probe(home, [serverUrl(server, { params: "sslmode=require" })], noPassword);
      expect(run.status).toBe(7);
      expect(run.stderr).toContain(`WARNING: password file "${file}" has group or world access; permissions should be ` +
        "u=rw (0600) or less\n");
    });

    test.concurrent("1-, 2- and 3-character passwords: every output intact, nothing garbled, nothing masked", async () => {
      const home = newHome();
      // One user after another would be the file's longest chain: the users run at once, each in turn.
      await Promise.all(Object.entries(SHORT_PASSWORDS).map(async ([user, password]) => {
        const ok = await probe(home, [plainUrl(user)], { PGPASSWORD: password });
        expect(ok.status).toBe(0);
        expect(ok.stdout).toContain(`witness observed: ${user}@127.0.0.1:${plain.port}/checkpoints, SELECT 1 = 1`);
        const json = await probe(home, [plainUrl(user), "--json"], { PGPASSWORD: password });
        expect(JSON.parse(json.stdout)).toMatchObject({ outcome: "observed", target: { user, host: "127.0.0.1" } });
        const failed = await probe(home, [plainUrl(user).replace("/checkpoints", "/nope"), "--json"], { PGPASSWORD: password });
        expect(failed.status).toBe(8);
        expect(failed.stderr).toContain("checkpoints-probe: database does not exist (127.0.0.1:");
        const dry = await probe(home, [plainUrl(user), "--dry-run"], { PGPASSWORD: password });
        expect(dry.stdout).toContain("password: from PGPASSWORD");
        for (const run of [ok, json, failed, dry]) expect(run.output).not.toContain("***");
      }));
    });
  });

  describe("TLS as libpq: root.crt, and one connection for prefer", () => {
    test.concurrent("sslmode=require with ~/.postgresql/root.crt from the right CA verifies the chain (verify-ca)", async () => {
      const home = newHome();
      writeHomeFile(home, ".postgresql/root.crt", fs.readFileSync(server.caFile, "utf8"));
      const run = await probe(home, [serverUrl(server, { host: "127.0.0.2", params: "sslmode=require" }), "--json"]);
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ tls: { used: true, certificateVerified: true, hostnameVerified: false },
        target: { sslRootCert: path.join(home, ".postgresql/root.crt") } });
    });

    test.concurrent("6: sslmode=require with a root.crt from another CA (psql: certificate verify failed)", async () => {
      const home = newHome();
      writeHomeFile(home, ".postgresql/root.crt", fs.readFileSync(server.otherCaFile, "utf8"));
      const run = await probe(home, [serverUrl(server, { params: "sslmode=require" })]);
      expect(run.status).toBe(6);
      // The same words on every Node line: Node 24's --use-system-ca advice is dropped (classify-error.ts).
      expect(run.stderr).toContain("unable to verify the first certificate (UNABLE_TO_VERIFY_LEAF_SIGNATURE)");
    });

    // libpq 16's SSL suite (postgres src/test/ssl/t/001_ssltests.pl): "sslrootcert=system does not connect
    // with private CA", "sslrootcert=system connects with overridden SSL_CERT_FILE", and verify-full as the
    // default for system CAs. Node 20 cannot read OpenSSL's store: there the probe uses Node's own roots
    // (--help says so), so the overridden SSL_CERT_FILE is not trusted and the case is exit 6. The bundle:
    // OpenSSL reads SSL_CERT_FILE and SSL_CERT_DIR from its process's environment, not the one main() is given.
    test.concurrent("sslrootcert=system: the system's store, verify-full by default, as libpq 16", async () => {
      const canReadSystemStore = typeof (require("node:tls") as { getCACertificates?: unknown }).getCACertificates === "function";
      const home = newHome();
      const emptyDir = fs.mkdtempSync(path.join(home, "certs-"));
      const url = (host: string) => serverUrl(server, { host, params: "sslrootcert=system" });
      const [privateCa, overridden, wrongName] = await Promise.all([
        probe(home, [url("localhost")], { SSL_CERT_FILE: server.otherCaFile, SSL_CERT_DIR: emptyDir }, { spawn: true }),
        probe(home, [url("localhost"), "--json"], { SSL_CERT_FILE: server.caFile, SSL_CERT_DIR: emptyDir }, { spawn: true }),
        probe(home, [url("127.0.0.2")], { SSL_CERT_FILE: server.caFile, SSL_CERT_DIR: emptyDir }, { spawn: true }),
      ]);
      expect(privateCa.status).toBe(6);
      if (canReadSystemStore) {
        expect({ status: overridden.status, stderr: overridden.stderr }).toEqual({ status: 0, stderr: "" });
        expect(JSON.parse(overridden.stdout)).toMatchObject({ target: { sslMode: "verify-full", sslRootCert: "system" },
          tls: { used: true, certificateVerified: true, hostnameVerified: true } });
        expect(wrongName.status).toBe(6);
        expect(wrongName.stderr).toContain("ERR_TLS_CERT_ALTNAME_INVALID");
      } else {
        expect(overridden.status).toBe(6);
        expect(wrongName.status).toBe(6);
      }
    });

    test.concurrent("sslcrl: a CRL revoking the server's certificate fails verify-full (6); one revoking nothing passes", async () => {
      const home = newHome();
      // An openssl CA database beside the run's CA (its key sits next to ca.crt), as `openssl ca` needs.
      const tlsDir = path.dirname(server.caFile);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "probe-crl-"));
      fs.writeFileSync(path.join(dir, "index.txt"), "");
      fs.writeFileSync(path.join(dir, "crlnumber"), "01\n");
      fs.writeFileSync(path.join(dir, "ca.cnf"), `[ ca ]\ndefault_ca = d\n[ d ]\ndatabase = ${dir}/index.txt\n` +
        `crlnumber = ${dir}/crlnumber\ndefault_md = sha256\ndefault_crl_days = 1\n`);
      const ca = (...args: string[]) => execFileSync("openssl", ["ca", "-config", path.join(dir, "ca.cnf"), "-keyfile",
        path.join(tlsDir, "ca.key"), "-cert", server.caFile, ...args], { stdio: ["ignore", "ignore", "pipe"] });
      try {
        ca("-gencrl", "-out", path.join(dir, "empty.crl"));
        ca("-revoke", path.join(tlsDir, "server.crt"));
        ca("-gencrl", "-out", path.join(dir, "revoked.crl"));
        const url = (crl: string) => serverUrl(server, { params: `sslmode=verify-full&sslrootcert=${server.caFile}&sslcrl=${crl}` });
        const fine = await probe(home, [url(path.join(dir, "empty.crl"))]);
        expect(fine.status).toBe(0);
        const revoked = await probe(home, [url(path.join(dir, "revoked.crl"))]);
        expect(revoked.status).toBe(6);
        expect(revoked.stderr).toMatch(/certificate revoked|CERT_REVOKED/i);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    test.concurrent("options= reaches the server, as libpq's startup packet carries it", async () => {
      const home = newHome();
      const url = serverUrl(server, { params: `sslmode=verify-full&sslrootcert=${server.caFile}` +
        "&options=-c%20statement_timeout%3D4321" });
      const run = await probe(home, [url, "--json"]);
      expect(run.status).toBe(0);
      const bad = await probe(home, [serverUrl(server, { params: `sslmode=verify-full&sslrootcert=${server.caFile}` +
        "&options=-c%20no_such_setting%3D1" })]);
      expect(bad.status).not.toBe(0);
      expect(bad.stderr).toContain("no_such_setting");
    });

    test.concurrent("6: sslmode=require against a server without TLS, in libpq's words", async () => {
      const home = newHome();
      const run = await probe(home, [plainUrl("checkpoint_user", "sslmode=require")]);
      expect(run.status).toBe(6);
      expect(run.stderr).toContain("server does not support SSL, but SSL was required");
    });

    test.concurrent("hostaddr: dial the address, verify the certificate against host", async () => {
      const home = newHome();
      const url = `postgresql://checkpoint_user@localhost:${server.port}/checkpoints?hostaddr=127.0.0.2&sslmode=verify-full` +
        `&sslrootcert=${server.caFile}`;
      const run = await probe(home, [url, "--json"]);
      expect(run.status).toBe(0);
      const evidence = JSON.parse(run.stdout);
      expect(evidence.tls).toMatchObject({ certificateVerified: true, hostnameVerified: true });
      expect(evidence.hostsTried).toEqual([{ host: "localhost", hostaddr: "127.0.0.2", port: server.port,
        address: "127.0.0.2", outcome: "chosen" }]);
      // A name the certificate does not hold fails, though the address is the right one; it is never looked up.
      const wrong = await probe(home, [url.replace("@localhost:", "@not-in-the-certificate.invalid:")]);
      expect(wrong.status).toBe(6);
      expect(wrong.stderr).toContain("not-in-the-certificate.invalid");
    });
  });

  describe("several hosts and target_session_attrs", () => {
    test.concurrent("the first host down: the second is chosen, and the evidence says why the first was passed over", async () => {
      const home = newHome();
      const down = await refusingPort();
      const url = `postgresql://checkpoint_user@localhost:${down},localhost:${server.port}/checkpoints?sslmode=verify-full` +
        `&sslrootcert=${server.caFile}`;
      const run = await probe(home, [url, "--json"]);
      expect(run.status).toBe(0);
      const tried = JSON.parse(run.stdout).hostsTried;
      expect(tried[0]).toMatchObject({ host: "localhost", port: down, outcome: "passed over", errorClass: "refused" });
      expect(tried[0].reason).toContain("ECONNREFUSED");
      expect(tried[tried.length - 1]).toMatchObject({ host: "localhost", port: server.port, outcome: "chosen" });
    });

    test.concurrent("10: read-write against a read-only server (psql: session is read-only)", async () => {
      const home = newHome();
      const run = await probe(home, [plainUrl("checkpoint_user", "sslmode=prefer&target_session_attrs=read-write"), "--json"]);
      expect(run.status).toBe(10);
      expect(run.stderr).toContain("session is read-only");
      expect(JSON.parse(run.stdout).hostsTried).toEqual([expect.objectContaining({ outcome: "passed over",
        reason: "session is read-only (target_session_attrs=read-write)" })]);
    });

    test.concurrent("read-write passes over the read-only server to the writable one; read-only the other way round", async () => {
      const home = newHome();
      const hosts = `127.0.0.1:${plain.port},localhost:${server.port}`;
      const rw = await probe(home, [`postgresql://checkpoint_user@${hosts}/checkpoints?sslmode=prefer&target_session_attrs=read-write`,
        "--json"]);
      expect(rw.status).toBe(0);
      expect(JSON.parse(rw.stdout).hostsTried.map((t: { port: number; outcome: string }) => [t.port, t.outcome]))
        .toEqual([[plain.port, "passed over"], [server.port, "chosen"]]);
      const ro = await probe(home, [`postgresql://checkpoint_user@localhost:${server.port},127.0.0.1:${plain.port}/checkpoints` +
        "?sslmode=prefer&target_session_attrs=read-only", "--json"]);
      expect(ro.status).toBe(0);
      expect(JSON.parse(ro.stdout).server.serverPort).toBe(plain.port);
    });

    test.concurrent("standby finds none; prefer-standby then takes the first that answers", async () => {
      const home = newHome();
      const url = (attrs: string) => `postgresql://checkpoint_user@127.0.0.1:${plain.port}/checkpoints?sslmode=prefer` +
        `&target_session_attrs=${attrs}`;
      const standby = await probe(home, [url("standby")]);
      expect(standby.status).toBe(10);
      expect(standby.stderr).toContain("server is not in hot standby mode");
      const preferStandby = await probe(home, [url("prefer-standby")]);
      expect(preferStandby.status).toBe(0);
    });
  });

  describe("the negative witness cannot pass on a listening host", () => {
    test.concurrent("10: a listener that accepts TCP and never answers is not unreachable", async () => {
      const home = newHome();
      const sockets = new Set<net.Socket>();
      const silent = net.createServer((socket) => { sockets.add(socket); });
      await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
      const port = (silent.address() as net.AddressInfo).port;
      try {
        // The bundle: a process holding a socket that never answers must still end at the timeout.
        const run = await probe(home, [`postgresql://checkpoint_user@127.0.0.1:${port}/checkpoints?sslmode=require&connect_timeout=2`,
          "--expect-unreachable", "--json"], {}, { spawn: true });
        expect(run.status).toBe(10);
        expect(run.stderr).toContain(`127.0.0.1:${port} was expected to be unreachable, but TCP connection accepted; ` +
          "no PostgreSQL answer within 2 s");
        expect(JSON.parse(run.stdout)).toMatchObject({ outcome: "failed", errorClass: "expectation" });
      } finally {
        sockets.forEach((s) => s.destroy());
        await new Promise((resolve) => silent.close(resolve));
      }
    });
  });

  test.concurrent("10: a listener that accepts TCP and hangs up at once is not unreachable either", async () => {
    const home = newHome();
    const closing = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => closing.listen(0, "127.0.0.1", resolve));
    const port = (closing.address() as net.AddressInfo).port;
    try {
      const run = await probe(home, [`postgresql://checkpoint_user@127.0.0.1:${port}/checkpoints?sslmode=require`,
        "--expect-unreachable"]);
      expect(run.status).toBe(10);
      expect(run.stderr).toContain("but TCP connection accepted, then closed with no PostgreSQL answer");
    } finally {
      await new Promise((resolve) => closing.close(resolve));
    }
  });

  // A network namespace of the test's own, with its loopback down: connecting to 127.0.0.1 there fails
  // with ENETUNREACH at once, and no packet leaves the namespace.
  const asRoot = process.getuid?.() === 0 && spawnSync("ip", ["netns", "list"]).status === 0;
  if (!asRoot) console.warn("probe exit 5 (network unreachable) test skipped: it needs root and iproute2 for a namespace of its own");
  (asRoot ? test.concurrent : test.skip)("5: no route to the host is \"network unreachable\" with its own hint; the negative witness accepts it",
    async () => {
      const home = newHome();
      const namespace = `ckpt-probe-unreach-${process.pid}`;
      record.namespace(namespace);
      execFileSync("ip", ["netns", "add", namespace]);
      try {
        const run = async (extra: string[]) => {
          const ran = await runProcess("ip", ["netns", "exec", namespace, process.execPath, server.probeBundle,
            `postgresql://checkpoint_user@127.0.0.1:${server.port}/checkpoints?sslmode=require`, ...extra],
          { env: { PATH: process.env.PATH ?? "", HOME: home, PGPASSWORD: server.password } });
          outputs.push({ run: { ...ran, output: ran.stdout + ran.stderr }, passwords: [server.password] });
          return ran;
        };
        const unreachable = await run([]);
        expect(unreachable.status).toBe(5);
        expect(unreachable.stderr).toContain(`checkpoints-probe: network unreachable (127.0.0.1:${server.port}): connect ` +
          "ENETUNREACH");
        expect(unreachable.stderr).toContain("Hint: this host has no route to that address");
        expect(unreachable.stderr).not.toContain("nothing listens");
        const negative = await run(["--expect-unreachable", "--json"]);
        expect(negative.status).toBe(0);
        expect(JSON.parse(negative.stdout)).toMatchObject({ outcome: "unreachable", errorClass: "timeout" });
      } finally {
        await runProcess("ip", ["netns", "del", namespace]);
      }
    });

  describe("the live connection limit (issue 17)", () => {
    test.concurrent("the evidence records SHOW max_connections and the client sessions open", async () => {
      const home = newHome();
      const run = await probe(home, [serverUrl(server, { params: `sslmode=verify-full&sslrootcert=${server.caFile}` }), "--json"]);
      expect(run.status).toBe(0);
      const { server: observed } = JSON.parse(run.stdout);
      expect(observed.maxConnections).toBe(100); // PostgreSQL 15's default; the embedded server keeps it
      expect(observed.clientConnections).toBeGreaterThanOrEqual(1);
      expect(observed.clientConnections).toBeLessThanOrEqual(observed.maxConnections);
      const human = await probe(home, [serverUrl(server, { params: `sslmode=verify-full&sslrootcert=${server.caFile}` })]);
      expect(human.stdout).toMatch(/limit: {4}max_connections 100, \d+ client sessions open/);
    });
  });

  // Not concurrent, and after every concurrent case: it counts the plain server's connections, and no
  // other case may open one meanwhile.
  test("sslmode=prefer against a server without TLS: one TCP connection, continued in plain text", async () => {
    const home = newHome();
    const markers = [await allConnectionsLogged()];
    const before = connectionPorts().length;
    const run = await probe(home, [plainUrl(), "--json"]);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).tls.used).toBe(false);
    markers.push(await allConnectionsLogged());
    expect(connectionPorts().slice(before).filter((port) => !markers.includes(port))).toHaveLength(1);
  });

  // Last: every other case's output is in.
  test("no output ever holds a password of 8 or more characters", () => {
    expect(outputs.length).toBeGreaterThan(20);
    for (const { run, passwords } of outputs) {
      for (const password of passwords.filter((p) => p.length >= 8)) expect(run.output).not.toContain(password);
    }
  });
});
