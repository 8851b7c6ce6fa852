import * as fs from "node:fs";
import * as path from "node:path";
import { cidrContains, parseIpv4Cidr } from "../cli/value-parsers";
import type { WitnessEvidence } from "../probe/evidence";
import { Check, LiveState } from "./compare";
import { PlanExpectations } from "./plan-expectations";
import { VERIFY_EXIT, VerifyExit } from "./exit-codes";

/** The document's completion evidence, item by item. */
export const EVIDENCE_ITEMS = {
  rds_instance: "RDS instance details (endpoint, version, instance class), available and as planned",
  backup_config: "Backup configuration showing 7-day retention",
  security_config: "Security group configuration showing app subnet access only",
  connection_test: "Connection test output (SELECT version(), SELECT 1)",
  app_server_connection: "Connection test from an application server (source address in the app subnet)",
} as const;
export type EvidenceItem = keyof typeof EVIDENCE_ITEMS;

export interface VerificationEvidence {
  readonly schema: "checkpoints-verify/evidence@1";
  readonly verifiedAt: string;
  readonly stack: string;
  readonly region: string;
  readonly status: "complete" | "pending";
  readonly exitCode: number;
  readonly observed: EvidenceItem[];
  readonly missing: Array<{ item: EvidenceItem; reason: string }>;
  readonly instance: Record<string, unknown>;
  readonly backups: Record<string, unknown>;
  readonly securityGroups: Array<Record<string, unknown>>;
  readonly subnetGroup: Record<string, unknown> | null;
  readonly drift: Check[];
  readonly checks: Check[];
  readonly connectionTest: WitnessEvidence | null;
}

/** Is the IPv4 address inside the CIDR? Pure; false for anything that is not an address and a block. */
export function inCidr(address: string, cidr: string): boolean {
  try {
    return cidrContains(parseIpv4Cidr(cidr, "app_subnet_cidr", { allowWorld: true }), address);
  } catch {
    return false;
  }
}

export interface BuildInput {
  readonly plan: PlanExpectations;
  readonly region: string;
  readonly live: LiveState;
  readonly checks: Check[];
  /** The probe's evidence when --probe ran; undefined when it was not asked for. */
  readonly probe?: WitnessEvidence;
  readonly probeSkippedReason?: string;
  readonly now: Date;
}

