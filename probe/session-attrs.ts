import type { Client } from "pg";
import type { TargetSessionAttrs } from "./connection-target";

/**
 * libpq 15's CONNECTION_CHECK_TARGET (fe-connect.c): read-write / read-only from the reported
 * default_transaction_read_only and in_hot_standby (else SHOW transaction_read_only); primary / standby
 * from in_hot_standby (else pg_is_in_recovery()). The messages are libpq's. Returns why an open session
 * does not count, or null when it does.
 */
export async function sessionMismatch(client: Client, parameters: Map<string, string>, wanted: TargetSessionAttrs):
  Promise<string | null> {
  if (wanted === "any") return null;
  const flag = (name: string) => parameters.get(name) === undefined ? undefined : parameters.get(name) === "on";
  if (wanted === "read-write" || wanted === "read-only") {
    let readOnly: boolean;
    const reported = [flag("default_transaction_read_only"), flag("in_hot_standby")];
    if (reported.includes(undefined)) {
      readOnly = (await client.query<{ transaction_read_only: string }>("SHOW transaction_read_only")).rows[0]
        .transaction_read_only === "on";
    } else {
      readOnly = reported.includes(true);
    }
    if (wanted === "read-write" && readOnly) return "session is read-only";
    if (wanted === "read-only" && !readOnly) return "session is not read-only";
    return null;
  }
  let standby = flag("in_hot_standby");
  if (standby === undefined) {
    standby = (await client.query<{ r: boolean }>("SELECT pg_catalog.pg_is_in_recovery() AS r")).rows[0].r;
  }
  if (wanted === "primary" && standby) return "server is in hot standby mode";
  if ((wanted === "standby" || wanted === "prefer-standby") && !standby) return "server is not in hot standby mode";
  return null;
}
