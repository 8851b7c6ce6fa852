/**
 * Changes `terraform plan` predicts but that cannot be carried out: Terraform refuses the plan, or AWS refuses
 * the request at apply. Each becomes a refusal on its resource change, and a finding that fails the review
 * (an acknowledgement cannot make AWS accept it).
 */
import { bareValue, literalBool, sameValue } from "./attribute-values";
import { ResourceChange } from "./change-model";
import { Located } from "./instance-moves";
import { PlannedResource } from "./planned-configuration";
import { referencedResources } from "./reference-values";
import { engineVersionChange } from "../rds/engine-version-change";

/** A value taken from a variable's default counts as that value. */
const truthy = (v: unknown) => literalBool(v) === true;
const literal = (raw: unknown): string | undefined => {
  const v = bareValue(raw);
  return typeof v === "string" && !v.includes("${") ? v : typeof v === "number" ? String(v) : undefined;
};

/** hashicorp/terraform v1.11.4 internal/terraform/node_resource_abstract_instance.go:183-203 (checkPreventDestroy). */
function preventDestroyRefusal(change: ResourceChange, head: readonly PlannedResource[]): string | undefined {
  if (change.action !== "replace" && change.action !== "delete") return undefined;
  const block = head.find((r) => (r.address === change.address || r.resource === change.address.replace(/\[.*$/, "")) && r.preventDestroy);
  return block ? `Terraform refuses the plan ("Instance cannot be destroyed"): ${change.address} has lifecycle.prevent_destroy set and the plan ` +
    `${change.action === "replace" ? "replaces" : "destroys"} it. Avoid the ${change.action === "replace" ? "replacement" : "destroy"}, or remove prevent_destroy on purpose first.` : undefined;
}

/** RDS refuses a downgrade, and a major upgrade without AllowMajorVersionUpgrade (rds/engine-version-change.ts). */
function engineVersionRefusal(change: ResourceChange, before: Located | undefined, after: PlannedResource | undefined): string | undefined {
  if (change.type !== "aws_db_instance" || change.action !== "update" || !before || !after) return undefined;
  const from = literal(before.attributes.engine_version);
  const to = literal(after.attributes.engine_version);
  if (!from || !to) return undefined;
  return engineVersionRefusalText(change.address, from, to, truthy(after.attributes.allow_major_version_upgrade));
}

/** The refusal of an engine_version change from `from` to `to`, if RDS refuses it (rds/engine-version-change.ts). */
export function engineVersionRefusalText(address: string, from: string, to: string, allowMajorUpgrade: boolean): string | undefined {
  const kind = engineVersionChange(from, to);
  if (kind === "downgrade") {
    return `RDS cannot downgrade ${address} from engine_version ${from} to ${to}: ModifyDBInstance only upgrades, so apply fails. ` +
      "Keep the current version; going back means restoring a dump into a new instance.";
  }
  if (kind === "major-upgrade" && !allowMajorUpgrade) {
    return `RDS refuses the major version upgrade of ${address} (${from} -> ${to}) without allow_major_version_upgrade = true ` +
      "(ModifyDBInstance: AllowMajorVersionUpgrade must be true for a different major version; the provider sends the argument's value): apply fails. " +
      "Set allow_major_version_upgrade = true in the same change, after checking the upgrade path and extensions.";
  }
  return undefined;
}

/** Resources that refer to `block` or depend on it, directly or through others: Terraform's dependents (graph descendants). */
function dependentsOf(block: string, head: readonly PlannedResource[], inputs: ReadonlyMap<string, string>): PlannedResource[] {
  const found = new Map<string, PlannedResource>();
  const queue = [block];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    for (const r of head) {
      if (found.has(r.address) || r.resource === block) continue;
      if ((r.dependsOn ?? []).includes(current) || Object.values(r.attributes).some((v) => referencedResources(v, inputs).some((ref) => ref.resource === current))) {
        found.set(r.address, r);
        queue.push(r.resource);
      }
    }
  }
  return [...found.values()];
}

