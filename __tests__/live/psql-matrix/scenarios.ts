import { ExitClassName } from "../../../probe/exit-codes";
import { ClientRun, Expectation, Scenario } from "./compare";
import { MatrixServers, ROLE_PASSWORDS } from "./matrix-servers";

/** What a scenario is built from: the servers, and files the matrix wrote (passfiles). */
export interface MatrixContext {
  readonly servers: MatrixServers;
  /** A port nothing listens on. */
  readonly closedPort: number;
  /** A passfile (0600) with checkpoint_user's password for the plain server, and one with a wrong password. */
  readonly passfile: string;
  readonly wrongPassfile: string;
}

export interface ScenarioTemplate {
  readonly name: string;
  readonly make: (context: MatrixContext) => Omit<Scenario, "name">;
  /**
   * Why this scenario runs the bundled probe as its own process (dist/checkpoints-probe.cjs) rather than main()
   * in the test's process: what only a process shows (its own environment, Node's warnings on its stderr, an
   * event loop that empties, the bundle's copy of pg). Every other scenario runs main() in-process (issue 26).
   */
  readonly spawn?: string;
}

const P = ROLE_PASSWORDS;
const ok: Expectation = { ok: true };
const fails = (className: ExitClassName, words: string): Expectation => ({ ok: false, className, words });

type ServerName = "tls" | "plain" | "standby";
interface UrlParts { user?: string; host?: string; port?: number; database?: string; params?: string }

function url(context: MatrixContext, server: ServerName | number, parts: UrlParts = {}): string {
  const port = parts.port ?? (typeof server === "number" ? server : context.servers[server].port);
  const host = parts.host ?? "localhost";
  return `postgresql://${parts.user ?? "checkpoint_user"}@${host}:${port}/${parts.database ?? "checkpoints"}` +
    `${parts.params ? `?${parts.params}` : ""}`;
}

const ca = (c: MatrixContext) => c.servers.tls.certificates.caFile;
const otherCa = (c: MatrixContext) => c.servers.tls.certificates.otherCaFile;
const certs = (c: MatrixContext) => c.servers.clientCerts;

/** A scenario: its name, its URL from the context, the password, and psql's outcome. */
function scenario(name: string, build: (c: MatrixContext) => string, expect: Expectation,
  extra: { password?: string | null; env?: (c: MatrixContext) => Record<string, string>;
    probeCheck?: (run: ClientRun, c: MatrixContext) => void; spawn?: string } = {}): ScenarioTemplate {
  return {
    name,
    spawn: extra.spawn,
    make: (c) => ({ url: build(c), password: extra.password === undefined ? P.checkpoint_user : extra.password,
      env: extra.env?.(c), expect, probeCheck: extra.probeCheck && ((run) => extra.probeCheck?.(run, c)) }),
  };
}

/** The summary line names the host and port that served the session. */
const servedBy = (server: ServerName, host = "localhost") => (run: ClientRun, c: MatrixContext) => {
  const where = host.includes(":") ? `[${host}]:${c.servers[server].port}` : `${host}:${c.servers[server].port}`;
  if (!run.stdout.includes(`@${where}/`)) throw new Error(`the summary does not name ${where}:\n${run.stdout}`);
};

