import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawn } from "node:child_process";
import { checkServerTempFolder, startLocalPostgres } from "./local-postgres";
import { TempFolderError } from "./temp-folder";
import { describeReaped, reapDeadRuns, RehearsalRun, releaseOnSignal } from "./run-state";
import { describeUnexpected } from "../cli/unexpected-error";
import { exitCodeLines } from "../cli/io";
import { REHEARSE_EXIT, REHEARSE_EXIT_TABLE } from "./exit-codes";
import { parseScriptArgs } from "../tools/script-args.cjs";
import { buildProbe } from "../tools/build-probe.cjs";

const PROGRAM = "rehearse";

export const REHEARSE_HELP = `Usage: npm run rehearse

The witness in one command, with no AWS account: starts a PostgreSQL 15.4 set up like the RDS instance
(database checkpoints, role checkpoint_user, TLS only, a CA made for the run), runs the bundled probe
against it as an operator would on an app server (plain node, verify-full, the password in PGPASSWORD),
prints the probe's evidence (JSON) on stdout, and removes the server. Everything the run makes is
recorded in a state file; Ctrl-C removes it all (exit 130), and a run that was killed outright is
cleaned up by the next one.

Exit codes (the probe's code is passed through):
${exitCodeLines(REHEARSE_EXIT_TABLE)}
`;

async function rehearse(run: RehearsalRun): Promise<number> {
  const reaped = reapDeadRuns();
  if (reaped.length > 0) process.stderr.write(`${PROGRAM}: ${describeReaped(reaped)}\n`);
  // The probe is built for this run only: never into the checkout's dist/, which another run may be using.
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-rehearse-"));
  run.directory(work);
  const probeFile: string = await buildProbe(path.join(work, "checkpoints-probe.cjs"));
  process.stderr.write(`${PROGRAM}: starting PostgreSQL 15.4 configured like the RDS instance (TLS only, scram-sha-256)...\n`);
  const server = await startLocalPostgres({ run });
  const url = `postgresql://${server.user}@localhost:${server.port}/${server.database}` +
    `?sslmode=verify-full&sslrootcert=${server.certificates.caFile}`;
  const args = [probeFile, url, "--expect-version", "15", "--expect-database", "checkpoints", "--require-tls", "--json"];
  process.stderr.write(`${PROGRAM}: PGPASSWORD=*** node ${args.join(" ")}\n`);
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "inherit", "inherit"], detached: true,
      env: { ...process.env, PGPASSWORD: server.password } });
    run.process(child.pid);
    child.on("close", (status) => resolve(status ?? 1));
  });
  process.stderr.write(code === 0 ? `${PROGRAM}: witness observed; stopping the server\n`
    : `${PROGRAM}: the probe exited ${code}; stopping the server\n`);
  await server.stop();
  return code;
}

/** The temp folder is checked before anything is made in it; a bad one is said plainly (exit 1). */
function openRun(): RehearsalRun {
  try {
    checkServerTempFolder();
    return new RehearsalRun();
  } catch (error) {
    if (!(error instanceof TempFolderError)) throw error;
    process.stderr.write(`${PROGRAM}: ${error.message}\n`);
    process.exit(REHEARSE_EXIT.failed.code);
  }
}

parseScriptArgs(PROGRAM, REHEARSE_HELP);
// The state file and the signal handlers come first: there is no moment when the run owns something
// that Ctrl-C would leave behind.
const run = openRun();
releaseOnSignal(run, PROGRAM);
rehearse(run).then((code) => {
  run.release();
  process.exitCode = code;
}, (error) => {
  run.release();
  process.stderr.write(`${PROGRAM}: ${describeUnexpected(error)}\n`);
  process.exitCode = REHEARSE_EXIT.failed.code;
});
