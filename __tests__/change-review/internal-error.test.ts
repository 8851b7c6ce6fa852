// Exit 3 (change-review/exit-codes.ts internalError): a bug in the review is one line on stderr and never a
// verdict (not 0 "safe", not 1 "data loss"). The comparison is made to throw, as a bug would.
import * as path from "node:path";
import { CHANGE_REVIEW_EXIT } from "../../change-review/exit-codes";
import { productionPlan, reviewChange, scratch } from "./change-review-harness";

jest.mock("../../change-review/compare-configurations", () => ({
  compareConfigurations: () => {
    throw new TypeError("Cannot read properties of undefined (reading 'attributes')");
  },
}));

const { write } = scratch("internal-error");

test("an exception inside the review exits 3 with one line, and writes no report", () => {
  const before = write("old/stacks/checkpoints-db/cdk.tf.json", JSON.stringify(productionPlan()));
  const after = write("new/stacks/checkpoints-db/cdk.tf.json", JSON.stringify(productionPlan()));
  const noAcks = write("acks.json", JSON.stringify({ acknowledgements: [] }));
  const run = reviewChange(["--base-dir", path.dirname(path.dirname(path.dirname(before))), path.dirname(path.dirname(path.dirname(after))), "--acknowledgements", noAcks]);
  expect(run.code).toBe(CHANGE_REVIEW_EXIT.internalError.code);
  expect(run.code).toBe(3);
  expect(run.stdout).toBe("");
  expect(run.stderr).toBe("review:change: internal error: Cannot read properties of undefined (reading 'attributes')\n");
});
