import { openSuiteRun } from "./suite-run";

/** Every test run, unit or live: its record, signal handlers and temp folder (suite-run.ts). */
export default function suiteGlobalSetup(): void {
  openSuiteRun();
  dropExtraCaCertificates();
}

/**
 * NODE_EXTRA_CA_CERTS (set on this workplace's machines to the system bundle) makes Node 20 parse that bundle at
 * the start of every process: about 80 ms of CPU for each jest worker and each of the ~200 node processes the
 * suite starts (scripts, CLIs, npm, jest, the cdktf CLI), ~4 CPU s of tools/every-script.test.ts's ~9 (issue
 * 26). No test reaches a TLS server it would make trusted: the network is loopback only, and the live
 * PostgreSQL is trusted through the test's own CA (--ca, sslrootcert). So the workers, started after this,
 * and everything they start, go without it. A test that is about it sets it itself.
 */
function dropExtraCaCertificates(): void {
  delete process.env.NODE_EXTRA_CA_CERTS;
}
