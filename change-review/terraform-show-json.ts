/**
 * Reader for `terraform show -json PLANFILE` (Terraform's "JSON Output Format",
 * developer.hashicorp.com/terraform/internals/json-format, format_version 1.x): resource_changes[] with
 * change.actions, before/after, after_unknown, before_sensitive/after_sensitive and replace_paths. The
 * provider's own verdicts (actions, replace_paths) are used as they are; our tables add when and how the
 * database feels each in-place change.
 */
import * as fs from "node:fs";
import { ChangeReviewInputError } from "./input-error";
import { AttributeChange, ResourceAction, ResourceChange, StackChanges } from "./change-model";
import { sameValue, showValue, UnknownValue } from "./attribute-values";
import { attributeEffect, worstEffect } from "./effects";
import { isSensitiveAttribute, ownEntry } from "./provider-schema";
import { safeguardNotes } from "./safeguards";

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** Attributes the provider computes: they follow from the others and carry no effect of their own. */
const COMPUTED = new Set(["id", "arn", "tags_all", "address", "endpoint", "hosted_zone_id", "resource_id", "status",
  "latest_restorable_time", "engine_version_actual", "replicas", "owner_id", "unique_id", "create_date",
  "supported_network_types", "listener_endpoint", "master_user_secret", "name_prefix", "domain_fqdn"]);

function actionOf(actions: unknown, file: string, address: string): ResourceAction | "skip" {
  const list = Array.isArray(actions) ? actions.join(",") : "";
  switch (list) {
    case "no-op": case "read": return "skip";
    case "create": return "create";
    case "update": return "update";
    case "delete": return "delete";
    case "delete,create": case "create,delete": return "replace";
    case "forget": return "skip"; // removed from state, not destroyed (Terraform 1.7 `removed` blocks)
    default: throw new ChangeReviewInputError(`${file}: ${address} has change.actions ${JSON.stringify(actions)}, which is not one Terraform documents`);
  }
}

/** after_unknown / *_sensitive mark an attribute with true, or with an object or list holding a true somewhere inside. */
function flag(marks: unknown, attribute: string): boolean {
  if (marks === true) return true;
  if (!isObject(marks)) return false;
  const mark = ownEntry(marks, attribute);
  return mark === true || (typeof mark === "object" && mark !== null && JSON.stringify(mark).includes("true"));
}

function resourceFromChange(rc: JsonObject, file: string): ResourceChange | undefined {
  const address = typeof rc.address === "string" ? rc.address : undefined;
  const type = typeof rc.type === "string" ? rc.type : undefined;
  const change = rc.change;
  if (!address || !type || !isObject(change)) throw new ChangeReviewInputError(`${file}: a resource_changes entry lacks address, type or change`);
  if (rc.mode === "data") return undefined;
  const action = actionOf(change.actions, file, address);
  const previousAddress = typeof rc.previous_address === "string" ? rc.previous_address : undefined;
  if (action === "skip") {
    return previousAddress ? { address, previousAddress, type, action: "move", effect: "none", attributes: [], notes: [] } : undefined;
  }
  const before = isObject(change.before) ? change.before : {};
  const after = isObject(change.after) ? change.after : {};
  const afterUnknown = change.after_unknown;
  const replacePaths = Array.isArray(change.replace_paths) ? change.replace_paths : [];
  const forcing = new Set(replacePaths.map((p) => (Array.isArray(p) ? String(p[0]) : String(p))));
  const notes: string[] = [];
  if (typeof rc.action_reason === "string") notes.push(`Terraform's reason: ${rc.action_reason}`);

  const attributes: AttributeChange[] = [];
  if (action === "update" || action === "replace") {
    for (const attribute of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
      const unknown = flag(afterUnknown, attribute);
      const b = ownEntry(before, attribute);
      const a = ownEntry(after, attribute);
      if (!unknown && sameValue(b, a)) continue;
      if (COMPUTED.has(attribute) && !forcing.has(attribute)) continue;
      const sensitive = isSensitiveAttribute(type, attribute);
      const show = (v: unknown, marks: unknown) => showValue(v, { sensitiveAttribute: sensitive || flag(marks, attribute), sensitiveVariables: new Set() });
      const afterValue: unknown = unknown ? ({ unknown: "computed by the provider" } satisfies UnknownValue) : a;
      const effect = forcing.has(attribute)
        ? { effect: "replaces" as const, detail: `${attribute} forces replacement (the provider's replace_paths)` }
        : attributeEffect(attribute, { type, before, after });
      attributes.push({ attribute, before: show(b, change.before_sensitive), after: show(afterValue, change.after_sensitive), ...effect });
    }
  }
  if (action === "replace" || action === "delete") notes.push(...safeguardNotes(type, action, before, action === "replace" ? after : undefined));
  const effect = action === "delete" ? "deletes" : action === "replace" ? "replaces" : action === "create" ? "none" : worstEffect(attributes.map((a) => a.effect));
  // The provider decided "replace": an attribute we would call in-place cannot downgrade that.
  return { address, ...(previousAddress ? { previousAddress } : {}), type, action, effect, attributes, notes };
}

/** Reads one `terraform show -json` file into the review's changes. Bad input: ChangeReviewInputError (exit 2). */
export function readTerraformShowJson(file: string, stack = "plan"): StackChanges {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new ChangeReviewInputError(`cannot read --plan-json ${file}: ${(error as NodeJS.ErrnoException).code ?? "unreadable"}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Never quote the content: a wrongly named secrets file must not be echoed.
    throw new ChangeReviewInputError(`--plan-json ${file} is not JSON; write it with \`terraform show -json PLANFILE > ${file}\``);
  }
  if (!isObject(json) || typeof json.format_version !== "string") {
    throw new ChangeReviewInputError(`--plan-json ${file} has no format_version: it is not \`terraform show -json\` output`);
  }
  if (!/^1\./.test(json.format_version)) {
    throw new ChangeReviewInputError(`--plan-json ${file} has format_version ${JSON.stringify(json.format_version)}; only 1.x is understood`);
  }
  if (json.resource_changes !== undefined && !Array.isArray(json.resource_changes)) {
    throw new ChangeReviewInputError(`--plan-json ${file}: resource_changes must be a list`);
  }
  if (json.resource_changes === undefined && json.planned_values === undefined) {
    throw new ChangeReviewInputError(`--plan-json ${file} is a state, not a plan: run \`terraform plan -out PLANFILE\` and \`terraform show -json PLANFILE\``);
  }
  const resources = ((json.resource_changes ?? []) as unknown[])
    .map((rc) => (isObject(rc) ? resourceFromChange(rc, file) : undefined))
    .filter((r): r is ResourceChange => r !== undefined);
  return { stack, resources };
}