const sslModes: ScenarioTemplate[] = [
  scenario("TLS server, sslmode=disable: no pg_hba line without encryption", (c) => url(c, "tls", { params: "sslmode=disable" }),
    fails("tls", "no pg_hba.conf entry")),
  scenario("TLS server, sslmode=allow", (c) => url(c, "tls", { params: "sslmode=allow" }), ok),
  scenario("TLS server, sslmode=prefer", (c) => url(c, "tls", { params: "sslmode=prefer" }), ok),
  scenario("TLS server, sslmode=require", (c) => url(c, "tls", { params: "sslmode=require" }), ok),
  scenario("TLS server, verify-ca with its CA", (c) => url(c, "tls", { params: `sslmode=verify-ca&sslrootcert=${ca(c)}` }), ok),
  scenario("TLS server, verify-full with its CA", (c) => url(c, "tls", { params: `sslmode=verify-full&sslrootcert=${ca(c)}` }), ok,
    { spawn: "the bundle's whole session beside psql: TLS, SCRAM-SHA-256-PLUS through the bundle's pg, the summary" }),
  scenario("TLS server, verify-full by IP address (an IP in the certificate)", (c) => url(c, "tls",
    { host: "127.0.0.1", params: `sslmode=verify-full&sslrootcert=${ca(c)}` }), ok),
  scenario("TLS server, verify-full over IPv6 [::1]; the summary keeps the brackets", (c) => url(c, "tls",
    { host: "[::1]", params: `sslmode=verify-full&sslrootcert=${ca(c)}` }), ok, { probeCheck: servedBy("tls", "::1") }),
  scenario("TLS server, require over IPv6 [::1]", (c) => url(c, "tls", { host: "[::1]", params: "sslmode=require" }), ok),
  scenario("TLS server, verify-full with hostaddr: the name is checked, the address dialled", (c) => url(c, "tls",
    { params: `hostaddr=127.0.0.1&sslmode=verify-full&sslrootcert=${ca(c)}` }), ok),
  scenario("TLS server, verify-full with a trailing dot in the host name", (c) => url(c, "tls",
    { host: "localhost.", params: `hostaddr=127.0.0.1&sslmode=verify-full&sslrootcert=${ca(c)}` }),
    fails("tls", 'does not match host name "localhost."')),
  scenario("TLS server, verify-full with a name not in the certificate", (c) => url(c, "tls",
    { host: "db.example.com", params: `hostaddr=127.0.0.1&sslmode=verify-full&sslrootcert=${ca(c)}` }),
    fails("tls", 'does not match host name "db.example.com"')),
  scenario("TLS server, verify-ca ignores the name", (c) => url(c, "tls",
    { host: "db.example.com", params: `hostaddr=127.0.0.1&sslmode=verify-ca&sslrootcert=${ca(c)}` }), ok),
  scenario("TLS server, verify-full with an unrelated CA", (c) => url(c, "tls",
    { params: `sslmode=verify-full&sslrootcert=${otherCa(c)}` }), fails("tls", "certificate verify failed")),
  scenario("TLS server, verify-ca with an unrelated CA", (c) => url(c, "tls",
    { params: `sslmode=verify-ca&sslrootcert=${otherCa(c)}` }), fails("tls", "certificate verify failed")),
  scenario("TLS server, require with an unrelated root certificate verifies the chain (libpq)", (c) => url(c, "tls",
    { params: `sslmode=require&sslrootcert=${otherCa(c)}` }), fails("tls", "certificate verify failed")),
  scenario("TLS server, prefer with an unrelated root certificate: the TLS failure, then plain text is refused",
    (c) => url(c, "tls", { params: `sslmode=prefer&sslrootcert=${otherCa(c)}` }), fails("tls", "certificate verify failed")),
  scenario("TLS server, verify-full with a root certificate file that does not exist", (c) => url(c, "tls",
    { params: "sslmode=verify-full&sslrootcert=/nonexistent/root.crt" }), fails("usage", 'root certificate file "/nonexistent/root.crt" does not exist')),
  scenario("TLS server, require with a root certificate file that does not exist: no verification", (c) => url(c, "tls",
    { params: "sslmode=require&sslrootcert=/nonexistent/root.crt" }), ok),
  scenario("TLS server, sslrootcert a text file", (c) => url(c, "tls",
    { params: `sslmode=verify-full&sslrootcert=${certs(c).notPem}` }), fails("tls", "no certificate or crl found")),
  scenario("TLS server, sslrootcert in DER", (c) => url(c, "tls",
    { params: `sslmode=verify-full&sslrootcert=${certs(c).derCa}` }), fails("tls", "no certificate or crl found")),
  scenario("TLS server, sslcrl a text file: ignored", (c) => url(c, "tls",
    { params: `sslmode=verify-full&sslrootcert=${ca(c)}&sslcrl=${certs(c).notPem}` }), ok),
  scenario("TLS server, sslcrl a certificate: CRL checks with no CRL", (c) => url(c, "tls",
    { params: `sslmode=verify-full&sslrootcert=${ca(c)}&sslcrl=${ca(c)}` }), fails("tls", "certificate verify failed")),
  scenario("TLS server, sslcrl an empty CRL of its CA", (c) => url(c, "tls",
    { params: `sslmode=verify-full&sslrootcert=${ca(c)}&sslcrl=${certs(c).emptyCrl}` }), ok),
  scenario("TLS server, sslcrl that does not exist: ignored", (c) => url(c, "tls",
    { params: `sslmode=verify-full&sslrootcert=${ca(c)}&sslcrl=/nonexistent/crl.pem` }), ok),
  scenario("TLS server, require with sslcrl a certificate but no root certificate: no CRL checks", (c) => url(c, "tls",
    { params: `sslmode=require&sslcrl=${ca(c)}` }), ok),
  scenario("plain server, sslmode=disable", (c) => url(c, "plain", { params: "sslmode=disable" }), ok),
  scenario("plain server, sslmode=allow", (c) => url(c, "plain", { params: "sslmode=allow" }), ok),
  scenario("plain server, sslmode=prefer", (c) => url(c, "plain", { params: "sslmode=prefer" }), ok),
  scenario("plain server, sslmode=require", (c) => url(c, "plain", { params: "sslmode=require" }),
    fails("tls", "server does not support SSL, but SSL was required")),
  scenario("plain server, verify-ca", (c) => url(c, "plain", { params: `sslmode=verify-ca&sslrootcert=${ca(c)}` }),
    fails("tls", "server does not support SSL, but SSL was required")),
  scenario("plain server, verify-full", (c) => url(c, "plain", { params: `sslmode=verify-full&sslrootcert=${ca(c)}` }),
    fails("tls", "server does not support SSL, but SSL was required")),
  scenario("plain server, PGSSLMODE=require from the environment", (c) => url(c, "plain"),
    fails("tls", "server does not support SSL, but SSL was required"), { env: () => ({ PGSSLMODE: "require" }) }),
  scenario("standby, sslmode=prefer", (c) => url(c, "standby"), ok),
];

