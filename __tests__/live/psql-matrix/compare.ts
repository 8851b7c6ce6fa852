import { runProcess } from "../../support/run-process";
import { psqlCommand } from "../psql-binary";
import { runProbeInProcess as runInProcess } from "../probe-in-process";
import { EXIT, ExitClassName } from "../../../probe/exit-codes";

/** psql 15's outcome on one scenario, and what the probe must say to match it. */
/**
 * OpenSSL 3.2 renamed its SSLv3-era alert reasons ("sslv3 alert certificate expired" is "ssl/tls alert
 * certificate expired" since): libpq and the probe each print their own OpenSSL's words, and the host's psql
 * links OpenSSL 3.0 while Node 24 bundles a newer one. Compared as one.
 */
function opensslWords(text: string): string {
  return text.toLowerCase().replace(/ssl\/tls alert/g, "sslv3 alert");
}

export type Expectation =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /** The probe's class whose meaning fits psql's message. */
      readonly className: ExitClassName;
      /** Words psql prints that the probe must print too (compared without case). */
      readonly words: string;
    };

export interface Scenario {
  readonly name: string;
  /** The URL both are given. */
  readonly url: string;
  /** PGPASSWORD for both; null: none at all. */
  readonly password: string | null;
  /** More environment for both (PG* variables). */
  readonly env?: Readonly<Record<string, string>>;
  readonly expect: Expectation;
  /** What else the probe's own output must show (the summary's host, no Node warning). */
  readonly probeCheck?: (run: ClientRun) => void;
}

export interface ClientRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** psql, run as /usr/bin/psql would run it, without its Perl wrapper (../psql-binary.ts); undefined: none installed. */
export const PSQL = psqlCommand();

function environment(scenario: Scenario, home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, PGCONNECT_TIMEOUT: "30",
    ...(scenario.password === null ? {} : { PGPASSWORD: scenario.password }), ...scenario.env,
  };
}

export function runPsql(scenario: Scenario, home: string): Promise<ClientRun> {
  if (!PSQL) throw new Error("psql is not installed");
  return runProcess(PSQL.binary, [scenario.url, "-X", "-A", "-t", "-c", "SELECT 1"], { env: PSQL.env(environment(scenario, home)) });
}

export function runProbe(bundle: string, scenario: Scenario, home: string): Promise<ClientRun> {
  return runProcess(process.execPath, [bundle, scenario.url], { env: environment(scenario, home) });
}

/** The probe's command in this process (../probe-in-process.ts), given the environment the bundle would get. */
export function runProbeInProcess(scenario: Scenario, home: string): Promise<ClientRun> {
  return runInProcess([scenario.url], environment(scenario, home));
}

/**
 * The comparison: psql's outcome is the scenario's (so the table states psql's behaviour, checked each run);
 * the probe has the same outcome, the class expected, psql's words, and no stack trace.
 */
export function compareRuns(scenario: Scenario, psql: ClientRun, probe: ClientRun): string[] {
  const problems: string[] = [];
  const { expect: wanted } = scenario;
  if ((psql.status === 0) !== wanted.ok) {
    problems.push(`psql ${psql.status === 0 ? "succeeded" : `failed (${psql.stderr.trim()})`}, the scenario says ` +
      `${wanted.ok ? "success" : "failure"}`);
  }
  if (!wanted.ok && psql.status !== 0 && !psql.stderr.toLowerCase().includes(wanted.words.toLowerCase())) {
    problems.push(`psql's message lacks "${wanted.words}": ${psql.stderr.trim()}`);
  }
  if (psql.status !== 0 && probe.status === 0) problems.push("psql failed and the probe exited 0 (a false observed)");
  if (wanted.ok && probe.status !== 0) problems.push(`the probe failed (${probe.status}): ${probe.stderr.trim()}`);
  if (!wanted.ok) {
    const code = EXIT[wanted.className].code;
    if (probe.status !== code) problems.push(`the probe exited ${probe.status}, expected ${code} (${wanted.className}): ${probe.stderr.trim()}`);
    if (!opensslWords(probe.stderr).includes(opensslWords(wanted.words))) {
      problems.push(`the probe's message lacks psql's words "${wanted.words}": ${probe.stderr.trim()}`);
    }
  }
  if (/^\s+at .+\(.*:\d+:\d+\)$/m.test(probe.stderr) || /unexpected error/.test(probe.stderr)) {
    problems.push(`the probe printed a stack trace or an unexpected error: ${probe.stderr.trim()}`);
  }
  return problems;
}
