/**
 * What RDS does with a change of a PostgreSQL instance's engine_version, before anything is modified.
 *
 * - A major version upgrade needs ModifyDBInstance's AllowMajorVersionUpgrade = true: "This parameter must
 *   be set to true when specifying a value for the EngineVersion parameter that is a different major version
 *   than the DB instance's current version" (Amazon RDS API Reference, ModifyDBInstance, AllowMajorVersionUpgrade).
 *   The hashicorp/aws provider sends the resource's allow_major_version_upgrade with every engine_version
 *   change (v6.25.0 internal/service/rds resourceInstanceUpdate, as indexed word for word by
 *   lonegunmanb/terraform-provider-aws-index@v6.25.0 index/internal/service/rds/func.resourceInstanceUpdate.goindex:255-257).
 * - RDS upgrades only: "EngineVersion: The version number of the database engine to upgrade to" (same page);
 *   there is no in-place downgrade of an RDS for PostgreSQL instance, major or minor (a lower version means
 *   restoring a dump into a new instance).
 * PostgreSQL 10 and later number majors with one part ("15"), before that with two ("9.6").
 * Imports nothing from the project.
 */

export type EngineVersionChange = "same" | "minor-upgrade" | "major-upgrade" | "downgrade" | "unknown";

/** Major and minor as numbers: "15.4" -> [15, 4]; "9.6.22" -> [9.6, 22]; "15" -> [15]. undefined if not a version. */
function parts(version: string): number[] | undefined {
  if (!/^\d+(\.\d+)*$/.test(version)) return undefined;
  const numbers = version.split(".").map(Number);
  if (numbers[0] < 10) return numbers.length >= 2 ? [Number(`${numbers[0]}.${numbers[1]}`), ...numbers.slice(2)] : undefined;
  return numbers;
}

/**
 * engine_version before -> after. A version that is a prefix of the other ("15" and "15.4") is the same: the
 * provider compares the configured version with the running one by prefix (engine_version_actual).
 */
export function engineVersionChange(before: string, after: string): EngineVersionChange {
  const b = parts(before);
  const a = parts(after);
  if (!b || !a) return "unknown";
  const shared = Math.min(a.length, b.length);
  for (let i = 0; i < shared; i++) {
    if (a[i] === b[i]) continue;
    if (a[i] < b[i]) return "downgrade";
    return i === 0 ? "major-upgrade" : "minor-upgrade";
  }
  return "same";
}
