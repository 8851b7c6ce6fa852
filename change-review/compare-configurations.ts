/**
 * Compares two synthesized configurations stack by stack, as `terraform plan` would: objects paired by address
 * after the head's moves (instance-moves.ts), values compared after references to configured arguments are
 * resolved (reference-values.ts), then replacements spread along references and replace_triggered_by until
 * nothing more changes (replacement-spread.ts), and what Terraform or AWS would refuse at apply is attached
 * (apply-refusals.ts).
 */
import { AttributeChange, ResourceAction, ResourceChange, StackChanges } from "./change-model";
import { sameValue, showValue, UnknownValue } from "./attribute-values";
import { attributeEffect, ChangeContext, worstEffect } from "./effects";
import { applyMoves, Located } from "./instance-moves";
import { PlannedResource, PlannedStack, RemovedResource } from "./planned-configuration";
import { isSensitiveAttribute, ownEntry } from "./provider-schema";
import { changedInputs, mayYieldNewValue, renameReferences, resolveReferences } from "./reference-values";
import { isIgnored, PairedChange, spreadReplacements } from "./replacement-spread";
import { applyRefusals } from "./apply-refusals";
import { safeguardNotes } from "./safeguards";
import { plannedByProvider } from "./provider-diff-rules";

function resourceChange(address: string, type: string, action: ResourceAction, attributes: AttributeChange[], notes: string[], previousAddress?: string): ResourceChange {
  // A create, move or forget carries no attribute: worstEffect([]) is "none".
  const effect = action === "delete" ? "deletes" : action === "not-evaluable" ? "unknown" : worstEffect(attributes.map((a) => a.effect));
  return { address, ...(previousAddress ? { previousAddress } : {}), type, action, effect, attributes, notes };
}

/** The `removed` block naming this object (its instance or its whole resource), if any (none without a head stack). */
function removedBlockFor(object: Located, removed: readonly RemovedResource[] | undefined): RemovedResource | undefined {
  return removed?.find((r) => r.from === object.address || r.from === object.resource);
}

function goneChange(address: string, before: Located, removed: readonly RemovedResource[] | undefined): ResourceChange {
  const block = removedBlockFor(before, removed);
  if (block?.destroy === false) {
    // hashicorp/terraform v1.11.4 internal/terraform/context_plan.go:650-652 (findForgetTargets): plans.Forget.
    return resourceChange(address, before.type, "forget", [], ["a removed block with lifecycle { destroy = false }: Terraform forgets it; the object keeps running, no longer managed"], before.previousAddress);
  }
  const notes = block?.destroy === "unknown" ? ["a removed block whose lifecycle.destroy is not a literal: taken as destroy = true"] : [];
  return resourceChange(address, before.type, "delete", [], [...notes, ...safeguardNotes(before.type, "delete", before.attributes, undefined)], before.previousAddress);
}

/** The attribute changes of an object on both sides: values compared, an unevaluated expression whose inputs changed unknown. */
function attributeChanges(before: Located, after: PlannedResource, baseResources: ReadonlyMap<string, PlannedResource>, headResources: ReadonlyMap<string, PlannedResource>,
  changed: ReadonlySet<string>, sensitiveVariables: ReadonlySet<string>, renames: ReadonlyMap<string, string>): AttributeChange[] {
  const context: ChangeContext = { type: after.type, before: before.attributes, after: after.attributes };
  const show = (attribute: string, v: unknown) => showValue(v, { sensitiveAttribute: isSensitiveAttribute(after.type, attribute), sensitiveVariables });
  const attributes: AttributeChange[] = [];
  // In any order: compareStack sorts them once the replacements have spread.
  for (const attribute of new Set([...Object.keys(before.attributes), ...Object.keys(after.attributes)])) {
    const b = renameReferences(resolveReferences(ownEntry(before.attributes, attribute), baseResources), renames);
    const a = resolveReferences(ownEntry(after.attributes, attribute), headResources);
    // Written the same, yet it may evaluate differently: a new value not known until apply (the SDK's NewComputed).
    const why = sameValue(b, a) ? mayYieldNewValue(a, changed) : undefined;
    if (sameValue(b, a) && !why) continue;
    const shownAfter = why ? show(attribute, { unknown: why } as UnknownValue) : show(attribute, a);
    attributes.push({ attribute, before: show(attribute, b), after: shownAfter, ...(isIgnored(after, attribute)
      ? { effect: "none" as const, detail: "lifecycle.ignore_changes: Terraform keeps the current value" } : attributeEffect(attribute, context)) });
  }
  return attributes;
}

