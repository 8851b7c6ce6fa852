import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DOCUMENT_ATTRIBUTES, plannedValue } from "../fixtures/design-document";
import {
  cdktfCliSynth, cdktfCliUnavailable, directSynth, filesUnder, npmSynth, projectRoot, projectWith, Run,
} from "../support/synth-project";

// `npm run synth` runs the app itself; `npx cdktf synth` runs it through the cdktf CLI. Both must write
// the same bytes, for the repository's cdktf.json and for one with every optional setting on.
// Each synth here runs once, all at the same time in beforeAll (each mostly waits on its own process):
// the real `npm run synth` of this project, whose output the tests of its plan and of a failed synth
// after it also use, and where the CLI can run, `npx cdktf synth` of this project and both ways for the
// every-setting configuration. The cdktf CLI costs ~3.5 s of CPU a run (its own start-up), so it runs
// once per configuration. Synth's error cases are in npm-run-synth.test.ts.
const unavailable = cdktfCliUnavailable();
if (unavailable) {
  console.warn(`byte-for-byte comparison with the cdktf CLI skipped: ${unavailable}`);
}
const describeWithCli = unavailable ? describe.skip : describe;

/** Every field of context.checkpoints away from its default, two password sources, and an S3 backend. */
const EVERY_SETTING = {
  language: "typescript",
  app: "node tools/run-ts.cjs main.ts",
  context: {
    checkpoints: {
      region: "eu-west-2",
      engineVersion: "15.15",
      instanceClass: "db.m7g.large",
      allocatedStorageGb: 200,
      maxAllocatedStorageGb: 1000,
      storageType: "io1",
      iops: 3000,
      backupRetentionDays: 14,
      backupWindow: "01:00-02:00",
      multiAz: false,
      databaseName: "ckpt",
      masterUsername: "ckpt_admin",
      extraTags: { Team: "platform", CostCenter: "42" },
      deletionProtection: false,
      finalSnapshot: false,
      keepAutomatedBackups: false,
      copyTagsToSnapshot: false,
      logMinDurationStatementMs: -1,
      logRetentionDays: 90,
      performanceInsightsRetentionDays: 31,
      performanceInsightsKmsKeyId: "arn:aws:kms:eu-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      monitoringIntervalSeconds: 0,
      iamDatabaseAuthentication: false,
      caCertIdentifier: "rds-ca-ecc384-g1",
      autoMinorVersionUpgrade: false,
      maintenanceWindow: "sat:05:00-sat:06:00",
      stateBackend: { type: "s3", bucket: "acme-terraform-state", region: "eu-west-2", keyPrefix: "db/",
        kmsKeyId: "arn:aws:kms:eu-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
      environments: {
        production: { identifier: "ckpt-prod", passwordSource: "write-only" },
        staging: { identifier: "ckpt-staging", passwordSource: "rds-managed", instanceClass: "db.t4g.micro" },
      },
    },
  },
};

const planOf = (outdir: string, stack: string) => path.join(outdir, "stacks", stack, "cdk.tf.json");

let outRoot = "";
let everything: ReturnType<typeof projectWith> | undefined;
const out = (name: string) => path.join(outRoot, name);
let npmRun: Run;
/** The CLI's runs and the direct one they are compared with, by output folder name. */
const withCli = new Map<string, Run>();
beforeAll(async () => {
  outRoot = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-synth-vs-cli-"));
  // Made only where the CLI runs: a skipped block (Node 24) makes nothing.
  if (!unavailable) everything = projectWith(EVERY_SETTING);
  const npm = npmSynth(projectRoot, ["--output", out("repo-npm")]);
  const cli = everything === undefined ? undefined : Promise.all([
    cdktfCliSynth(projectRoot, ["--output", out("repo-cli")]),
    directSynth(everything.dir, ["--output", out("every-direct")]),
    cdktfCliSynth(everything.dir, ["--output", out("every-cli")]),
  ]);
  npmRun = await npm;
  const runs = await cli;
  if (runs) ["repo-cli", "every-direct", "every-cli"].forEach((name, i) => withCli.set(name, runs[i]));
  // Four processes at once, two of them the cdktf CLI: about 15 CPU s, more than the 60 s default of
  // wall time on a loaded 2-core machine (a run at load average 15 timed out here).
}, 180_000);
afterAll(() => { fs.rmSync(outRoot, { recursive: true, force: true }); everything?.dispose(); });

describe("npm run synth, this project", () => {
  test("writes the checkpoints-db plan and says where (the README's command, npm and all)", () => {
    expect({ status: npmRun.status, stderr: npmRun.stderr }).toMatchObject({ status: 0 });
    expect(npmRun.stdout).toBe(`Plan of stack checkpoints-db: ${planOf(out("repo-npm"), "checkpoints-db")}\n` +
      `Plan of stack checkpoints-db-staging: ${planOf(out("repo-npm"), "checkpoints-db-staging")}\n`);

    const plan = JSON.parse(fs.readFileSync(planOf(out("repo-npm"), "checkpoints-db"), "utf8"));
    expect(plan["//"].metadata).toMatchObject({ stackName: "checkpoints-db", version: "0.21.0" });
    for (const documented of DOCUMENT_ATTRIBUTES) {
      const { resourceType, logicalName, attribute } = documented;
      expect([attribute, plan.resource[resourceType][logicalName][attribute]]).toEqual([attribute, plannedValue(documented)]);
    }
  });

  test("a failed synth leaves no earlier plan that looks current, and says which files it removed", async () => {
    // The earlier plan: a copy of the real run's, so the tests above still see theirs.
    const outdir = out("failed-after-success");
    fs.cpSync(out("repo-npm"), outdir, { recursive: true });
    expect(fs.existsSync(planOf(outdir, "checkpoints-db"))).toBe(true);
    fs.writeFileSync(path.join(outdir, "stacks", "checkpoints-db", ".terraform.lock.hcl"), "# terraform's, kept\n");

    const run = await directSynth(projectRoot, ["--output", outdir], { CHECKPOINTS_MULTI_AZ: "maybe" });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("synth failed: removed the earlier plan files so that none looks current: " +
      `${planOf(outdir, "checkpoints-db")}, ${planOf(outdir, "checkpoints-db-staging")}, ${path.join(outdir, "manifest.json")}\n`);
    expect(fs.existsSync(planOf(outdir, "checkpoints-db"))).toBe(false);
    expect(fs.existsSync(planOf(outdir, "checkpoints-db-staging"))).toBe(false);
    expect(fs.existsSync(path.join(outdir, "manifest.json"))).toBe(false);
    // Only synth's own files go: terraform's lock file beside the plan stays.
    expect(fs.readdirSync(path.join(outdir, "stacks"))).toEqual(["checkpoints-db"]);
  });
});

describeWithCli("npm run synth writes what `cdktf synth` writes", () => {
  test.each([
    ["the repository's cdktf.json (production and staging), npm run synth", "repo-npm", "repo-cli"],
    ["every optional setting on", "every-direct", "every-cli"],
  ])("%s: same files, byte for byte", (_what, ours, theirs) => {
    for (const run of [withCli.get(ours) ?? npmRun, withCli.get(theirs) as Run]) {
      expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 0 });
    }
    const oursFiles = filesUnder(out(ours));
    const theirsFiles = filesUnder(out(theirs));
    expect([...oursFiles.keys()].sort()).toEqual([...theirsFiles.keys()].sort());
    expect([...oursFiles.keys()].sort()).toEqual(["manifest.json", ...["checkpoints-db", "checkpoints-db-staging"]
      .map((s) => path.join("stacks", s, "cdk.tf.json"))].sort());
    for (const [file, bytes] of oursFiles) expect([file, bytes.equals(theirsFiles.get(file) as Buffer)]).toEqual([file, true]);
  });
});
