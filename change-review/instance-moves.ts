/**
 * Where the base's objects sit under the head's configuration, as Terraform moves them before planning:
 * the head's `moved` blocks (chains followed), then the implied moves of `count` (hashicorp/terraform v1.11.4).
 *
 * - A move of a whole resource is skipped when any object of the target resource already exists; a move of one
 *   instance is skipped when that instance exists: "let the existing object take priority"
 *   (internal/refactoring/move_execute.go:157-161 and 182-186).
 * - Each statement runs once, after every statement it depends on (ApplyMoves walks
 *   g.ReverseTopologicalOrder() of buildMoveStatementGraph, move_execute.go:40-45, 100-101; statementDependsOn,
 *   247-272): a chain A -> B, B -> C runs A -> B first, so A reaches C in one pass; when B already exists,
 *   A -> B is skipped (B takes priority) and A stays where it is.
 * - Implied moves (internal/refactoring/move_statement.go, impliedMoveStatements): a resource that now has
 *   `count` moves its no-key object to [0]; one with neither count nor for_each moves its [0] object to no key;
 *   none for for_each (a key cannot be guessed), and none for a resource any moved block names.
 */
import { MovedBlock, PlannedResource } from "./planned-configuration";

export interface Located extends PlannedResource {
  readonly previousAddress?: string;
  /** Set when the move was implied by count, not written. */
  readonly impliedMove?: boolean;
}

/** "aws_x.y[0]" -> { block: "aws_x.y", key: "[0]" } */
function split(address: string): { block: string; key: string } {
  const i = address.indexOf("[");
  return i < 0 ? { block: address, key: "" } : { block: address.slice(0, i), key: address.slice(i) };
}

function apply(located: Map<string, Located>, move: MovedBlock, implied: boolean): void {
  const from = split(move.from);
  const to = split(move.to);
  const relocate = (address: string, target: string) => {
    const object = located.get(address) as Located;
    located.delete(address);
    located.set(target, { ...object, address: target, resource: split(target).block,
      previousAddress: object.previousAddress ?? address, ...(implied ? { impliedMove: true } : {}) });
  };
  if (!from.key && !to.key) {
    const objects = [...located.keys()].filter((a) => split(a).block === from.block);
    if ([...located.keys()].some((a) => split(a).block === to.block)) return;
    for (const address of objects) relocate(address, to.block + split(address).key);
    return;
  }
  if (located.has(move.from) && !located.has(move.to)) relocate(move.from, move.to);
}

/** addrs MoveEndpointInModule.NestedWithin (v1.11.4, move_endpoint_module.go:419-429): an instance within its resource. */
function nestedWithin(inner: string, outer: string): boolean {
  const [i, o] = [split(inner), split(outer)];
  return i.key !== "" && o.key === "" && i.block === o.block;
}

/**
 * statementDependsOn(a, b) (move_execute.go:247-272): b runs before a when a chains from b (CanChainFrom: a.from is
 * b.to, the same kind of address) or one's address is nested within the other's in the four ways listed there.
 */
function dependsOn(a: MovedBlock, b: MovedBlock): boolean {
  return a.from === b.to || nestedWithin(a.from, b.to) || nestedWithin(a.to, b.to) || nestedWithin(b.from, a.from) || nestedWithin(b.to, a.from);
}

/** The statements in dependency order (each after those it depends on); a cycle, which Terraform refuses, is left as written. */
function dependencyOrder(moved: readonly MovedBlock[]): MovedBlock[] {
  const ordered: MovedBlock[] = [];
  const pending = [...moved];
  while (pending.length > 0) {
    const next = pending.findIndex((m) => !pending.some((other) => other !== m && dependsOn(m, other)));
    ordered.push(...pending.splice(next < 0 ? 0 : next, 1));
  }
  return ordered;
}

/** Implied moves of count, for resources no moved block names. */
function impliedMoves(base: ReadonlyMap<string, Located>, head: ReadonlyMap<string, PlannedResource>, moved: readonly MovedBlock[]): MovedBlock[] {
  const named = new Set(moved.flatMap((m) => [split(m.from).block, split(m.to).block]));
  const repetition = new Map([...head.values()].map((r) => [r.resource, r.repetition]));
  const implied: MovedBlock[] = [];
  for (const address of base.keys()) {
    const { block, key } = split(address);
    if (named.has(block) || !repetition.has(block)) continue;
    if (key === "" && repetition.get(block) === "count") implied.push({ from: block, to: `${block}[0]` });
    if (key === "[0]" && repetition.get(block) === "single") implied.push({ from: address, to: block });
  }
  return implied;
}

/** The base's objects under the addresses the head gives them. */
export function applyMoves(base: ReadonlyMap<string, PlannedResource>, head: ReadonlyMap<string, PlannedResource>,
  moved: readonly MovedBlock[]): Map<string, Located> {
  const located = new Map<string, Located>([...base].map(([a, r]) => [a, { ...r }]));
  for (const move of dependencyOrder(moved)) apply(located, move, false);
  for (const move of impliedMoves(located, head, moved)) apply(located, move, true);
  return located;
}
