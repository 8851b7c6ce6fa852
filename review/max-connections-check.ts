import { MAX_CONNECTIONS_FORMULA, maxConnectionsEstimateForClass } from "../rds/max-connections";
import { cannotEvaluate, Finding, finding } from "./findings";
import { ReviewedPlan } from "../plan/reviewed-plan";
import { parameterGroupOf, parameterValue } from "./rule-kit";
import { readString, ResourceInstance, showValue } from "../plan";

const required = (minimum: number) => `max_connections >= ${minimum} (minMaxConnections)`;
const fix = "a larger class, or max_connections in the plan's parameter group";

/**
 * Where the instance's max_connections comes from: its parameter group in the plan (which may set it),
 * RDS's default group (the class's formula), or somewhere the gate cannot see (a finding).
 */
function parameterSource(plan: ReviewedPlan, db: ResourceInstance, minimum: number):
  { readonly group?: ResourceInstance; readonly finding?: Finding } {
  const value = db.attributes.get("parameter_group_name");
  if (value === undefined || value.kind === "null") return {};
  if (value.kind === "reference") {
    const group = parameterGroupOf(plan, db);
    return group ? { group } : { finding: cannotEvaluate(db, "parameter_group_name", value.expression, `${required(minimum)}: a parameter group the plan creates`) };
  }
  const name = readString(value);
  if (name.state === "unknown") return { finding: cannotEvaluate(db, "parameter_group_name", name.expression, required(minimum)) };
  // A value Terraform would refuse (a list, an object) names no group: never fall back to the class's default.
  if (name.state === "invalid") {
    return { finding: finding(db, "parameter_group_name", `${showValue(name.value)} (not ${name.expected})`, required(minimum)) };
  }
  // RDS's own groups (default.postgres15) keep the formula; any other named group may set max_connections.
  if (name.state === "known" && !name.value.startsWith("default.")) {
    return { finding: cannotEvaluate(db, "parameter_group_name", `${name.value} (a group outside the plan)`, required(minimum)) };
  }
  return {};
}

/**
 * CKPT-MAX-CONNECTIONS: the limit the plan gives the instance is at least the stack's minimum. A value the
 * plan's parameter group sets wins; otherwise the class's default, taken as the formula less the reserve RDS
 * was observed to keep (rds/max-connections.ts), not the formula's upper bound, so a class whose bound only
 * just clears the minimum does not pass on a number it will not reach live.
 */
export function maxConnectionsFindings(plan: ReviewedPlan, db: ResourceInstance): Finding[] {
  const minimum = plan.minMaxConnections;
  const source = parameterSource(plan, db, minimum);
  if (source.finding) return [source.finding];
  if (source.group) {
    const set = parameterValue(source.group, "max_connections");
    const attribute = "parameter max_connections";
    if (set.state === "unknown") return [cannotEvaluate(source.group, attribute, set.expression, required(minimum))];
    if (set.state === "invalid") return [finding(source.group, attribute, `${showValue(set.value)} (not ${set.expected})`, required(minimum))];
    if (set.state === "known") {
      // RDS also takes a formula ({DBInstanceClassMemory/...}); the gate reads whole numbers only.
      if (!/^\d+$/.test(set.value.trim())) return [cannotEvaluate(source.group, attribute, set.value, required(minimum))];
      const value = Number(set.value.trim());
      return value >= minimum ? [] : [finding(source.group, attribute, String(value), required(minimum), set.from)];
    }
  }
  // The default formula is RDS for PostgreSQL's; other engines have their own.
  const engine = readString(db.attributes.get("engine"));
  if (engine.state === "unknown") return [cannotEvaluate(db, "engine", engine.expression, required(minimum))];
  if (engine.state === "known" && engine.value !== "postgres") {
    return [cannotEvaluate(db, "engine", `${engine.value} (the default formula the gate knows is RDS for PostgreSQL's)`, required(minimum))];
  }
  const cls = readString(db.attributes.get("instance_class"));
  switch (cls.state) {
    case "unknown": return [cannotEvaluate(db, "instance_class", cls.expression, required(minimum))];
    case "unset": return [finding(db, "instance_class", "(not set)", required(minimum))];
    case "invalid": return [finding(db, "instance_class", `${showValue(cls.value)} (not ${cls.expected})`, required(minimum))];
    case "known": break;
  }
  const estimate = maxConnectionsEstimateForClass(cls.value);
  if (!estimate) {
    return [cannotEvaluate(db, "instance_class", `${cls.value} (its memory is not in rds/instance-classes.ts)`, required(minimum))];
  }
  if (estimate.about >= minimum) return [];
  return [finding(db, "instance_class", `${cls.value}: about ${estimate.about} connections by default (at most ${estimate.atMost} by ` +
    `${MAX_CONNECTIONS_FORMULA} on ${estimate.memoryGib} GiB, less the memory RDS keeps)`, `${required(minimum)}: ${fix}`, cls.from)];
}
