// The SDK's modules load with the first call (as in probe/secret-credentials.ts): EC2's and RDS's cost
// ~150 ms of start-up that verify --help and a usage error do not need.
import type { DBInstance, RDSClient } from "@aws-sdk/client-rds";
import type { EC2Client } from "@aws-sdk/client-ec2";
import { backoffDelayMs } from "../probe/backoff";
import { LiveState } from "./compare";

/** Statuses from which an instance becomes available by itself: worth waiting through. */
const TRANSITIONAL = new Set(["creating", "backing-up", "modifying", "configuring-enhanced-monitoring",
  "configuring-log-exports", "configuring-iam-database-auth", "rebooting", "resetting-master-credentials", "upgrading",
  "maintenance", "renaming", "starting", "storage-optimization"]);

export interface Clock {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
}

export const realClock: Clock = {
  now: Date.now,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** The instance did not become available in time (or is in a status it will not leave by itself). */
export class NotAvailableError extends Error {
  readonly code = "NOT_AVAILABLE";
  constructor(readonly status: string, waitedSeconds: number) {
    super(TRANSITIONAL.has(status)
      ? `the instance is still ${status} after ${waitedSeconds} s; run again with a longer --wait (RDS takes about ten minutes to create one)`
      : `the instance is ${status}, not available; check it in the RDS console or with aws rds describe-db-instances`);
    this.name = "NotAvailableError";
  }
}

export interface FetchOptions {
  readonly identifier: string;
  readonly waitSeconds: number;
  readonly rds: RDSClient;
  readonly ec2: EC2Client;
  readonly clock?: Clock;
  readonly onProgress?: (line: string) => void;
}

async function describeInstance(rds: RDSClient, identifier: string): Promise<DBInstance> {
  const { DescribeDBInstancesCommand } = await import("@aws-sdk/client-rds");
  const out = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier }));
  const instance = out.DBInstances?.[0];
  if (!instance) throw Object.assign(new Error(`DBInstance ${identifier} not found.`), { name: "DBInstanceNotFoundFault" });
  return instance;
}

/** The live instance (waiting for "available" up to waitSeconds), its security groups and subnet group. */
export async function fetchLiveState(options: FetchOptions): Promise<LiveState> {
  const clock = options.clock ?? realClock;
  const started = clock.now();
  const deadline = started + options.waitSeconds * 1000;
  let instance = await describeInstance(options.rds, options.identifier);
  for (let attempt = 1; instance.DBInstanceStatus !== "available"; attempt++) {
    const status = instance.DBInstanceStatus ?? "unknown";
    const remaining = deadline - clock.now();
    if (!TRANSITIONAL.has(status) || remaining <= 0) {
      throw new NotAvailableError(status, Math.round((clock.now() - started) / 1000));
    }
    const delay = Math.min(backoffDelayMs(attempt, clock.random, { baseMs: 5000, capMs: 60000 }), remaining);
    options.onProgress?.(`instance ${options.identifier} is ${status}; checking again in ${Math.round(delay / 1000)} s ` +
      `(${Math.ceil(remaining / 1000)} s left)`);
    await clock.sleep(delay);
    instance = await describeInstance(options.rds, options.identifier);
  }
  options.onProgress?.(`instance ${options.identifier} is available`);

  const [{ DescribeSecurityGroupsCommand }, { DescribeDBSubnetGroupsCommand }] =
    await Promise.all([import("@aws-sdk/client-ec2"), import("@aws-sdk/client-rds")]);
  const groupIds = (instance.VpcSecurityGroups ?? []).map((g) => g.VpcSecurityGroupId).filter((id): id is string => !!id);
  const securityGroups = groupIds.length === 0 ? []
    : (await options.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: groupIds }))).SecurityGroups ?? [];
  const subnetGroupName = instance.DBSubnetGroup?.DBSubnetGroupName;
  const subnetGroup = subnetGroupName
    ? (await options.rds.send(new DescribeDBSubnetGroupsCommand({ DBSubnetGroupName: subnetGroupName }))).DBSubnetGroups?.[0]
    : undefined;
  return { instance, securityGroups, subnetGroup };
}
