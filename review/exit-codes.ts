import { withSignalRow } from "../cli/exit-table";

/** The gate's exit codes: one meaning each, shown by --help and the README. */
export const REVIEW_EXIT = { passed: 0, failed: 1, badInput: 2, internalError: 3 } as const;

export const REVIEW_EXIT_TABLE: ReadonlyArray<{ readonly code: number; readonly meaning: string }> = withSignalRow([
  { code: REVIEW_EXIT.passed, meaning: "the gate passes: no unsuppressed error-severity finding (\"cannot evaluate\" included)" },
  { code: REVIEW_EXIT.failed, meaning: "the gate fails: an error-severity rule found something, or could not evaluate it" },
  { code: REVIEW_EXIT.badInput, meaning: "input or usage: not JSON, nested too deep, not Terraform JSON, no *.tf.json, HCL beside the JSON, " +
    "bad suppressions (an unknown rule or stack, no reason), unknown flag" },
  { code: REVIEW_EXIT.internalError, meaning: "internal error (a bug): one line naming the rule and the input; DEBUG=1 adds the stack" },
]);

/** The table under the name every tool's exit-codes.ts uses. */
export const EXIT_TABLE = REVIEW_EXIT_TABLE;
