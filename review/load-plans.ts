// Legacy JSON.parse reader kept for verify/ and rehearsal/ only: the review gate reads plans through ./terraform-json.
import * as fs from "node:fs";
import * as path from "node:path";
import { TerraformPlan } from "./terraform-plan";

/** Bad input to the gate: exit 2, with a message that names the path and the fix. */
export class ReviewInputError extends Error {
  readonly code = "REVIEW_INPUT";
  constructor(message: string) {
    super(message);
    this.name = "ReviewInputError";
  }
}

const TERRAFORM_KEYS = ["resource", "data", "variable", "output", "terraform", "provider", "locals", "module"];

function findPlanFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== "node_modules" && entry.name !== ".terraform") found.push(...findPlanFiles(full));
    else if (entry.isFile() && entry.name === "cdk.tf.json") found.push(full);
  }
  return found.sort();
}

/** Reads one cdk.tf.json; the stack is named by its metadata, else by its directory. */
export function loadPlan(file: string): TerraformPlan {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code) throw new ReviewInputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code}`);
    throw new ReviewInputError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json) ||
    !TERRAFORM_KEYS.some((k) => k in (json as Record<string, unknown>))) {
    throw new ReviewInputError(`${file} is not a Terraform JSON configuration: it has none of the blocks ` +
      `${TERRAFORM_KEYS.join(", ")}; point the review at a synthesized cdk.tf.json`);
  }
  const record = json as Record<string, { metadata?: { stackName?: string } } & Record<string, unknown>>;
  const stack = record["//"]?.metadata?.stackName ?? path.basename(path.dirname(file));
  return new TerraformPlan(stack, file, record);
}

/** Every plan at the given paths: files as they are, directories searched for cdk.tf.json. */
export function loadPlans(paths: string[]): TerraformPlan[] {
  const files: string[] = [];
  for (const p of paths) {
    if (!fs.existsSync(p)) {
      throw new ReviewInputError(`${p} does not exist; run \`npm run synth\` first, or name a cdk.tf.json or a directory holding some`);
    }
    if (fs.statSync(p).isDirectory()) {
      const found = findPlanFiles(p);
      if (found.length === 0) throw new ReviewInputError(`no cdk.tf.json found under ${p}; run \`npm run synth\` first`);
      files.push(...found);
    } else files.push(p);
  }
  return files.map(loadPlan);
}
