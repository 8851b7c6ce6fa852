/**
 * Compares two synthesized configurations stack by stack, as `terraform plan` would pair them: by
 * address, after applying the head's `moved` blocks to the base's addresses.
 */
import { AttributeChange, ResourceAction, ResourceChange, StackChanges } from "./change-model";
import { sameValue, showValue, UnknownValue } from "./attribute-values";
import { attributeEffect, ChangeContext, worstEffect } from "./effects";
import { MovedBlock, PlannedResource, PlannedStack } from "./planned-configuration";
import { isSensitiveAttribute, ownEntry } from "./provider-schema";
import { safeguardNotes } from "./safeguards";
import { plannedByProvider } from "./provider-diff-rules";

interface Located extends PlannedResource {
  readonly previousAddress?: string;
}

function movedTarget(address: string, move: MovedBlock): string | undefined {
  if (address === move.from) return move.to;
  if (address.startsWith(`${move.from}[`)) return move.to + address.slice(move.from.length);
  return undefined;
}

/** The base's resources under the addresses the head's moved blocks give them (chains followed). */
export function applyMoves(base: ReadonlyMap<string, PlannedResource>, moved: readonly MovedBlock[]): Map<string, Located> {
  const located = new Map<string, Located>([...base].map(([a, r]) => [a, { ...r }]));
  for (let pass = 0; pass <= moved.length; pass++) {
    let changed = false;
    for (const move of moved) {
      for (const [address, resource] of [...located]) {
        const target = movedTarget(address, move);
        if (!target || located.has(target)) continue; // Terraform ignores a move onto an existing object
        located.delete(address);
        const resourceTarget = movedTarget(resource.resource, move) ?? resource.resource;
        located.set(target, { ...resource, address: target, resource: resourceTarget, previousAddress: resource.previousAddress ?? address });
        changed = true;
      }
    }
    if (!changed) break;
  }
  return located;
}

function referencesAny(value: unknown, resources: ReadonlySet<string>): string | undefined {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? null);
  for (const r of resources) if (text.includes(`\${${r}.`) || text.includes(`\${${r}[`)) return r;
  return undefined;
}

function resourceChange(address: string, type: string, action: ResourceAction, attributes: AttributeChange[], notes: string[], previousAddress?: string): ResourceChange {
  const effect = action === "delete" ? "deletes" : action === "not-evaluable" ? "unknown"
    : action === "create" || action === "move" ? "none" : worstEffect(attributes.map((a) => a.effect));
  return { address, ...(previousAddress ? { previousAddress } : {}), type, action, effect, attributes, notes };
}

