import { exitTable } from "../cli/exit-table";

/** `npm run preflight` exit codes: one table, shown by --help and in the README. */
export const PREFLIGHT_EXIT = {
  pass: { code: 0, meaning: "every check passed (or was skipped, with the reason shown)" },
  fail: { code: 1, meaning: "a check failed, or could not be evaluated for another AWS error: the apply would fail" },
  usage: { code: 2, meaning: "usage or configuration error (no synthesized plan for the stack, a bad flag)" },
  noCredentials: { code: 3, meaning: "no usable AWS credentials (nothing was asked of AWS)" },
  accessDenied: { code: 4, meaning: "access denied on at least one call: the report names the missing rds:/ec2:/s3: action" },
  throttled: { code: 5, meaning: "throttled on at least one call after the SDK's own retries (5 attempts, adaptive)" },
} as const;

/** The same codes as one array in code order: what --help and docs/ render. */
export const EXIT_TABLE = exitTable(PREFLIGHT_EXIT);

/** When several apply, the first in this order wins: what blocks the operator most comes first. */
export const EXIT_PRECEDENCE = ["accessDenied", "throttled", "fail"] as const;
