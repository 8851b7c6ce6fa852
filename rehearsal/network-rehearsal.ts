import { execFileSync, spawn, spawnSync } from "node:child_process";
import { readPlan } from "../review/read-plans";
import { planIngress, PlanIngress } from "./plan-ingress";
import { startLocalPostgres, LocalPostgres } from "./local-postgres";
import { createRehearsalNetwork, RehearsalHost, RehearsalNetwork, removeStaleNamespaces } from "./network-namespaces";
import { IngressPermission, translateIngress } from "./security-group-firewall";

/** Root, iproute2, nftables or setpriv is missing: the rehearsal cannot run here. */
export class PrerequisiteError extends Error {
  readonly code = "REHEARSAL_PREREQUISITES";
  constructor(readonly missing: string[]) {
    super(`the network rehearsal needs ${missing.join(", ")}`);
    this.name = "PrerequisiteError";
  }
}

/** What is missing for the rehearsal on this machine; empty when it can run. */
export function missingPrerequisites(): string[] {
  const missing: string[] = [];
  if (process.getuid?.() !== 0) missing.push("root (it creates network namespaces; run it with sudo)");
  const has = (command: string, args: string[]) => spawnSync(command, args, { stdio: "ignore" }).status === 0;
  if (!has("ip", ["-V"])) missing.push("iproute2 (apt-get install iproute2)");
  if (!has("nft", ["--version"])) missing.push("nftables (apt-get install nftables)");
  if (!has("setpriv", ["--version"])) missing.push("setpriv (apt-get install util-linux)");
  if (missing.length === 0) {
    // Root in a container may still lack CAP_NET_ADMIN: try once, with a name no run uses.
    const trial = `ckpt-rh-check-${process.pid}`;
    if (!has("ip", ["netns", "add", trial])) missing.push("permission to create network namespaces (CAP_NET_ADMIN)");
    else spawnSync("ip", ["netns", "del", trial], { stdio: "ignore" });
  }
  return missing;
}

export interface Outcome {
  readonly check: string;
  readonly host: RehearsalHost["role"];
  readonly address: string;
  readonly expected: string;
  readonly actual: string;
  readonly ok: boolean;
}

export interface NetworkRehearsalReport {
  readonly hosts: RehearsalHost[];
  readonly translated: string[];
  readonly untranslatable: string[];
  readonly outcomes: Outcome[];
  readonly ok: boolean;
}

