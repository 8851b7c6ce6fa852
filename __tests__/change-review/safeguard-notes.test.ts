// What stands between a replacement or deletion of the database and data loss (change-review/safeguards.ts),
// called directly: each combination of deletion_protection and the final snapshot says what would happen
// (issue 27, Stryker's survivors). RDS refuses to delete a protected instance (DeleteDBInstance:
// InvalidParameterCombination); the provider takes a final snapshot unless skip_final_snapshot, named by
// final_snapshot_identifier (resourceInstanceDelete, AWS provider v6.25.0).
import { FromVariable } from "../../change-review/attribute-values";
import { safeguardNotes } from "../../change-review/safeguards";

const protectedWithSnapshot = { deletion_protection: true, skip_final_snapshot: false, final_snapshot_identifier: "checkpoints-final" };
const TURNED_OFF = "this change also turns deletion_protection off: nothing stops the old instance being destroyed";
const ON_REPLACE = "deletion_protection is on: terraform apply fails at the destroy, possibly after creating the new instance";
const ON_DELETE = "deletion_protection is on: terraform apply fails at the destroy (RDS refuses to delete a protected instance)";
const OFF = "deletion_protection is off: nothing stops the destroy";
const SNAPSHOT = "a final snapshot (checkpoints-final) would be taken; restoring it makes a new instance and loses later writes";
const NO_SNAPSHOT = "no final snapshot is configured: the data would be gone";
const SKIPPED = "this change also sets skip_final_snapshot: no final snapshot would be taken";

describe("safeguardNotes", () => {
  test("only the database instance has these safeguards", () => {
    expect(safeguardNotes("aws_cloudwatch_log_group", "delete", protectedWithSnapshot, undefined)).toEqual([]);
  });

  test("protected, with a final snapshot: a delete is refused, a replacement fails at its destroy", () => {
    expect(safeguardNotes("aws_db_instance", "delete", protectedWithSnapshot, undefined)).toEqual([ON_DELETE, SNAPSHOT]);
    expect(safeguardNotes("aws_db_instance", "replace", protectedWithSnapshot, protectedWithSnapshot)).toEqual([ON_REPLACE, SNAPSHOT]);
  });

  test.each([[true], ["true"]])("deletion_protection = %p before counts as on", (value) => {
    expect(safeguardNotes("aws_db_instance", "delete", { ...protectedWithSnapshot, deletion_protection: value }, undefined)[0]).toBe(ON_DELETE);
  });

  test.each([[false], ["false"], [undefined]])("deletion_protection = %p before is not protection", (value) => {
    expect(safeguardNotes("aws_db_instance", "replace", { ...protectedWithSnapshot, deletion_protection: value }, protectedWithSnapshot)[0]).toBe(OFF);
  });

  test.each([[false], ["false"], [undefined]])("a replacement that also sets deletion_protection = %p says so", (value) => {
    expect(safeguardNotes("aws_db_instance", "replace", protectedWithSnapshot, { ...protectedWithSnapshot, deletion_protection: value }))
      .toEqual([TURNED_OFF, SNAPSHOT]);
  });

  test("a replacement that keeps deletion_protection as \"true\" does not say it is turned off", () => {
    expect(safeguardNotes("aws_db_instance", "replace", protectedWithSnapshot, { ...protectedWithSnapshot, deletion_protection: "true" })[0]).toBe(ON_REPLACE);
  });

  test("a delete has no after side: protection before is what counts", () => {
    expect(safeguardNotes("aws_db_instance", "delete", protectedWithSnapshot, { deletion_protection: false })).toEqual([ON_DELETE, SNAPSHOT]);
  });

  test("a replacement whose after side is not known keeps the notes of the before side", () => {
    expect(safeguardNotes("aws_db_instance", "replace", protectedWithSnapshot, undefined)).toEqual([ON_REPLACE, SNAPSHOT]);
  });

  test.each([[true], ["true"]])("skip_final_snapshot = %p before: no snapshot, the data is gone", (skip) => {
    expect(safeguardNotes("aws_db_instance", "delete", { ...protectedWithSnapshot, skip_final_snapshot: skip }, undefined)[1]).toBe(NO_SNAPSHOT);
  });

  test("no final_snapshot_identifier: no snapshot, the data is gone", () => {
    expect(safeguardNotes("aws_db_instance", "delete", { deletion_protection: false, skip_final_snapshot: false }, undefined)).toEqual([OFF, NO_SNAPSHOT]);
    expect(safeguardNotes("aws_db_instance", "delete", undefined, undefined)).toEqual([OFF, NO_SNAPSHOT]);
  });

  test.each([[true], ["true"]])("a replacement that also sets skip_final_snapshot = %p says no snapshot would be taken", (skip) => {
    expect(safeguardNotes("aws_db_instance", "replace", protectedWithSnapshot, { ...protectedWithSnapshot, skip_final_snapshot: skip }))
      .toEqual([ON_REPLACE, SKIPPED]);
  });

  test("a delete reads only the before side's snapshot settings", () => {
    expect(safeguardNotes("aws_db_instance", "delete", protectedWithSnapshot, { ...protectedWithSnapshot, skip_final_snapshot: true })).toEqual([ON_DELETE, SNAPSHOT]);
  });

  test("a replacement that keeps skip_final_snapshot off keeps the snapshot", () => {
    expect(safeguardNotes("aws_db_instance", "replace", protectedWithSnapshot, { ...protectedWithSnapshot, skip_final_snapshot: "false" })[1]).toBe(SNAPSHOT);
  });

  // A variable's default is the value Terraform uses (plan/ reads it as FromVariable); a variable without one
  // (a reference) is not known offline: never read as a snapshot that will be taken.
  test("skip_final_snapshot from a variable whose default is true: no snapshot", () => {
    expect(safeguardNotes("aws_db_instance", "delete", { ...protectedWithSnapshot, skip_final_snapshot: new FromVariable("skip", true) }, undefined)[1]).toBe(NO_SNAPSHOT);
  });

  test("skip_final_snapshot set by a replacement through a variable whose default is true says so", () => {
    expect(safeguardNotes("aws_db_instance", "replace", protectedWithSnapshot, { ...protectedWithSnapshot, skip_final_snapshot: new FromVariable("skip", true) })[1]).toBe(SKIPPED);
  });

  test("deletion_protection and the snapshot name from variables' defaults count as written", () => {
    const fromVariables = { deletion_protection: new FromVariable("protect", true), skip_final_snapshot: new FromVariable("skip", false),
      final_snapshot_identifier: new FromVariable("final", "checkpoints-final") };
    expect(safeguardNotes("aws_db_instance", "delete", fromVariables, undefined)).toEqual([ON_DELETE, SNAPSHOT]);
  });

  test("skip_final_snapshot not known offline (a variable without a default): a final snapshot is not promised", () => {
    const notes = safeguardNotes("aws_db_instance", "delete", { ...protectedWithSnapshot, skip_final_snapshot: "${var.skip}" }, undefined);
    expect(notes[1]).toBe("skip_final_snapshot is not known offline (${var.skip}): a final snapshot may not be taken, and the data would then be gone");
  });

  test("deletion_protection not known offline: not promised either", () => {
    const notes = safeguardNotes("aws_db_instance", "delete", { ...protectedWithSnapshot, deletion_protection: "${var.protect}" }, undefined);
    expect(notes[0]).toBe("deletion_protection is not known offline (${var.protect}): it may not stop the destroy");
  });
});
