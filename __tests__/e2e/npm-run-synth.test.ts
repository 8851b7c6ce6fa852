import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { directSynth, projectRoot, projectWith } from "../support/synth-project";

const outdirs: string[] = [];
afterAll(() => outdirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A fresh folder name for synth output that does not exist yet. */
function freshOutdir(): string {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-synth-"));
  outdirs.push(parent);
  return path.join(parent, "out");
}

// The real run of this project's synth, its plan and a failed synth after it are tested in
// synth-matches-cdktf-cli.test.ts, which shares that one run with the comparison with the cdktf CLI.
describe("npm run synth", () => {
  test("invalid configuration: the app's own message and exit 2, and nothing written, not even an empty folder", async () => {
    const outdir = freshOutdir();
    const run = await directSynth(projectRoot, ["--output", outdir], { CHECKPOINTS_BACKUP_RETENTION_DAYS: "3" });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("backupRetentionDays = 3 (from environment variable CHECKPOINTS_BACKUP_RETENTION_DAYS)");
    expect(run.stderr).toContain("accepted: a whole number of days from 7 (the design document's minimum)");
    expect(run.stderr).not.toContain("cdktf encountered an error");
    expect(run.stdout).toBe("");
    expect(fs.existsSync(outdir)).toBe(false);
  });

  test.each([
    ["a missing comma", '{\n  "app": "node tools/run-ts.cjs main.ts"\n  "output": "cdktf.out"\n}\n', 3, 3],
    ["a trailing comma", '{ "app": "node tools/run-ts.cjs main.ts", }', 1, 43],
    ["a cut-off file", '{\n  "app": "node tools/run-ts.cjs main.ts",\n', 3, 1],
  ])("a malformed cdktf.json (%s) is named with its line and column, exit 2, nothing written", async (_what, text, line, column) => {
    const project = projectWith(text);
    try {
      const run = await directSynth(project.dir, []);
      expect({ status: run.status, stderr: run.stderr, stdout: run.stdout })
        .toEqual({ status: 2, stderr: `cdktf.json: invalid JSON at line ${line}, column ${column}\n`, stdout: "" });
      expect(fs.existsSync(path.join(project.dir, "cdktf.out"))).toBe(false);
    } finally {
      project.dispose();
    }
  });

  test("an unknown argument is refused before anything runs", async () => {
    const run = await directSynth(projectRoot, ["--outptu", "x"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('synth: unknown argument "--outptu" (accepted: --output DIR, --help)\n');
  });
});

// What synth does after the app, as the cdktf CLI does, with a stand-in app (no cdktf needed): it
// writes the stacks named on its command line, with the annotations given in ANNOTATE.
describe("npm run synth, after the app has run", () => {
  const APP = `const fs = require("node:fs"); const path = require("node:path");
const out = process.env.CDKTF_OUTDIR; const stacks = {};
for (const name of process.argv.slice(2)) {
  fs.mkdirSync(path.join(out, "stacks", name), { recursive: true });
  fs.writeFileSync(path.join(out, "stacks", name, "cdk.tf.json"), "{}");
  stacks[name] = { name, synthesizedStackPath: "stacks/" + name + "/cdk.tf.json", constructPath: name,
    annotations: JSON.parse(process.env.ANNOTATE || "[]") };
}
if (!process.env.NO_MANIFEST) fs.writeFileSync(path.join(out, "manifest.json"), JSON.stringify({ stacks }));
`;
  function standIn(stacks: string[]): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-synth-app-"));
    outdirs.push(dir);
    fs.writeFileSync(path.join(dir, "app.cjs"), APP);
    fs.writeFileSync(path.join(dir, "cdktf.json"), JSON.stringify({ app: `node app.cjs ${stacks.join(" ")}` }));
    return dir;
  }

  test("an error annotation fails the run, printed as the CLI prints it, and no plan is left", async () => {
    const dir = standIn(["one"]);
    const run = await directSynth(dir, [], { ANNOTATE: JSON.stringify([{ constructPath: "one/db", level: "@cdktf/error", message: "bad thing" }]) });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("ERROR [one/db]: bad thing\n");
    expect(run.stdout).toBe("");
    expect(fs.existsSync(path.join(dir, "cdktf.out", "stacks", "one", "cdk.tf.json"))).toBe(false);
  });

  test("a warning is printed and the plan kept", async () => {
    const dir = standIn(["one"]);
    const run = await directSynth(dir, [], { ANNOTATE: JSON.stringify([{ constructPath: "one/db", level: "@cdktf/warn", message: "heads up" }]) });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "WARN [one/db]: heads up\n" });
    expect(run.stdout).toBe(`Plan of stack one: ${path.join("cdktf.out", "stacks", "one", "cdk.tf.json")}\n`);
  });

  test("an app that writes no manifest.json fails, saying so", async () => {
    const dir = standIn(["one"]);
    const run = await directSynth(dir, [], { NO_MANIFEST: "1" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("the app wrote no");
    expect(run.stderr).toContain("does it call app.synth()?");
  });

  test("stacks of an earlier run that the app no longer defines are removed, as the CLI removes them", async () => {
    const dir = standIn(["one", "two"]);
    expect((await directSynth(dir, [])).status).toBe(0);
    fs.writeFileSync(path.join(dir, "cdktf.json"), JSON.stringify({ app: "node app.cjs one" }));
    const run = await directSynth(dir, []);
    expect(run.status).toBe(0);
    expect(fs.readdirSync(path.join(dir, "cdktf.out", "stacks"))).toEqual(["one"]);
  });
});
