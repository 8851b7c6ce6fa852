import * as fs from "node:fs";
import { LocalPostgres } from "../../rehearsal/local-postgres";
import { LIVE_ENV, LiveServerInfo } from "./live-server";

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as Record<string, unknown>).__checkpointsPostgres as LocalPostgres | undefined;
  await server?.stop();
  const infoFile = process.env[LIVE_ENV];
  if (infoFile && fs.existsSync(infoFile)) {
    const info = JSON.parse(fs.readFileSync(infoFile, "utf8")) as LiveServerInfo;
    fs.rmSync(info.dir, { recursive: true, force: true });
  }
  // The suite's own teardown (after this one) removes everything else the run recorded.
}
