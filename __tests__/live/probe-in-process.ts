import { captureIo } from "../support/capture-io";
import { runCommand } from "../../probe/cli";
import type { ProbeRun } from "./live-server";

/**
 * The probe's command run in this process with the arguments and the environment the bundle would be given:
 * what it prints and the exit code it returns, an unexpected error reported as the bundle reports it
 * (probe/cli.ts runCommand, which the bundle runs). Everything the probe reads comes from that environment
 * (main takes it; pg's fallbacks to process.env are closed in probe/witness.ts, checked by
 * probe-psql-matrix.test.ts), so this shows what the bundle would without a Node start per run (0.12-0.16
 * CPU s, issue 26). What only a process shows (its exit once the loop empties, output flushed before exit,
 * Node's warnings) is for the bundle: probe-cli.test.ts and the scenarios kept spawned.
 */
export async function runProbeInProcess(args: readonly string[], env: Record<string, string>): Promise<ProbeRun> {
  const io = captureIo();
  const status = await runCommand(args, env, io);
  return { status, stdout: io.out(), stderr: io.err(), output: io.out() + io.err() };
}
