/**
 * Error findings: a stateful resource (its data is lost with it) replaced, deleted, or changed in a way
 * the review cannot classify; and acknowledgements that no longer match a change. Each message says what
 * would happen and how to avoid it.
 */
import { AcknowledgedChange, Acknowledgement, EVERY_STACK } from "./acknowledgements";
import { ResourceChange, StackChanges } from "./change-model";
import { ownEntry, STATEFUL_TYPES } from "./provider-schema";

export interface Finding {
  readonly stack: string;
  readonly address: string;
  /** apply-fails: Terraform or AWS refuses the change (a refusal); no acknowledgement covers it. */
  readonly change: AcknowledgedChange | "stale-acknowledgement" | "apply-fails";
  readonly message: string;
  /** The acknowledgement's reason, when the finding is acknowledged (then it does not fail the review). */
  readonly acknowledged?: string;
}

const UNRENAMEABLE: Readonly<Record<string, string>> = {
  username: "RDS cannot rename the master user",
  db_name: "RDS cannot rename the initial database",
  storage_encrypted: "RDS cannot encrypt or decrypt an instance in place: migrate through an encrypted snapshot copy instead",
  kms_key_id: "RDS cannot change the storage key in place: migrate through a snapshot copy instead",
  availability_zone: "for another zone, use Multi-AZ or a snapshot restore",
  "lifecycle.replace_triggered_by": "the named resource's change triggers it: leave that resource unchanged, or remove the trigger",
};

function replaceMessage(r: ResourceChange): string {
  const forcing = r.attributes.filter((a) => a.effect === "replaces");
  const what = forcing.map((a) => `${a.attribute} (${a.before} -> ${a.after})`).join(", ");
  const why = forcing.map((a) => ownEntry(UNRENAMEABLE, a.attribute)).filter(Boolean);
  const cause = what ? `${what} cannot change in place` : "Terraform replaces it as a whole (none of its own arguments forces it)";
  return `${r.address} would be REPLACED: ${cause}, so Terraform ` +
    `destroys it and creates a new, empty one: its data is lost. To avoid it, revert ${forcing.map((a) => a.attribute).join(", ") || "the change"}` +
    `${why.length ? ` (${why.join("; ")})` : ""}. If the replacement is intended, ${r.type === "aws_db_instance" ? "take a snapshot" : "export its data"} first and acknowledge it.`;
}

function deleteMessage(r: ResourceChange, created: ResourceChange | undefined): string {
  if (created) {
    return `${r.address} would be DELETED and ${created.address} created in its place: the resource is replaced by an ` +
      `empty one because its logical id changed (a renamed or moved construct); its data is lost. To avoid it, ` +
      `keep the old logical id (overrideLogicalId("${r.address.split(".").slice(1).join(".")}") on the construct), or add a moved block ` +
      `(cdktf: moveFromId("${r.address}") on the renamed resource; JSON: "moved": [{"from": "${r.address}", "to": "${created.address}"}]), or revert the rename.`;
  }
  return `${r.address} would be DELETED: its data is lost. To avoid it, revert the removal; to stop managing it without ` +
    `destroying it, use a \`removed\` block with lifecycle { destroy = false } instead.`;
}

function rawFindings(stacks: readonly StackChanges[]): Omit<Finding, "acknowledged">[] {
  const findings: Omit<Finding, "acknowledged">[] = [];
  for (const { stack, resources } of stacks) {
    for (const r of resources) {
      for (const refusal of r.refusals ?? []) findings.push({ stack, address: r.address, change: "apply-fails", message: refusal });
      if (!STATEFUL_TYPES.has(r.type)) continue;
      const notes = r.notes.length ? ` (${r.notes.join("; ")})` : "";
      if (r.action === "replace") findings.push({ stack, address: r.address, change: "replace", message: replaceMessage(r) + notes });
      else if (r.action === "delete") {
        const created = resources.find((c) => c.action === "create" && c.type === r.type);
        findings.push({ stack, address: r.address, change: "delete", message: deleteMessage(r, created) + notes });
      } else if (r.action === "not-evaluable" || r.attributes.some((a) => a.effect === "unknown")) {
        const unknown = r.attributes.filter((a) => a.effect === "unknown").map((a) => a.attribute);
        findings.push({ stack, address: r.address, change: "effect-unknown", message: `cannot tell what this change does to ${r.address}` +
          `${unknown.length ? `: ${unknown.join(", ")} not in the review's tables` : `: ${r.notes.join("; ")}`}; it could replace it. ` +
          "Review it with a real plan (--plan-json), then acknowledge it." });
      }
    }
  }
  return findings;
}

const matches = (a: Acknowledgement, f: { stack: string; address: string; change: string }) =>
  a.address === f.address && a.change === f.change && (a.stack === EVERY_STACK || a.stack === f.stack);

/** The findings, acknowledged where an acknowledgement matches, plus one finding per stale acknowledgement. */
export function findingsOf(stacks: readonly StackChanges[], acknowledgements: readonly Acknowledgement[]): Finding[] {
  const findings: Finding[] = rawFindings(stacks).map((f) => {
    const ack = acknowledgements.find((a) => matches(a, f));
    return ack ? { ...f, acknowledged: ack.reason } : f;
  });
  for (const ack of acknowledgements) {
    if (findings.some((f) => matches(ack, f))) continue;
    findings.push({ stack: ack.stack, address: ack.address, change: "stale-acknowledgement",
      message: `stale acknowledgement: ${ack.address} (${ack.change}) no longer happens in ${ack.stack === EVERY_STACK ? "any stack" : `stack ${ack.stack}`}; remove it from the acknowledgements file` });
  }
  return findings;
}
