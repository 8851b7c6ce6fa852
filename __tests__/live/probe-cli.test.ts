import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { AvailableServer, liveServer, ProbeRun, runBundledProbe, serverUrl, startBundledProbe } from "./live-server";
import { refusingPort } from "../support/refusing-port";
import { runProcess } from "../support/run-process";

const info = liveServer();
const describeLive = info.available ? describe : describe.skip;
const server = info as AvailableServer;

/** Every run's output, checked at the end for the password. */
const outputs: ProbeRun[] = [];
async function probe(args: string[], env: Record<string, string> = {}): Promise<ProbeRun> {
  const run = await runBundledProbe(server, args, env);
  outputs.push(run);
  return run;
}

/** Listens on exactly this port, failing clearly (not hanging) if something took it. */
function listenOn(server: net.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", (error) => reject(new Error(`cannot listen on 127.0.0.1:${port}: ${error.message}`)));
    server.listen(port, "127.0.0.1", resolve);
  });
}

/** A local TCP server that accepts connections and never says a word. */
async function silentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const listener = net.createServer((socket) => { sockets.add(socket); });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  return {
    port: (listener.address() as net.AddressInfo).port,
    close: () => new Promise<void>((resolve) => { sockets.forEach((s) => s.destroy()); listener.close(() => resolve()); }),
  };
}

