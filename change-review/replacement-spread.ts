/**
 * How one replacement causes others, as Terraform plans them:
 *
 * - A replaced resource's computed attributes (id, arn) are unknown until apply, so every argument that refers
 *   to them gets an unknown new value; a ForceNew argument with an unknown new value replaces its resource:
 *   `d.RequiresNew = d.Old != d.New || d.NewComputed` (hashicorp/terraform-plugin-sdk helper/schema/schema.go,
 *   schemaMap.diff). That replacement spreads the same way, until nothing new is replaced.
 * - lifecycle.replace_triggered_by: a reference to a resource triggers when it plans Update, DeleteThenCreate or
 *   CreateThenDelete (never Create or Delete); a reference to one attribute triggers when that attribute's
 *   planned value differs, unknown included (hashicorp/terraform v1.11.4 internal/terraform/eval_context_builtin.go:383-421).
 * - A resource whose change the review cannot classify might be replaced: what would then be replaced is
 *   "effect unknown", never "no change".
 */
import { AttributeChange } from "./change-model";
import { showValue } from "./attribute-values";
import { attributeEffect, ChangeContext } from "./effects";
import { Located } from "./instance-moves";
import { PlannedResource } from "./planned-configuration";
import { isSensitiveAttribute, ownEntry, schemaVerdict } from "./provider-schema";
import { referencedResources, resolveReferences } from "./reference-values";

export interface PairedChange {
  readonly address: string;
  readonly before: Located;
  readonly after: PlannedResource;
  /** Grows as replacements spread. */
  readonly attributes: AttributeChange[];
}

export function isIgnored(resource: PlannedResource, attribute: string): boolean {
  return resource.ignoreChanges === "all" || (resource.ignoreChanges?.has(attribute) ?? false);
}

interface SpreadContext {
  /** Resource blocks deleted in this change. */
  readonly gone: ReadonlySet<string>;
  /** The head's resources, to resolve references to configured arguments. */
  readonly headResources: ReadonlyMap<string, PlannedResource>;
  /** The head's locals as written, to follow a reference through a local. */
  readonly headInputs: ReadonlyMap<string, string>;
  readonly sensitiveVariables: ReadonlySet<string>;
}

const TRIGGER_ATTRIBUTE = "lifecycle.replace_triggered_by";

type Status = "replaced" | "updated" | "maybe-replaced" | "unchanged";

function statusOf(change: PairedChange): Status {
  const applied = change.attributes.filter((a) => !a.detail.startsWith("lifecycle.ignore_changes"));
  if (applied.some((a) => a.effect === "replaces")) return "replaced";
  // An unclassified argument might be ForceNew; one the schema lists as in-place cannot replace the resource.
  if (applied.some((a) => a.effect === "unknown" && schemaVerdict(change.after.type, a.attribute) !== "in-place")) return "maybe-replaced";
  return applied.length > 0 ? "updated" : "unchanged";
}