const clientCertificates: ScenarioTemplate[] = [
  scenario("client certificate required, none given", (c) => url(c, "tls",
    { user: "certuser", params: `sslmode=verify-full&sslrootcert=${ca(c)}` }),
    fails("auth", "connection requires a valid client certificate"), { password: P.certuser }),
  scenario("client certificate signed by the server's CA", (c) => url(c, "tls", { user: "certuser",
    params: `sslmode=verify-full&sslrootcert=${ca(c)}&sslcert=${certs(c).good.cert}&sslkey=${certs(c).good.key}` }), ok,
  { password: P.certuser }),
  scenario("client certificate from an unknown CA: the server's alert after the handshake", (c) => url(c, "tls", {
    user: "certuser", params: `sslmode=verify-full&sslrootcert=${ca(c)}&sslcert=${certs(c).otherCa.cert}&sslkey=${certs(c).otherCa.key}` }),
  fails("tls", "SSL error: tlsv1 alert unknown ca"), { password: P.certuser,
    spawn: "the alert comes after the handshake: a process whose loop empties before the verdict exited 0 (issue 22)" }),
  scenario("client certificate expired: the server's alert after the handshake", (c) => url(c, "tls", {
    user: "certuser", params: `sslmode=verify-full&sslrootcert=${ca(c)}&sslcert=${certs(c).expired.cert}&sslkey=${certs(c).expired.key}` }),
  fails("tls", "SSL error: sslv3 alert certificate expired"), { password: P.certuser }),
  scenario("client certificate from an unknown CA, sslmode=require", (c) => url(c, "tls", {
    user: "certuser", params: `sslmode=require&sslcert=${certs(c).otherCa.cert}&sslkey=${certs(c).otherCa.key}` }),
  fails("tls", "tlsv1 alert unknown ca"), { password: P.certuser }),
  scenario("a user without clientcert, presenting a good certificate", (c) => url(c, "tls", {
    params: `sslmode=verify-full&sslrootcert=${ca(c)}&sslcert=${certs(c).good.cert}&sslkey=${certs(c).good.key}` }), ok),
  scenario("a user without clientcert, presenting a certificate from an unknown CA", (c) => url(c, "tls", {
    params: `sslmode=verify-full&sslrootcert=${ca(c)}&sslcert=${certs(c).otherCa.cert}&sslkey=${certs(c).otherCa.key}` }),
  fails("tls", "tlsv1 alert unknown ca")),
  scenario("a user without clientcert, presenting an expired certificate", (c) => url(c, "tls", {
    params: `sslmode=require&sslcert=${certs(c).expired.cert}&sslkey=${certs(c).expired.key}` }),
  fails("tls", "certificate expired")),
  scenario("client certificate given through PGSSLCERT and PGSSLKEY", (c) => url(c, "tls",
    { user: "certuser", params: `sslmode=verify-full&sslrootcert=${ca(c)}` }), ok,
  { password: P.certuser, env: (c) => ({ PGSSLCERT: certs(c).good.cert, PGSSLKEY: certs(c).good.key }) }),
  scenario("client certificate whose key file does not exist", (c) => url(c, "tls", { user: "certuser",
    params: `sslmode=require&sslcert=${certs(c).good.cert}&sslkey=/nonexistent/client.key` }),
  fails("tls", 'certificate present, but not private key file "/nonexistent/client.key"'), { password: P.certuser }),
];