// Each case is one or more probe runs of its own against the run's server, so they run at once
// (test.concurrent): most of their time is the probe's start-up and connect, and the timeouts they wait out.
describeLive("the bundled probe against a real PostgreSQL 15.4 set up like RDS", () => {
  const verifyFull = () => serverUrl(server, { params: `sslmode=verify-full&sslrootcert=${server.caFile}` });

  test.concurrent("observes the witness with verify-full TLS and prints the server version first", async () => {
    const run = await probe([verifyFull()]);
    expect(run.status).toBe(0);
    expect(run.stdout.split("\n")[0]).toMatch(/^PostgreSQL 15\.4 on /);
    expect(run.stdout).toContain(`witness observed: checkpoint_user@localhost:${server.port}/checkpoints, SELECT 1 = 1`);
    expect(run.stdout).toContain("certificate and host name verified (sslmode=verify-full)");
    expect(run.stderr).toBe("");
  });

  // Every other case runs the bundle, as an operator would; this one the package script a developer runs.
  test.concurrent("npm run -s probe (the sources, through tools/run-ts.cjs) observes the same witness", async () => {
    const run = await runProcess("npm", ["run", "-s", "probe", "--", verifyFull(), "--json"],
      { cwd: path.resolve(__dirname, "..", ".."), env: { ...process.env, PGPASSWORD: server.password } });
    outputs.push({ ...run, output: run.stdout + run.stderr });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    expect(JSON.parse(run.stdout)).toMatchObject({ outcome: "observed", exitCode: 0,
      target: { host: "localhost", port: server.port, database: "checkpoints", user: "checkpoint_user", sslMode: "verify-full" },
      tls: { used: true, certificateVerified: true, hostnameVerified: true } });
  });

  test.concurrent("--json prints one evidence record with what the document asks for", async () => {
    const run = await probe([verifyFull(), "--json"]);
    expect(run.status).toBe(0);
    const evidence = JSON.parse(run.stdout);
    expect(evidence).toMatchObject({
      schema: "checkpoints-probe/evidence@1", outcome: "observed", exitCode: 0,
      target: { host: "localhost", port: server.port, database: "checkpoints", user: "checkpoint_user", sslMode: "verify-full" },
      server: { versionNumber: 150004, selectOne: true, database: "checkpoints", user: "checkpoint_user",
        serverAddress: "127.0.0.1", serverPort: server.port },
      tls: { used: true, certificateVerified: true, hostnameVerified: true },
      attempts: 1,
      probeHost: { connectionSourceAddress: "127.0.0.1" },
    });
    expect(evidence.server.version).toMatch(/^PostgreSQL 15\.4/);
    expect(evidence.tls.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(new Date(evidence.time).getTime()).toBeGreaterThan(Date.now() - 60000);
    expect(evidence.latencyMs.connect).toBeGreaterThanOrEqual(0);
    expect(evidence.latencyMs.query).toBeGreaterThanOrEqual(0);
    expect(evidence.probeHost.hostname).toEqual(expect.any(String));
    expect(evidence.probeHost.addresses.length).toBeGreaterThan(0);
  });

  test.concurrent("verify-ca checks the chain but not the name: 127.0.0.2 is not in the certificate", async () => {
    const url = serverUrl(server, { host: "127.0.0.2", params: `sslmode=verify-ca&sslrootcert=${server.caFile}` });
    const run = await probe([url, "--json"]);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).tls).toMatchObject({ used: true, certificateVerified: true, hostnameVerified: false });
  });

  test.concurrent.each(["prefer", "require", "allow"])("sslmode=%s encrypts without verifying, with no pg SECURITY WARNING", async (mode) => {
    const run = await probe([serverUrl(server, { params: `sslmode=${mode}` }), "--json"]);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).tls).toMatchObject({ used: true, certificateVerified: false });
    expect(run.stderr).not.toContain("SECURITY WARNING");
  });

  test.concurrent("libpq settings come from PG* variables when no URL is given", async () => {
    const run = await probe(["--json"], {
      PGHOST: "localhost", PGPORT: String(server.port), PGDATABASE: "checkpoints", PGUSER: "checkpoint_user",
      PGSSLMODE: "verify-full", PGSSLROOTCERT: server.caFile,
    });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).tls.hostnameVerified).toBe(true);
  });

  describe("each failure has its exit code and one line naming the class and what to check", () => {
    test.concurrent("4: connection refused on a closed port", async () => {
      const port = await refusingPort();
      const run = await probe([serverUrl(server, { port, params: "sslmode=require" })]);
      expect(run.status).toBe(4);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toMatch(new RegExp(`^checkpoints-probe: connection refused \\(localhost:${port}\\): .*ECONNREFUSED.*` +
        `Hint: nothing listens on that host and port: check the port \\(${port}\\)`));
    });

    test.concurrent("7: wrong password", async () => {
      const run = await probe([verifyFull()], { PGPASSWORD: "not-the-password" });
      expect(run.status).toBe(7);
      expect(run.stderr).toContain('authentication failed (localhost:');
      expect(run.stderr).toContain('password authentication failed for user "checkpoint_user" (28P01)');
      expect(run.stderr).toContain("Hint: check the user name and the password");
    });

    test.concurrent("8: missing database", async () => {
      const run = await probe([serverUrl(server, { database: "nope", params: `sslmode=verify-full&sslrootcert=${server.caFile}` })]);
      expect(run.status).toBe(8);
      expect(run.stderr).toContain('database does not exist (localhost:');
      expect(run.stderr).toContain('database "nope" does not exist (3D000)');
    });

    test.concurrent("9: the session opens but the witness query fails", async () => {
      const url = serverUrl(server, { database: "checkpoints_locked", params: `sslmode=verify-full&sslrootcert=${server.caFile}` });
      const run = await probe([url, "--json"]);
      expect(run.status).toBe(9);
      expect(run.stderr).toContain("query failed (localhost:");
      expect(run.stderr).toContain("permission denied for function version (42501)");
      expect(JSON.parse(run.stdout)).toMatchObject({ outcome: "failed", errorClass: "query", exitCode: 9 });
    });

    test.concurrent("6: the server requires TLS and the client did not offer it (rds.force_ssl=1)", async () => {
      const run = await probe([serverUrl(server, { params: "sslmode=disable" })]);
      expect(run.status).toBe(6);
      expect(run.stderr).toContain("no pg_hba.conf entry");
      expect(run.stderr).toContain("no encryption");
    });

    test.concurrent("6: a certificate from a CA the client does not trust", async () => {
      const run = await probe([serverUrl(server, { params: "sslmode=verify-full" }), "--ca", server.otherCaFile]);
      expect(run.status).toBe(6);
      expect(run.stderr).toContain("TLS failure (");
      expect(run.stderr).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|self.signed|unable to verify/i);
    });

    test.concurrent("6: a host name the certificate does not name", async () => {
      const url = serverUrl(server, { host: "127.0.0.2", params: `sslmode=verify-full&sslrootcert=${server.caFile}` });
      const run = await probe([url]);
      expect(run.status).toBe(6);
      expect(run.stderr).toContain("ERR_TLS_CERT_ALTNAME_INVALID");
    });

    test.concurrent("5: a socket that accepts and never answers is given up on at the connect timeout", async () => {
      const silent = await silentServer();
      try {
        const run = await probe(["--json", serverUrl(server, { port: silent.port, params: "sslmode=require&connect_timeout=1" })]);
        expect(run.status).toBe(5);
        expect(run.stderr).toContain("timed out (localhost:");
        expect(run.stderr).toContain("Hint: no answer in time: check the security group's ingress from this host's subnet");
        // What it waited, by its own clock rather than a wall-clock limit in the test: libpq's minimum of
        // 2 s for connect_timeout=1, and the whole of it before giving up.
        const evidence = JSON.parse(run.stdout);
        expect(evidence.target.connectTimeoutSeconds).toBe(2);
        expect(evidence.errorClass).toBe("timeout");
        expect(evidence.latencyMs.connect).toBeGreaterThanOrEqual(2000);
      } finally {
        await silent.close();
      }
    });

    test.concurrent("2: usage errors never reach the network", async () => {
      const run = await probe([serverUrl(server, { params: "sslmode=sometimes" })]);
      expect(run.status).toBe(2);
      expect(run.stderr).toBe('checkpoints-probe: invalid sslmode value: "sometimes" (one of disable, allow, prefer, require, ' +
        "verify-ca, verify-full)\nRun checkpoints-probe --help for the options. [exit 2]\n");
    });
  });

  describe("expectations", () => {
    test.concurrent("met: version 15, database checkpoints, TLS", async () => {
      const run = await probe([verifyFull(), "--expect-version", "15", "--expect-database", "checkpoints",
        "--require-tls", "--json"]);
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout).expectations).toEqual([
        { name: "version", expected: "15", actual: "15.4", met: true },
        { name: "database", expected: "checkpoints", actual: "checkpoints", met: true },
        { name: "tls", expected: "encrypted session", actual: expect.stringMatching(/^encrypted \(TLSv1\.\d\)$/), met: true },
      ]);
    });

    test.concurrent("10: a version that is not the server's", async () => {
      const run = await probe([verifyFull(), "--expect-version", "16"]);
      expect(run.status).toBe(10);
      expect(run.stderr).toContain("expectation not met: version expected 16, got 15.4");
      expect(run.stdout).toContain("expect:   version 16: NOT met (got 15.4)");
    });

    test.concurrent("10: a database that is not the one connected to", async () => {
      const run = await probe([verifyFull(), "--expect-database", "checkpoints_v2", "--json"]);
      expect(run.status).toBe(10);
      expect(JSON.parse(run.stdout)).toMatchObject({ outcome: "failed", exitCode: 10, errorClass: "expectation" });
    });
  });

  describe("--expect-unreachable, the negative witness", () => {
    test.concurrent("succeeds when the TCP connection is refused", async () => {
      const port = await refusingPort();
      const run = await probe([serverUrl(server, { port, params: "sslmode=require" }), "--expect-unreachable", "--json"]);
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ outcome: "unreachable", exitCode: 0, errorClass: "refused" });
    });

    test.concurrent("fails with 10 when the server answers", async () => {
      const run = await probe([verifyFull(), "--expect-unreachable"]);
      expect(run.status).toBe(10);
      expect(run.stderr).toContain(`localhost:${server.port} was expected to be unreachable, but a PostgreSQL session was opened`);
    });

    test.concurrent("fails with 10 when the server answers, even with an error", async () => {
      const run = await probe([verifyFull(), "--expect-unreachable"], { PGPASSWORD: "wrong" });
      expect(run.status).toBe(10);
      expect(run.stderr).toContain("but the server answered: password authentication failed");
    });
  });

  describe("--wait", () => {
    // Bounded and explained: the probe stops retrying after --wait 20 s, and its last attempt takes at most
    // connect_timeout 3 s plus --query-timeout 5 s; 90 s leaves room for node start-up on a loaded machine.
    test.concurrent("retries with backoff until a server that comes up after the probe started answers", async () => {
      const port = await refusingPort();
      const started = startBundledProbe(server, [serverUrl(server, { port,
        params: `sslmode=verify-full&sslrootcert=${server.caFile}&connect_timeout=3` }), "--wait", "20", "--query-timeout", "5", "--json"]);
      const pending = started.done.then((run) => { outputs.push(run); return run; });
      // The "instance" becomes available once the probe has been refused at least once: a TCP relay to the
      // real server on the probe's port.
      await started.stderrMatches(/attempt 1: connection refused/);
      const sockets = new Set<net.Socket>();
      const relay = net.createServer((inbound) => {
        const outbound = net.connect(server.port, "127.0.0.1");
        sockets.add(inbound).add(outbound);
        inbound.pipe(outbound).pipe(inbound);
        inbound.on("error", () => outbound.destroy());
        outbound.on("error", () => inbound.destroy());
      });
      await listenOn(relay, port);
      try {
        const run = await pending;
        expect(run.status).toBe(0);
        const evidence = JSON.parse(run.stdout);
        expect(evidence.attempts).toBeGreaterThan(1);
        expect(run.stderr).toMatch(/attempt 1: connection refused: .*ECONNREFUSED.*; next attempt in \d+\.\d s \(\d+\.\d s left\)/);
        expect(run.stderr).toMatch(new RegExp(`attempt ${evidence.attempts}: witness observed\\n`));
      } finally {
        // close() waits for open connections: end them, so the test never waits on a socket.
        sockets.forEach((socket) => socket.destroy());
        await new Promise((resolve) => relay.close(resolve));
      }
    }, 90000);

    // One probe waiting on a closed port serves the two cases below (one run of the bundle, not two).
    let closedPortRun: Promise<ProbeRun> | undefined;
    const waitOnClosedPort = () => (closedPortRun ??= refusingPort()
      .then((port) => probe([serverUrl(server, { port, params: "sslmode=require" }), "--wait", "4"])));

    test.concurrent("gives up at the deadline with the last failure's exit code", async () => {
      const run = await waitOnClosedPort();
      expect(run.status).toBe(4);
      expect(run.stderr).toMatch(/attempt 2: connection refused/);
    });

    test.concurrent("each attempt line shows a different time left: a countdown to a tenth (issue 24)", async () => {
      const run = await waitOnClosedPort();
      const left = [...run.stderr.matchAll(/\((\d+(?:\.\d)?) s left\)/g)].map((m) => Number(m[1]));
      expect(left.length).toBeGreaterThan(1);
      for (let i = 1; i < left.length; i++) expect(left[i]).toBeLessThan(left[i - 1]);
    });
  });

  test.concurrent("--secret-id in the bundle loads the AWS SDK on demand and, with no credentials, fails fast offline " +
    "with the secret's own class (13) and, with --json, a verdict record on stdout (issue 24)", async () => {
    // env: no AWS_* credentials, an empty HOME (no ~/.aws), and no instance-metadata lookup.
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "probe-no-aws-"));
    const run = await probe(["--secret-id", "checkpoints-db/master", "--region", "us-east-1", "--json"],
      { HOME: home, AWS_EC2_METADATA_DISABLED: "true" });
    fs.rmSync(home, { recursive: true, force: true });
    expect(run.status).toBe(13);
    expect(JSON.parse(run.stdout)).toMatchObject({ schema: "checkpoints-probe/evidence@1", outcome: "failed", exitCode: 13,
      errorClass: "secret", error: expect.stringContaining("CredentialsProviderError") });
    expect(run.stderr).toContain('cannot read secret "checkpoints-db/master" from Secrets Manager: CredentialsProviderError');
    expect(run.stderr).toContain("no AWS credentials: run on a host with an instance role, or set AWS_PROFILE");
  });

  // Last and not concurrent: every other case has finished when it reads their outputs.
  test("the password never appears in any output, even when it was given in the URL", async () => {
    const inUrl = await probe([
      `postgresql://checkpoint_user:${encodeURIComponent(server.password)}@localhost:${server.port}/nope?sslmode=require`, "--json"]);
    expect(inUrl.status).toBe(8);
    expect(outputs.length).toBeGreaterThan(10);
    for (const run of outputs) {
      expect(run.output).not.toContain(server.password);
      expect(run.output).not.toContain(encodeURIComponent(server.password));
    }
  });
});
