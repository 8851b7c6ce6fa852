import { spawn } from "node:child_process";
import { startLocalPostgres } from "./local-postgres";
import { buildProbe } from "../tools/build-probe.cjs";

/**
 * `npm run rehearse`: the witness in one command, with no AWS account. Starts a PostgreSQL 15.4 set up
 * like the RDS instance (database checkpoints, role checkpoint_user, TLS only, a CA made for the run),
 * runs the bundled probe against it as an operator would on an app server (plain node, verify-full,
 * the password in PGPASSWORD), prints the evidence, and stops the server.
 */
async function rehearse(): Promise<number> {
  const probeFile: string = await buildProbe();
  process.stderr.write("rehearse: starting PostgreSQL 15.4 configured like the RDS instance (TLS only, scram-sha-256)...\n");
  const server = await startLocalPostgres();
  const stop = () => server.stop().catch(() => undefined);
  process.once("SIGINT", () => { void stop().then(() => process.exit(130)); });
  try {
    const url = `postgresql://${server.user}@localhost:${server.port}/${server.database}` +
      `?sslmode=verify-full&sslrootcert=${server.certificates.caFile}`;
    const args = [probeFile, url, "--expect-version", "15", "--expect-database", "checkpoints", "--require-tls", "--json"];
    process.stderr.write(`rehearse: PGPASSWORD=*** node ${args.slice(0).join(" ")}\n`);
    const code = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, args, { stdio: ["ignore", "inherit", "inherit"],
        env: { ...process.env, PGPASSWORD: server.password } });
      child.on("close", (status) => resolve(status ?? 1));
    });
    process.stderr.write(code === 0 ? "rehearse: witness observed; stopping the server\n"
      : `rehearse: the probe exited ${code}; stopping the server\n`);
    return code;
  } finally {
    await stop();
  }
}

rehearse().then((code) => { process.exitCode = code; }, (error) => {
  process.stderr.write(`rehearse: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
