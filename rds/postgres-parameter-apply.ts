/**
 * When a change to a PostgreSQL 15 parameter in an RDS DB parameter group takes effect.
 *
 * RDS calls a parameter "static" when PostgreSQL reads it only at server start (pg_settings.context =
 * 'postmaster'): a change waits for a reboot. Every other context is "dynamic": applied without one.
 * Sources (read 2026-11-29):
 * - PostgreSQL 15 documentation, 20. Server Configuration (runtime-config-*.html): "This parameter can
 *   only be set at server start" marks postmaster context; log_connections / log_disconnections "cannot be
 *   changed after session start" (superuser-backend: new sessions pick it up, no restart).
 * - Amazon RDS User Guide, "Working with parameters on your RDS for PostgreSQL DB instance"
 *   (Appendix.PostgreSQL.CommonDBATasks.Parameters.html) and "Parameter groups for Amazon RDS": the
 *   Apply type column; rds.force_ssl is dynamic (RDS for PostgreSQL 15 default parameter group). The stored
 *   copies of "Using SSL with a PostgreSQL DB instance" read here end before that table, so this entry was
 *   not re-read on that date: check it against `aws rds describe-db-parameters` (ApplyType) when in doubt.
 * Only parameters listed here are known; any other is "effect unknown" to the change review.
 */
export type ParameterApplyType = "static" | "dynamic";

export const POSTGRES15_PARAMETER_APPLY_TYPES: Readonly<Record<string, ParameterApplyType>> = {
  // The parameters of aws_db_parameter_group.checkpoints.
  log_connections: "dynamic",
  log_disconnections: "dynamic",
  log_min_duration_statement: "dynamic",
  "rds.force_ssl": "dynamic",
  // Often added next to them; the static ones are the reason a reboot appears.
  log_statement: "dynamic",
  log_lock_waits: "dynamic",
  log_temp_files: "dynamic",
  statement_timeout: "dynamic",
  idle_in_transaction_session_timeout: "dynamic",
  work_mem: "dynamic",
  maintenance_work_mem: "dynamic",
  password_encryption: "dynamic",
  ssl_min_protocol_version: "dynamic",
  shared_preload_libraries: "static",
  max_connections: "static",
  shared_buffers: "static",
  max_worker_processes: "static",
  max_wal_senders: "static",
  max_replication_slots: "static",
  track_activity_query_size: "static",
  "rds.logical_replication": "static",
  "pg_stat_statements.max": "static",
};

/** The apply type of a PostgreSQL 15 parameter, or undefined when we do not know it. */
export function postgres15ParameterApplyType(name: string): ParameterApplyType | undefined {
  const key = name.toLowerCase(); // RDS parameter names are case-insensitive
  return Object.prototype.hasOwnProperty.call(POSTGRES15_PARAMETER_APPLY_TYPES, key) ? POSTGRES15_PARAMETER_APPLY_TYPES[key] : undefined;
}
