// `npm run review:change ... | head -1`: head exits after one line and the pipe closes. The review ends quietly
// (no stack trace) with exit 141 (change-review/exit-codes.ts outputClosed), which is no verdict: an unhandled
// EPIPE would exit 1, which reads as "data loss".
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { CHANGE_REVIEW_EXIT } from "../../change-review/exit-codes";
import { readerlessPipe } from "../support/readerless-pipe";

const ROOT = path.resolve(__dirname, "..", "..");

test("a closed stdout pipe ends the review quietly, with no verdict exit code", async () => {
  // The reader is gone before the report is written, as after `head -1`.
  const stdout = readerlessPipe();
  const child = spawn(process.execPath, [path.join(ROOT, "tools", "run-ts.cjs"), path.join(ROOT, "change-review", "cli.ts"),
    "--plan-json", path.join(ROOT, "__tests__", "fixtures", "terraform-show-json", "update-class.json"),
    "--acknowledgements", path.join(ROOT, "change-review", "acknowledgements.json")], { stdio: ["ignore", stdout, "pipe"] });
  fs.closeSync(stdout);
  let stderr = "";
  child.stderr!.on("data", (d) => { stderr += d; });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  expect({ code, stderr }).toEqual({ code: CHANGE_REVIEW_EXIT.outputClosed.code, stderr: "" });
  expect([CHANGE_REVIEW_EXIT.safe.code, CHANGE_REVIEW_EXIT.dataLoss.code]).not.toContain(code);
});
