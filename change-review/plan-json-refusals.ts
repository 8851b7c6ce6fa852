/**
 * What AWS refuses at apply, read from a `terraform show -json` plan: the same refusals apply-refusals.ts finds
 * when comparing two configurations. Terraform's own plan-time refusal (prevent_destroy) never reaches a plan
 * file: that plan errors, and an errored plan is refused before this runs. The plan already holds Terraform's
 * decisions: the replacement order is in change.actions (["create","delete"] when create_before_destroy is
 * written or forced, hashicorp/terraform v1.11.4 internal/plans/action.go CreateThenDelete / DeleteThenCreate),
 * and who refers to whom is in configuration's expressions[].references (internal/command/jsonconfig/expression.go).
 */
import { COLLISION, collisionRefusalText, DESTROY_FIRST, destroyFirstRefusalText, engineVersionRefusalText, nameTakenRefusalText } from "./apply-refusals";
import { markedIn } from "./attribute-values";
import { ownEntry } from "./provider-schema";

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** One resource_changes entry as the reader saw it. */
export interface PlanEntry {
  readonly address: string;
  readonly type: string;
  /** change.actions joined with ",": "update", "delete,create", "create,delete", "no-op" ... */
  readonly actions: string;
  readonly before: JsonObject;
  readonly after: JsonObject;
  readonly afterUnknown: unknown;
}

/** A resource instance's address without instance keys: `module.a[0].aws_x.y["k"]` is configuration's `module.a.aws_x.y`. */
export function configAddress(address: string): string {
  return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\]/g, "");
}

/**
 * The resource a reference names: `aws_security_group.db.id` -> `aws_security_group.db`, `data.aws_vpc.v.id` ->
 * `data.aws_vpc.v`. Any other reference (`var.x`, `local.y`, `module.m.out`, `each.key`) gives a name that no
 * resource has, so it never matches one.
 */