/** "aws_x.y", "aws_x.y[0]", "aws_x.y.arn", "aws_x.y[0].arn" -> block, instance key, attribute. */
function parseTrigger(text: string): { block: string; key: string; attribute?: string } | undefined {
  const m = /^([a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z_][\w-]*)((?:\[(?:\d+|"[^"]*"|each\.key|count\.index)\])?)(?:\.([A-Za-z_][\w-]*))?/.exec(text);
  return m ? { block: m[1], key: m[2], ...(m[3] ? { attribute: m[3] } : {}) } : undefined;
}

/** Whether a trigger fires: true, false, or "maybe" when the triggering resource's change cannot be classified. */
function triggerFires(trigger: string, owner: PairedChange, byBlock: ReadonlyMap<string, PairedChange[]>): { fires: boolean | "maybe"; why: string } {
  const parsed = parseTrigger(trigger);
  if (!parsed) return { fires: "maybe", why: `${trigger} is not a resource reference the review reads` };
  const key = parsed.key === "[each.key]" || parsed.key === "[count.index]" ? owner.address.slice(owner.after.resource.length) : parsed.key;
  const targets = (byBlock.get(parsed.block) ?? []).filter((t) => !parsed.key || t.address === parsed.block + key);
  const statuses = targets.map(statusOf);
  if (!parsed.attribute) {
    if (statuses.some((s) => s === "replaced" || s === "updated")) return { fires: true, why: `${parsed.block}${key} changes (${statuses.includes("replaced") ? "replaced" : "updated in place"})` };
    return statuses.includes("maybe-replaced") ? { fires: "maybe", why: `${parsed.block}${key} changes in a way the review cannot classify` } : { fires: false, why: "" };
  }
  for (const [i, target] of targets.entries()) {
    if (statuses[i] === "unchanged") continue;
    const own = target.attributes.find((a) => a.attribute === parsed.attribute && !a.detail.startsWith("lifecycle.ignore_changes"));
    if (own) return { fires: true, why: `${target.address}.${parsed.attribute} changes (${own.before} -> ${own.after})` };
    // Not configured: computed. Unknown after a replacement; kept by an in-place update.
    const configured = Object.prototype.hasOwnProperty.call(target.after.attributes, parsed.attribute);
    if (statuses[i] === "replaced" && !configured) return { fires: true, why: `${target.address} is replaced: its ${parsed.attribute} is known only after apply` };
    if (statuses[i] === "maybe-replaced" && !configured) return { fires: "maybe", why: `${target.address} might be replaced` };
  }
  return { fires: false, why: "" };
}

/** Puts `entry` in place of `uncertain` (an entry the spread has now settled), or adds it. */
function settle(attributes: AttributeChange[], uncertain: AttributeChange | undefined, entry: AttributeChange): void {
  if (uncertain) attributes[attributes.indexOf(uncertain)] = entry;
  else attributes.push(entry);
}

/** Adds the attribute changes that replacements cause, in place, until nothing more changes. */
export function spreadReplacements(paired: PairedChange[], context: SpreadContext): void {
  const byBlock = new Map<string, PairedChange[]>();
  for (const p of paired) byBlock.set(p.after.resource, [...(byBlock.get(p.after.resource) ?? []), p]);
  const statusOfBlock = (block: string): Status | "gone" | "created" | undefined => {
    if (context.gone.has(block)) return "gone";
    const statuses = (byBlock.get(block) ?? []).map(statusOf);
    if (statuses.includes("replaced")) return "replaced";
    if (statuses.includes("maybe-replaced")) return "maybe-replaced";
    return statuses[0];
  };
  // The entries added while a reference only might be replaced ("known after apply if ... is replaced"): read
  // again on each pass and settled once it is, so the order the changes are read in decides nothing.
  const uncertain = new Set<AttributeChange>();
  // Until a pass adds nothing: a change's status moves only when an attribute is added or settled, and each
  // sets `grew`, so a change listed before what it depends on is read again.
  for (let grew = true; grew;) {
    grew = false;
    for (const change of paired) {
      const { before, after, attributes } = change;
      const ctx: ChangeContext = { type: after.type, before: before.attributes, after: after.attributes };
      for (const [attribute, raw] of Object.entries(after.attributes)) {
        const existing = attributes.find((a) => a.attribute === attribute);
        if ((existing && !uncertain.has(existing)) || isIgnored(after, attribute)) continue;
        // References to configured arguments were resolved to their values; what remains is computed.
        const value = resolveReferences(raw, context.headResources);
        const refs = referencedResources(value, context.headInputs).filter((r) => r.resource !== after.resource);
        const replacedRef = refs.find((r) => statusOfBlock(r.resource) === "replaced" || statusOfBlock(r.resource) === "gone");
        const uncertainRef = refs.find((r) => statusOfBlock(r.resource) === "maybe-replaced");
        if (!replacedRef && (existing || !uncertainRef)) continue;
        const shownBefore = showValue(ownEntry(before.attributes, attribute), { sensitiveAttribute: isSensitiveAttribute(after.type, attribute), sensitiveVariables: context.sensitiveVariables });
        const effect = attributeEffect(attribute, ctx);
        if (replacedRef) {
          const why = `${replacedRef.resource} is ${statusOfBlock(replacedRef.resource) === "gone" ? "deleted" : "replaced"}`;
          settle(attributes, existing, { attribute, before: shownBefore, after: `(known after apply: ${why})`, effect: effect.effect,
            detail: `${why}, so this reference is known only after apply; ${effect.detail}` });
        } else if (effect.effect === "replaces") {
          const entry: AttributeChange = { attribute, before: shownBefore, after: `(known after apply if ${uncertainRef!.resource} is replaced)`, effect: "unknown",
            detail: `${uncertainRef!.resource} changes in a way the review cannot classify; if it is replaced, this ForceNew argument changes and replaces ${change.address}` };
          attributes.push(entry);
          uncertain.add(entry);
        } else continue;
        grew = true;
      }
      if (statusOf(change) !== "replaced") {
        // A trigger entry here only may fire (one that fires replaces the change): settled once a trigger fires.
        const triggered = attributes.find((a) => a.attribute === TRIGGER_ATTRIBUTE);
        // Terraform replaces on the first reference that triggers (hashicorp/terraform v1.11.4
        // internal/terraform/node_resource_plan_instance.go replaceTriggered); one that only may fire says so.
        const verdicts = (after.replaceTriggeredBy ?? []).map((trigger) => ({ trigger, ...triggerFires(trigger, change, byBlock) }));
        const fired = verdicts.find((v) => v.fires === true) ?? (triggered ? undefined : verdicts.find((v) => v.fires === "maybe"));
        if (!fired) continue;
        const entry: AttributeChange = { attribute: TRIGGER_ATTRIBUTE, before: fired.trigger, after: fired.fires === true ? "fires" : "may fire", effect: fired.fires === true ? "replaces" : "unknown",
          detail: fired.fires === true ? `${fired.why}: Terraform replaces ${change.address} (replace_triggered_by)` : `${fired.why}: if it is replaced or updated, Terraform replaces ${change.address} (replace_triggered_by)` };
        settle(attributes, triggered, entry);
        grew = true;
      }
    }
  }
}
