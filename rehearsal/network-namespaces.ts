import * as crypto from "node:crypto";
import { execFileSync, spawnSync } from "node:child_process";

/** One host of the rehearsal network: a namespace with one address behind the router. */
export interface RehearsalHost {
  readonly role: "db" | "app" | "other";
  readonly namespace: string;
  readonly address: string;
  /** The subnet the host sits in, as the security group would see it. */
  readonly subnet: string;
}

export interface RehearsalNetwork {
  readonly prefix: string;
  readonly router: string;
  readonly hosts: Record<RehearsalHost["role"], RehearsalHost>;
  destroy(): void;
}

/**
 * The rehearsal's subnets, from the documentation ranges (RFC 5737): never routed anywhere, and none of
 * them is this machine's own network. Each host sits in its own /28 behind a router namespace.
 */
export const REHEARSAL_SUBNETS = {
  db: { subnet: "203.0.113.0/28", router: "203.0.113.1", host: "203.0.113.10" },
  app: { subnet: "198.51.100.0/28", router: "198.51.100.1", host: "198.51.100.10" },
  other: { subnet: "198.51.100.128/28", router: "198.51.100.129", host: "198.51.100.140" },
} as const;

/**
 * Every rehearsal namespace is "ckpt-rh-<pid>-<random>-<role>". The name is for people; what a run owns
 * is what its state file records (rehearsal/run-state.ts): a pid in a name proves nothing on a host
 * whose containers have pid namespaces of their own but share /run/netns.
 */
export const NAME_PREFIX = "ckpt-rh-";

/** Runs `ip -batch -` (in `namespace` when given): one process for many commands, stopping at the first error. */
function ipBatch(commands: string[], namespace?: string): void {
  execFileSync("ip", [...(namespace ? ["-n", namespace] : []), "-batch", "-"],
    { input: `${commands.join("\n")}\n`, stdio: ["pipe", "ignore", "pipe"] });
}

/** Runs a command inside a namespace; for set-up only (clients are spawned by the caller the same way). */
export function inNamespace(namespace: string, command: string[]): void {
  execFileSync("ip", ["netns", "exec", namespace, ...command], { stdio: ["ignore", "ignore", "pipe"] });
}

/** A name `ip -batch` reads as one word: no spaces, newlines, quotes or anything else it would split on. */
const BATCH_SAFE_NAME = /^[A-Za-z0-9_.-]+$/;

/**
 * Deletes the named namespaces, in one process (-force goes on past names that do not exist any more).
 * The names come back from state files: one that `ip -batch` could read as more than a name is deleted
 * on its own, as an argument.
 */
export function deleteNamespaces(names: readonly string[]): void {
  const batch = names.filter((name) => BATCH_SAFE_NAME.test(name));
  if (batch.length > 0) {
    spawnSync("ip", ["-force", "-batch", "-"], { input: batch.map((name) => `netns del ${name}\n`).join(""), stdio: ["pipe", "ignore", "ignore"] });
  }
  for (const name of names.filter((n) => !BATCH_SAFE_NAME.test(n))) spawnSync("ip", ["netns", "del", name], { stdio: "ignore" });
}

export function listNamespaces(): string[] {
  const out = spawnSync("ip", ["netns", "list"], { encoding: "utf8" });
  return out.status === 0 ? out.stdout.split("\n").map((l) => l.split(" ")[0]).filter(Boolean) : [];
}

/**
 * Builds router, db, app and other namespaces, each host joined to the router by a veth pair created
 * inside the namespaces: the root namespace gets no interface, no address and no route to any of them,
 * so nothing outside the rehearsal can reach it or be reached from it.
 */
export function createRehearsalNetwork(run: { namespace(name: string): void }): RehearsalNetwork {
  const prefix = `${NAME_PREFIX}${process.pid}-${crypto.randomBytes(2).toString("hex")}-`;
  const router = `${prefix}router`;
  const roles = ["db", "app", "other"] as const;
  const names = [router, ...roles.map((role) => `${prefix}${role}`)];
  let destroyed = false;
  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    deleteNamespaces([...names].reverse());
  };
  // Recorded before they exist: there is no moment when the run owns a namespace its state file omits.
  for (const name of names) run.namespace(name);
  try {
    // Six processes in all (one batch per namespace), not one per command: set-up is most of a run's
    // process starts, and each costs milliseconds of CPU on a busy machine.
    ipBatch(names.map((name) => `netns add ${name}`));
    const hosts = {} as Record<RehearsalHost["role"], RehearsalHost>;
    const routerCommands = ["link set lo up"];
    for (const role of roles) {
      const net = REHEARSAL_SUBNETS[role];
      const namespace = `${prefix}${role}`;
      const bits = net.subnet.split("/")[1];
      // Both ends are born in namespaces: "ip -n router link add ... peer ... netns host".
      routerCommands.push(`link add to-${role} type veth peer name eth0 netns ${namespace}`,
        `addr add ${net.router}/${bits} dev to-${role}`, `link set to-${role} up`);
      hosts[role] = { role, namespace, address: net.host, subnet: net.subnet };
    }
    ipBatch(routerCommands, router);
    inNamespace(router, ["sysctl", "-qw", "net.ipv4.ip_forward=1"]);
    for (const role of roles) {
      const net = REHEARSAL_SUBNETS[role];
      const bits = net.subnet.split("/")[1];
      ipBatch(["link set lo up", `addr add ${net.host}/${bits} dev eth0`, "link set eth0 up",
        `route add default via ${net.router}`], hosts[role].namespace);
    }
    return { prefix, router, hosts, destroy };
  } catch (error) {
    destroy();
    throw error;
  }
}
