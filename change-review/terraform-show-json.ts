/**
 * Reader for `terraform show -json PLANFILE` (Terraform's "JSON Output Format",
 * developer.hashicorp.com/terraform/internals/json-format, format_version 1.x): resource_changes[] with
 * change.actions, before/after, after_unknown, before_sensitive/after_sensitive and replace_paths. The
 * provider's own verdicts (actions, replace_paths) are used as they are; our tables add when and how the
 * database feels each in-place change.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ChangeReviewInputError } from "./input-error";
import { decodeJsonFile, JsonEncodingError, SAVE_AS_UTF8 } from "./json-file-text";
import { AttributeChange, ResourceAction, ResourceChange, StackChanges } from "./change-model";
import { markedIn, sameValue, showValue, UnknownValue } from "./attribute-values";
import { PlanEntry, planJsonRefusals } from "./plan-json-refusals";
import { attributeEffect, Effect, worstEffect } from "./effects";
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
    // jsonplan.Change.Actions documents ["create", "forget"] as a replace whose old object is forgotten, not destroyed.
    case "create,forget": return "create";
    default: throw new ChangeReviewInputError(`${file}: ${address} has change.actions ${JSON.stringify(actions)}, which is not one Terraform documents`);
  }
}

/**
 * An attribute's effect in a plan. In a replacement only what replace_paths names caused it: another argument
 * becoming unknown is the new object's value computed by the provider, and a changed one is set on the new
 * object; neither is blamed. Without replace_paths (tainted, -replace, replace_triggered_by) none is.
 */
function planAttributeEffect(attribute: string, action: ResourceAction, forcing: ReadonlySet<string>, unknown: boolean,
  context: { type: string; before: JsonObject; after: JsonObject }): { effect: Effect; detail: string } {
  if (forcing.has(attribute)) return { effect: "replaces", detail: `${attribute} forces replacement (the provider's replace_paths)` };
  if (action !== "replace") return attributeEffect(attribute, context);
  if (unknown) return { effect: "none", detail: "the new object's value, known after apply; not what forces the replacement" };
  return { effect: "none", detail: "set on the new object; not what forces the replacement" };
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
  // Each path's first step is the top-level argument (jsonplan.Change.ReplacePaths: "paths into the object value
  // which resulted in the action being replace"); they alone caused the replacement.
  const forcing = new Set(replacePaths.map((p) => (Array.isArray(p) ? String(p[0]) : String(p))));
  const notes: string[] = [];
  if (typeof rc.action_reason === "string") notes.push(`Terraform's reason: ${rc.action_reason}`);
  if (Array.isArray(change.actions) && change.actions.join(",") === "create,forget") {
    notes.push("the old object is forgotten (removed from Terraform's state, not destroyed): it keeps running, unmanaged");
  }

  const attributes: AttributeChange[] = [];
  if (action === "update" || action === "replace") {
    for (const attribute of [...new Set([...Object.keys(before), ...Object.keys(after), ...forcing])].sort()) {
      const unknown = markedIn(afterUnknown, attribute);
      const b = ownEntry(before, attribute);
      const a = ownEntry(after, attribute);
      // What replace_paths names is shown whatever its values (a write-only or computed argument included).
      if (!forcing.has(attribute) && ((!unknown && sameValue(b, a)) || COMPUTED.has(attribute))) continue;
      const sensitive = isSensitiveAttribute(type, attribute);
      const show = (v: unknown, marks: unknown) => showValue(v, { sensitiveAttribute: sensitive || markedIn(marks, attribute), sensitiveVariables: new Set() });
      const afterValue: unknown = unknown ? ({ unknown: "computed by the provider" } satisfies UnknownValue) : a;
      attributes.push({ attribute, before: show(b, change.before_sensitive), after: show(afterValue, change.after_sensitive),
        ...planAttributeEffect(attribute, action, forcing, unknown, { type, before, after }) });
    }
  }
  if (action === "replace" || action === "delete") notes.push(...safeguardNotes(type, action, before, action === "replace" ? after : undefined));
  const effect = action === "delete" ? "deletes" : action === "replace" ? "replaces" : action === "create" ? "none" : worstEffect(attributes.map((a) => a.effect));
  // The provider decided "replace": an attribute we would call in-place cannot downgrade that.
  return { address, ...(previousAddress ? { previousAddress } : {}), type, action, effect, attributes, notes };
}

