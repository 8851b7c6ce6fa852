/**
 * The probe's exit codes: one table, shown by --help and in the README. Each failure class carries the
 * hint printed with it, naming what an operator should check.
 */
import { ExitCode, withSignalRow } from "../cli/exit-table";

export interface ExitClass {
  readonly code: number;
  /** Machine-readable class, as written in the evidence record. */
  readonly name: string;
  readonly meaning: string;
  readonly hint: string;
}

export const EXIT = {
  ok: { code: 0, name: "observed", meaning: "witness observed (with --expect-unreachable: the target was unreachable)", hint: "" },
  usage: { code: 2, name: "usage", meaning: "usage or configuration error",
    hint: "see --help for the options and the libpq settings they follow" },
  dns: { code: 3, name: "dns", meaning: "DNS lookup failed",
    hint: "check the host name (the endpoint from `cdktf output checkpoints-db`) and this host's DNS resolver; " +
      "a new RDS endpoint resolves only once the instance exists" },
  refused: { code: 4, name: "refused", meaning: "connection refused",
    hint: "nothing listens on that host and port: check the port and the host, and that the instance " +
      "status is available (aws rds describe-db-instances)" },
  timeout: { code: 5, name: "timeout", meaning: "timed out",
    hint: "no answer in time: check the security group's ingress from this host's subnet (app_subnet_cidr), " +
      "the route tables and network ACLs between the subnets, and that the instance status is available" },
  tls: { code: 6, name: "tls", meaning: "TLS failure (untrusted certificate, hostname mismatch, or TLS required but not offered)",
    hint: "check sslmode and --ca (for RDS: the region's or the global RDS CA bundle), that the host is the " +
      "name in the certificate (the RDS endpoint, not an IP or a CNAME), and that the client offers TLS when " +
      "the server requires it (rds.force_ssl=1)" },
  auth: { code: 7, name: "auth", meaning: "authentication failed",
    hint: "check the user name and the password (the Secrets Manager secret; after a rotation the old one is gone)" },
  noDatabase: { code: 8, name: "no-database", meaning: "database does not exist",
    hint: "check the database name in the URL (the document's is checkpoints)" },
  query: { code: 9, name: "query", meaning: "query failed",
    hint: "the server accepted the session but a witness query failed: see the error and the server's log" },
  expectation: { code: 10, name: "expectation", meaning: "an expectation was not met (including a reachable target under --expect-unreachable)",
    hint: "the server answered, but not as expected: compare the evidence with the expectation" },
  loginRefused: { code: 11, name: "login-refused",
    meaning: "the server refused the session at log-in (connection limits, database closed to connections, no CONNECT privilege, " +
      "a bad options setting, starting up or shutting down)",
    hint: "the server is up and the credentials were not the problem: see the server's reason; --wait retries the transient ones " +
      "(too many clients, starting up, shutting down)" },
  protocol: { code: 12, name: "protocol", meaning: "something answered that is not a PostgreSQL server the probe can talk to",
    hint: "another service listens on that host and port: check the port (RDS PostgreSQL: 5432) and that the host is the " +
      "database's endpoint" },
  secret: { code: 13, name: "secret", meaning: "the --secret-id secret could not be read (no AWS credentials, access denied, " +
      "not found, or not RDS's shape)",
    hint: "see the AWS error: credentials (an instance role or AWS_PROFILE), secretsmanager:GetSecretValue on the secret, the " +
      "secret id and the region" },
  internal: { code: 14, name: "internal", meaning: "internal error: the probe ended without a verdict (a bug in the probe)",
    hint: "nothing was observed; rerun with DEBUG=1 and report the output" },
} as const satisfies Record<string, ExitClass>;

export type ExitClassName = keyof typeof EXIT;

/** Hints of their own within a class, for the SQLSTATEs and messages a class covers in several ways. */
export interface ClassWording {
  readonly meaning: string;
  readonly hint: string;
}

/** All classes in code order, for --help and the README. */
export const EXIT_TABLE: readonly ExitCode[] = withSignalRow(Object.values(EXIT).sort((a, b) => a.code - b.code));

/** The hint for a class at one port: the refused hint names the port actually tried. */
export function hintAt(className: ExitClassName, port: number): string {
  return className === "refused"
    ? `nothing listens on that host and port: check the port (${port}) and the host, and that the instance ` +
      "status is available (aws rds describe-db-instances)"
    : EXIT[className].hint;
}