function compareStack(stack: string, base: PlannedStack | undefined, head: PlannedStack | undefined): StackChanges {
  const old = applyMoves(base?.resources ?? new Map(), head?.moved ?? []);
  const now = head?.resources ?? new Map<string, PlannedResource>();
  const sensitiveVariables = new Set([...(base?.sensitiveVariables ?? []), ...(head?.sensitiveVariables ?? [])]);
  const notEvaluable = new Map<string, string>();
  for (const r of [...old.values(), ...now.values()]) if (r.notEvaluable) notEvaluable.set(r.resource, r.notEvaluable);

  const addresses = [...new Set([...old.keys(), ...now.keys()])].sort();
  const changes: ResourceChange[] = [];
  const replacedOrGone = new Set<string>();
  const pendingUpdates: { address: string; before: Located; after: PlannedResource; attributes: AttributeChange[] }[] = [];
  const reported = new Set<string>();

  for (const address of addresses) {
    const before = old.get(address);
    // The provider's own diff rules (StateFunc, DiffSuppressFunc, Optional+Computed): what it plans as no change is no change.
    const after = plannedByProvider(before, now.get(address));
    const resource = (after ?? before)!.resource;
    const type = (after ?? before)!.type;
    if (notEvaluable.has(resource)) {
      if (reported.has(resource)) continue;
      reported.add(resource);
      changes.push(resourceChange(resource, type, "not-evaluable", [], [`instances not known offline (${notEvaluable.get(resource)}): review with --plan-json`]));
      continue;
    }
    if (!after) {
      replacedOrGone.add(before!.resource);
      changes.push(resourceChange(address, type, "delete", [], safeguardNotes(type, "delete", before!.attributes, undefined), before!.previousAddress));
      continue;
    }
    if (!before) {
      changes.push(resourceChange(address, type, "create", [], []));
      continue;
    }
    const context: ChangeContext = { type, before: before.attributes, after: after.attributes };
    const show = (attribute: string, v: unknown) => showValue(v, { sensitiveAttribute: isSensitiveAttribute(type, attribute), sensitiveVariables });
    const attributes: AttributeChange[] = [];
    for (const attribute of [...new Set([...Object.keys(before.attributes), ...Object.keys(after.attributes)])].sort()) {
      const b = ownEntry(before.attributes, attribute);
      const a = ownEntry(after.attributes, attribute);
      if (sameValue(b, a)) continue;
      const ignored = after.ignoreChanges === "all" || after.ignoreChanges?.has(attribute);
      attributes.push({ attribute, before: show(attribute, b), after: show(attribute, a), ...(ignored
        ? { effect: "none" as const, detail: "lifecycle.ignore_changes: Terraform keeps the current value" } : attributeEffect(attribute, context)) });
    }
    if (attributes.some((a) => a.effect === "replaces")) replacedOrGone.add(after.resource);
    pendingUpdates.push({ address, before, after, attributes });
  }

  // A reference to a replaced resource becomes unknown until apply: the referring attribute changes too,
  // and if that attribute forces a replacement, the replacement spreads further (until nothing new is replaced).
  for (let grew = true; grew;) {
    grew = false;
    for (const { before, after, attributes } of pendingUpdates) {
      const context: ChangeContext = { type: after.type, before: before.attributes, after: after.attributes };
      for (const [attribute, value] of Object.entries(after.attributes)) {
        if (attributes.some((a) => a.attribute === attribute)) continue;
        if (after.ignoreChanges === "all" || after.ignoreChanges?.has(attribute)) continue;
        const dependency = referencesAny(value, replacedOrGone);
        if (!dependency || dependency === after.resource) continue;
        const unknown: UnknownValue = { unknown: `${dependency} is replaced` };
        const change = { attribute, before: showValue(ownEntry(before.attributes, attribute), { sensitiveAttribute: isSensitiveAttribute(after.type, attribute), sensitiveVariables }),
          after: showValue(unknown, { sensitiveAttribute: false, sensitiveVariables }), ...attributeEffect(attribute, context) };
        attributes.push(change);
        if (change.effect === "replaces" && !replacedOrGone.has(after.resource)) {
          replacedOrGone.add(after.resource);
          grew = true;
        }
      }
    }
  }
  for (const { address, before, after, attributes } of pendingUpdates) {
    attributes.sort((a, b) => (a.attribute < b.attribute ? -1 : a.attribute > b.attribute ? 1 : 0));
    const replaced = attributes.some((a) => a.effect === "replaces");
    const action: ResourceAction = replaced ? "replace" : attributes.length > 0 ? "update" : "move";
    if (action === "move" && !before.previousAddress) continue;
    const notes = replaced ? safeguardNotes(after.type, "replace", before.attributes, after.attributes) : [];
    if (replaced && after.preventDestroy) notes.unshift("lifecycle.prevent_destroy is set: terraform plan refuses this replacement, so the pull request cannot be applied as it is");
    changes.push(resourceChange(address, after.type, action, attributes, notes, before.previousAddress));
  }
  changes.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  return { stack, resources: changes };
}

/** Stacks paired by name; a stack on one side only is all creates or all deletes. */
export function compareConfigurations(base: readonly PlannedStack[], head: readonly PlannedStack[]): StackChanges[] {
  const names = [...new Set([...base.map((s) => s.stack), ...head.map((s) => s.stack)])].sort();
  return names.map((name) => compareStack(name, base.find((s) => s.stack === name), head.find((s) => s.stack === name)));
}

