/**
 * The effect of one attribute change on the live database, from the provider's schema (ForceNew) and
 * RDS's own rules for when a modification applies. Anything not in these tables is "effect unknown":
 * never reported as safe.
 */
import { INSTANCE_MODIFICATIONS } from "../rds/instance-modifications";
import { postgres15ParameterApplyType } from "../rds/postgres-parameter-apply";
import { bareValue, canonical, literalBool } from "./attribute-values";
import { notSentOnUpdate, ownEntry, schemaVerdict, unclassifiedDetail } from "./provider-schema";

export const EFFECTS = ["replaces", "deletes", "unknown", "reboot", "failover", "maintenance-window", "immediate", "none"] as const;
export type Effect = (typeof EFFECTS)[number];

export const EFFECT_LABEL: Readonly<Record<Effect, string>> = {
  replaces: "replaces the resource",
  deletes: "deletes the resource",
  unknown: "effect unknown",
  reboot: "needs a reboot",
  failover: "brief connection drop (Multi-AZ failover)",
  "maintenance-window": "in place, applied at the next maintenance window",
  immediate: "in place, immediately",
  none: "no effect on the database",
};

/** Worst first: a resource's effect is its worst attribute's. */
export function worstEffect(effects: Iterable<Effect>): Effect {
  let worst: Effect = "none";
  for (const e of effects) if (EFFECTS.indexOf(e) < EFFECTS.indexOf(worst)) worst = e;
  return worst;
}

export interface AttributeEffect {
  readonly effect: Effect;
  /** When and why, for the reviewer. */
  readonly detail: string;
}

/** What the classification needs to know about the resource besides the attribute. */
export interface ChangeContext {
  readonly type: string;
  readonly before: Readonly<Record<string, unknown>>;
  readonly after: Readonly<Record<string, unknown>>;
}

const TAGS = new Set(["tags", "tags_all"]);


function dbInstanceEffect(attribute: string, context: ChangeContext): AttributeEffect {
  const modification = ownEntry(INSTANCE_MODIFICATIONS, attribute);
  if (!modification) return { effect: "unknown", detail: `no RDS modification rule known for ${attribute}` };
  const note = modification.note ? `; ${modification.note}` : "";
  if (modification.timing === "not-sent-to-rds") return { effect: "none", detail: `Terraform-side setting${note}` };
  if (modification.timing === "with-engine-version") return { effect: "none", detail: `sent to RDS only with an engine_version change${note}` };
  const window = typeof context.after.maintenance_window === "string" ? ` (${context.after.maintenance_window} UTC)` : "";
  const immediately = literalBool(context.after.apply_immediately) === true;
  const when = modification.timing === "immediate"
    ? "applies immediately (RDS ignores apply_immediately for it)"
    : immediately ? "applies immediately (apply_immediately = true)" : `applies at the next maintenance window${window}`;
  if (modification.downtime === "class-change") {
    const multiAz = literalBool(context.after.multi_az);
    if (multiAz === true) {
      return { effect: "failover", detail: `${when}; Multi-AZ: RDS resizes the standby, then fails over to it: connections drop briefly (typically 60-120 seconds) and clients must reconnect` };
    }
    return { effect: "reboot", detail: `${when}; ${multiAz === false ? "Single-AZ" : "multi_az not known"}: the instance is unavailable while it is resized (minutes)` };
  }
  // A note says how the reboot comes (RDS restarts it, or leaves it pending: parameter_group_name); without one, it restarts.
  if (modification.downtime === "reboot") return { effect: "reboot", detail: `${when}${note || "; the instance restarts"}` };
  if (attribute === "backup_retention_period") {
    const crossesZero = (v: unknown) => canonical(bareValue(v)) === canonical(0);
    if (crossesZero(context.before[attribute]) !== crossesZero(context.after[attribute])) {
      return { effect: "reboot", detail: `${when}; changing to or from 0 causes an outage` };
    }
  }
  const effect = modification.timing === "immediate" || immediately ? "immediate" : "maintenance-window";
  return { effect, detail: `${when}${note}` };
}

function parameterKey(p: unknown): string | undefined {
  return typeof p === "object" && p !== null && typeof (p as { name?: unknown }).name === "string"
    ? (p as { name: string }).name.toLowerCase() : undefined;
}

