/**
 * What stands between a replacement or deletion of the database and data loss: deletion protection and
 * the final snapshot. A change that removes the instance and switches them off in the same step leaves
 * nothing in the way; the reviewer must see that. A variable's default counts as its value; a setting not
 * known offline (a variable without a default) is never promised as a safeguard.
 */
import { bareValue, literalBool } from "./attribute-values";

type Attributes = Readonly<Record<string, unknown>> | undefined;

/** true, false, or the expression when the value is not known offline. */
function flag(raw: unknown): boolean | string {
  if (literalBool(raw) === true) return true;
  const v = bareValue(raw);
  return typeof v === "string" && v.includes("${") ? v : false;
}

export function safeguardNotes(type: string, action: "replace" | "delete", before: Attributes, after: Attributes): string[] {
  if (type !== "aws_db_instance") return [];
  const notes: string[] = [];
  const protectedBefore = flag(before?.deletion_protection);
  if (typeof protectedBefore === "string") {
    notes.push(`deletion_protection is not known offline (${protectedBefore}): it may not stop the destroy`);
  } else if (action === "replace" && protectedBefore && after && flag(after.deletion_protection) !== true) {
    notes.push("this change also turns deletion_protection off: nothing stops the old instance being destroyed");
  } else if (protectedBefore) {
    // A replacement may create first (create_before_destroy); a plain delete creates nothing.
    notes.push(action === "replace"
      ? "deletion_protection is on: terraform apply fails at the destroy, possibly after creating the new instance"
      : "deletion_protection is on: terraform apply fails at the destroy (RDS refuses to delete a protected instance)");
  } else {
    notes.push("deletion_protection is off: nothing stops the destroy");
  }
  const skipBefore = flag(before?.skip_final_snapshot);
  const identifier = bareValue(before?.final_snapshot_identifier);
  if (skipBefore === true || typeof identifier !== "string") {
    notes.push("no final snapshot is configured: the data would be gone");
  } else if (typeof skipBefore === "string") {
    notes.push(`skip_final_snapshot is not known offline (${skipBefore}): a final snapshot may not be taken, and the data would then be gone`);
  } else if (action === "replace" && after && flag(after.skip_final_snapshot) === true) {
    notes.push("this change also sets skip_final_snapshot: no final snapshot would be taken");
  } else {
    notes.push(`a final snapshot (${identifier}) would be taken; restoring it makes a new instance and loses later writes`);
  }
  return notes;
}
