import { parseArgs } from "node:util";
import { CliIo, exitCodeLines } from "../cli/io";
import { describeUnexpected } from "../cli/unexpected-error";
import { InvalidValueError, parseRegion, parseSecretId, parseSeconds } from "../cli/value-parsers";
import {
  ConnectionTarget, describeTarget, LibpqSettings, mergeSettings, parseConnectionUrl, resolveTarget,
  settingsFromEnvironment, UsageError,
} from "./connection-target";
import { WitnessEvidence } from "./evidence";
import { EXIT, EXIT_TABLE } from "./exit-codes";
import { redact } from "./redact";
import { runProbe } from "./run-probe";
import { settingsFromSecret } from "./secret-credentials";

const PROGRAM = "checkpoints-probe";

export const HELP = `Usage: ${PROGRAM} [URL] [options]

The design document's witness: opens a PostgreSQL session the way psql would, runs SELECT version() and
SELECT 1, and reports what it saw (server, TLS, latency, this host's addresses) as evidence.

Connection (libpq's meanings, so they mean what they mean to psql):
  URL                      postgresql://USER@HOST:PORT/DATABASE?sslmode=verify-full&sslrootcert=FILE
                           (also connect_timeout, application_name); default: $DATABASE_URL
                           Without a URL: PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSSLMODE,
                           PGSSLROOTCERT, PGCONNECT_TIMEOUT, PGAPPNAME.
                           Keep the password out of the URL: use PGPASSWORD or --secret-id.
  --secret-id ID           read username and password (and host, port, dbname when present) from an AWS
                           Secrets Manager secret in RDS's JSON shape; the URL's fields still win
  --region REGION          region of the secret (default: AWS_REGION)
  --sslmode MODE           disable | allow | prefer (default) | require | verify-ca | verify-full
  --ca FILE                CA bundle for verify-ca / verify-full (for RDS: the RDS CA bundle);
                           "system" uses the system trust store
  --connect-timeout SEC    give up connecting after SEC seconds (default 10)
  --query-timeout SEC      give up on a query after SEC seconds (default 10)

Checks:
  --expect-version V       server version must start with V by components (15 matches 15.4)
  --expect-database NAME   current_database() must be NAME
  --require-tls            the session must be encrypted
  --expect-unreachable     the negative witness: succeed only if TCP is refused or times out (run it
                           from a host outside the app subnet to show the security group keeps it out)
  --wait SEC               retry with exponential backoff and jitter until SEC seconds have passed,
                           showing each attempt on stderr (RDS takes about ten minutes to provision)

Output:
  --json                   print one evidence record (JSON) on stdout
  --help                   this text

Exit codes:
${exitCodeLines(EXIT_TABLE)}
`;

interface ParsedCommand {
  readonly help: boolean;
  readonly json: boolean;
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
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        "secret-id": { type: "string" }, region: { type: "string" }, sslmode: { type: "string" },
        ca: { type: "string" }, "connect-timeout": { type: "string" }, "query-timeout": { type: "string" },
        "expect-version": { type: "string" }, "expect-database": { type: "string" },
        "require-tls": { type: "boolean" }, "expect-unreachable": { type: "boolean" }, wait: { type: "string" },
        json: { type: "boolean" }, help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/, ""));
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`one URL at most, got ${positionals.length} positional arguments`);
  if (values["expect-version"] !== undefined && !/^\d+(\.\d+)*$/.test(values["expect-version"])) {
    throw new UsageError(`--expect-version must be a version such as 15 or 15.4, not "${values["expect-version"]}"`);
  }
  const waitSeconds = seconds(values.wait, "--wait", 0, true);
  if (values["expect-unreachable"] && waitSeconds > 0) {
    throw new UsageError("--expect-unreachable and --wait do not go together: waiting is for a target that should answer");
  }
  return {
    help: values.help ?? false,
    json: values.json ?? false,
    url: positionals[0],
    secretId: values["secret-id"] === undefined ? undefined : checked(() => parseSecretId(values["secret-id"] as string, "--secret-id")),
    region: values.region === undefined ? undefined : checked(() => parseRegion(values.region as string, "--region")),
    overrides: {
      sslmode: values.sslmode, sslrootcert: values.ca,
      connect_timeout: values["connect-timeout"] === undefined ? undefined
        : String(seconds(values["connect-timeout"], "--connect-timeout", 10)),
    },
    queryTimeoutSeconds: seconds(values["query-timeout"], "--query-timeout", 10),
    waitSeconds,
    expectVersion: values["expect-version"],
    expectDatabase: values["expect-database"],
    requireTls: values["require-tls"] ?? false,
    expectUnreachable: values["expect-unreachable"] ?? false,
  };
}

