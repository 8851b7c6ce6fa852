/**
 * What stands between a replacement or deletion of the database and data loss: deletion protection and
 * the final snapshot. A change that removes the instance and switches them off in the same step leaves
 * nothing in the way; the reviewer must see that.
 */
type Attributes = Readonly<Record<string, unknown>> | undefined;

const truthy = (v: unknown) => v === true || v === "true";

export function safeguardNotes(type: string, action: "replace" | "delete", before: Attributes, after: Attributes): string[] {
  if (type !== "aws_db_instance") return [];
  const notes: string[] = [];
  const protectedBefore = truthy(before?.deletion_protection);
  if (action === "replace" && protectedBefore && after && !truthy(after.deletion_protection)) {
    notes.push("this change also turns deletion_protection off: nothing stops the old instance being destroyed");
  } else if (protectedBefore) {
    // A replacement may create first (create_before_destroy); a plain delete creates nothing.
    notes.push(action === "replace"
      ? "deletion_protection is on: terraform apply fails at the destroy, possibly after creating the new instance"
      : "deletion_protection is on: terraform apply fails at the destroy (RDS refuses to delete a protected instance)");
  } else {
    notes.push("deletion_protection is off: nothing stops the destroy");
  }
  const snapshotBefore = !truthy(before?.skip_final_snapshot) && typeof before?.final_snapshot_identifier === "string";
  if (action === "replace" && after && snapshotBefore && truthy(after.skip_final_snapshot)) {
    notes.push("this change also sets skip_final_snapshot: no final snapshot would be taken");
  } else if (!snapshotBefore) {
    notes.push("no final snapshot is configured: the data would be gone");
  } else {
    notes.push(`a final snapshot (${String(before?.final_snapshot_identifier)}) would be taken; restoring it makes a new instance and loses later writes`);
  }
  return notes;
}