export const DESTROY_FIRST: Readonly<Record<string, string>> = {
  // internal/service/ec2 resourceSecurityGroupDelete (v6.25.0): DeleteSecurityGroup retried on DependencyViolation
  // and InvalidGroup.InUse until the 15-minute delete timeout, then the error.
  aws_security_group: "EC2 refuses to delete a group an instance's network interface still uses (DependencyViolation); the provider retries until its 15-minute delete timeout, then apply fails",
  // internal/service/rds resourceSubnetGroupDelete (v6.25.0): DeleteDBSubnetGroup, any error returned.
  aws_db_subnet_group: "RDS refuses to delete a subnet group an instance still uses (InvalidDBSubnetGroupStateFault), so apply fails",
  // internal/service/rds resourceParameterGroupDelete (v6.25.0): skip_destroy keeps the group; otherwise
  // DeleteDBParameterGroup retried on InvalidDBParameterGroupStateFault for 3 minutes, then the error.
  aws_db_parameter_group: "RDS refuses to delete a parameter group an instance is still a member of (InvalidDBParameterGroupStateFault); the provider retries for 3 minutes, then apply fails",
};

export const COLLISION: Readonly<Record<string, { argument: string; error: string }>> = {
  aws_security_group: { argument: "name", error: "EC2 refuses a second group of the same name in the VPC (InvalidGroup.Duplicate)" },
  aws_db_subnet_group: { argument: "name", error: "RDS refuses a second subnet group of the same name (DBSubnetGroupAlreadyExists)" },
  aws_db_instance: { argument: "identifier", error: "RDS refuses a second instance with the same identifier (DBInstanceAlreadyExists)" },
  aws_db_parameter_group: { argument: "name", error: "RDS refuses a second parameter group of the same name (DBParameterGroupAlreadyExists)" },
  aws_cloudwatch_log_group: { argument: "name", error: "CloudWatch Logs refuses a second log group of the same name (ResourceAlreadyExistsException)" },
  // internal/service/iam resourceRoleCreate (v6.25.0): CreateRole; a role name is unique in the account.
  aws_iam_role: { argument: "name", error: "IAM refuses a second role of the same name in the account (EntityAlreadyExists)" },
};

/**
 * Destroy-then-create (Terraform's default for a replacement) removes the old object before the new one exists;
 * create_before_destroy, written or forced because a dependent has it (hashicorp/terraform v1.11.4
 * internal/terraform/transform_destroy_cbd.go:29-70, ForcedCBDTransformer), creates first.
 */
function destroyOrderRefusal(change: ResourceChange, before: Located | undefined, after: PlannedResource | undefined,
  head: readonly PlannedResource[], changes: readonly ResourceChange[], inputs: ReadonlyMap<string, string>): string | undefined {
  if (change.action !== "replace" || !before || !after) return undefined;
  const dependents = dependentsOf(after.resource, head, inputs);
  const createFirst = after.createBeforeDestroy || dependents.some((d) => d.createBeforeDestroy);
  if (!createFirst) {
    const reason = DESTROY_FIRST[change.type];
    const users = dependents.filter((d) => Object.values(d.attributes).some((v) => referencedResources(v, inputs).some((ref) => ref.resource === after.resource)))
      .filter((d) => !changes.some((c) => c.address === d.address && (c.action === "replace" || c.action === "delete")));
    if (!reason || users.length === 0) return undefined;
    if (change.type === "aws_db_parameter_group" && truthy(before.attributes.skip_destroy)) return undefined; // kept, not deleted
    return destroyFirstRefusalText(change.address, users.map((u) => u.address), reason);
  }
  const collision = COLLISION[change.type];
  if (!collision) return undefined;
  const name = literal(after.attributes[collision.argument]);
  if (!name || name !== literal(before.attributes[collision.argument])) return undefined;
  if (change.type === "aws_security_group" && literal(before.attributes.vpc_id) !== literal(after.attributes.vpc_id)) return undefined;
  return collisionRefusalText(change.address, change.type, name,
    `with create_before_destroy${after.createBeforeDestroy ? "" : " (forced: a resource that depends on it has it)"}`);
}

