import { execFileSync, spawn, spawnSync } from "node:child_process";
import { readPlan } from "../plan/read-plans";
import { databaseIngress, PlanIngress } from "./plan-ingress";
import { startLocalPostgres, LocalPostgres } from "./local-postgres";
import { createRehearsalNetwork, RehearsalHost, RehearsalNetwork } from "./network-namespaces";
import { RehearsalRun } from "./run-state";
import { IngressPermission, translateIngress } from "./security-group-firewall";

/** Root, iproute2, nftables or setpriv is missing: the rehearsal cannot run here. */
export class PrerequisiteError extends Error {
  readonly code = "REHEARSAL_PREREQUISITES";
  constructor(readonly missing: string[]) {
    super(`the network rehearsal needs ${missing.join(", ")}`);
    this.name = "PrerequisiteError";
  }
}

/** The plan gives the rehearsal nothing to rehearse: a usage error (exit 2), with the reason. */
export class RehearsalPlanError extends Error {
  readonly code = "REHEARSAL_PLAN";
  constructor(message: string) {
    super(message);
    this.name = "RehearsalPlanError";
  }
}

/** What is missing for the rehearsal on this machine; empty when it can run. */
export function missingPrerequisites(run?: { namespace(name: string): void }): string[] {
  const missing: string[] = [];
  if (process.getuid?.() !== 0) missing.push("root (it creates network namespaces; run it with sudo)");
  const has = (command: string, args: string[]) => spawnSync(command, args, { stdio: "ignore" }).status === 0;
  if (!has("ip", ["-V"])) missing.push("iproute2 (apt-get install iproute2)");
  if (!has("nft", ["--version"])) missing.push("nftables (apt-get install nftables)");
  if (!has("setpriv", ["--version"])) missing.push("setpriv (apt-get install util-linux)");
  if (missing.length === 0) {
    // Root in a container may still lack CAP_NET_ADMIN: try once, with a name no run uses.
    const trial = `ckpt-rh-check-${process.pid}`;
    run?.namespace(trial);
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
function probeFrom(host: RehearsalHost, probeFile: string, args: string[], password: string, run: RehearsalRun): Promise<ProbeRun> {
  return new Promise((resolve) => {
    const child = spawn("ip", ["netns", "exec", host.namespace, process.execPath, probeFile, ...args],
      { env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/", PGPASSWORD: password }, detached: true });
    run.process(child.pid);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => { stdout += d; });
    child.stderr.on("data", (d) => { stderr += d; });
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** The probe's JSON evidence, or undefined when it printed none. */
function parsedEvidence(stdout: string): { errorClass?: string; probeHost?: { connectionSourceAddress?: string } } | undefined {
  try {
    return JSON.parse(stdout);
  } catch {
    return undefined;
  }
}

/**
 * Replaces the host's whole ruleset in one nft transaction: no moment without a firewall between the
 * flush and the load, and one process instead of two.
 */
function applyFirewall(host: RehearsalHost, ruleset: string): void {
  execFileSync("ip", ["netns", "exec", host.namespace, "nft", "-f", "-"],
    { input: `flush ruleset\n${ruleset}`, stdio: ["pipe", "ignore", "pipe"] });
}

function widened(permissions: IngressPermission[]): IngressPermission[] {
  return permissions.map((p) => ({ ...p, ipv4Sources: ["0.0.0.0/0"], otherSources: [] }));
}

export interface RehearsalOptions {
  readonly planFile: string;
  readonly probeFile: string;
  readonly onProgress?: (line: string) => void;
  /** Records what the rehearsal makes; its owner removes it all on a signal (rehearsal/run-state.ts). */
  readonly run: RehearsalRun;
}

/** The plan's ingress to the database, or a RehearsalPlanError saying why there is nothing to rehearse. */
export function planIngress(planFile: string): PlanIngress {
  const plan = readPlan(planFile);
  if (plan.dbInstances().length === 0) {
    throw new RehearsalPlanError(`${planFile} has no aws_db_instance: there is no database whose security group to rehearse`);
  }
  const ingress = databaseIngress(plan);
  if (ingress.groups === 0) {
    throw new RehearsalPlanError(`${planFile}: the aws_db_instance has no vpc_security_group_ids naming a security group in the plan`);
  }
  if (ingress.permissions.length === 0 && ingress.unreadable.length === 0) {
    throw new RehearsalPlanError(`${planFile} gives its database no ingress rule: nothing could reach it, so there is nothing to rehearse`);
  }
  return ingress;
}

/** The network and its database server, ready for one or more plans' security groups. */
export interface RehearsalEnvironment {
  readonly network: RehearsalNetwork;
  readonly server: LocalPostgres;
  /** The run that recorded everything the environment made. */
  readonly run: RehearsalRun;
  /** Stops the server and removes the namespaces; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Builds the network and starts PostgreSQL on its database host, recording each thing in `run` before it
 * exists, so a signal or a kill at any moment leaves nothing the run's owner (or the next run) cannot remove.
 */
export async function openRehearsalEnvironment(run: RehearsalRun,
  progress: (line: string) => void = () => undefined): Promise<RehearsalEnvironment> {
  let network: RehearsalNetwork | undefined;
  let server: LocalPostgres | undefined;
  const close = async () => {
    await server?.stop().catch(() => undefined);
    server = undefined;
    network?.destroy();
    network = undefined;
  };
  try {
    network = createRehearsalNetwork(run);
    const { db, app, other } = network.hosts;
    progress(`network: db ${db.address} (${db.subnet}), app ${app.address} (${app.subnet}), other ${other.address} (${other.subnet})`);
    server = await startLocalPostgres({ networkNamespace: db.namespace, listenAddresses: [db.address],
      allowedCidrs: ["0.0.0.0/0"], certificateNames: { dnsNames: [], ipAddresses: [db.address] }, run });
    return { network, server, run, close };
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
export async function rehearsePlanOn(environment: RehearsalEnvironment,
  options: Omit<RehearsalOptions, "run">): Promise<NetworkRehearsalReport> {
  return rehearse(environment, planIngress(options.planFile), options);
}

async function rehearse(environment: RehearsalEnvironment, { permissions, unreadable }: PlanIngress,
  options: Omit<RehearsalOptions, "run">): Promise<NetworkRehearsalReport> {
  const progress = options.onProgress ?? (() => undefined);
  const { network, server, run } = environment;
  const { db, app, other } = network.hosts;
  const bindings = { variables: { app_subnet_cidr: app.subnet } };
  const translation = translateIngress(permissions, bindings);
  applyFirewall(db, translation.ruleset);

  const url = `postgresql://${server.user}@${db.address}:${server.port}/${server.database}` +
    `?sslmode=verify-full&sslrootcert=${server.certificates.caFile}`;
  const outcomes: Outcome[] = [];

  // The app and the other host probe at once: they are different hosts under the same group, and the
  // other host's answer (no answer to its SYN) takes the whole connect timeout.
  progress("probe from the app host (must get in) and from the other host (must stay out)");
  const [fromApp, fromOther] = await Promise.all([
    probeFrom(app, options.probeFile, [url, "--json", "--connect-timeout", "5"], server.password, run),
    probeFrom(other, options.probeFile, [url, "--expect-unreachable", "--json", "--connect-timeout", "2"], server.password, run),
  ]);
  const appEvidence = parsedEvidence(fromApp.stdout);
  const source = appEvidence?.probeHost?.connectionSourceAddress;
  outcomes.push({ check: "app subnet reaches PostgreSQL", host: "app", address: app.address, expected: "witness observed",
    actual: fromApp.status === 0 ? `witness observed from ${source}` : `exit ${fromApp.status}: ${fromApp.stderr.trim()}`,
    ok: fromApp.status === 0 && source === app.address });
  outcomes.push({ check: "other subnet is kept out", host: "other", address: other.address, expected: "unreachable",
    actual: fromOther.status === 0 ? `unreachable (${parsedEvidence(fromOther.stdout)?.errorClass})` : `exit ${fromOther.status}: ${fromOther.stderr.trim()}`,
    ok: fromOther.status === 0 });

  progress("control: the same group widened to 0.0.0.0/0 (the other host must get in)");
  applyFirewall(db, translateIngress(widened(permissions), bindings).ruleset);
  const control = await probeFrom(other, options.probeFile, [url, "--json", "--connect-timeout", "5"], server.password, run);
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
 * The whole rehearsal of one plan: its own network and server, torn down on every path. On a signal the
 * caller releases `options.run` (rehearsal/run-state.ts), which removes everything recorded so far.
 * `buildProbe` is called once the plan and the machine pass their checks, and runs while the network and
 * the server come up (neither needs the other); it is settled before this returns, on every path.
 */
export async function rehearseNetwork(options: Omit<RehearsalOptions, "probeFile"> & { buildProbe: () => Promise<string> }):
  Promise<NetworkRehearsalReport> {
  // The plan first: a plan with nothing to rehearse is a usage error wherever it is run.
  const permissions = planIngress(options.planFile);
  const missing = missingPrerequisites(options.run);
  if (missing.length > 0) throw new PrerequisiteError(missing);
  const probeFile = options.buildProbe();
  probeFile.catch(() => undefined); // awaited below; not an unhandled rejection while the network comes up
  let environment: RehearsalEnvironment;
  try {
    environment = await openRehearsalEnvironment(options.run, options.onProgress);
  } catch (error) {
    await probeFile.catch(() => undefined);
    throw error;
  }
  try {
    return await rehearse(environment, permissions, { ...options, probeFile: await probeFile });
  } finally {
    await environment.close();
  }
}