function compareStack(stack: string, base: PlannedStack | undefined, head: PlannedStack | undefined): StackChanges {
  // A stack on one side only: the other side has nothing.
  const baseResources: ReadonlyMap<string, PlannedResource> = base?.resources ?? new Map();
  const now: ReadonlyMap<string, PlannedResource> = head?.resources ?? new Map();
  const headInputs: ReadonlyMap<string, string> = head?.inputs ?? new Map();
  const old = applyMoves(baseResources, now, head?.moved ?? []);
  const sensitiveVariables = new Set([base, head].filter((side) => side !== undefined).flatMap((side) => [...side.sensitiveVariables]));
  const changed = changedInputs(base?.inputs ?? new Map(), headInputs);
  // A moved object keeps its previous address; the base's references to it now name it by its new one.
  const renames = new Map([...old].filter(([, r]) => r.previousAddress).map(([address, r]) => [r.previousAddress as string, address]));
  const notEvaluable = new Map<string, string>();
  for (const r of [...old.values(), ...now.values()]) if (r.notEvaluable) notEvaluable.set(r.resource, r.notEvaluable);

  const changes: ResourceChange[] = [];
  const gone = new Set<string>();
  const paired: PairedChange[] = [];
  const reported = new Set<string>();
  for (const address of [...new Set([...old.keys(), ...now.keys()])].sort()) {
    const before = old.get(address);
    // The provider's own diff rules (StateFunc, DiffSuppressFunc, Optional+Computed): what it plans as no change is no change.
    const after = plannedByProvider(before, now.get(address));
    const resource = (after ?? before)!.resource;
    if (notEvaluable.has(resource)) {
      if (reported.has(resource)) continue;
      reported.add(resource);
      changes.push(resourceChange(resource, (after ?? before)!.type, "not-evaluable", [], [`instances not known offline (${notEvaluable.get(resource)}): review with --plan-json`]));
      continue;
    }
    if (!after) {
      const change = goneChange(address, before!, head?.removed);
      if (change.action === "delete") gone.add(before!.resource);
      changes.push(change);
    } else if (!before) {
      changes.push(resourceChange(address, after.type, "create", [], []));
    } else {
      paired.push({ address, before, after, attributes: attributeChanges(before, after, baseResources, now, changed, sensitiveVariables, renames) });
    }
  }

  spreadReplacements(paired, { gone, headResources: now, headInputs, sensitiveVariables });
  for (const { address, before, after, attributes } of paired) {
    // Names (and below, addresses) are distinct: no two compare equal.
    attributes.sort((a, b) => (a.attribute < b.attribute ? -1 : 1));
    const replaced = attributes.some((a) => a.effect === "replaces");
    const action: ResourceAction = replaced ? "replace" : attributes.length > 0 ? "update" : "move";
    if (action === "move" && !before.previousAddress) continue;
    const notes = replaced ? safeguardNotes(after.type, "replace", before.attributes, after.attributes) : [];
    if (replaced && after.preventDestroy) notes.unshift("lifecycle.prevent_destroy is set: terraform plan refuses this replacement, so the pull request cannot be applied as it is");
    if (before.impliedMove) notes.push(`Terraform moves ${before.previousAddress} to ${address} by itself (count added or removed)`);
    changes.push(resourceChange(address, after.type, action, attributes, notes, before.previousAddress));
  }
  changes.sort((a, b) => (a.address < b.address ? -1 : 1));
  return { stack, resources: applyRefusals(changes, old, now, headInputs) };
}

/** Stacks paired by name; a stack on one side only is all creates or all deletes. */
export function compareConfigurations(base: readonly PlannedStack[], head: readonly PlannedStack[]): StackChanges[] {
  const names = [...new Set([...base.map((s) => s.stack), ...head.map((s) => s.stack)])].sort();
  return names.map((name) => compareStack(name, base.find((s) => s.stack === name), head.find((s) => s.stack === name)));
}
