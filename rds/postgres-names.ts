/**
 * What RDS for PostgreSQL accepts as the master user name and the initial database name.
 * Source: Amazon RDS API Reference, CreateDBInstance, MasterUsername (RDS for PostgreSQL: "Must be 1 to 63
 * letters or numbers. First character must be a letter. Can't be a reserved word for the chosen database
 * engine.") and DBName (RDS for PostgreSQL: "Must contain 1 to 63 letters, numbers, or underscores. Must begin
 * with a letter."); the reserved master names are the roles RDS itself creates (rdsadmin, rdsrepladmin,
 * rds_superuser), PostgreSQL's postgres and the pseudo-role public. Checked 2026-11-29.
 * Lowercase only: an unquoted name is folded to lowercase by PostgreSQL, so mixed case would not round-trip.
 */
export const POSTGRES_NAME = /^[a-z][a-z0-9_]{0,62}$/;

export const RESERVED_MASTER_USERNAMES: readonly string[] = ["postgres", "rdsadmin", "rdsrepladmin", "rds_superuser", "public"];

export const POSTGRES_NAME_RULE = "1-63 lowercase letters, digits or underscores, starting with a letter";

export function isPostgresName(name: string): boolean {
  return POSTGRES_NAME.test(name);
}

/** A name RDS accepts as a PostgreSQL master user. */
export function isMasterUsername(name: string): boolean {
  return POSTGRES_NAME.test(name) && !RESERVED_MASTER_USERNAMES.includes(name);
}
