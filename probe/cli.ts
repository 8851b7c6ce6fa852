import * as os from "node:os";
import { parseArgs } from "node:util";
import { CliIo, exitCodeLines } from "../cli/io";
import { describeUnexpected } from "../cli/unexpected-error";
import { endQuietlyOnClosedOutput } from "../cli/closed-output.cjs";
import { InvalidValueError, joinNegativeNumbers, parseRegion, parseSecretId, parseSeconds } from "../cli/value-parsers";
import {
  ConnectionTarget, describeTarget, hostPort, LibpqSettings, mergeSettings, parseConnectionUrl, resolveTarget,
  settingsFromEnvironment, UsageError,
} from "./connection-target";
import { targetRecord, WitnessEvidence } from "./evidence";
import { withPassfile } from "./passwords";
import { loadTlsMaterial } from "./tls-options";
import { EXIT, EXIT_TABLE } from "./exit-codes";
import { redact } from "./redact";
import { withService } from "./service-file";
import { runProbe } from "./run-probe";
import { SecretReadError, settingsFromSecret } from "./secret-credentials";
import { failureVerdict } from "./verdict-record";

const PROGRAM = "checkpoints-probe";

export const HELP = `Usage: ${PROGRAM} [URL] [options]

The design document's witness: opens a PostgreSQL session the way psql would, runs SELECT version() and
SELECT 1, and reports what it saw (server, TLS, latency, connection limit, this host's addresses) as evidence.

Connection (libpq 15's meanings, so they mean what they mean to psql):
  URL                      postgresql://USER@HOST:PORT,HOST2:PORT2/DATABASE?sslmode=verify-full&sslrootcert=FILE
                           or a key=value string: "host=HOST port=5432 dbname=DATABASE password='a b\\'c'"
                           (libpq's quoting and backslash escapes). Parsed exactly as libpq 15 parses them (a
                           string libpq rejects is exit 2, with its reason, before any DNS lookup); default:
                           $DATABASE_URL. Parameters: host, hostaddr, port, dbname, user, password, passfile,
                           connect_timeout, application_name, options, client_encoding, sslmode, sslrootcert,
                           sslcert, sslkey, sslpassword, sslcrl, ssl_min_protocol_version (default TLSv1.2),
                           ssl_max_protocol_version, channel_binding (disable, prefer: the default, require),
                           target_session_attrs, service.
                           Without them: PGHOST, PGHOSTADDR, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGPASSFILE,
                           PGSSLMODE, PGSSLROOTCERT, PGSSLCERT, PGSSLKEY, PGSSLCRL, PGSSLMINPROTOCOLVERSION,
                           PGSSLMAXPROTOCOLVERSION, PGCHANNELBINDING, PGCONNECT_TIMEOUT, PGAPPNAME, PGOPTIONS,
                           PGTARGETSESSIONATTRS, PGSERVICE.
                           service=NAME (or PGSERVICE): the [NAME] group of PGSERVICEFILE, else ~/.pg_service.conf,
                           else PGSYSCONFDIR/pg_service.conf (default /etc/postgresql-common, Debian's libpq);
                           it fills what the URL, --secret-id and the flags leave unset, before other PG* variables.
                           Password, first found: the URL, --secret-id, the service, PGPASSWORD, then the passfile
                           (~/.pgpass, PGPASSFILE or passfile=; matched on the host as given; ignored with
                           libpq's warning when group or others may read it). Keep it out of the URL.
  --secret-id ID           read username and password (and host, port, dbname when present) from an AWS
                           Secrets Manager secret in RDS's JSON shape; the URL's fields still win
  --region REGION          region of the secret (default: AWS_REGION)
  --sslmode MODE           disable | allow | prefer (default) | require | verify-ca | verify-full
  --ca FILE                root certificate (sslrootcert) for verify-ca / verify-full (for RDS: the RDS CA
                           bundle); "system": the system's store, with verify-full (as libpq 16). As libpq: when a root certificate
                           exists (this, PGSSLROOTCERT or ~/.postgresql/root.crt), require and prefer verify
                           the chain too (as verify-ca)
  --connect-timeout SEC    give up on each host and address after SEC seconds (default 10)
  --query-timeout SEC      give up on a query after SEC seconds (default 10)

Several hosts: libpq's order (each host, each of its addresses); target_session_attrs (any, read-write,
read-only, primary, standby, prefer-standby) decides which session counts. The evidence lists every host
tried and why it was passed over. hostaddr dials that address; the certificate is still checked against host.

Checks:
  --expect-version V       server version must start with V by components (15 matches 15.4)
  --expect-database NAME   current_database() must be NAME
  --require-tls            the session must be encrypted
  --expect-unreachable     the negative witness: succeed only if no TCP connection can be made (refused,
                           no route, or no answer to the TCP handshake). A host that accepts TCP and then
                           says nothing fails (10): a listening host is not kept out. Run it from a host
                           outside the app subnet to show the security group keeps it out
  --wait SEC               retry with exponential backoff and jitter until SEC seconds have passed,
                           showing each attempt on stderr (RDS takes about ten minutes to provision)

Output:
  --dry-run                resolve every setting and print the target it would connect to, with where the
                           password comes from (never the password); no DNS lookup, no connection, and
                           --secret-id is not read. Exit 0, or 2 for bad settings
  --json                   print one evidence record (JSON) on stdout, on every exit, a usage error included
                           (with --dry-run: target, passwordSource)
  --help                   this text

Where the probe differs from libpq 15 / psql 15:
  - no host means localhost over TCP (libpq: its Unix socket); a host starting with / is a socket directory
  - connect timeout 10 s by default (libpq: none); connect_timeout=0 waits indefinitely and values under 2
    become 2, as libpq 15
  - sslrootcert=system has libpq 16's meaning (libpq 15 reads a file "system"): OpenSSL's system store
    (SSL_CERT_FILE / SSL_CERT_DIR honoured), sslmode verify-full by default and any weaker mode refused.
    On Node older than 22.15 (Node 20), which cannot read that store, it is Node's bundled roots plus
    NODE_EXTRA_CA_CERTS: a CA added only to the host's store is not trusted there; give it with --ca
  - refused as usage errors (2): sslcrldir, requirepeer, replication, gssencmode=require; accepted with
    no effect: keepalives*, tcp_user_timeout, sslcompression, sslsni, gsslib, krbsrvname
  - without PGSYSCONFDIR, pg_service.conf is looked for in /etc/postgresql-common (Debian's and Ubuntu's
    libpq); a libpq built elsewhere has its own directory: set PGSYSCONFDIR to it. LDAP lines in a
    service file are a syntax error (libpq built with LDAP would look them up)
  - an encrypted client key without sslpassword fails as psql on OpenSSL 3 ("processing error"); Node
    reports that case before OpenSSL does, so other OpenSSL versions' words are not followed
  - OpenSSL's words are Node's OpenSSL's, as libpq prints its own: on Node 24 (OpenSSL 3.2+) an expired client
    certificate is "ssl/tls alert certificate expired", where psql on OpenSSL 3.0 says "sslv3 alert ..."
  - a string with neither a URI prefix nor "=" is refused (psql takes it as a database name); messages
    never show text that follows a password in a key=value string, where libpq may echo it
  - an empty value for any option is a usage error; messages never show the password, where libpq echoes
    the whole URI
  - no session matching target_session_attrs is exit 10 (an expectation not met)
  - psql exits 2 for every failed connection; the probe gives each its class (3 to 14 below) and keeps
    libpq's words in the message. A refusal at log-in (connection limits, a closed database, no CONNECT,
    bad options, 57P03 starting up / shutting down) is 11, and --wait retries 53300 and 57P03; a listener
    that is not PostgreSQL is 12; a --secret-id that cannot be read is 13
  - keepalives*, tcp_user_timeout and connect_timeout are checked as libpq checks them (an int, else
    "invalid integer value"), before any connection (libpq: when it dials); keepalives* then have no effect
  - GSSAPI / SSPI authentication is not available: a server asking for it is exit 7 ("GSSAPI
    authentication not supported"), where psql with a Kerberos ticket can log in
  - a connect_timeout longer than a Node timer holds (2^31-1 ms, 24.8 days) waits without a timer
  - an sslcrl holding certificates but no CRL fails verification before the handshake (libpq: during it,
    with the same "certificate verify failed")
  - SASLprep decides as libpq's pg_saslprep (Unicode 3.2 tables: where it fails, the raw password), but
    normalises with Node's NFKC (today's Unicode), which agrees on every code point Unicode 3.2 assigned
  - the bundle (dist/checkpoints-probe.cjs) keeps its compiled code in $XDG_CACHE_HOME/checkpoints-probe
    (default ~/.cache/checkpoints-probe), written by the first run that reaches a server, so later runs
    start faster; NODE_DISABLE_COMPILE_CACHE=1 turns it off

Exit codes:
${exitCodeLines(EXIT_TABLE)}
  (5 also covers "network unreachable": no route to the host, told apart in the message; 14 is a run that
  ended with no verdict, never 0; any other unexpected error is 1, its stack shown only with DEBUG=1)
`;

