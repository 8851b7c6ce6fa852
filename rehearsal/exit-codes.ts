import { ExitCode, exitTable } from "../cli/exit-table";
import { EXIT_TABLE as PROBE_EXIT_TABLE } from "../probe/exit-codes";

/** `npm run rehearse:network` exit codes: one table, shown by --help and in the README. */
export const NETWORK_EXIT = {
  asIntended: { code: 0, meaning: "every outcome matched the plan's intent" },
  differs: { code: 1, meaning: "an outcome differed from the plan's intent, or a rule could not be translated" },
  usage: { code: 2, meaning: "usage error, no synthesized plan, or a plan with no database or no ingress to rehearse" },
  prerequisites: { code: 3, meaning: "cannot run here: not root, iproute2, nftables or setpriv missing, or a temp folder (TMPDIR) that is missing or closed to the server's user" },
  interrupted: { code: 130, meaning: "interrupted (Ctrl-C, SIGTERM or SIGHUP); everything the run made was removed" },
} as const;

/** The same codes as one array in code order: what --help and docs/ render. */
export const EXIT_TABLE = exitTable(NETWORK_EXIT);

/** `npm run rehearse`'s own codes; every other code is the probe's, passed through (probe/exit-codes.ts). */
export const REHEARSE_EXIT = {
  failed: { code: 1, meaning: "the rehearsal itself failed (the server did not start, the probe could not run, or the temp folder (TMPDIR) is missing or closed to the server's user)" },
  interrupted: { code: 130, meaning: "interrupted (Ctrl-C, SIGTERM or SIGHUP); everything the run made was removed" },
} as const;

/** The probe's codes with the rehearsal's own, in code order: what `npm run rehearse -- --help` shows. */
export const REHEARSE_EXIT_TABLE: readonly ExitCode[] = [...exitTable(REHEARSE_EXIT),
  ...PROBE_EXIT_TABLE.filter(({ code }) => code !== 130).map(({ code, meaning }) => ({ code, meaning: `probe: ${meaning}` }))].sort((a, b) => a.code - b.code);