const authentication: ScenarioTemplate[] = [
  scenario("plain server, wrong password", (c) => url(c, "plain"), fails("auth", 'password authentication failed for user "checkpoint_user"'),
    { password: "wrong-password" }),
  scenario("TLS server, wrong password", (c) => url(c, "tls", { params: "sslmode=require" }),
    fails("auth", 'password authentication failed for user "checkpoint_user"'), { password: "wrong-password" }),
  scenario("standby, wrong password", (c) => url(c, "standby"), fails("auth", "password authentication failed"), { password: "nope" }),
  scenario("plain server, no password anywhere", (c) => url(c, "plain"), fails("auth", "no password supplied"), { password: null }),
  scenario("TLS server, no password anywhere", (c) => url(c, "tls", { params: "sslmode=require" }),
    fails("auth", "no password supplied"), { password: null }),
  scenario("plain server, a user that does not exist", (c) => url(c, "plain", { user: "nosuchuser" }),
    fails("auth", 'password authentication failed for user "nosuchuser"')),
  scenario("plain server, a role that may not log in", (c) => url(c, "plain", { user: "nologin_user" }),
    fails("auth", 'role "nologin_user" is not permitted to log in'), { password: P.limited }),
  scenario("plain server, pg_hba.conf reject: authentication, not TLS", (c) => url(c, "plain", { user: "rejected" }),
    fails("auth", "pg_hba.conf rejects connection"), { password: P.rejected }),
  scenario("plain server, pg_hba.conf reject with sslmode=disable", (c) => url(c, "plain", { user: "rejected", params: "sslmode=disable" }),
    fails("auth", "pg_hba.conf rejects connection"), { password: P.rejected }),
  scenario("TLS server, pg_hba.conf reject", (c) => url(c, "tls", { user: "rejected", params: "sslmode=require" }),
    fails("auth", "pg_hba.conf rejects connection"), { password: P.rejected }),
  scenario("standby, pg_hba.conf reject", (c) => url(c, "standby", { user: "rejected" }),
    fails("auth", "pg_hba.conf rejects connection"), { password: P.rejected }),
  scenario("SCRAM with 120000 iterations (above pg's default cap of 100000)", (c) => url(c, "plain", { user: "scram_high" }), ok,
    { password: P.scram_high }),
  scenario("SCRAM with 120000 iterations over TLS", (c) => url(c, "tls", { user: "scram_high", params: "sslmode=require" }), ok,
    { password: P.scram_high }),
  scenario("SASLprep: a password with a code point unassigned in Unicode 3.2 is hashed as its raw bytes",
    (c) => url(c, "plain", { user: "unassigned" }), ok,
    { password: P.unassigned, spawn: "libpq's password preparation patches pg's SCRAM modules: the bundle's copy of them" }),
  scenario("SASLprep: the same password typed pre-normalised does not match the raw bytes",
    (c) => url(c, "plain", { user: "unassigned" }), fails("auth", 'password authentication failed for user "unassigned"'),
    { password: "pfi\u0221w" }),
  scenario("SASLprep: a ligature is normalised by NFKC on both sides", (c) => url(c, "plain", { user: "ligature" }), ok,
    { password: P.ligature }),
  scenario("SASLprep: the ligature's normalised form is the same password", (c) => url(c, "plain", { user: "ligature" }), ok,
    { password: "pfiw" }),
  scenario("a password from the passfile (PGPASSFILE)", (c) => url(c, "plain"), ok,
    { password: null, env: (c) => ({ PGPASSFILE: c.passfile }) }),
  scenario("a wrong password from the passfile", (c) => url(c, "plain"), fails("auth", 'password authentication failed for user "checkpoint_user"'),
    { password: null, env: (c) => ({ PGPASSFILE: c.wrongPassfile }) }),
  scenario("a server that asks for GSSAPI", (c) => url(c, c.servers.fakes.gssapi.port, { host: "127.0.0.1" }), fails("auth", "GSSAPI")),
  scenario("a server that asks for GSSAPI, sslmode=disable", (c) => url(c, c.servers.fakes.gssapi.port,
    { host: "127.0.0.1", params: "sslmode=disable" }), fails("auth", "GSSAPI")),
];