interface ParsedCommand {
  readonly help: boolean;
  readonly json: boolean;
  readonly dryRun: boolean;
  readonly url?: string;
  readonly secretId?: string;
  readonly region?: string;
  readonly overrides: LibpqSettings;
  readonly queryTimeoutSeconds: number;
  readonly waitSeconds: number;
  readonly expectVersion?: string;
  readonly expectDatabase?: string;
  readonly requireTls: boolean;
  readonly expectUnreachable: boolean;
}

/** The shared parsers, their errors as the probe's usage errors. */
function checked<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw error instanceof InvalidValueError ? new UsageError(error.message) : error;
  }
}

function seconds(value: string | undefined, flag: string, fallback: number, allowZero = false): number {
  return value === undefined ? fallback : checked(() => parseSeconds(value, flag, { allowZero }));
}

export function parseCommand(argv: readonly string[]): ParsedCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinNegativeNumbers(argv, ["--connect-timeout", "--query-timeout", "--wait"]),
      allowPositionals: true,
      strict: true,
      options: {
        "secret-id": { type: "string" }, region: { type: "string" }, sslmode: { type: "string" },
        ca: { type: "string" }, "connect-timeout": { type: "string" }, "query-timeout": { type: "string" },
        "expect-version": { type: "string" }, "expect-database": { type: "string" },
        "require-tls": { type: "boolean" }, "expect-unreachable": { type: "boolean" }, wait: { type: "string" },
        json: { type: "boolean" }, "dry-run": { type: "boolean" }, help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/, ""));
  }
  const { values, positionals } = parsed;
  // An empty value is a mistake (an unset shell variable), never "use the default": refuse it.
  for (const [name, value] of Object.entries(values)) {
    if (value === "") throw new UsageError(`--${name} was given an empty value; give a value or leave the option out`);
  }
  if (positionals.length > 1) throw new UsageError(`one URL at most, got ${positionals.length} positional arguments`);
  if (positionals[0] === "") throw new UsageError("the URL argument is empty; give a postgresql:// URL or leave it out");
  if (values["expect-version"] !== undefined && !/^\d+(\.\d+)*$/.test(values["expect-version"])) {
    throw new UsageError(`--expect-version must be a version such as 15 or 15.4, not "${values["expect-version"]}"`);
  }
  const waitSeconds = seconds(values.wait, "--wait", 0, true);
  if (values["expect-unreachable"] && waitSeconds > 0) {
    throw new UsageError("--expect-unreachable and --wait do not go together: waiting is for a target that should answer");
  }
  const connectTimeout = values["connect-timeout"] === undefined ? undefined
    : seconds(values["connect-timeout"], "--connect-timeout", 10);
  return {
    help: values.help ?? false,
    json: values.json ?? false,
    dryRun: values["dry-run"] ?? false,
    url: positionals[0],
    secretId: values["secret-id"] === undefined ? undefined : checked(() => parseSecretId(values["secret-id"] as string, "--secret-id")),
    region: values.region === undefined ? undefined : checked(() => parseRegion(values.region as string, "--region")),
    overrides: {
      sslmode: values.sslmode, sslrootcert: values.ca,
      // libpq's connect_timeout is whole seconds; a fraction from the flag rounds up, never down to nothing.
      connect_timeout: connectTimeout === undefined ? undefined : String(Math.ceil(connectTimeout)),
    },
    queryTimeoutSeconds: seconds(values["query-timeout"], "--query-timeout", 10),
    waitSeconds,
    expectVersion: values["expect-version"],
    expectDatabase: values["expect-database"],
    requireTls: values["require-tls"] ?? false,
    expectUnreachable: values["expect-unreachable"] ?? false,
  };
}