interface ProbeRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the bundled probe inside a host's namespace: every client of the rehearsal runs in one. */
function probeFrom(host: RehearsalHost, probeFile: string, args: string[], password: string): Promise<ProbeRun> {
  return new Promise((resolve) => {
    const child = spawn("ip", ["netns", "exec", host.namespace, process.execPath, probeFile, ...args],
      { env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/", PGPASSWORD: password } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => { stdout += d; });
    child.stderr.on("data", (d) => { stderr += d; });
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

function applyFirewall(host: RehearsalHost, ruleset: string): void {
  execFileSync("ip", ["netns", "exec", host.namespace, "nft", "flush", "ruleset"]);
  execFileSync("ip", ["netns", "exec", host.namespace, "nft", "-f", "-"], { input: ruleset, stdio: ["pipe", "ignore", "pipe"] });
}

function widened(permissions: IngressPermission[]): IngressPermission[] {
  return permissions.map((p) => ({ ...p, ipv4Sources: ["0.0.0.0/0"], otherSources: [] }));
}

export interface RehearsalOptions {
  readonly planFile: string;
  readonly probeFile: string;
  readonly onProgress?: (line: string) => void;
}

/** The network and its database server, ready for one or more plans' security groups. */
export interface RehearsalEnvironment {
  readonly network: RehearsalNetwork;
  readonly server: LocalPostgres;
  /** Stops the server and removes the namespaces; safe to call twice. */
  close(): Promise<void>;
}

/** The plan's database ingress, or an error when it gives the database none to rehearse. */
function planPermissions(planFile: string): PlanIngress {
  const ingress = planIngress(readPlan(planFile));
  if (ingress.permissions.length === 0 && ingress.unreadable.length === 0) {
    throw new Error(`${planFile} gives its database no ingress rule to rehearse`);
  }
  return ingress;
}

/**
 * Builds the network and starts PostgreSQL on its database host. `onCreated` is told as soon as there is
 * something to tear down, so an interruption at any later moment can.
 */
export async function openRehearsalEnvironment(progress: (line: string) => void = () => undefined,
  onCreated: (close: () => Promise<void>) => void = () => undefined): Promise<RehearsalEnvironment> {
  let network: RehearsalNetwork | undefined;
  let server: LocalPostgres | undefined;
  const close = async () => {
    await server?.stop().catch(() => undefined);
    server = undefined;
    network?.destroy();
    network = undefined;
  };
  onCreated(close);
  try {
    network = createRehearsalNetwork();
    const { db, app, other } = network.hosts;
    progress(`network: db ${db.address} (${db.subnet}), app ${app.address} (${app.subnet}), other ${other.address} (${other.subnet})`);
    server = await startLocalPostgres({ networkNamespace: db.namespace, listenAddresses: [db.address],
      allowedCidrs: ["0.0.0.0/0"], certificateNames: { dnsNames: [], ipAddresses: [db.address] } });
    return { network, server, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Applies the plan's security group to the database host as nftables, and checks that the app host gets
 * in, the other host stays out, and (the control) a group widened to 0.0.0.0/0 lets the other host in.
 * The environment is left as it was found apart from the firewall, so several plans can share one.
 */
export async function rehearsePlanOn(environment: RehearsalEnvironment, options: RehearsalOptions): Promise<NetworkRehearsalReport> {
  return rehearse(environment, planPermissions(options.planFile), options);
}

async function rehearse(environment: RehearsalEnvironment, { permissions, unreadable }: PlanIngress,
  options: RehearsalOptions): Promise<NetworkRehearsalReport> {
  const progress = options.onProgress ?? (() => undefined);
  const { network, server } = environment;
  const { db, app, other } = network.hosts;
  const bindings = { variables: { app_subnet_cidr: app.subnet } };
  const translation = translateIngress(permissions, bindings);
  applyFirewall(db, translation.ruleset);

  const url = `postgresql://${server.user}@${db.address}:${server.port}/${server.database}` +
    `?sslmode=verify-full&sslrootcert=${server.certificates.caFile}`;
  const outcomes: Outcome[] = [];

  progress("probe from the app host (must get in)");
  const fromApp = await probeFrom(app, options.probeFile, [url, "--json", "--connect-timeout", "5"], server.password);
  const appEvidence = (() => { try { return JSON.parse(fromApp.stdout); } catch { return undefined; } })();
  const source = appEvidence?.probeHost?.connectionSourceAddress;
  outcomes.push({ check: "app subnet reaches PostgreSQL", host: "app", address: app.address, expected: "witness observed",
    actual: fromApp.status === 0 ? `witness observed from ${source}` : `exit ${fromApp.status}: ${fromApp.stderr.trim()}`,
    ok: fromApp.status === 0 && source === app.address });

  progress("probe from the other host (must stay out)");
  const fromOther = await probeFrom(other, options.probeFile, [url, "--expect-unreachable", "--json", "--connect-timeout", "2"],
    server.password);
  outcomes.push({ check: "other subnet is kept out", host: "other", address: other.address, expected: "unreachable",
    actual: fromOther.status === 0 ? `unreachable (${JSON.parse(fromOther.stdout).errorClass})` : `exit ${fromOther.status}: ${fromOther.stderr.trim()}`,
    ok: fromOther.status === 0 });

  progress("control: the same group widened to 0.0.0.0/0 (the other host must get in)");
  applyFirewall(db, translateIngress(widened(permissions), bindings).ruleset);
  const control = await probeFrom(other, options.probeFile, [url, "--json", "--connect-timeout", "5"], server.password);
  outcomes.push({ check: "control: widened group lets the other host in", host: "other", address: other.address,
    expected: "witness observed", actual: control.status === 0 ? "witness observed" : `exit ${control.status}: ${control.stderr.trim()}`,
    ok: control.status === 0 });

  const hosts = [db, app, other];
  // What the reader could not evaluate (a dynamic block over a variable...) fails the rehearsal: it was never applied.
  const untranslatable = [...unreadable, ...translation.untranslatable];
  return { hosts, translated: translation.translated, untranslatable, outcomes,
    ok: outcomes.every((o) => o.ok) && untranslatable.length === 0 };
}

/**
 * The whole rehearsal of one plan: its own network and server, torn down on every path, Ctrl-C included.
 */
export async function rehearseNetwork(options: RehearsalOptions): Promise<NetworkRehearsalReport> {
  const missing = missingPrerequisites();
  if (missing.length > 0) throw new PrerequisiteError(missing);
  const progress = options.onProgress ?? (() => undefined);
  const permissions = planPermissions(options.planFile);

  const stale = removeStaleNamespaces();
  if (stale.length > 0) progress(`removed namespaces left by a killed run: ${stale.join(", ")}`);

  let teardown: () => Promise<void> = async () => undefined;
  const interrupted = () => { void teardown().then(() => process.exit(130)); };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  try {
    const environment = await openRehearsalEnvironment(progress, (close) => { teardown = close; });
    return await rehearse(environment, permissions, options);
  } finally {
    process.removeListener("SIGINT", interrupted);
    process.removeListener("SIGTERM", interrupted);
    await teardown();
  }
}
