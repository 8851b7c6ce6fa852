/**
 * The port RDS for PostgreSQL listens on unless told otherwise: PostgreSQL's own default, and libpq's when a
 * connection names none. Source: Amazon RDS API Reference, CreateDBInstance, Port ("RDS for PostgreSQL:
 * Default: 5432"); PostgreSQL 15 documentation, 20.3 Connections and Authentication (port, "default 5432")
 * and 34.1.2 Parameter Key Words (port: "the default port number established when PostgreSQL was built").
 * Checked 2026-11-29.
 */
export const POSTGRES_PORT = 5432;