/**
 * The stack a plan file belongs to, for the report and for acknowledgements: the cdktf stack folder holding it
 * (cdktf.out/stacks/NAME/plan.json), else the file's own name without ".json" (checkpoints-db-staging.json).
 */
export function stackOfPlanFile(file: string): string {
  const folder = path.dirname(path.resolve(file));
  if (path.basename(path.dirname(folder)) === "stacks") return path.basename(folder);
  return path.basename(file).replace(/(\.plan)?\.json$/i, "") || path.basename(file);
}

function readPlanText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new ChangeReviewInputError(`cannot read --plan-json ${file}: ${(error as NodeJS.ErrnoException).code ?? "unreadable"}`);
  }
  try {
    return decodeJsonFile(bytes);
  } catch (error) {
    if (error instanceof JsonEncodingError) throw new ChangeReviewInputError(`--plan-json ${file} is ${error.encoding}, not UTF-8: ${SAVE_AS_UTF8}`);
    throw error;
  }
}

/** Reads one `terraform show -json` file into the review's changes. Bad input: ChangeReviewInputError (exit 2). */
export function readTerraformShowJson(file: string, stack = stackOfPlanFile(file)): StackChanges {
  const text = readPlanText(file);
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
  // hashicorp/terraform internal/command/jsonplan/plan.go: `Errored bool json:"errored"` is the plan's p.Errored:
  // planning failed part-way, so resource_changes holds only what was planned before the error.
  if (json.errored === true) {
    throw new ChangeReviewInputError(`--plan-json ${file} is an errored plan ("errored": true): terraform plan failed before it planned ` +
      "every resource, so what it lists is not the whole change. Fix the plan's errors and run terraform plan again");
  }
  // internal/plans/plan.go: Complete is false when the plan does not include "a planned action (even if no-op) for
  // every resource instance object" (-target, deferred changes): what it leaves out cannot be reviewed.
  if (json.complete === false) {
    throw new ChangeReviewInputError(`--plan-json ${file} is an incomplete plan ("complete": false: -target, or changes deferred): ` +
      "it does not list every resource's action. Plan without -target and review that");
  }
  if (json.resource_changes !== undefined && !Array.isArray(json.resource_changes)) {
    throw new ChangeReviewInputError(`--plan-json ${file}: resource_changes must be a list`);
  }
  if (json.resource_changes === undefined && json.planned_values === undefined) {
    throw new ChangeReviewInputError(`--plan-json ${file} is a state, not a plan: run \`terraform plan -out PLANFILE\` and \`terraform show -json PLANFILE\``);
  }
  // An entry that is not an object is refused: skipped, a deleted database in it would read as "no change".
  const entries = (json.resource_changes ?? []) as unknown[];
  entries.forEach((rc, i) => {
    if (!isObject(rc)) throw new ChangeReviewInputError(`--plan-json ${file}: resource_changes[${i}] is not an object: it is not \`terraform show -json\` output`);
  });
  const resources = (entries as JsonObject[]).map((rc) => resourceFromChange(rc, file)).filter((r): r is ResourceChange => r !== undefined);
  // What AWS refuses at apply (a downgrade, a name taken twice, a group deleted while in use) fails the review.
  const refusals = planJsonRefusals((entries as JsonObject[]).filter((rc) => rc.mode !== "data").map(planEntry), json.configuration);
  return { stack, resources: resources.map((r) => {
    const found = refusals.get(r.address);
    if (!found) return r;
    return { ...r, notes: [...r.notes, ...found.notes], ...(found.refusals.length > 0 ? { refusals: found.refusals } : {}) };
  }) };
}

/** An entry as plan-json-refusals reads it (resourceFromChange has checked its address, type and change). */
function planEntry(rc: JsonObject): PlanEntry {
  const change = rc.change as JsonObject;
  return { address: rc.address as string, type: rc.type as string, actions: Array.isArray(change.actions) ? change.actions.join(",") : "",
    before: isObject(change.before) ? change.before : {}, after: isObject(change.after) ? change.after : {}, afterUnknown: change.after_unknown };
}
