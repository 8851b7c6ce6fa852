import { openSuiteRun } from "./suite-run";

/** Every test run, unit or live: its record, signal handlers and temp folder (suite-run.ts). */
export default function suiteGlobalSetup(): void {
  openSuiteRun();
}
