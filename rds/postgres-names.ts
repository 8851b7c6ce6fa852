import { isPostgresReservedKeyword } from "./postgres-keywords";

/**
 * What RDS for PostgreSQL accepts as the master user name and the initial database name.
 * Source: Amazon RDS API Reference, CreateDBInstance: MasterUsername (RDS for PostgreSQL: "Must be 1 to 63
 * letters or numbers. First character must be a letter. Can't be a reserved word for the chosen database
 * engine.") and DBName (RDS for PostgreSQL: "Must contain 1 to 63 letters, numbers, or underscores. Must begin
 * with a letter. Can't be a word reserved by the database engine."). The reserved words: rds/postgres-keywords.ts.
 * Checked 2026-12-06. Lowercase only: an unquoted name is folded to lowercase by PostgreSQL, so mixed case would
 * not round-trip.
 */
export const POSTGRES_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * Role names the master user cannot take, beyond the reserved words: the roles RDS itself creates on every
 * RDS for PostgreSQL instance (rdsadmin, rdsrepladmin, rds_superuser: RDS User Guide, "Understanding PostgreSQL
 * roles and permissions"), and the names PostgreSQL 15 refuses for any role: public and none ("role name ... is
 * reserved", src/backend/parser/gram.y RoleSpec) and the pg_ prefix (src/backend/commands/user.c, CreateRole:
 * "Role names starting with "pg_" are reserved."). postgres is not one: it is the RDS console's default master
 * user name for PostgreSQL (same User Guide page: "By default, its name is postgres").
 */
export const RESERVED_MASTER_USERNAMES: readonly string[] = ["rdsadmin", "rdsrepladmin", "rds_superuser", "public", "none"];

/**
 * Databases every RDS for PostgreSQL instance already has, which CreateDBInstance cannot create again: rdsadmin
 * (RDS's own, RDS User Guide, "Understanding PostgreSQL roles and permissions") and initdb's template0 and
 * template1 (PostgreSQL 15 manual, 23.3 "Template Databases"). postgres is allowed: it is the database RDS
 * creates when DBName is not given, so naming it just connects the app there.
 */
export const RESERVED_DATABASE_NAMES: readonly string[] = ["rdsadmin", "template0", "template1"];

export const POSTGRES_NAME_RULE = "1-63 lowercase letters, digits or underscores, starting with a letter";

export const MASTER_USERNAME_RULE = `${POSTGRES_NAME_RULE}; not a PostgreSQL reserved word (such as user or select: ` +
  `rds/postgres-keywords.ts), not starting with pg_, and not a role RDS or PostgreSQL reserves (${RESERVED_MASTER_USERNAMES.join(", ")})`;

export const DATABASE_NAME_RULE = `${POSTGRES_NAME_RULE}; not a PostgreSQL reserved word (such as select: rds/postgres-keywords.ts) ` +
  `and not a database every RDS instance already has (${RESERVED_DATABASE_NAMES.join(", ")})`;

export function isPostgresName(name: string): boolean {
  return POSTGRES_NAME.test(name);
}

/** A name RDS accepts as a PostgreSQL master user. */
export function isMasterUsername(name: string): boolean {
  return POSTGRES_NAME.test(name) && !isPostgresReservedKeyword(name) && !name.startsWith("pg_") &&
    !RESERVED_MASTER_USERNAMES.includes(name);
}

/** A name RDS accepts as the database it creates on a PostgreSQL instance. */
export function isDatabaseName(name: string): boolean {
  return POSTGRES_NAME.test(name) && !isPostgresReservedKeyword(name) && !RESERVED_DATABASE_NAMES.includes(name);
}