/** Builds the target: PG* environment, then the secret, then the URL, then flags; later wins. */
export async function resolveCommandTarget(command: ParsedCommand,
  env: Readonly<Record<string, string | undefined>>): Promise<ConnectionTarget> {
  const url = command.url ?? (env.DATABASE_URL || undefined);
  const fromUrl = url ? parseConnectionUrl(url, command.url ? "the URL" : "DATABASE_URL") : {};
  const region = command.region ?? (env.AWS_REGION ? checked(() => parseRegion(env.AWS_REGION as string, "AWS_REGION")) : undefined);
  const fromSecret = command.secretId ? await settingsFromSecret(command.secretId, region) : {};
  return resolveTarget(mergeSettings(settingsFromEnvironment(env), fromSecret, fromUrl, command.overrides));
}

export function humanSummary(evidence: WitnessEvidence): string {
  const { server, tls, target, latencyMs, probeHost } = evidence;
  if (evidence.outcome === "unreachable") {
    return `negative witness observed: ${target.host}:${target.port} is unreachable from ${probeHost.hostname} ` +
      `(${probeHost.addresses.join(", ")}): ${evidence.error}\n`;
  }
  if (!server || !tls) return "";
  const tlsLine = tls.used
    ? `${tls.protocol} ${tls.cipher}, ${tls.hostnameVerified ? "certificate and host name verified"
      : tls.certificateVerified ? "certificate verified, host name not checked" : "certificate NOT verified"}`
    : "not encrypted";
  return [
    server.version,
    `witness ${evidence.outcome === "observed" ? "observed" : "NOT observed"}: ${server.user}@${target.host}:${target.port}/` +
      `${server.database}, SELECT 1 = ${server.selectOne ? 1 : "?"}`,
    `  tls:      ${tlsLine} (sslmode=${target.sslMode})`,
    `  latency:  connect ${latencyMs.connect} ms, queries ${latencyMs.query} ms`,
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
  try {
    const command = parseCommand(argv);
    if (command.help) {
      out(HELP);
      return EXIT.ok.code;
    }
    const target = await resolveCommandTarget(command, env);
    secrets.push(target.password);
    const result = await runProbe(target, {
      expectations: { version: command.expectVersion, database: command.expectDatabase, requireTls: command.requireTls },
      expectUnreachable: command.expectUnreachable,
      waitSeconds: command.waitSeconds,
      queryTimeoutSeconds: command.queryTimeoutSeconds,
      onAttempt: (report) => err(`${PROGRAM}: attempt ${report.attempt}: ${report.outcome}` +
        (report.nextInMs === null ? "\n"
          : `; next attempt in ${(report.nextInMs / 1000).toFixed(1)} s (${Math.ceil(report.remainingMs / 1000)} s left)\n`)),
    });
    if (command.json) out(`${JSON.stringify(result.evidence, null, 2)}\n`);
    else out(humanSummary(result.evidence));
    if (result.exitCode !== EXIT.ok.code) err(`${PROGRAM}: ${result.message} [exit ${result.exitCode}] ${describeTarget(target)}\n`);
    return result.exitCode;
  } catch (error) {
    if (error instanceof UsageError) {
      err(`${PROGRAM}: ${error.message}\nRun ${PROGRAM} --help for the options. [exit ${EXIT.usage.code}]\n`);
      return EXIT.usage.code;
    }
    throw error;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), process.env, process).then(
    (code) => { process.exitCode = code; },
    (error) => {
      process.stderr.write(`${PROGRAM}: unexpected error: ${redact(describeUnexpected(error), [process.env.PGPASSWORD])}\n`);
      process.exitCode = 1;
    });
}
