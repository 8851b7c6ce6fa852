import * as fs from "node:fs";
import * as path from "node:path";
import { ReviewInputError } from "../plan/read-plans";
import { RULE_IDS } from "./rules";
import { parseJson, plainValue, TerraformJsonError } from "../plan";

/** A rule knowingly accepted for one stack, with the reason written down. */
export interface Suppression {
  readonly rule: string;
  readonly reason: string;
}

/** stack name -> its suppressions */
export type Suppressions = Readonly<Record<string, readonly Suppression[]>>;

/** Beside this module, so the gate finds it from any working directory. */
export const DEFAULT_SUPPRESSIONS_FILE = path.join(__dirname, "suppressions.json");

/** Checks the suppressions: every entry names a known rule and gives a reason. Throws naming each problem. */
export function validateSuppressions(raw: unknown, origin: string): Suppressions {
  const problems: string[] = [];
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ReviewInputError(`${origin} must be a JSON object: { "<stack>": [{ "rule": "<rule id>", "reason": "<why>" }] }`);
  }
  for (const [stack, entries] of Object.entries(raw)) {
    if (stack.startsWith("$")) continue; // "$comment" and the like
    if (!Array.isArray(entries)) {
      problems.push(`stack "${stack}": expected a list of { "rule", "reason" }`);
      continue;
    }
    entries.forEach((entry: { rule?: unknown; reason?: unknown }, i) => {
      if (typeof entry?.rule !== "string" || !RULE_IDS.has(entry.rule)) {
        problems.push(`stack "${stack}" entry ${i}: unknown rule id ${JSON.stringify(entry?.rule)}; known: ${[...RULE_IDS].join(", ")}`);
      }
      if (typeof entry?.reason !== "string" || entry.reason.trim().length < 10) {
        problems.push(`stack "${stack}" entry ${i}: a suppression needs a written reason (at least a sentence)`);
      }
    });
  }
  if (problems.length > 0) throw new ReviewInputError(`invalid suppressions in ${origin}:\n  - ${problems.join("\n  - ")}`);
  return Object.fromEntries(Object.entries(raw).filter(([k]) => !k.startsWith("$"))) as Suppressions;
}

export function loadSuppressions(file: string, required: boolean): Suppressions {
  if (!fs.existsSync(file)) {
    if (required) throw new ReviewInputError(`suppressions file ${file} does not exist`);
    return {};
  }
  let raw: unknown;
  try {
    raw = plainValue(parseJson(fs.readFileSync(file, "utf8"), file));
  } catch (error) {
    // Where, never what: the message carries line and column, not the file's content.
    if (error instanceof TerraformJsonError) throw new ReviewInputError(`suppressions file is not valid JSON: ${error.message}`);
    throw new ReviewInputError(`cannot read suppressions file ${file}: ${(error as NodeJS.ErrnoException).code ?? "unreadable"}`);
  }
  return validateSuppressions(raw, file);
}

/** A suppression for a stack nobody reviews or deploys is a typo that would silently keep a check off. */
export function checkSuppressedStacks(suppressions: Suppressions, knownStacks: ReadonlySet<string>, origin: string): void {
  const unknown = Object.keys(suppressions).filter((stack) => !knownStacks.has(stack));
  if (unknown.length > 0) {
    throw new ReviewInputError(`invalid suppressions in ${origin}:\n  - ${unknown.map((s) => `stack "${s}" is neither reviewed nor ` +
      `one of the app's stacks (${[...knownStacks].sort().join(", ")}); fix the name or remove the entry`).join("\n  - ")}`);
  }
}