/** Decides, item by item, what was observed, and the exit code that follows. Pure. */
export function buildEvidence(input: BuildInput): VerificationEvidence {
  const { plan, live, checks, probe } = input;
  const db = live.instance;
  const failed = (area: Check["area"]) => checks.filter((c) => c.area === area && c.ok === false);
  const unknown = (area: Check["area"]) => checks.filter((c) => c.area === area && c.ok === null);
  const missing: Array<{ item: EvidenceItem; reason: string }> = [];
  const need = (item: EvidenceItem, reason: string | undefined) => { if (reason) missing.push({ item, reason }); };

  need("rds_instance", failed("instance").length > 0
    ? `drift in ${failed("instance").map((c) => c.attribute).join(", ")}` : undefined);
  need("backup_config", failed("backups").length > 0 || (db.BackupRetentionPeriod ?? 0) < 7
    ? `backup retention is ${db.BackupRetentionPeriod ?? 0} days (window ${db.PreferredBackupWindow}); at least 7 required` : undefined);
  need("security_config", failed("security-group").length > 0
    ? `drift in ${failed("security-group").map((c) => c.attribute).join(", ")}`
    : unknown("security-group").map((c) => c.note).join("; ") || undefined);
  need("connection_test", !probe ? (input.probeSkippedReason ?? "--probe was not given")
    : probe.exitCode !== 0 ? `the probe failed: ${probe.errorClass}: ${probe.error}` : undefined);
  const source = probe?.probeHost.connectionSourceAddress ?? undefined;
  const cidr = plan.inputs.appSubnetCidr;
  need("app_server_connection", !probe || probe.exitCode !== 0 ? "needs a successful connection test"
    : !cidr ? "app_subnet_cidr is unknown here: pass --app-subnet-cidr or set TF_VAR_app_subnet_cidr"
      : !source || !inCidr(source, cidr)
        ? `the probe connected from ${source ?? "an unknown address"}, outside app_subnet_cidr ${cidr}: run verify --probe on an application server`
        : undefined);

  const drift = checks.filter((c) => c.ok === false);
  const exit: VerifyExit = drift.length > 0 ? VERIFY_EXIT.drift
    : probe && probe.exitCode !== 0 ? VERIFY_EXIT.probeFailed
      : missing.length > 0 ? VERIFY_EXIT.incomplete : VERIFY_EXIT.complete;
  const missingItems = new Set(missing.map((m) => m.item));
  return {
    schema: "checkpoints-verify/evidence@1",
    verifiedAt: input.now.toISOString(),
    stack: plan.stack,
    region: input.region,
    status: missing.length === 0 ? "complete" : "pending",
    exitCode: exit.code,
    observed: (Object.keys(EVIDENCE_ITEMS) as EvidenceItem[]).filter((i) => !missingItems.has(i)),
    missing,
    instance: {
      identifier: db.DBInstanceIdentifier, status: db.DBInstanceStatus, endpoint: db.Endpoint?.Address, port: db.Endpoint?.Port,
      engine: db.Engine, engineVersion: db.EngineVersion, instanceClass: db.DBInstanceClass, multiAz: db.MultiAZ,
      storageEncrypted: db.StorageEncrypted, publiclyAccessible: db.PubliclyAccessible, deletionProtection: db.DeletionProtection,
      availabilityZone: db.AvailabilityZone, secondaryAvailabilityZone: db.SecondaryAvailabilityZone,
      parameterGroups: db.DBParameterGroups?.map((g) => g.DBParameterGroupName),
      logExports: db.EnabledCloudwatchLogsExports, masterUserSecretArn: db.MasterUserSecret?.SecretArn,
    },
    backups: { retentionDays: db.BackupRetentionPeriod, window: db.PreferredBackupWindow,
      latestRestorableTime: db.LatestRestorableTime?.toISOString?.() ?? db.LatestRestorableTime },
    securityGroups: live.securityGroups.map((g) => ({ id: g.GroupId, name: g.GroupName, vpcId: g.VpcId,
      ingress: g.IpPermissions, egress: g.IpPermissionsEgress })),
    subnetGroup: live.subnetGroup ? { name: live.subnetGroup.DBSubnetGroupName, vpcId: live.subnetGroup.VpcId,
      subnets: live.subnetGroup.Subnets?.map((s) => ({ id: s.SubnetIdentifier, availabilityZone: s.SubnetAvailabilityZone?.Name })) } : null,
    drift,
    checks,
    connectionTest: probe ?? null,
  };
}

const cell = (value: string) => value.replace(/\|/g, "\\|");

export function renderMarkdown(e: VerificationEvidence): string {
  const lines = [
    `# ${e.stack}: verification ${e.status === "complete" ? "complete" : "pending"}`,
    "",
    `Verified ${e.verifiedAt} in ${e.region}. Exit ${e.exitCode}.`,
    "",
    "## Evidence",
    "",
    "| item | observed | |",
    "| --- | --- | --- |",
    ...(Object.keys(EVIDENCE_ITEMS) as EvidenceItem[]).map((item) => {
      const gap = e.missing.find((m) => m.item === item);
      return `| ${EVIDENCE_ITEMS[item]} | ${gap ? "no" : "yes"} | ${cell(gap?.reason ?? "")} |`;
    }),
    "",
    "## Instance",
    "",
    ...Object.entries(e.instance).filter(([, v]) => v !== undefined).map(([k, v]) => `- ${k}: ${Array.isArray(v) ? v.join(", ") : v}`),
    `- backups: ${e.backups.retentionDays} days, window ${e.backups.window}`,
    "",
    "## Plan against the account",
    "",
    "| area | attribute | planned | actual | |",
    "| --- | --- | --- | --- | --- |",
    ...e.checks.map((c) => `| ${c.area} | ${c.attribute} | ${cell(c.expected)} | ${cell(c.actual)} | ` +
      `${c.ok === true ? "ok" : c.ok === false ? "**drift**" : cell(`not checked: ${c.note ?? ""}`)} |`),
    "",
    "## Connection test",
    "",
    e.connectionTest
      ? ["```", e.connectionTest.server?.version ?? `failed: ${e.connectionTest.errorClass}: ${e.connectionTest.error}`,
        `from ${e.connectionTest.probeHost.hostname} (${e.connectionTest.probeHost.addresses.join(", ")}), ` +
        `source ${e.connectionTest.probeHost.connectionSourceAddress}, TLS ${e.connectionTest.tls?.used ? e.connectionTest.tls.protocol : "no"}`,
        "```"].join("\n")
      : "Not run (pass --probe).",
    "",
  ];
  return lines.join("\n");
}

