import { ConnectionTarget, HostEntry } from "./connection-target";
import { lookupPassfile } from "./passfile";

/** What the command line knew about the other sources, for the "where the probe looked" list. */
export interface PasswordSources {
  readonly urlGiven: boolean;
  readonly secretId?: string;
  readonly pgpasswordSet: boolean;
}

/**
 * libpq's last password source: when no other gave one, each host looks up its own line in the passfile
 * (host as given, port, database, user). Returns the target with per-host passwords, libpq's warnings
 * for a file it ignores, and the list of places looked.
 */
export function withPassfile(target: ConnectionTarget, sources: PasswordSources):
  { target: ConnectionTarget; warnings: string[] } {
  const looked = [
    sources.urlGiven ? "the URL (no password in it)" : "the URL (none given)",
    sources.pgpasswordSet ? "PGPASSWORD" : "PGPASSWORD (not set)",
    sources.secretId ? `the secret "${sources.secretId}"` : "--secret-id (not given)",
  ];
  if (target.password !== undefined) return { target, warnings: [] };
  const warnings = new Set<string>();
  const reasons = new Set<string>();
  const hosts: HostEntry[] = target.hosts.map((entry) => {
    const result = lookupPassfile(target.passfile, { host: entry.host, port: String(entry.port),
      database: target.database, user: target.user });
    if (result.found) return { ...entry, password: result.password, passwordSource: "passfile" };
    if (result.warning) warnings.add(result.warning);
    reasons.add(result.reason);
    return entry;
  });
  const found = hosts.some((h) => h.password !== undefined);
  return {
    target: { ...target, hosts, passwordSource: found ? "passfile" : "none",
      passwordSearch: [...looked, `the passfile: ${[...reasons].join("; ") || target.passfile}`] },
    warnings: [...warnings],
  };
}