export interface ResolvedCommandTarget {
  readonly target: ConnectionTarget;
  /** libpq's warnings (an ignored passfile), for stderr. */
  readonly warnings: string[];
  readonly notes: string[];
}

/**
 * Builds the target: PG* environment, then the secret, then the URL, then flags; later wins. The passfile
 * is read last, for hosts still without a password. With dryRun the secret is not read.
 */
export async function resolveCommandTarget(command: ParsedCommand,
  env: Readonly<Record<string, string | undefined>>, { dryRun = false } = {}): Promise<ResolvedCommandTarget> {
  const url = command.url ?? (env.DATABASE_URL || undefined);
  const fromUrl = url ? parseConnectionUrl(url, command.url ? "the URL" : "DATABASE_URL") : {};
  const notes: string[] = [];
  let fromSecret: LibpqSettings = {};
  if (command.secretId && dryRun) notes.push(`--secret-id "${command.secretId}" was not read (dry run): its fields would ` +
    "fill in user, password, host, port and dbname where the URL leaves them out");
  else if (command.secretId) fromSecret = await settingsFromSecret(command.secretId, command.region ??
    (env.AWS_REGION ? checked(() => parseRegion(env.AWS_REGION as string, "AWS_REGION")) : undefined));
  const fromEnvironment = settingsFromEnvironment(env);
  const home = env.HOME || os.homedir();
  // libpq: explicit settings, then the pg_service.conf service, then the PG* variables.
  const { settings, fromService, service } = withService(mergeSettings(fromSecret, fromUrl, command.overrides),
    fromEnvironment, { PGSERVICEFILE: env.PGSERVICEFILE || undefined, PGSYSCONFDIR: env.PGSYSCONFDIR || undefined }, home);
  const secretWillGive = command.secretId !== undefined && dryRun && !fromUrl.password;
  const resolved = resolveTarget(settings, 10, { url: !!fromUrl.password, secret: !!fromSecret.password,
    service: !!fromService.password, environment: !!fromEnvironment.password }, home);
  const target = service ? { ...resolved, service } : resolved;
  if (secretWillGive) return { target: { ...target, passwordSource: "secret" }, warnings: [], notes };
  const { target: withPasswords, warnings } = withPassfile(target, { urlGiven: url !== undefined,
    secretId: command.secretId, pgpasswordSet: !!env.PGPASSWORD });
  return { target: withPasswords, warnings, notes };
}