const refusalsAtLogIn: ScenarioTemplate[] = (["plain", "tls", "standby"] as const).flatMap((server) => {
  const params = server === "tls" ? "sslmode=require" : "";
  return [
    scenario(`${server}: a role's CONNECTION LIMIT 0`, (c) => url(c, server, { user: "limited", params }),
      fails("loginRefused", 'too many connections for role "limited"'), { password: P.limited }),
    scenario(`${server}: a database's CONNECTION LIMIT 0`, (c) => url(c, server, { database: "full_db", params }),
      fails("loginRefused", 'too many connections for database "full_db"')),
    scenario(`${server}: a database with ALLOW_CONNECTIONS false`, (c) => url(c, server, { database: "closed_db", params }),
      fails("loginRefused", 'database "closed_db" is not currently accepting connections')),
    scenario(`${server}: no CONNECT privilege on the database`, (c) => url(c, server, { database: "private_db", params }),
      fails("loginRefused", 'permission denied for database "private_db"')),
    scenario(`${server}: options with an unknown parameter`, (c) => url(c, server,
      { params: `options=-c%20no_such_setting%3D1${params ? `&${params}` : ""}` }),
    fails("loginRefused", 'unrecognized configuration parameter "no_such_setting"')),
    scenario(`${server}: options with a bad value`, (c) => url(c, server,
      { params: `options=-c%20work_mem%3Dabc${params ? `&${params}` : ""}` }),
    fails("loginRefused", 'invalid value for parameter "work_mem": "abc"')),
    scenario(`${server}: a database that does not exist`, (c) => url(c, server, { database: "nope", params }),
      fails("noDatabase", 'database "nope" does not exist')),
  ];
}).concat([
  scenario("PGOPTIONS with an unknown parameter", (c) => url(c, "plain"),
    fails("loginRefused", 'unrecognized configuration parameter "no_such_setting"'), { env: () => ({ PGOPTIONS: "-c no_such_setting=1" }) }),
  scenario("options that are fine", (c) => url(c, "plain", { params: "options=-c%20statement_timeout%3D5000" }), ok),
  scenario("a server starting up (57P03)", (c) => url(c, c.servers.fakes["starting-up"].port, { host: "127.0.0.1" }),
    fails("loginRefused", "the database system is starting up")),
  scenario("a server shutting down (57P03)", (c) => url(c, c.servers.fakes["shutting-down"].port, { host: "127.0.0.1" }),
    fails("loginRefused", "the database system is shutting down")),
]);

