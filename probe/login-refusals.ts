import { ClassWording } from "./exit-codes";

/**
 * The server's refusals at log-in, after authentication or instead of it, by SQLSTATE: the probe's
 * login-refused class (11), each with the hint that fits. The messages are PostgreSQL 15's
 * (REL_15_STABLE): src/backend/storage/lmgr/proc.c InitProcess ("sorry, too many clients already"),
 * src/backend/utils/init/postinit.c InitPostgres ("remaining connection slots are reserved for
 * non-replication superuser connections") and CheckMyDatabase ("too many connections for database",
 * "database ... is not currently accepting connections", "permission denied for database"),
 * src/backend/utils/init/miscinit.c InitializeSessionUserId ("too many connections for role"),
 * src/backend/postmaster/postmaster.c ProcessStartupPacket (57P03: starting up, shutting down, not
 * accepting connections), and the GUC checks of the startup packet's options (42704, 22023, 42501).
 */
export interface LoginRefusal {
  readonly wording: ClassWording;
  /** Worth another attempt under --wait, as an unreachable host is: the cause passes on its own. */
  readonly retryable: boolean;
}

const CONNECTION_LIMITS: LoginRefusal = {
  retryable: true,
  wording: {
    meaning: "the server refused the session at log-in: a connection limit is reached",
    hint: "sessions in use reached a limit: max_connections (on RDS set by the instance class's memory; some slots are " +
      "reserved for superusers), or the role's or the database's CONNECTION LIMIT; close idle sessions or raise the " +
      "limit; --wait retries until one frees",
  },
};

const REFUSALS: Readonly<Record<string, LoginRefusal>> = {
  "53300": CONNECTION_LIMITS,
  "57P03": {
    retryable: true,
    wording: {
      meaning: "the server refused the session at log-in: it is starting up, shutting down or not accepting connections",
      hint: "the server answers but is not ready (on RDS: rebooting, failing over, or applying a change; a standby " +
        "without hot standby never accepts sessions): wait for the instance status available; --wait retries",
    },
  },
  "55000": {
    retryable: false,
    wording: {
      meaning: "the server refused the session at log-in: the database does not accept connections",
      hint: "the database is closed to connections (datallowconn false): ALTER DATABASE ... WITH ALLOW_CONNECTIONS true, " +
        "or give the database the application uses",
    },
  },
  "42501": {
    retryable: false,
    wording: {
      meaning: "the server refused the session at log-in: permission denied",
      hint: "the role lacks CONNECT on the database (GRANT CONNECT ON DATABASE ... TO the role), or may not set a " +
        "parameter given in options",
    },
  },
};

const BAD_OPTIONS: LoginRefusal = {
  retryable: false,
  wording: {
    meaning: "the server refused the session at log-in: a setting in options is invalid",
    hint: "check the options setting (options= in the URL, or PGOPTIONS): the server refused a parameter or its value",
  },
};

const OTHER: LoginRefusal = {
  retryable: false,
  wording: {
    meaning: "the server refused the session at log-in",
    hint: "see the server's reason, and its log",
  },
};

/** The refusal for a SQLSTATE the server sent before the session was open. */
export function loginRefusal(sqlstate: string): LoginRefusal {
  // 42704 undefined_object (unrecognized configuration parameter), 22023 invalid_parameter_value,
  // 22P02 / 42601: values the GUC machinery refuses.
  if (["42704", "22023", "22P02", "42601"].includes(sqlstate)) return BAD_OPTIONS;
  return REFUSALS[sqlstate] ?? OTHER;
}
