import { instanceClassHardware } from "./instance-classes";

/**
 * RDS for PostgreSQL's default max_connections, from the default parameter group's formula:
 *   LEAST({DBInstanceClassMemory/9531392}, 5000)
 * Source: Amazon RDS User Guide, "Maximum number of database connections"
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.MaxConnections;
 * awsdocs/amazon-rds-user-guide doc_source/CHAP_Limits.md) and the default.postgres15 parameter group,
 * read 2026-11-29. The same page says DBInstanceClassMemory is the class's memory minus what the operating
 * system and the RDS processes reserve, so the formula applied to the class's nominal memory is an upper
 * bound: the live value is lower (the probe's evidence records the real one).
 */
export const MAX_CONNECTIONS_FORMULA = "LEAST({DBInstanceClassMemory/9531392}, 5000)";
export const MAX_CONNECTIONS_DIVISOR = 9531392;
export const MAX_CONNECTIONS_CAP = 5000;
export const MAX_CONNECTIONS_SOURCE =
  "Amazon RDS User Guide, Maximum number of database connections (CHAP_Limits), default.postgres15 parameter group, 2026-11-29";

/**
 * PostgreSQL's MAX_BACKENDS (0x3FFFF): the largest max_connections a server starts with. Source: PostgreSQL
 * src/include/postmaster/postmaster.h (MAX_BACKENDS), REL_15_STABLE, read 2026-11-29.
 */
export const POSTGRES_MAX_BACKENDS = 262143;

const GIB = 1024 ** 3;

/** The formula for a DBInstanceClassMemory in bytes (parameter-group arithmetic is integer). */
export function defaultMaxConnections(dbInstanceClassMemoryBytes: number): number {
  return Math.min(Math.floor(dbInstanceClassMemoryBytes / MAX_CONNECTIONS_DIVISOR), MAX_CONNECTIONS_CAP);
}

export interface ClassMaxConnections {
  readonly instanceClass: string;
  readonly memoryGib: number;
  /** The formula on the nominal memory: the most the default can be; RDS's reserve makes it lower. */
  readonly atMost: number;
}

/** The default limit for a class, or undefined when its memory is not in the RDS facts. */
export function maxConnectionsForClass(instanceClass: string): ClassMaxConnections | undefined {
  const hardware = instanceClassHardware(instanceClass);
  if (!hardware) return undefined;
  return { instanceClass, memoryGib: hardware.memoryGib, atMost: defaultMaxConnections(hardware.memoryGib * GIB) };
}

/**
 * The one live observation the project holds: `SHOW max_connections` = 198 on db.t2.small (2 GiB nominal,
 * formula 225), gist.github.com/guizmaii/1cacffef793c2ba9645083c3e18b3d8c, read 2026-11-29. 198 means
 * DBInstanceClassMemory >= 198 x 9531392, so RDS kept at most 2 GiB - 198 x 9531392 = 260,268,032 bytes
 * (~248 MiB) from that class. RDS publishes no reserve; this is the observed one, not a documented figure.
 */
export const OBSERVED_LIVE_MAX_CONNECTIONS = { instanceClass: "db.t2.small", memoryGib: 2, live: 198 } as const;
export const OBSERVED_RESERVE_BYTES = OBSERVED_LIVE_MAX_CONNECTIONS.memoryGib * GIB - OBSERVED_LIVE_MAX_CONNECTIONS.live * MAX_CONNECTIONS_DIVISOR;

export interface ClassMaxConnectionsEstimate extends ClassMaxConnections {
  /**
   * The formula on the nominal memory less the observed reserve: what to expect live, assuming the reserve
   * does not shrink on smaller classes. A check against a minimum uses this, not the upper bound.
   */
  readonly about: number;
}

/** The default limit's upper bound and expected live value for a class; undefined when its memory is unknown. */
export function maxConnectionsEstimateForClass(instanceClass: string): ClassMaxConnectionsEstimate | undefined {
  const bound = maxConnectionsForClass(instanceClass);
  if (!bound) return undefined;
  return { ...bound, about: defaultMaxConnections(Math.max(0, bound.memoryGib * GIB - OBSERVED_RESERVE_BYTES)) };
}
