import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { initdbTemplatePath, startLocalPostgres } from "../../rehearsal/local-postgres";
import { OUTER_TMPDIR_ENV, openSuiteRun } from "../support/suite-run";
import { LIVE_ENV, LiveServerInfo } from "./live-server";
import { buildProbe } from "../../tools/build-probe.cjs";
import { serverTempDir } from "./server-temp-dir";

/**
 * Starts one PostgreSQL 15.4 for the whole run, set up like the RDS instance (TLS only, scram), and
 * builds the probe bundle the tests run the way an operator would. Workers find both through an
 * environment variable naming a JSON file. Where the server cannot start, the reason is recorded and
 * every live test reports itself skipped with it.
 */
export default async function globalSetup(): Promise<void> {
  // The run's server and directories are recorded in the suite's state file, outside the run's own temp
  // folder: a signal removes them, and a test run killed outright is cleaned up by the next one.
  const { run } = openSuiteRun();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-live-"));
  run.directory(dir);
  const infoFile = path.join(dir, "server.json");
  // The initdb template is a cache, kept in the machine's temp folder like a rehearsal's, not in the run's own
  // (removed at its end): a second run copies it instead of running initdb in the set-up every test waits for.
  const templateDir = process.env[OUTER_TMPDIR_ENV] || os.tmpdir();
  // The bundle is built while the server starts: both mostly wait (on esbuild, on PostgreSQL).
  const [started, built] = await Promise.allSettled([
    startLocalPostgres({
      templateDir,
      tempDir: serverTempDir(run),
      listenAddresses: ["127.0.0.1", "127.0.0.2"],
      certificateNames: { dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"] },
      witnessForbiddenDatabase: "checkpoints_locked",
      run,
    }),
    buildProbe(path.join(dir, "checkpoints-probe.cjs")) as Promise<string>,
  ]);
  if (started.status === "fulfilled") (globalThis as Record<string, unknown>).__checkpointsPostgres = started.value;
  let info: LiveServerInfo;
  if (started.status === "fulfilled" && built.status === "fulfilled") {
    const server = started.value;
    info = { available: true, host: server.host, port: server.port, database: server.database, user: server.user,
      password: server.password, caFile: server.certificates.caFile, otherCaFile: server.certificates.otherCaFile,
      probeBundle: built.value, templateDir, template: initdbTemplatePath(templateDir), dir };
  } else {
    const failed = (started.status === "rejected" ? started : built) as PromiseRejectedResult;
    info = { available: false, reason: (failed.reason as Error).message.split("\n")[0], dir };
  }
  fs.writeFileSync(infoFile, JSON.stringify(info), { mode: 0o600 });
  process.env[LIVE_ENV] = infoFile;
}