/** What --dry-run prints: the target, where the password comes from, never the password. */
export function dryRunReport(target: ConnectionTarget, rootCertFile: string | undefined, notes: string[]):
  { json: Record<string, unknown>; text: string } {
  // The evidence's own target record; resolvedAddresses stays empty: a dry run looks nothing up.
  const shown = targetRecord(target, rootCertFile, []);
  const hosts = target.hosts.map((h) => `${hostPort(h.host, h.port)}${h.hostaddr ? ` (dial ${h.hostaddr})` : ""}` +
    `${h.passwordSource === "passfile" ? " [password from the passfile]" : ""}`).join(", ");
  const text = [
    "dry run: settings resolved; no DNS lookup, no connection",
    `  hosts:    ${hosts}`,
    `  database: ${target.database}`,
    `  user:     ${target.user}`,
    `  sslmode:  ${target.sslMode}${rootCertFile ? ` (root certificate ${rootCertFile})` : ""}`,
    `  TLS versions: ${target.tlsVersions.minVersion ?? "any"} to ${target.tlsVersions.maxVersion ?? "the newest"}; ` +
      `channel_binding: ${target.channelBinding}`,
    ...(target.service ? [`  service:  ${target.service.name} (from ${target.service.file})`] : []),
    `  target_session_attrs: ${target.targetSessionAttrs}`,
    `  connect timeout: ${target.connectTimeoutSeconds ? `${target.connectTimeoutSeconds} s per address` : "none"}`,
    `  password: ${target.passwordSource === "none" ? `none found (looked in ${(target.passwordSearch ?? []).join(", ")})`
      : `from ${target.passwordSource}`}`,
    ...notes.map((n) => `  note:     ${n}`),
  ].join("\n") + "\n";
  return { json: { target: shown, passwordSource: target.passwordSource, ...(notes.length ? { notes } : {}) }, text };
}