const network: ScenarioTemplate[] = [
  scenario("an HTTP server on the port, sslmode=prefer", (c) => url(c, c.servers.fakes.http.port, { host: "127.0.0.1" }),
    fails("protocol", "received invalid response to SSL negotiation: H")),
  scenario("an HTTP server on the port, sslmode=require", (c) => url(c, c.servers.fakes.http.port,
    { host: "127.0.0.1", params: "sslmode=require" }), fails("protocol", "received invalid response to SSL negotiation: H")),
  scenario("an HTTP server on the port, sslmode=disable", (c) => url(c, c.servers.fakes.http.port,
    { host: "127.0.0.1", params: "sslmode=disable" }), fails("protocol", "expected authentication request from server, but received H")),
  scenario("a closed port", (c) => url(c, c.closedPort, { host: "127.0.0.1" }), fails("refused", "Connection refused")),
  scenario("a closed port over IPv6", (c) => url(c, c.closedPort, { host: "[::1]" }), fails("refused", "Connection refused")),
  scenario("a listener that never answers, connect_timeout=2", (c) => url(c, c.servers.fakes.silent.port,
    { host: "127.0.0.1", params: "connect_timeout=2&sslmode=disable" }), fails("timeout", "timeout expired"),
  { spawn: "a process holding a socket that never answers must still end at the timeout" }),
  scenario("a host name that does not resolve", (c) => url(c, 5432, { host: "nonexistent.invalid" }),
    fails("dns", 'could not translate host name "nonexistent.invalid" to address')),
  scenario("connect_timeout=2147483647, the largest int: accepted, no timer overflow", (c) => url(c, "plain",
    { params: "connect_timeout=2147483647" }), ok, { probeCheck: (run) => {
    if (/TimeoutOverflowWarning/.test(run.stderr)) throw new Error(`Node's timer overflowed:\n${run.stderr}`);
  }, spawn: "Node prints a TimeoutOverflowWarning on the process's own stderr" }),
  scenario("connect_timeout=1 (libpq makes it 2)", (c) => url(c, "plain", { params: "connect_timeout=1" }), ok),
  scenario("connect_timeout=0 (no timeout)", (c) => url(c, "plain", { params: "connect_timeout=0" }), ok),
];

const settingsChecks: ScenarioTemplate[] = [
  ...(["keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout", "connect_timeout"] as const)
    .map((keyword) => scenario(`${keyword}=abc is refused as libpq refuses it`, (c) => url(c, "plain", { params: `${keyword}=abc` }),
      fails("usage", `invalid integer value "abc" for connection option "${keyword}"`))),
  scenario("connect_timeout=2147483648, beyond an int", (c) => url(c, "plain", { params: "connect_timeout=2147483648" }),
    fails("usage", 'invalid integer value "2147483648" for connection option "connect_timeout"')),
  scenario("keepalives_count=99999999999, beyond an int", (c) => url(c, "plain", { params: "keepalives_count=99999999999" }),
    fails("usage", 'invalid integer value "99999999999" for connection option "keepalives_count"')),
  scenario("keepalives=0 and keepalives_idle=30: accepted", (c) => url(c, "plain", { params: "keepalives=0&keepalives_idle=30" }), ok),
  scenario("PGCONNECT_TIMEOUT=soon", (c) => url(c, "plain"), fails("usage", 'invalid integer value "soon" for connection option "connect_timeout"'),
    { env: () => ({ PGCONNECT_TIMEOUT: "soon" }) }),
  scenario("sslmode=on", (c) => url(c, "plain", { params: "sslmode=on" }), fails("usage", 'invalid sslmode value: "on"')),
  scenario("target_session_attrs=bogus", (c) => url(c, "plain", { params: "target_session_attrs=bogus" }),
    fails("usage", 'invalid target_session_attrs value: "bogus"')),
  scenario("port=99999", (c) => url(c, "plain", { params: "port=99999" }), fails("usage", 'invalid port number: "99999"')),
  scenario("an unknown URI parameter", (c) => url(c, "plain", { params: "no_such_param=1" }),
    fails("usage", 'invalid URI query parameter: "no_such_param"')),
  scenario("application_name and client_encoding", (c) => url(c, "plain", { params: "application_name=matrix&client_encoding=LATIN1" }), ok),
  scenario("PGHOST, PGPORT, PGUSER and PGDATABASE from the environment", () => "postgresql://", ok,
    { env: (c) => ({ PGHOST: "127.0.0.1", PGPORT: String(c.servers.plain.port), PGUSER: "checkpoint_user", PGDATABASE: "checkpoints" }),
      spawn: "pg falls back to the process's environment: only a process given these variables shows what it reads" }),
  // pg 8.23.1 reads these where it is given nothing (lib/connection-parameters.js val); libpq 15 has neither
  // (sslnegotiation came in libpq 17; libpq reads its replication keyword from no variable), so psql ignores them and the probe must too.
  scenario("pg's own variables (PGREPLICATION, PGSSLNEGOTIATION) are not libpq's: ignored", (c) => url(c, "plain"), ok,
    { env: () => ({ PGREPLICATION: "true", PGSSLNEGOTIATION: "direct" }),
      spawn: "pg reads the process's environment: only a process given these variables has them there" }),
];

