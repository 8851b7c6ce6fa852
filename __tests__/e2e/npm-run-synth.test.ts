import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { DOCUMENT_ATTRIBUTES, plannedValue } from "../fixtures/design-document";

const projectRoot = path.resolve(__dirname, "..", "..");
const outdirs: string[] = [];
afterAll(() => outdirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** Runs the README's `npm run synth` for real (cdktf CLI, app command and all) into a fresh directory. */
function npmRunSynth(env: Record<string, string> = {}) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-synth-"));
  outdirs.push(outdir);
  const run = spawnSync("npm", ["run", "--silent", "synth", "--", "--output", outdir], {
    cwd: projectRoot,
    env: { ...process.env, CI: "true", ...env },
    encoding: "utf8",
  });
  return { ...run, outdir, output: `${run.stdout}\n${run.stderr}` };
}

describe("npm run synth", () => {
  test("writes the checkpoints-db plan and says where", () => {
    const run = npmRunSynth();
    const planPath = path.join(run.outdir, "stacks", "checkpoints-db", "cdk.tf.json");
    expect({ status: run.status, output: run.output }).toMatchObject({ status: 0 });
    expect(run.stdout).toContain(`Plan of stack checkpoints-db: ${planPath}`);

    const plan = JSON.parse(fs.readFileSync(planPath, "utf8"));
    expect(plan["//"].metadata).toMatchObject({ stackName: "checkpoints-db", version: "0.21.0" });
    for (const documented of DOCUMENT_ATTRIBUTES) {
      const { resourceType, logicalName, attribute } = documented;
      expect([attribute, plan.resource[resourceType][logicalName][attribute]]).toEqual([attribute, plannedValue(documented)]);
    }
  });

  test("invalid configuration fails, names the problem and leaves no stack output", () => {
    const run = npmRunSynth({ CHECKPOINTS_BACKUP_RETENTION_DAYS: "3" });
    expect(run.status).not.toBe(0);
    expect(run.output).toContain("backupRetentionDays = 3 (from environment variable CHECKPOINTS_BACKUP_RETENTION_DAYS)");
    expect(run.output).toContain("accepted: a whole number of days from 7 (the design document's minimum)");
    expect(fs.existsSync(path.join(run.outdir, "stacks", "checkpoints-db", "cdk.tf.json"))).toBe(false);
    expect(run.stdout).not.toContain("Plan of stack");
  });
});
