import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { liveServer } from "./live-server";

const describeLive = liveServer().available ? describe : describe.skip;

describeLive("npm run rehearse", () => {
  test("starts its own RDS-like server, runs the bundled probe with verify-full, prints the evidence, stops", () => {
    const run = spawnSync("npm", ["run", "--silent", "rehearse"], {
      cwd: path.resolve(__dirname, "..", ".."), encoding: "utf8", env: { ...process.env, CI: "true" },
    });
    expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 0 });
    const evidence = JSON.parse(run.stdout);
    expect(evidence).toMatchObject({
      outcome: "observed", target: { host: "localhost", sslMode: "verify-full", database: "checkpoints" },
      tls: { used: true, certificateVerified: true, hostnameVerified: true },
      expectations: [{ name: "version", met: true }, { name: "database", met: true }, { name: "tls", met: true }],
    });
    expect(run.stderr).toContain("rehearse: witness observed; stopping the server");
    expect(run.stderr).toContain("PGPASSWORD=***");
  });
});
