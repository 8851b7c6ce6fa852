// Issue 21: either side without plans is bad input (exit 2), as `npm run review` and `npm run cost` treat it,
// never a comparison with nothing; and a stack that is new on the NEW side is news in the headline.
import * as fs from "node:fs";
import * as path from "node:path";
import { jsonReport, productionPlan, reviewChange, scratch } from "./change-review-harness";

const { dir, write } = scratch("plan-folders");
const noAcks = write("acks.json", JSON.stringify({ acknowledgements: [] }));
const plans = (name: string, stacks: Record<string, unknown>) => {
  for (const [stack, json] of Object.entries(stacks)) write(`${name}/stacks/${stack}/cdk.tf.json`, JSON.stringify(json));
  return path.join(dir, name);
};
const empty = (name: string) => {
  fs.mkdirSync(path.join(dir, name, "stacks"), { recursive: true });
  return path.join(dir, name);
};

describe("no plans on either side: exit 2, run npm run synth", () => {
  const production = () => plans(`prod-${Math.random().toString(36).slice(2)}`, { "checkpoints-db": productionPlan() });

  test.each([
    ["an empty NEW folder (today: DELETES aws_db_instance.checkpoints)", () => [production(), empty("empty-new")], "NEW", "empty-new"],
    ["an empty OLD folder (today: No change to the database)", () => [empty("empty-old"), production()], "OLD", "empty-old"],
  ])("%s", (_name, sides, side, folder) => {
    const [oldDir, newDir] = sides();
    const run = reviewChange(["--base-dir", oldDir, newDir, "--format", "json", "--acknowledgements", noAcks]);
    expect(run).toMatchObject({ code: 2, stdout: "" });
    expect(run.stderr).toBe(`review:change: ${side} ${path.join(dir, folder)} holds no plans (no stacks/*/cdk.tf.json, no *.tf.json); run \`npm run synth\`\n`);
  });

  test("a missing NEW folder", () => {
    const run = reviewChange(["--base-dir", production(), path.join(dir, "never-synthesized"), "--acknowledgements", noAcks]);
    expect(run).toMatchObject({ code: 2, stdout: "" });
    expect(run.stderr).toBe(`review:change: NEW ${path.join(dir, "never-synthesized")} does not exist: no plans; run \`npm run synth\`\n`);
  });
});

test("a new stack's database is CREATED in the headline, never \"No change to the database\"", () => {
  const staging = productionPlan();
  const oldDir = plans("one-stack", { "checkpoints-db": productionPlan() });
  const newDir = plans("two-stacks", { "checkpoints-db": productionPlan(), "checkpoints-db-staging": staging });
  const run = reviewChange(["--base-dir", oldDir, newDir, "--format", "json", "--acknowledgements", noAcks]);
  expect(run.code).toBe(0);
  const report = jsonReport(run);
  expect(report.summary).toMatch(/^CREATES aws_db_instance\.checkpoints in checkpoints-db-staging \(a new, empty database\); \d+ resources created$/);
  expect(report.summary).not.toContain("No change");
});
