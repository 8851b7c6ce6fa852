// The tests' synth cache (issue 26, __tests__/support/synth-plan.ts): one synth per input per run, kept
// in the run's own temp folder, never shared with a caller that may change what it was given.
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { planJsonFor, synthesizedPlanDir, synthProductionStack } from "../support/synth-plan";

const cache = path.join(os.tmpdir(), "synthesized-plans");
// Stryker's jest runner (npm run mutate) runs this file with its namespace set: the cache is off there.
const underMutation = "__stryker__" in globalThis || process.env.__STRYKER_ACTIVE_MUTANT__ !== undefined;
const outsideMutation = underMutation ? test.skip : test;
const listing = (dir: string) => fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();

outsideMutation("a plan is kept in this run's temp folder, which the suite's global setup made for this run", () => {
  expect(path.basename(os.tmpdir())).toMatch(/^checkpoints-test-run-/);
  const json = planJsonFor({ instanceClass: "db.t4g.large" });
  const kept = fs.readdirSync(cache).filter((f) => f.endsWith(".json")).map((f) => fs.readFileSync(path.join(cache, f), "utf8"));
  expect(kept).toContain(json);
  // The same bytes a synth of the stack itself writes.
  expect(synthProductionStack({ instanceClass: "db.t4g.large" }).stack).toBeDefined();
});

test("each caller gets a plan folder of its own: removing one leaves the next intact", () => {
  const first = synthesizedPlanDir();
  const second = synthesizedPlanDir();
  expect(second).not.toBe(first);
  expect(listing(second)).toEqual(listing(first));
  const plan = path.join("stacks", "checkpoints-db", "cdk.tf.json");
  expect(fs.readFileSync(path.join(second, plan), "utf8")).toBe(fs.readFileSync(path.join(first, plan), "utf8"));
  fs.rmSync(first, { recursive: true, force: true });
  fs.writeFileSync(path.join(second, plan), "changed by a test");
  const third = synthesizedPlanDir();
  expect(JSON.parse(fs.readFileSync(path.join(third, plan), "utf8"))["//"].metadata.stackName).toBe("checkpoints-db");
  for (const dir of [second, third]) fs.rmSync(dir, { recursive: true, force: true });
});

outsideMutation("under mutation testing nothing is kept: each run's mutant may change what synth writes", () => {
  // This input's own entry (synth-plan.ts names it by the input's hash): other files' synths may add theirs
  // to the run's cache at the same time, so the folder's count says nothing.
  const context = { instanceClass: "db.t4g.xlarge" };
  const entry = `${crypto.createHash("sha256").update(JSON.stringify([context, {}])).digest("hex")}.json`;
  const entriesFor = () => (fs.existsSync(cache) ? fs.readdirSync(cache).filter((f) => f.startsWith(entry)) : []);
  expect(entriesFor()).toEqual([]);
  (globalThis as Record<string, unknown>).__stryker__ = {};
  try {
    planJsonFor(context);
  } finally {
    delete (globalThis as Record<string, unknown>).__stryker__;
  }
  expect(entriesFor()).toEqual([]);
});