/** Per parameter: static ones wait for a reboot, dynamic ones apply at once, others are unknown. */
function parameterGroupParametersEffect(context: ChangeContext): AttributeEffect {
  const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
  const before = new Map(list(context.before.parameter).map((p) => [parameterKey(p), canonical(p)]));
  const after = new Map(list(context.after.parameter).map((p) => [parameterKey(p), canonical(p)]));
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
  if (changed.some((k) => k === undefined)) return { effect: "unknown", detail: "a parameter without a literal name" };
  const types = changed.map((name) => [name as string, postgres15ParameterApplyType(name as string)] as const);
  const unknown = types.filter(([, t]) => t === undefined).map(([n]) => n);
  const statics = types.filter(([, t]) => t === "static").map(([n]) => n);
  if (unknown.length > 0) return { effect: "unknown", detail: `apply type not known for ${unknown.join(", ")} (rds/postgres-parameter-apply.ts)` };
  if (statics.length > 0) return { effect: "reboot", detail: `static parameter${statics.length > 1 ? "s" : ""} ${statics.join(", ")}: take effect only after a reboot, which RDS does not schedule` };
  return { effect: "immediate", detail: `dynamic parameter${changed.length > 1 ? "s" : ""} ${changed.join(", ")}: applied without a reboot` };
}

const IN_PLACE_DETAIL: Readonly<Record<string, Readonly<Record<string, AttributeEffect>>>> = {
  aws_security_group: {
    ingress: { effect: "immediate", detail: "rules change at once: which clients may connect changes" },
    egress: { effect: "immediate", detail: "rules change at once" },
    revoke_rules_on_delete: { effect: "none", detail: "used when the group is deleted" },
  },
  aws_db_subnet_group: {
    subnet_ids: { effect: "immediate", detail: "the running instance stays where it is; later placements (failover, restore) use the new subnets" },
    description: { effect: "none", detail: "description only" },
  },
  aws_cloudwatch_log_group: {
    retention_in_days: { effect: "immediate", detail: "a shorter retention deletes older log events at once" },
    kms_key_id: { effect: "immediate", detail: "new log events use the new key" },
    // resourceGroupUpdate sends it at once (provider 6.25.0); it guards the group against deletion only.
    deletion_protection_enabled: { effect: "immediate", detail: "protection against deleting the group; the log events are not touched" },
    skip_destroy: { effect: "none", detail: "used when the group is deleted" },
  },
  aws_kms_key: {
    description: { effect: "none", detail: "description only" },
    deletion_window_in_days: { effect: "none", detail: "used when the key is scheduled for deletion" },
    bypass_policy_lockout_safety_check: { effect: "none", detail: "read when the policy is written" },
    enable_key_rotation: { effect: "immediate", detail: "new key material from the next rotation; existing data stays readable" },
    rotation_period_in_days: { effect: "immediate", detail: "the rotation schedule changes" },
    is_enabled: { effect: "immediate", detail: "a disabled key makes the encrypted database unusable until it is enabled again" },
    policy: { effect: "immediate", detail: "who may use the key changes at once: RDS must keep kms:Decrypt and kms:CreateGrant" },
  },
  aws_db_parameter_group: {
    skip_destroy: { effect: "none", detail: "used when the group is deleted" },
  },
};

/** The effect of changing `attribute` of a resource of `context.type`. */
export function attributeEffect(attribute: string, context: ChangeContext): AttributeEffect {
  const verdict = schemaVerdict(context.type, attribute);
  if (verdict === "force-new") return { effect: "replaces", detail: `${attribute} cannot change in place (ForceNew in the AWS provider's schema)` };
  if (TAGS.has(attribute)) return { effect: "none", detail: "tags only" };
  if (verdict !== "in-place") return { effect: "unknown", detail: unclassifiedDetail(context.type, attribute) };
  const providerSideOnly = notSentOnUpdate(context.type, attribute);
  if (providerSideOnly) return { effect: "none", detail: `the provider sends nothing to AWS for it: ${providerSideOnly}` };
  if (context.type === "aws_db_instance") return dbInstanceEffect(attribute, context);
  if (context.type === "aws_db_parameter_group" && attribute === "parameter") return parameterGroupParametersEffect(context);
  const forType = ownEntry(IN_PLACE_DETAIL, context.type);
  const known = forType ? ownEntry(forType, attribute) : undefined;
  if (known) return known;
  if (context.type.startsWith("aws_iam_")) return { effect: "immediate", detail: "IAM change: enhanced monitoring's permissions change at once" };
  return { effect: "unknown", detail: `no effect rule for ${context.type}.${attribute}` };
}
