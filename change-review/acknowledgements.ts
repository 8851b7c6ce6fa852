/**
 * Acknowledgements: a replacement or deletion of a stateful resource knowingly accepted, committed with
 * the change that causes it, with the reason written down (as suppressions work for the review gate).
 * An acknowledgement that names a change which no longer happens is an error: it would silently accept
 * the next, different one.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ChangeReviewInputError } from "./input-error";
import { decodeJsonFile, JsonEncodingError } from "./json-file-text";

export const ACKNOWLEDGED_CHANGES = ["replace", "delete", "effect-unknown"] as const;
export type AcknowledgedChange = (typeof ACKNOWLEDGED_CHANGES)[number];

/** An acknowledgement's "stack" for every stack: written out, so no entry covers production by omission. */
export const EVERY_STACK = "*";

export interface Acknowledgement {
  /**
   * The stack it covers ("checkpoints-db-staging"; a --plan-json review's stack is its cdktf stack folder or file
   * name), or "*" for every stack. Required: an acknowledgement for staging never covers production.
   */
  readonly stack: string;
  readonly address: string;
  readonly change: AcknowledgedChange;
  readonly reason: string;
}

/** Beside this module, so it is found from any working directory and reviewed with the change. */
export const DEFAULT_ACKNOWLEDGEMENTS_FILE = path.join(__dirname, "acknowledgements.json");

export function validateAcknowledgements(raw: unknown, origin: string): Acknowledgement[] {
  const shape = `{ "acknowledgements": [{ "stack": "<stack>|${EVERY_STACK}", "address": "<address>", "change": "${ACKNOWLEDGED_CHANGES.join("|")}", "reason": "<why>" }] }`;
  if (typeof raw !== "object" || raw === null || !Array.isArray((raw as { acknowledgements?: unknown }).acknowledgements)) {
    throw new ChangeReviewInputError(`${origin} must be ${shape}`);
  }
  const problems: string[] = [];
  const entries = (raw as { acknowledgements: unknown[] }).acknowledgements;
  entries.forEach((e, i) => {
    const entry = (typeof e === "object" && e !== null ? e : {}) as Record<string, unknown>;
    if (entry.stack === undefined || (typeof entry.stack === "string" && entry.stack.trim().length === 0)) {
      problems.push(`entry ${i}: "stack" is required: the stack it covers (e.g. "checkpoints-db-staging"), or "${EVERY_STACK}" for every stack, production included`);
    }
    if (typeof entry.address !== "string" || entry.address.length === 0) problems.push(`entry ${i}: "address" must name the resource, e.g. aws_db_instance.checkpoints`);
    if (!ACKNOWLEDGED_CHANGES.includes(entry.change as AcknowledgedChange)) problems.push(`entry ${i}: "change" must be one of ${ACKNOWLEDGED_CHANGES.join(", ")}`);
    if (typeof entry.reason !== "string" || entry.reason.trim().length < 10) problems.push(`entry ${i}: an acknowledgement needs a written "reason", at least 10 characters: why this change is safe`);
    if (entry.stack !== undefined && typeof entry.stack !== "string") problems.push(`entry ${i}: "stack" must be a stack name`);
  });
  if (problems.length > 0) throw new ChangeReviewInputError(`invalid acknowledgements in ${origin}:\n  - ${problems.join("\n  - ")}`);
  return entries as Acknowledgement[];
}

export function loadAcknowledgements(file: string, required: boolean): Acknowledgement[] {
  if (!fs.existsSync(file)) {
    if (required) throw new ChangeReviewInputError(`acknowledgements file ${file} does not exist`);
    return [];
  }
  let raw: unknown;
  try {
    raw = JSON.parse(decodeJsonFile(fs.readFileSync(file)));
  } catch (error) {
    if (error instanceof JsonEncodingError) throw new ChangeReviewInputError(`${file} is ${error.encoding}, not UTF-8: save it as UTF-8`);
    throw new ChangeReviewInputError(`${file} is not valid JSON`);
  }
  return validateAcknowledgements(raw, file);
}