/** A destroy-first replacement of an object that `users` still use (DESTROY_FIRST says how AWS refuses it). */
export function destroyFirstRefusalText(address: string, users: readonly string[], reason: string): string {
  return `${address} is replaced without create_before_destroy: Terraform destroys the old one first, while ${users.join(", ")} ` +
    `still uses it: ${reason}. Add lifecycle { create_before_destroy = true } (with a name that can coexist: name_prefix or a new name), or avoid the replacement.`;
}

/** A replacement `how` (create-first, or the old one forgotten) whose new object keeps the old one's unique name (COLLISION[type]). */
export function collisionRefusalText(address: string, type: string, name: string, how: string): string {
  const collision = COLLISION[type];
  return `${address} is replaced ${how}, ` +
    `but the new one keeps ${collision.argument} = "${name}" while the old one still exists: ${collision.error}, so apply fails. Use ${collision.argument === "name" ? "name_prefix or " : ""}a new ${collision.argument}.`;
}

/**
 * A new object whose unique name an object deleted (or forgotten) in the same apply still holds: Terraform
 * creates it first or at the same time (the delete of a resource no longer in the configuration waits for
 * what depended on it in state, which may wait for the new object; nothing orders the create after it), so
 * AWS refuses the second object of that name. Typically a resource renamed without a `moved` block.
 */
export function nameTakenRefusalText(address: string, type: string, name: string, holder: string, holderAction: "delete" | "forget"): string {
  const collision = COLLISION[type];
  return `${address} is created with ${collision.argument} = "${name}", which ${holder} still holds: ` +
    `${holderAction === "forget" ? "it is forgotten, not destroyed, so it keeps it" : "Terraform deletes it in the same apply but does not wait for that before the create"}; ` +
    `${collision.error}, so apply fails. If this is a rename, add moved { from = ${holder}, to = ${address} } instead; else use a new ${collision.argument}.`;
}

function nameTakenRefusal(change: ResourceChange, after: PlannedResource | undefined, changes: readonly ResourceChange[],
  old: ReadonlyMap<string, Located>): string | undefined {
  const collision = COLLISION[change.type];
  if (change.action !== "create" || !collision || !after) return undefined;
  const name = literal(after.attributes[collision.argument]);
  if (!name) return undefined;
  const holder = changes.find((other) => (other.action === "delete" || other.action === "forget") && other.type === change.type &&
    literal(old.get(other.address)?.attributes[collision.argument]) === name &&
    // A group's name is unique per VPC: the same vpc_id, written alike (a literal, or the same reference or
    // variable). The other types have no vpc_id argument: absent on both sides, it compares equal.
    sameValue(old.get(other.address)?.attributes.vpc_id, after.attributes.vpc_id));
  return holder ? nameTakenRefusalText(change.address, change.type, name, holder.address, holder.action as "delete" | "forget") : undefined;
}

/** The changes, each with the refusals that apply to it. */
export function applyRefusals(changes: readonly ResourceChange[], old: ReadonlyMap<string, Located>, now: ReadonlyMap<string, PlannedResource>,
  inputs: ReadonlyMap<string, string>): ResourceChange[] {
  const head = [...now.values()];
  return changes.map((change) => {
    const before = old.get(change.address);
    const after = now.get(change.address);
    const refusals = [preventDestroyRefusal(change, head), engineVersionRefusal(change, before, after),
      destroyOrderRefusal(change, before, after, head, changes, inputs), nameTakenRefusal(change, after, changes, old)]
      .filter((r): r is string => r !== undefined);
    return refusals.length > 0 ? { ...change, refusals } : change;
  });
}
