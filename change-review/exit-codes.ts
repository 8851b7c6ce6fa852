import { exitTable } from "../cli/exit-table";

/** `npm run review:change` exit codes: one table, shown by --help and in the README. */
export const CHANGE_REVIEW_EXIT = {
  safe: { code: 0, meaning: "no stateful resource is replaced or deleted, or every such change is acknowledged; nothing Terraform or AWS would refuse" },
  dataLoss: { code: 1, meaning: "an unacknowledged replacement or deletion of a stateful resource (or an effect on one the review cannot tell, a change Terraform or AWS would refuse at apply, or a stale acknowledgement)" },
  badInput: { code: 2, meaning: "usage error or unreadable input (bad flag, unknown ref, synth failed, not a plan)" },
  internalError: { code: 3, meaning: "internal error: a bug in the review (one line; DEBUG=1 for the stack); never read as safe" },
  interrupted: { code: 130, meaning: "stopped by SIGINT (Ctrl-C), SIGTERM or SIGHUP: no verdict; the temporary worktree and folders are removed" },
  outputClosed: { code: 141, meaning: "stdout closed before the report was written (a pipe to head): no verdict, nothing more written" },
} as const;

/** The same codes as one array in code order: what --help and docs/ render. */
export const EXIT_TABLE = exitTable(CHANGE_REVIEW_EXIT);