/** The document's state-transition block, complete only when every item was observed. */
export function renderStateTransition(e: VerificationEvidence): string {
  const before = ["before:", "  status: pending", "  witness: impossible (no network database)",
    "  database: file-based SQLite", "  multi_server: blocked"];
  const after = e.status === "complete"
    ? ["after:", "  status: complete", "  witness: observed (network database accessible)",
      "  database: network-accessible PostgreSQL", "  multi_server: enabled",
      `  evidence: [${["rds_instance", "connection_test", "security_config"].join(", ")}]`,
      `  observed: [${e.observed.join(", ")}]`]
    : ["after:", "  status: pending", "  witness: not observed", "  database: network-accessible PostgreSQL (not yet verified)",
      "  multi_server: blocked", `  observed: [${e.observed.join(", ")}]`, "  missing:",
      ...e.missing.map((m) => `    - ${m.item}: ${JSON.stringify(m.reason)}`)];
  return [`# ${e.stack}, verified ${e.verifiedAt} by npm run verify (exit ${e.exitCode})`, "task_id: M4.1",
    ...before, ...after, ""].join("\n");
}

/** Files other tools write into the evidence directory, carried over when the bundle is replaced. */
const KEPT_BESIDE_BUNDLE = ["preflight.json"];

const BUNDLE_FILES = ["evidence.json", "evidence.md", "state-transition.yaml"];

/**
 * Why dir cannot take the bundle, or undefined when it can: the bundle replaces its folder whole, so the
 * folder must be new, empty, or an earlier bundle. `--out .` or `--out ""` (the project, or a home folder)
 * would otherwise be deleted.
 */
export function bundleFolderProblem(dir: string): string | undefined {
  const target = path.resolve(dir);
  if (!fs.existsSync(target)) return undefined;
  if (!fs.statSync(target).isDirectory()) return `${dir} is a file, not a folder`;
  const others = fs.readdirSync(target).filter((name) => ![...BUNDLE_FILES, ...KEPT_BESIDE_BUNDLE].includes(name));
  if (others.length === 0) return undefined;
  return `${dir} holds files that are not an evidence bundle (${others.slice(0, 3).join(", ")}${others.length > 3 ? ", ..." : ""}); ` +
    "the bundle replaces its folder whole: give a new or empty folder, or an earlier bundle's";
}

/**
 * Writes evidence.json, evidence.md and state-transition.yaml into dir, whole or not at all: into a
 * sibling staging directory first, then renamed into place, so a reader never sees half a bundle.
 */
export function writeBundle(dir: string, evidence: VerificationEvidence): string[] {
  const target = path.resolve(dir);
  const problem = bundleFolderProblem(dir);
  if (problem) throw new Error(problem);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = fs.mkdtempSync(`${target}.staging-`);
  const files: Array<[string, string]> = [
    ["evidence.json", `${JSON.stringify(evidence, null, 2)}\n`],
    ["evidence.md", renderMarkdown(evidence)],
    ["state-transition.yaml", renderStateTransition(evidence)],
  ];
  try {
    for (const [name, content] of files) fs.writeFileSync(path.join(staging, name), content);
    // preflight --out writes its report beside the evidence; the bundle's replacement keeps it.
    for (const kept of KEPT_BESIDE_BUNDLE) {
      if (fs.existsSync(path.join(target, kept))) fs.copyFileSync(path.join(target, kept), path.join(staging, kept));
    }
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(staging, target);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  return files.map(([name]) => path.join(target, name));
}
