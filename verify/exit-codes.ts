import { exitTable } from "../cli/exit-table";

/** `npm run verify` exit codes: one table, shown by --help and in the README. */
export const VERIFY_EXIT = {
  complete: { code: 0, meaning: "every evidence item was observed: the task is complete" },
  error: { code: 1, meaning: "an unexpected AWS or internal error" },
  usage: { code: 2, meaning: "usage or configuration error (no synthesized plan for the stack, a bad flag)" },
  noCredentials: { code: 3, meaning: "no usable AWS credentials" },
  accessDenied: { code: 4, meaning: "access denied by AWS" },
  notFound: { code: 5, meaning: "the plan's instance does not exist in this account and region" },
  notAvailable: { code: 6, meaning: "the instance is not available (still creating at the --wait deadline, or another status)" },
  throttled: { code: 7, meaning: "throttled by AWS after retries" },
  drift: { code: 8, meaning: "drift: the live instance, security group or subnet group differs from the plan" },
  probeFailed: { code: 9, meaning: "the connection test (--probe) failed" },
  incomplete: { code: 10, meaning: "no failure, but evidence is missing (no --probe, app subnet unknown, probe not from the app subnet)" },
} as const;

/** The same codes as one array in code order: what --help and docs/ render. */
export const EXIT_TABLE = exitTable(VERIFY_EXIT);

export type VerifyExit = (typeof VERIFY_EXIT)[keyof typeof VERIFY_EXIT];
