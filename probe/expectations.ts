import { ExpectationResult, ServerObservation, TlsObservation } from "./evidence";

export interface Expectations {
  /** Server version prefix, by components: "15" matches 15.4, "15.4" matches 15.4 only. */
  readonly version?: string;
  readonly database?: string;
  readonly requireTls?: boolean;
}

/** "15.4" from "PostgreSQL 15.4 on x86_64-pc-linux-gnu, ..." */
export function serverVersionOf(versionLine: string): string {
  return /PostgreSQL (\d+(?:\.\d+)*)/.exec(versionLine)?.[1] ?? versionLine;
}

export function versionMatches(expected: string, actual: string): boolean {
  const want = expected.split(".");
  const have = actual.split(".");
  return want.length <= have.length && want.every((part, i) => Number(part) === Number(have[i]));
}

/** Each expectation the user asked for, checked against what the witness saw. Pure. */
export function checkExpectations(expectations: Expectations, server: ServerObservation,
  tls: TlsObservation): ExpectationResult[] {
  const results: ExpectationResult[] = [];
  if (expectations.version !== undefined) {
    const actual = serverVersionOf(server.version);
    results.push({ name: "version", expected: expectations.version, actual,
      met: versionMatches(expectations.version, actual) });
  }
  if (expectations.database !== undefined) {
    results.push({ name: "database", expected: expectations.database, actual: server.database,
      met: server.database === expectations.database });
  }
  if (expectations.requireTls) {
    results.push({ name: "tls", expected: "encrypted session", actual: tls.used ? `encrypted (${tls.protocol})` : "not encrypted",
      met: tls.used });
  }
  return results;
}
