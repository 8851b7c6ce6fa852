import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startLocalPostgres } from "../../rehearsal/local-postgres";
import { LIVE_ENV, LiveServerInfo } from "./live-server";
import { buildProbe } from "../../tools/build-probe.cjs";

/**
 * Starts one PostgreSQL 15.4 for the whole run, set up like the RDS instance (TLS only, scram), and
 * builds the probe bundle the tests run the way an operator would. Workers find both through an
 * environment variable naming a JSON file. Where the server cannot start, the reason is recorded and
 * every live test reports itself skipped with it.
 */
export default async function globalSetup(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-live-"));
  const infoFile = path.join(dir, "server.json");
  let info: LiveServerInfo;
  try {
    const server = await startLocalPostgres({
      listenAddresses: ["127.0.0.1", "127.0.0.2"],
      certificateNames: { dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"] },
      witnessForbiddenDatabase: "checkpoints_locked",
    });
    (globalThis as Record<string, unknown>).__checkpointsPostgres = server;
    const probeBundle: string = await buildProbe(path.join(dir, "checkpoints-probe.cjs"));
    info = { available: true, host: server.host, port: server.port, database: server.database, user: server.user,
      password: server.password, caFile: server.certificates.caFile, otherCaFile: server.certificates.otherCaFile,
      probeBundle, dir };
  } catch (error) {
    info = { available: false, reason: (error as Error).message.split("\n")[0], dir };
  }
  fs.writeFileSync(infoFile, JSON.stringify(info), { mode: 0o600 });
  process.env[LIVE_ENV] = infoFile;
}