function referencedResource(reference: string, prefix: string): string {
  const parts = configAddress(reference).split(".");
  return prefix + parts.slice(0, parts[0] === "data" ? 3 : 2).join(".");
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

/** Every string of every `references` list under an expressions object (nested blocks included). */
function referencesIn(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(referencesIn);
  if (!isObject(node)) return [];
  return Object.entries(node).flatMap(([key, value]) => (key === "references" ? strings(value) : referencesIn(value)));
}

export interface ConfigurationReferences {
  /** Configuration address -> the resources it refers to or depends on. */
  readonly uses: ReadonlyMap<string, ReadonlySet<string>>;
  /** The configuration calls modules: references through a module's inputs and outputs are not followed. */
  readonly hasModules: boolean;
  /** The plan has no configuration to read references from. */
  readonly missing: boolean;
}

/** Who refers to whom, from the plan's `configuration` (root module and, by address prefix, called modules). */
export function configurationReferences(configuration: unknown): ConfigurationReferences {
  const uses = new Map<string, Set<string>>();
  let hasModules = false;
  const walk = (module: unknown, prefix: string) => {
    if (!isObject(module)) return;
    for (const resource of Array.isArray(module.resources) ? module.resources : []) {
      if (!isObject(resource) || typeof resource.address !== "string") continue;
      const refs = [...referencesIn(resource.expressions), ...referencesIn(resource.count_expression), ...referencesIn(resource.for_each_expression),
        ...strings(resource.depends_on)];
      uses.set(`${prefix}${resource.address}`, new Set(refs.map((r) => referencedResource(r, prefix))));
    }
    if (isObject(module.module_calls)) {
      for (const [name, call] of Object.entries(module.module_calls)) {
        hasModules = true;
        walk((call as { module?: unknown } | null)?.module, `${prefix}module.${name}.`);
      }
    }
  };
  const root = isObject(configuration) ? configuration.root_module : undefined;
  walk(root, "");
  return { uses, hasModules, missing: !isObject(root) };
}

const knownString = (entry: PlanEntry, side: "before" | "after", attribute: string): string | undefined => {
  if (side === "after" && markedIn(entry.afterUnknown, attribute)) return undefined;
  const value = ownEntry(entry[side], attribute);
  return typeof value === "string" ? value : undefined;
};

function engineVersionResult(entry: PlanEntry): { refusal?: string; note?: string } {
  if (entry.type !== "aws_db_instance" || entry.actions !== "update") return {};
  const from = knownString(entry, "before", "engine_version");
  if (from && markedIn(entry.afterUnknown, "engine_version")) {
    return { note: `engine_version is known only after apply (it was ${from}): whether RDS accepts the change (it refuses a downgrade, ` +
      "and a major upgrade without allow_major_version_upgrade = true) was not checked" };
  }
  const to = knownString(entry, "after", "engine_version");
  if (!from || !to) return {};
  const refusal = engineVersionRefusalText(entry.address, from, to, ownEntry(entry.after, "allow_major_version_upgrade") === true);
  return refusal ? { refusal } : {};
}

function collisionResult(entry: PlanEntry): { refusal?: string; note?: string } {
  const collision = COLLISION[entry.type];
  // create,forget (jsonplan: the old object is forgotten, not destroyed) leaves the old one running too.
  const how = entry.actions === "create,delete" ? "with create_before_destroy"
    : entry.actions === "create,forget" ? "and the old one forgotten, not destroyed (it keeps running, unmanaged)" : undefined;
  if (!how || !collision) return {};
  const name = knownString(entry, "after", collision.argument);
  if (!name || name !== knownString(entry, "before", collision.argument)) return {};
  if (entry.type === "aws_security_group") {
    // A group's name is unique per VPC: the same name in another VPC does not collide.
    const vpc = knownString(entry, "after", "vpc_id");
    if (vpc === undefined) {
      return { note: `${entry.address} is replaced ${how} and keeps name = "${name}"; its vpc_id is known only after ` +
        "apply, so whether the new group collides with the old one (InvalidGroup.Duplicate in the same VPC) was not checked" };
    }
    if (vpc !== knownString(entry, "before", "vpc_id")) return {};
  }
  return { refusal: collisionRefusalText(entry.address, entry.type, name, how) };
}

/** A created object whose name an object deleted or forgotten in the same plan still holds (apply-refusals.ts nameTakenRefusalText). */
function nameTakenResult(entry: PlanEntry, entries: readonly PlanEntry[]): { refusal?: string; note?: string } {
  const collision = COLLISION[entry.type];
  if (entry.actions !== "create" || !collision) return {};
  const name = knownString(entry, "after", collision.argument);
  if (!name) return {};
  const holder = entries.find((other) => (other.actions === "delete" || other.actions === "forget") &&
    other.type === entry.type && knownString(other, "before", collision.argument) === name);
  if (!holder) return {};
  if (entry.type === "aws_security_group") {
    const vpc = knownString(entry, "after", "vpc_id");
    if (vpc === undefined) {
      return { note: `${entry.address} is created with name = "${name}", which ${holder.address} ${holder.actions === "forget" ? "keeps (forgotten, not destroyed: it keeps running)" : "holds until it is deleted"}; ` +
        "its vpc_id is known only after apply, so whether the two groups collide (InvalidGroup.Duplicate in the same VPC) was not checked" };
    }
    if (vpc !== knownString(holder, "before", "vpc_id")) return {};
  }
  return { refusal: nameTakenRefusalText(entry.address, entry.type, name, holder.address, holder.actions as "delete" | "forget") };
}

/**
 * A destroy-first replacement of a group that an object staying in place still refers to. An object being
 * created does not use the old group yet, and one being replaced or deleted lets go of it first.
 */
function destroyFirstResult(entry: PlanEntry, entries: readonly PlanEntry[], references: ConfigurationReferences):
  { refusal?: string; note?: string } {
  const reason = DESTROY_FIRST[entry.type];
  if (entry.actions !== "delete,create" || !reason) return {};
  // skip_destroy (aws_db_parameter_group): the old object is removed from state, not deleted.
  if (ownEntry(entry.before, "skip_destroy") === true) return {};
  if (references.missing) {
    return { note: `${entry.address} is replaced destroy-first, and the plan has no configuration to tell whether another resource still ` +
      "uses it (AWS refuses to delete what is in use, and apply then fails): check its users by hand" };
  }
  const self = configAddress(entry.address);
  // Only objects that exist before and after (update, no-op): entry itself, being replaced, is not one.
  const users = entries.filter((other) => ["update", "no-op"].includes(other.actions) && references.uses.get(configAddress(other.address))?.has(self));
  if (users.length > 0) return { refusal: destroyFirstRefusalText(entry.address, users.map((u) => u.address), reason) };
  if (references.hasModules) {
    return { note: `${entry.address} is replaced destroy-first; the plan calls modules, and references through a module's inputs and ` +
      "outputs are not followed, so whether another resource still uses it was not checked (AWS refuses to delete what is in use): check by hand" };
  }
  return {};
}

/** The refusals (each fails the review) and notes (what could not be checked) for each address. */
export function planJsonRefusals(entries: readonly PlanEntry[], configuration: unknown):
  Map<string, { refusals: string[]; notes: string[] }> {
  const references = configurationReferences(configuration);
  const result = new Map<string, { refusals: string[]; notes: string[] }>();
  for (const entry of entries) {
    const results = [engineVersionResult(entry), collisionResult(entry), destroyFirstResult(entry, entries, references), nameTakenResult(entry, entries)];
    result.set(entry.address, { refusals: results.flatMap((r) => (r.refusal ? [r.refusal] : [])), notes: results.flatMap((r) => (r.note ? [r.note] : [])) });
  }
  return result;
}
