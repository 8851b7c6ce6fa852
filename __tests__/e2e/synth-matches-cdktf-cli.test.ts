import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  cdktfCliSynth, cdktfCliUnavailable, directSynth, filesUnder, projectRoot, projectWith, Run,
} from "../support/synth-project";

// `npm run synth` runs the app itself; `npx cdktf synth` runs it through the cdktf CLI. Both must write
// the same bytes, for the repository's cdktf.json and for one with every optional setting on.
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

describeWithCli("npm run synth writes what `cdktf synth` writes", () => {
  // Made in beforeAll: a skipped block (Node 24) makes nothing.
  let outRoot = "";
  let everything: ReturnType<typeof projectWith> | undefined;
  beforeAll(() => {
    outRoot = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-synth-vs-cli-"));
    everything = projectWith(EVERY_SETTING);
  });
  afterAll(() => { fs.rmSync(outRoot, { recursive: true, force: true }); everything?.dispose(); });

  /** Both ways, at once (each is mostly waiting on its own process), into fresh folders. */
  async function bothWays(cwd: string, name: string): Promise<{ direct: string; cli: string; runs: Run[] }> {
    const direct = path.join(outRoot, `${name}-direct`);
    const cli = path.join(outRoot, `${name}-cli`);
    const runs = await Promise.all([directSynth(cwd, ["--output", direct]), cdktfCliSynth(cwd, ["--output", cli])]);
    return { direct, cli, runs };
  }

  test.each([
    ["the repository's cdktf.json (production and staging)", "repo", ["checkpoints-db", "checkpoints-db-staging"]],
    ["every optional setting on", "every", ["checkpoints-db", "checkpoints-db-staging"]],
  ])("%s: same files, byte for byte", async (_what, name, stacks) => {
    const cwd = name === "repo" ? projectRoot : (everything as ReturnType<typeof projectWith>).dir;
    const { direct, cli, runs } = await bothWays(cwd, name);
    for (const run of runs) expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 0 });
    const ours = filesUnder(direct);
    const theirs = filesUnder(cli);
    expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
    expect([...ours.keys()].sort()).toEqual(["manifest.json", ...stacks.map((s) => path.join("stacks", s, "cdk.tf.json"))].sort());
    for (const [file, bytes] of ours) expect([file, bytes.equals(theirs.get(file) as Buffer)]).toEqual([file, true]);
  });
});