const sessionAttributes: ScenarioTemplate[] = [
  scenario("standby, target_session_attrs=read-write", (c) => url(c, "standby", { params: "target_session_attrs=read-write" }),
    fails("expectation", "session is read-only")),
  scenario("standby, target_session_attrs=primary", (c) => url(c, "standby", { params: "target_session_attrs=primary" }),
    fails("expectation", "server is in hot standby mode")),
  scenario("standby, target_session_attrs=standby", (c) => url(c, "standby", { params: "target_session_attrs=standby" }), ok),
  scenario("standby, target_session_attrs=read-only", (c) => url(c, "standby", { params: "target_session_attrs=read-only" }), ok),
  scenario("standby, target_session_attrs=prefer-standby", (c) => url(c, "standby", { params: "target_session_attrs=prefer-standby" }), ok),
  scenario("primary, target_session_attrs=standby", (c) => url(c, "plain", { params: "target_session_attrs=standby" }),
    fails("expectation", "server is not in hot standby mode")),
  scenario("primary, target_session_attrs=read-write", (c) => url(c, "plain", { params: "target_session_attrs=read-write" }), ok),
  scenario("primary, target_session_attrs=read-only", (c) => url(c, "plain", { params: "target_session_attrs=read-only" }),
    fails("expectation", "session is not read-only")),
  scenario("primary, target_session_attrs=prefer-standby: no standby, the primary", (c) => url(c, "plain",
    { params: "target_session_attrs=prefer-standby" }), ok),
  scenario("standby then primary, read-write: the standby is passed over; the summary names the primary",
    (c) => `postgresql://checkpoint_user@localhost:${c.servers.standby.port},localhost:${c.servers.plain.port}/checkpoints` +
      "?target_session_attrs=read-write", ok, { probeCheck: servedBy("plain") }),
  scenario("primary then standby, standby: the summary names the standby",
    (c) => `postgresql://checkpoint_user@localhost:${c.servers.plain.port},localhost:${c.servers.standby.port}/checkpoints` +
      "?target_session_attrs=standby", ok, { probeCheck: servedBy("standby") }),
  scenario("primary then standby, prefer-standby: the standby",
    (c) => `postgresql://checkpoint_user@localhost:${c.servers.plain.port},localhost:${c.servers.standby.port}/checkpoints` +
      "?target_session_attrs=prefer-standby", ok, { probeCheck: servedBy("standby") }),
  scenario("a closed port then the primary: the summary names the primary",
    (c) => `postgresql://checkpoint_user@localhost:${c.closedPort},localhost:${c.servers.plain.port}/checkpoints`, ok,
    { probeCheck: servedBy("plain") }),
  scenario("a server starting up then the primary: 57P03 passes over to the next host",
    (c) => `postgresql://checkpoint_user@127.0.0.1:${c.servers.fakes["starting-up"].port},localhost:${c.servers.plain.port}/checkpoints`,
    ok, { probeCheck: servedBy("plain") }),
  scenario("two closed ports", (c) => `postgresql://checkpoint_user@127.0.0.1:${c.closedPort},127.0.0.1:${c.closedPort}/checkpoints`,
    fails("refused", "Connection refused")),
  scenario("a wrong password on the first host ends the attempt (libpq does not go on)",
    (c) => `postgresql://checkpoint_user@localhost:${c.servers.plain.port},localhost:${c.servers.standby.port}/checkpoints`,
    fails("auth", "password authentication failed"), { password: "wrong-password" }),
];

/** Every scenario of the matrix, in groups. */
export const MATRIX: readonly ScenarioTemplate[] = [...sslModes, ...clientCertificates, ...authentication,
  ...refusalsAtLogIn, ...network, ...settingsChecks, ...sessionAttributes];