/** The host that served the session, else the last one tried, else the first given: brackets around IPv6. */
function servingHost(evidence: WitnessEvidence): string {
  const tried = evidence.hostsTried ?? [];
  const serving = tried.find((t) => t.outcome === "chosen") ?? tried[tried.length - 1] ?? evidence.target;
  return hostPort(serving.host, serving.port);
}

export function humanSummary(evidence: WitnessEvidence): string {
  const { server, tls, target, latencyMs, probeHost } = evidence;
  if (evidence.outcome === "unreachable") {
    return `negative witness observed: ${servingHost(evidence)} is unreachable from ${probeHost.hostname} ` +
      `(${probeHost.addresses.join(", ")}): ${evidence.error}\n`;
  }
  if (!server || !tls) return "";
  const tlsLine = tls.used
    ? `${tls.protocol} ${tls.cipher}, ${tls.hostnameVerified ? "certificate and host name verified"
      : tls.certificateVerified ? "certificate verified, host name not checked" : "certificate NOT verified"}`
    : "not encrypted";
  return [
    server.version,
    `witness ${evidence.outcome === "observed" ? "observed" : "NOT observed"}: ${server.user}@${servingHost(evidence)}/` +
      `${server.database}, SELECT 1 = ${server.selectOne ? 1 : "?"}`,
    `  tls:      ${tlsLine} (sslmode=${target.sslMode})`,
    `  latency:  connect ${latencyMs.connect} ms, queries ${latencyMs.query} ms`,
    ...(server.maxConnections === undefined ? []
      : [`  limit:    max_connections ${server.maxConnections}, ${server.clientConnections} client sessions open`]),
    ...((evidence.hostsTried ?? []).length > 1 ? (evidence.hostsTried ?? []).map((t) => `  host:     ` +
      `${hostPort(t.host, t.port)}${t.address && t.address !== t.host ? ` (${t.address})` : ""}: ${t.outcome}` +
      `${t.reason ? ` (${t.reason})` : ""}`) : []),
    `  from:     ${probeHost.hostname} (${probeHost.addresses.join(", ")}), connection source ` +
      `${probeHost.connectionSourceAddress ?? "unknown"}`,
    ...evidence.expectations.map((e) => `  expect:   ${e.name} ${e.expected}: ${e.met ? "met" : `NOT met (got ${e.actual})`}`),
  ].join("\n") + "\n";
}

