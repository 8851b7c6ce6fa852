import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalPostgres, PlainLocalPostgres, RunRecorder, startLocalPostgres } from "../../../rehearsal/local-postgres";
import { ClientCertificates, makeClientCertificates } from "./client-certificates";
import { FakeBehaviour, FakePostgres, startFakePostgres } from "./fake-postgres";
import { serverTempDir } from "../server-temp-dir";

/** Passwords of the roles the matrix logs in as; each reaches the client only through PGPASSWORD. */
export const ROLE_PASSWORDS = {
  checkpoint_user: "matrix-Password-1",
  limited: "limited-pw-1",
  certuser: "cert-pw-1",
  rejected: "rejected-pw-1",
  scram_high: "scram-high-pw-1",
  // U+FB01 (ligature fi) is changed by NFKC; U+0221 was unassigned in Unicode 3.2 (RFC 3454 table A.1), so
  // pg_saslprep fails and libpq and the server both use the password's raw bytes.
  unassigned: "p\uFB01\u0221w",
  // Only assigned code points: SASLprep succeeds, and the ligature is normalised to "fi" on both sides.
  ligature: "p\uFB01w",
  super_user: "super-pw-1",
} as const;

/** A SCRAM-SHA-256 verifier with a chosen iteration count (RFC 5802; the format of pg_authid.rolpassword). */
export function scramVerifier(password: string, iterations: number): string {
  const salt = crypto.randomBytes(16);
  const salted = crypto.pbkdf2Sync(password, salt, iterations, 32, "sha256");
  const hmac = (key: Buffer, text: string) => crypto.createHmac("sha256", key).update(text).digest();
  const storedKey = crypto.createHash("sha256").update(hmac(salted, "Client Key")).digest();
  const serverKey = hmac(salted, "Server Key");
  return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}

const sql = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * Roles and databases that refuse a log-in in each of the ways an operator meets: the roles' SQL, and the
 * databases'. checkpoint_user's password is startLocalPostgres's `password`.
 */
function refusalSetup(): { roles: string; databases: string } {
  const p = ROLE_PASSWORDS;
  return {
    roles: [
      `CREATE ROLE limited LOGIN CONNECTION LIMIT 0 PASSWORD ${sql(p.limited)};`,
      `CREATE ROLE rejected LOGIN PASSWORD ${sql(p.rejected)};`,
      `CREATE ROLE certuser LOGIN PASSWORD ${sql(p.certuser)};`,
      `CREATE ROLE nologin_user NOLOGIN PASSWORD ${sql(p.limited)};`,
      `CREATE ROLE scram_high LOGIN PASSWORD ${sql(scramVerifier(p.scram_high, 120000))};`,
      `CREATE ROLE unassigned LOGIN PASSWORD ${sql(p.unassigned)};`,
      `CREATE ROLE ligature LOGIN PASSWORD ${sql(p.ligature)};`,
      `CREATE ROLE super_user SUPERUSER LOGIN PASSWORD ${sql(p.super_user)};`,
      "",
    ].join("\n"),
    databases: [
      "CREATE DATABASE full_db CONNECTION LIMIT 0;",
      "CREATE DATABASE closed_db ALLOW_CONNECTIONS false;",
      "CREATE DATABASE private_db;",
      "REVOKE CONNECT ON DATABASE private_db FROM PUBLIC;",
      "",
    ].join("\n"),
  };
}

export interface MatrixServers {
  /** TLS on, like RDS; client certificates trusted (the run's CA); certuser must present one. */
  readonly tls: LocalPostgres;
  /** No TLS at all; a pg_hba reject line for the role rejected. */
  readonly plain: PlainLocalPostgres;
  /** A standby (standby.signal, no primary): read-only sessions. */
  readonly standby: PlainLocalPostgres;
  /** max_connections 2, one slot reserved for superusers: the tests that fill it run one at a time. */
  readonly crowded: PlainLocalPostgres;
  readonly fakes: Record<FakeBehaviour, FakePostgres>;
  readonly clientCerts: ClientCertificates;
  readonly dir: string;
  stop(): Promise<void>;
}

/** Starts the matrix's servers at once (the CPU they cost is mostly initdb's copy and the start). */
export async function startMatrixServers(templateDir: string, run: RunRecorder): Promise<MatrixServers> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "probe-matrix-"));
  // Every server recorded in the suite's run (issue 24): an interrupted run stops them, or the next run reaps them.
  const setup = refusalSetup();
  const common = { templateDir, tempDir: serverTempDir(run), setupSql: setup.roles + setup.databases,
    password: ROLE_PASSWORDS.checkpoint_user, run };
  const hba = (kind: "hostssl" | "host") => [
    `${kind} all rejected all reject`,
    ...(kind === "hostssl" ? ["hostssl all certuser all scram-sha-256 clientcert=verify-full"] : []),
    `${kind} all all all scram-sha-256`,
  ];
  const started = await Promise.allSettled([
    startLocalPostgres({ ...common, listenAddresses: ["127.0.0.1", "::1"], clientCertificates: true,
      certificateNames: { dnsNames: ["localhost"], ipAddresses: ["127.0.0.1", "::1"] }, hbaLines: hba("hostssl") }),
    startLocalPostgres({ ...common, ssl: false, hbaLines: hba("host") }),
    startLocalPostgres({ ...common, ssl: false, hbaLines: hba("host"), standby: true }),
    // Its cases log in to checkpoints only: the refusal databases (a copy of template1 each) are left out.
    startLocalPostgres({ ...common, setupSql: setup.roles, ssl: false, hbaLines: hba("host"),
      serverSettings: { max_connections: "2", superuser_reserved_connections: "1" } }),
    ...(["gssapi", "starting-up", "shutting-down", "http", "silent"] as const).map((b) => startFakePostgres(b)),
  ]);
  const failed = started.find((s) => s.status === "rejected") as PromiseRejectedResult | undefined;
  const values = started.map((s) => (s.status === "fulfilled" ? s.value : undefined));
  const [tls, plain, standby, crowded, gssapi, startingUp, shuttingDown, http, silent] = values as [LocalPostgres,
    PlainLocalPostgres, PlainLocalPostgres, PlainLocalPostgres, FakePostgres, FakePostgres, FakePostgres, FakePostgres, FakePostgres];
  const stop = async () => {
    await Promise.all(values.map((v) => (v && "stop" in v ? v.stop() : v?.close())));
    fs.rmSync(dir, { recursive: true, force: true });
  };
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const clientCerts = makeClientCertificates(path.join(dir, "client"), path.dirname(tls.certificates.caFile));
  return { tls, plain, standby, crowded, clientCerts, dir, stop,
    fakes: { gssapi, "starting-up": startingUp, "shutting-down": shuttingDown, http, silent } };
}
