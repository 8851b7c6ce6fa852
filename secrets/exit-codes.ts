import { exitTable } from "../cli/exit-table";

/** `npm run secret:create` exit codes: one table, shown by --help and in the README. */
export const SECRET_EXIT = {
  ok: { code: 0, meaning: "the secret was created (or, with --rotate, a new version added)" },
  error: { code: 1, meaning: "an AWS error not listed below" },
  usage: { code: 2, meaning: "usage or configuration error" },
  noCredentials: { code: 3, meaning: "no usable AWS credentials" },
  accessDenied: { code: 4, meaning: "access denied" },
  notFound: { code: 5, meaning: "--rotate, but the secret does not exist" },
  exists: { code: 6, meaning: "the secret exists and --rotate was not given: nothing was changed" },
  throttled: { code: 7, meaning: "throttled by AWS after retries" },
  unreadable: { code: 8, meaning: "--rotate or --endpoint: the existing secret is not a JSON object (nothing was changed)" },
} as const;

/** The same codes as one array in code order: what --help and docs/ render. */
export const EXIT_TABLE = exitTable(SECRET_EXIT);