/** The CLI: returns the exit code; prints only through io, and never the password. */
export async function main(argv: readonly string[], env: Readonly<Record<string, string | undefined>>,
  io: CliIo): Promise<number> {
  const secrets: Array<string | undefined> = [env.PGPASSWORD];
  const out = (text: string) => io.stdout.write(redact(text, secrets));
  const err = (text: string) => io.stderr.write(redact(text, secrets));
  let json = argv.includes("--json");
  try {
    const command = parseCommand(argv);
    json = command.json;
    if (command.help) {
      out(HELP);
      return EXIT.ok.code;
    }
    const { target, warnings, notes } = await resolveCommandTarget(command, env, { dryRun: command.dryRun });
    secrets.push(target.password, target.sslPassword, ...target.hosts.map((h) => h.password));
    for (const warning of warnings) err(`${warning}\n`);
    if (command.dryRun) {
      let rootCertFile: string | undefined;
      try {
        rootCertFile = target.sslMode === "disable" ? undefined : loadTlsMaterial(target).rootCertFile;
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      const report = dryRunReport(target, rootCertFile, notes);
      out(command.json ? `${JSON.stringify(report.json, null, 2)}\n` : report.text);
      return EXIT.ok.code;
    }
    const drained = loopDrained();
    const result = await Promise.race([runProbe(target, {
      expectations: { version: command.expectVersion, database: command.expectDatabase, requireTls: command.requireTls },
      expectUnreachable: command.expectUnreachable,
      waitSeconds: command.waitSeconds,
      queryTimeoutSeconds: command.queryTimeoutSeconds,
      onAttempt: (report) => err(`${PROGRAM}: attempt ${report.attempt}: ${report.outcome}` +
        (report.nextInMs === null ? "\n"
          : `; next attempt in ${(report.nextInMs / 1000).toFixed(1)} s (${secondsLeft(report.remainingMs - report.nextInMs)} s left)\n`)),
    }), drained.promise]).finally(drained.stop);
    if (result === "drained") {
      // Nothing was left to wake the run: no verdict exists, and exit 0 would be a false "observed".
      const detail = "the run ended without a verdict: every connection closed and nothing was left to wait for";
      if (command.json) out(`${JSON.stringify(failureVerdict("internal", detail, targetRecord(target, undefined, [])), null, 2)}\n`);
      err(`${PROGRAM}: ${EXIT.internal.meaning}: ${detail}. Hint: ${EXIT.internal.hint} [exit ${EXIT.internal.code}]\n`);
      return EXIT.internal.code;
    }
    if (command.json) out(`${JSON.stringify(result.evidence, null, 2)}\n`);
    else out(humanSummary(result.evidence));
    if (result.exitCode !== EXIT.ok.code) err(`${PROGRAM}: ${result.message} [exit ${result.exitCode}] ${describeTarget(target)}\n`);
    return result.exitCode;
  } catch (error) {
    if (error instanceof SecretReadError) {
      // Not a usage error: the command was right, the secret could not be read (credentials, access, id).
      if (json) out(`${JSON.stringify(failureVerdict("secret", error.message, undefined), null, 2)}\n`);
      err(`${PROGRAM}: ${error.message} [exit ${EXIT.secret.code}]\n`);
      return EXIT.secret.code;
    }
    if (error instanceof UsageError) {
      // Under --json every exit has its record on stdout, so a pipeline never reads an empty one.
      if (json) out(`${JSON.stringify(failureVerdict("usage", error.message, undefined), null, 2)}\n`);
      err(`${PROGRAM}: ${error.message}\nRun ${PROGRAM} --help for the options. [exit ${EXIT.usage.code}]\n`);
      return EXIT.usage.code;
    }
    throw error;
  }
}

/**
 * Seconds left when the next attempt starts, to a tenth: each line shows at least half a second less than
 * the one before (run-probe's nextDelayMs), and only the last shows 0.0, so two lines never show the same
 * figure, as whole seconds rounded up did.
 */
function secondsLeft(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(1);
}

/**
 * Resolves "drained" when Node's event loop has nothing left to run while the witness is unresolved
 * ('beforeExit'): a socket closed where no listener saw it would otherwise end the process with exit 0.
 */
function loopDrained(): { promise: Promise<"drained">; stop: () => void } {
  let listener: () => void = () => undefined;
  const promise = new Promise<"drained">((resolve) => {
    listener = () => resolve("drained");
    process.once("beforeExit", listener);
  });
  return { promise, stop: () => process.removeListener("beforeExit", listener) };
}

/**
 * Ends the process once stdout and stderr have taken everything written, as psql does, rather than after
 * Node's own teardown of the heap (a few ms of every run). The session is closed by then: main returns only
 * after pg's end() saw the server close it. 'exit' listeners still run (the bundle's code cache).
 */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const flushed = () => { if (--pending === 0) process.exit(code); };
  process.stdout.write("", flushed);
  process.stderr.write("", flushed);
}

/**
 * main, with an error it did not expect reported as the command reports it: one line (its stack only with
 * DEBUG=1), exit 1. What the bundle runs, and what a test runs in-process to see what the bundle would print.
 */
export async function runCommand(argv: readonly string[], env: Readonly<Record<string, string | undefined>>,
  io: CliIo): Promise<number> {
  try {
    return await main(argv, env, io);
  } catch (error) {
    io.stderr.write(`${PROGRAM}: unexpected error: ${redact(describeUnexpected(error, env), [env.PGPASSWORD])}\n`);
    return 1;
  }
}

if (require.main === module) {
  // The bundled probe runs without tools/run-ts.cjs: a closed output ends it quietly (141) all the same.
  endQuietlyOnClosedOutput();
  void runCommand(process.argv.slice(2), process.env, process).then(exitWhenFlushed);
}
