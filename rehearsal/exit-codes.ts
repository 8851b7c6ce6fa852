import { exitTable } from "../cli/exit-table";

/** `npm run rehearse:network` exit codes: one table, shown by --help and in the README. */
export const NETWORK_EXIT = {
  asIntended: { code: 0, meaning: "every outcome matched the plan's intent" },
  differs: { code: 1, meaning: "an outcome differed from the plan's intent, or a rule could not be translated" },
  usage: { code: 2, meaning: "usage error, no synthesized plan, or a plan with no database or no ingress to rehearse" },
  prerequisites: { code: 3, meaning: "cannot run here: not root, or iproute2, nftables or setpriv missing" },
  interrupted: { code: 130, meaning: "interrupted (Ctrl-C or SIGTERM); everything the run made was removed" },
} as const;

/** The same codes as one array in code order: what --help and docs/ render. */
export const EXIT_TABLE = exitTable(NETWORK_EXIT);
