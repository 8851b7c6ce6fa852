import { exitTable } from "../cli/exit-table";

/** `npm run cost` exit codes: one table, shown by --help and in the README. */
export const COST_EXIT = {
  complete: { code: 0, meaning: "every line of every estimate has a figure" },
  error: { code: 1, meaning: "an unexpected AWS or internal error" },
  usage: { code: 2, meaning: "usage error: a bad flag or value, no synthesized plan (run `npm run synth`), an unknown stack" },
  noCredentials: { code: 3, meaning: "--live: no usable AWS credentials" },
  accessDenied: { code: 4, meaning: "--live: access denied (the caller needs pricing:GetProducts)" },
  incomplete: { code: 5, meaning: "printed, but incomplete: a line has no price or an unknown quantity (the total is a floor)" },
  throttled: { code: 7, meaning: "--live: throttled by AWS after retries" },
} as const;

/** The same codes as one array in code order: what --help and docs/ render. */
export const EXIT_TABLE = exitTable(COST_EXIT);
