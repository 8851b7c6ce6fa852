/**
 * What AWS refuses at apply, read from a `terraform show -json` plan: the same refusals apply-refusals.ts finds
 * when comparing two configurations. Terraform's own plan-time refusal (prevent_destroy) never reaches a plan
 * file: that plan errors, and an errored plan is refused before this runs. The plan already holds Terraform's
 * decisions: the replacement order is in change.actions (["create","delete"] when create_before_destroy is
 * written or forced, hashicorp/terraform v1.11.4 internal/plans/action.go CreateThenDelete / DeleteThenCreate),
 * and who refers to whom is in configuration's expressions[].references (internal/command/jsonconfig/expression.go).
 */
import { COLLISION, collisionRefusalText, DESTROY_FIRST, destroyFirstRefusalText, engineVersionRefusalText } from "./apply-refusals";
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

/** The resource a reference names (`aws_security_group.db.id` -> `aws_security_group.db`), or undefined for var., local. and the like. */
function referencedResource(reference: string, prefix: string): string | undefined {
  const parts = configAddress(reference).split(".");
  if (["var", "local", "each", "count", "path", "self", "terraform", "module"].includes(parts[0])) return undefined;
  if (parts[0] === "data") return parts.length >= 3 ? `${prefix}data.${parts[1]}.${parts[2]}` : undefined;
  return parts.length >= 2 ? `${prefix}${parts[0]}.${parts[1]}` : undefined;
}

/** Every string of every `references` list under an expressions object (nested blocks included). */
function referencesIn(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => referencesIn(n, found));
  else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === "references" && Array.isArray(value)) found.push(...value.filter((r): r is string => typeof r === "string"));
      else referencesIn(value, found);
    }
  }
  return found;
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
        ...(Array.isArray(resource.depends_on) ? resource.depends_on.filter((d): d is string => typeof d === "string") : [])];
      const used = new Set(refs.map((r) => referencedResource(r, prefix)).filter((r): r is string => r !== undefined));
      uses.set(`${prefix}${resource.address}`, used);
    }
    if (isObject(module.module_calls)) {
      for (const [name, call] of Object.entries(module.module_calls)) {
        hasModules = true;
        if (isObject(call)) walk(call.module, `${prefix}module.${name}.`);
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

function collisionRefusal(entry: PlanEntry): string | undefined {
  const collision = COLLISION[entry.type];
  if (entry.actions !== "create,delete" || !collision) return undefined;
  const name = knownString(entry, "after", collision.argument);
  if (!name || name !== knownString(entry, "before", collision.argument)) return undefined;
  if (entry.type === "aws_security_group") {
    const vpc = knownString(entry, "after", "vpc_id");
    if (vpc === undefined || vpc !== knownString(entry, "before", "vpc_id")) return undefined;
  }
  return collisionRefusalText(entry.address, entry.type, name, "");
}

/**
 * A destroy-first replacement of a group that an object staying in place still refers to. An object being
 * created does not use the old group yet, and one being replaced or deleted lets go of it first.
 */
function destroyFirstResult(entry: PlanEntry, entries: readonly PlanEntry[], references: ConfigurationReferences):
  { refusal?: string; note?: string } {
  const reason = DESTROY_FIRST[entry.type];
  if (entry.actions !== "delete,create" || !reason) return {};
  if (entry.type === "aws_db_parameter_group" && ownEntry(entry.before, "skip_destroy") === true) return {};
  if (references.missing) {
    return { note: `${entry.address} is replaced destroy-first, and the plan has no configuration to tell whether another resource still ` +
      "uses it (AWS refuses to delete what is in use, and apply then fails): check its users by hand" };
  }
  const self = configAddress(entry.address);
  const users = entries.filter((other) => other.address !== entry.address && ["update", "no-op"].includes(other.actions) &&
    references.uses.get(configAddress(other.address))?.has(self));
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
    const destroyFirst = destroyFirstResult(entry, entries, references);
    const engine = engineVersionResult(entry);
    const refusals = [engine.refusal, collisionRefusal(entry), destroyFirst.refusal].filter((r): r is string => r !== undefined);
    const notes = [engine.note, destroyFirst.note].filter((n): n is string => n !== undefined);
    if (refusals.length > 0 || notes.length > 0) result.set(entry.address, { refusals, notes });
  }
  return result;
}
