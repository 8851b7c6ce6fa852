import { closeSuiteRun } from "./suite-run";

/** Runs after the projects' own teardowns: removes everything the run recorded. */
export default function suiteGlobalTeardown(): void {
  closeSuiteRun();
}
