/**
 * What RDS accepts as a DB instance identifier. Source: Amazon RDS API Reference, CreateDBInstance,
 * DBInstanceIdentifier ("Must contain from 1 to 63 letters, numbers, or hyphens. First character must be a
 * letter. Can't end with a hyphen or contain two consecutive hyphens."; RDS stores it in lowercase).
 * Checked 2026-11-29.
 */
export const INSTANCE_IDENTIFIER = /^[a-z](?!.*--)[a-z0-9-]{0,62}(?<!-)$/;

export const INSTANCE_IDENTIFIER_RULE = "1-63 lowercase letters, digits or hyphens, starting with a letter, " +
  "no two hyphens in a row, not ending with a hyphen";

export function isInstanceIdentifier(identifier: string): boolean {
  return INSTANCE_IDENTIFIER.test(identifier);
}
