import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ChangeReviewOptions, main } from "../../change-review/cli";
import { captureIo } from "../support/capture-io";
import { documentPlan, TerraformJson } from "../support/synth-plan";

/** A scratch folder removed after the test file. */
export function scratch(prefix: string): { dir: string; write: (relative: string, content: string) => string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `checkpoints-change-${prefix}-`));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    write: (relative, content) => {
      const file = path.join(dir, relative);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
      return file;
    },
  };
}

/** The production stack's cdk.tf.json as synth writes it, parsed afresh (tests mutate their copy). */
export function productionPlan(): TerraformJson {
  return documentPlan();
}

export interface ChangeRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A review that only reads files (--plan-json, --base-dir OLD NEW): main answers at once. */
export function reviewChange(argv: string[], cwd?: string): ChangeRun {
  const io = captureIo();
  const code = main(argv, io, cwd ? { cwd } : {});
  if (typeof code !== "number") throw new Error("this review synthesizes: use reviewChangeAsync");
  return { code, stdout: io.out(), stderr: io.err() };
}

/** Any review, synthesizing ones included (--base, --base-dir OLD alone). */
export async function reviewChangeAsync(argv: string[], options: ChangeReviewOptions = {}): Promise<ChangeRun> {
  const io = captureIo();
  const code = await main(argv, io, options);
  return { code, stdout: io.out(), stderr: io.err() };
}

let counter = 0;
/** Writes the two plans as stacks/checkpoints-db/cdk.tf.json folders and reviews base -> head. */
export function comparePlans(base: TerraformJson, head: TerraformJson, extra: string[] = [], where = scratchRoot()): ChangeRun {
  const n = ++counter;
  const baseFile = path.join(where, `${n}`, "base", "stacks", "checkpoints-db", "cdk.tf.json");
  const headFile = path.join(where, `${n}`, "head", "stacks", "checkpoints-db", "cdk.tf.json");
  for (const [file, json] of [[baseFile, base], [headFile, head]] as const) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(json, null, 2));
  }
  const noAcks = path.join(where, `${n}`, "acknowledgements.json");
  if (!extra.includes("--acknowledgements")) fs.writeFileSync(noAcks, JSON.stringify({ acknowledgements: [] }));
  const acks = extra.includes("--acknowledgements") ? [] : ["--acknowledgements", noAcks];
  return reviewChange(["--base-dir", path.dirname(path.dirname(path.dirname(baseFile))), path.dirname(path.dirname(path.dirname(headFile))), ...acks, ...extra]);
}

// Made when the test file loads, so its clean-up hook is registered at the top level.
const root = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-change-plans-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
function scratchRoot(): string {
  return root;
}

export interface JsonReport {
  schema: string;
  compared: string;
  summary: string;
  ok: boolean;
  stacks: { stack: string; resources: { address: string; previousAddress?: string; type: string; action: string; effect: string; notes: string[];
    attributes: { attribute: string; before: string; after: string; effect: string; detail: string }[] }[] }[];
  findings: { stack: string; address: string; change: string; message: string; acknowledged?: string }[];
}

export function jsonReport(run: ChangeRun): JsonReport {
  return JSON.parse(run.stdout) as JsonReport;
}

/** "address attribute effect" lines of every changed attribute, and "address action effect" of every resource. */
export function effectLines(report: JsonReport): string[] {
  return report.stacks.flatMap((s) => s.resources.flatMap((r) => [
    `${r.address} ${r.action} ${r.effect}`,
    ...r.attributes.map((a) => `  ${a.attribute} ${a.effect}`),
  ]));
}
