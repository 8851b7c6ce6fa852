/**
 * What a change adds to the monthly bill, per stack: cost/'s estimate of the base and of the head, and their
 * delta (cost/estimate.ts), in one line a reviewer reads next to the diff. A change that touches a line
 * without a price is "no price", never $0.
 */
import * as fs from "node:fs";
import { costDelta, CostLine, LineDelta, monthlyCostOfPlan, StackCostEstimate } from "../cost/estimate";
import { PriceTable } from "../cost/price-table";
import { headAsProviderPlans } from "./provider-diff-rules";

export interface CostLineChange {
  readonly resource: string;
  readonly kind: string;
  /** What the line was and is ("Instance hours (on-demand, Multi-AZ, db.t4g.small)"); absent on the side without it. */
  readonly before?: string;
  readonly after?: string;
  readonly beforeUsd?: number;
  readonly afterUsd?: number;
  /** undefined when either side has no figure. */
  readonly deltaUsd?: number;
  /** Why a side has no figure. */
  readonly note?: string;
}

export interface StackCostChange {
  readonly stack: string;
  /** "+$11.68/month (db.t4g.small → db.t4g.medium)", "no change to the monthly cost", or "no price: ..." */
  readonly text: string;
  /** The monthly delta; undefined when a changed line has no price or the estimate could not be made. */
  readonly deltaUsd?: number;
  readonly baseUsd?: number;
  readonly headUsd?: number;
  readonly lines: readonly CostLineChange[];
}

/** One stack's side of the comparison: its configuration's files, or absent (the stack is new or removed). */
export interface CostSide {
  readonly files: readonly string[];
}

const usd = (n: number) => `$${Math.abs(n).toFixed(2)}`;
const signed = (n: number) => `${n < 0 ? "-" : "+"}${usd(n)}`;

/** The part of two descriptions that differs: "Instance hours (on-demand, Multi-AZ, db.t4g.small)" -> "db.t4g.small → db.t4g.medium". */
export function describeDifference(before: string | undefined, after: string | undefined): string {
  if (before === undefined) return `+ ${after ?? "?"}`;
  if (after === undefined) return `- ${before}`;
  const tokens = (text: string) => text.match(/[^\s,()]+|[\s,()]+/g) ?? [];
  const a = tokens(before);
  const b = tokens(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  // A number keeps its unit: "100 GiB → 200 GiB", not "100 → 200".
  const unit = end >= 2 && /^\s+$/.test(a[a.length - end]) ? a[a.length - end + 1] : "";
  const middle = (t: string[]) => {
    const text = t.slice(start, t.length - end).join("").replace(/^[\s,()]+|[\s,()]+$/g, "");
    return text && unit && /^\d+(\.\d+)?$/.test(text) ? `${text} ${unit}` : text;
  };
  const [from, to] = [middle(a), middle(b)];
  if (!from) return `+ ${to}`;
  if (!to) return `- ${from}`;
  return `${from} → ${to}`;
}

function readPlanJson(side: CostSide | undefined): Readonly<Record<string, unknown>> {
  if (!side) return {};
  if (side.files.length !== 1) {
    throw new Error(`the estimate reads a stack of one *.tf.json file; this one has ${side.files.length}`);
  }
  return JSON.parse(fs.readFileSync(side.files[0], "utf8")) as Record<string, unknown>;
}

function noteFor(estimates: readonly StackCostEstimate[], line: LineDelta): string | undefined {
  const lines: CostLine[] = estimates.flatMap((e) => e.lines.filter((l) => l.resource === line.resource && l.kind === line.kind));
  return lines.find((l) => l.monthlyUsd === undefined)?.note;
}

/** The monthly delta of one stack from base to head. Prices: the committed data file unless given (tests). */
export function stackCostChange(stack: string, base: CostSide | undefined, head: CostSide | undefined, prices?: PriceTable): StackCostChange {
  let before: StackCostEstimate;
  let after: StackCostEstimate;
  try {
    before = monthlyCostOfPlan({ stack, json: readPlanJson(base) }, { prices });
    // Priced as the provider plans it: a change the provider suppresses (storage autoscaling, ...) costs nothing.
    after = monthlyCostOfPlan({ stack, json: headAsProviderPlans(readPlanJson(base), readPlanJson(head)) }, { prices });
  } catch (error) {
    return { stack, text: `no price: the monthly cost was not estimated (${(error as Error).message})`, lines: [] };
  }
  const delta = costDelta(before, after);
  const lines: CostLineChange[] = delta.lines.map((l) => ({
    resource: l.resource, kind: l.kind, before: l.base, after: l.head, beforeUsd: l.baseUsd, afterUsd: l.headUsd, deltaUsd: l.deltaUsd,
    ...(l.deltaUsd === undefined ? { note: noteFor([after, before], l) ?? "no figure on one side" } : {}),
  }));
  const totals = { baseUsd: before.monthlyUsd, headUsd: after.monthlyUsd };
  if (lines.length === 0) {
    const blind = after.lines.filter((l) => l.monthlyUsd === undefined).length;
    // Unchanged lines without a figure may still cost differently (a variable's value): say the estimate cannot see them.
    return blind === 0 ? { stack, text: "no change to the monthly cost", deltaUsd: 0, ...totals, lines }
      : { stack, text: `no change to the monthly cost the estimate can see (${blind} line(s) without a price on both sides)`, ...totals, lines };
  }
  const differences = (of: readonly CostLineChange[]) => {
    const all = [...new Set(of.map((l) => describeDifference(l.before, l.after)))];
    return (all.length > 3 ? [...all.slice(0, 3), `and ${all.length - 3} more`] : all).join("; ");
  };
  const sum = (of: readonly CostLineChange[]) => Math.round(of.reduce((total, l) => total + (l.deltaUsd ?? 0), 0) * 100) / 100;
  const unpriced = lines.filter((l) => l.deltaUsd === undefined);
  const priced = lines.filter((l) => l.deltaUsd !== undefined);
  if (unpriced.length > 0) {
    const why = [...new Set(unpriced.map((l) => `${l.kind}: ${(l.note ?? "").replace(/^((no price|unknown): )+/, "")}`))].join("; ");
    // The priced part is shown as a part, never as the delta: the whole is unknown.
    const part = priced.length > 0 ? `; the priced lines alone: ${signed(sum(priced))}/month (${differences(priced)})` : "";
    return { stack, text: `no price: ${why} (${differences(unpriced)})${part}`, ...totals, lines };
  }
  const deltaUsd = sum(lines);
  return { stack, text: `${signed(deltaUsd)}/month (${differences(lines)})`, deltaUsd, ...totals, lines };
}

/** A line's figures as a table or comment shows them: "$24.53 -> $49.06 (+$24.53)", or its note. */
export function describeCostLine(line: CostLineChange): string {
  const figure = (n: number | undefined, text: string | undefined) => (text === undefined ? "none" : n === undefined ? "no price" : usd(n));
  const change = line.deltaUsd === undefined ? `no price: ${(line.note ?? "").replace(/^((no price|unknown): )+/, "")}` : signed(line.deltaUsd);
  return `${line.kind} ${line.resource}: ${figure(line.beforeUsd, line.before)} -> ${figure(line.afterUsd, line.after)} (${change}): ` +
    describeDifference(line.before, line.after);
}
