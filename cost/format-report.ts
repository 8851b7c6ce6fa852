import { AccountTotal, accountTotal, CostLine, DOCUMENT_COST_QUOTE, StackCostEstimate } from "./estimate";
import { RESERVED_TERMS, ReservedTerm, UnitPrice } from "./price-table";

export const FORMATS = ["table", "markdown", "json"] as const;
export type ReportFormat = (typeof FORMATS)[number];

const usd = (n: number) => `$${n.toFixed(2)}`;
const quantity = (n: number) => String(Math.round(n * 1000) / 1000);

function figure(line: CostLine): string {
  if (line.status === "unknown") return "unknown";
  if (line.status === "no-price") return "no price";
  return usd(line.monthlyUsd ?? 0);
}

function rate(line: CostLine): string {
  const q = line.quantity === undefined ? "?" : quantity(line.quantity);
  const unitUsd = line.unitPrice?.usd;
  return `${q} ${line.unit}${unitUsd === undefined ? "" : ` x $${unitUsd}`}`;
}

function headline(e: StackCostEstimate): string {
  const unpriced = e.lines.filter((l) => l.monthlyUsd === undefined).length;
  return e.complete
    ? `${usd(e.monthlyUsd)} a month`
    : `at least ${usd(e.monthlyUsd)} a month: INCOMPLETE, ${unpriced} line(s) without a figure`;
}

const TERM_NAME: Record<ReservedTerm, string> = { "1yr": "1-year", "3yr": "3-year" };

/** An instance line's reserved prices, beside on-demand: "1-year no upfront $X a month ($r/h) [n]; 3-year ...: no price (why)". */
function reservedText(line: CostLine, cite: (price: UnitPrice | undefined) => string): string | undefined {
  if (!line.reserved?.length) return undefined;
  return "reserved, no upfront: " + line.reserved.map((r) => `${TERM_NAME[r.term]} ` +
    (r.monthlyUsd !== undefined ? `${usd(r.monthlyUsd)} a month ($${r.unitPrice?.usd}/h) ${cite(r.unitPrice)}` : r.note ?? "no price")).join("; ");
}

function reservedTotalText(totals: Partial<Record<ReservedTerm, number>> | undefined): string {
  const known = RESERVED_TERMS.filter((t) => totals?.[t] !== undefined);
  return known.length ? `; on ${known.map((t) => `${TERM_NAME[t]} no-upfront reserved instances ${usd(totals?.[t] ?? 0)}`).join(", ")}` : "";
}

/** The account's bill for this project, every stack together. */
function accountLine(total: AccountTotal): string {
  return `All stacks (${total.stacks.join(", ")}): ` +
    (total.complete ? `${usd(total.monthlyUsd)} a month` : `at least ${usd(total.monthlyUsd)} a month: INCOMPLETE`) +
    reservedTotalText(total.reservedMonthlyUsd);
}

/** Numbered sources, one per distinct (origin, source, date), for footnotes: the lines' prices and their reserved prices. */
function sources(e: StackCostEstimate): { index: (l: CostLine) => string; cite: (price: UnitPrice | undefined) => string; list: string[] } {
  const keys: string[] = [];
  const keyOf = (p: UnitPrice | undefined) => (p ? `${p.origin}: ${p.source} (${p.date})` +
    (p.liveMiss ? `, kept because the AWS Price List API returned no price` : "") : undefined);
  const priced = e.lines.flatMap((l) => [l.unitPrice, ...(l.reserved ?? []).filter((r) => r.monthlyUsd !== undefined).map((r) => r.unitPrice)]);
  for (const p of priced) {
    const k = keyOf(p);
    if (k && !keys.includes(k)) keys.push(k);
  }
  const cite = (p: UnitPrice | undefined) => { const k = keyOf(p); return k ? `[${keys.indexOf(k) + 1}]` : ""; };
  return { index: (l) => cite(l.unitPrice), cite, list: keys.map((k, i) => `[${i + 1}] ${k}`) };
}

function extras(e: StackCostEstimate): { autoscaling: string[]; capacity: string[]; document: string[]; notPriced: string[] } {
  const autoscaling = e.storageAutoscaling.map((a) => `${a.resource} storage autoscaling ${a.fromGib} -> ${a.toGib} GiB: ` +
    (a.storageUsd ? `storage ${usd(a.storageUsd[0])} -> ${usd(a.storageUsd[1])}` : "storage at the maximum has no price") +
    (e.totalRangeUsd ? `; monthly total ${usd(e.totalRangeUsd[0])} -> ${usd(e.totalRangeUsd[1])}` : ""));
  const capacity = e.capacity.map((c) => `${c.resource}: ${c.text}`);
  const d = e.documentComparison;
  const difference = d?.differenceUsd;
  const document = d ? [
    `The design document says "${DOCUMENT_COST_QUOTE}". This plan: ` + (difference !== undefined
      ? `${usd(d.planUsd)} a month, ${difference >= 0 ? `${usd(difference)} more` : `${usd(-difference)} less`} than $${d.documentUsd}. Why:`
      : `at least ${usd(d.planUsd)} a month, a floor (lines without a figure), so not compared with $${d.documentUsd}. What it holds:`),
    ...d.reasons.map((r) => `- ${r}`),
  ] : [];
  const notPriced = e.notPriced.map((n) => `${n.resource}: ${n.what}: ${n.why}${n.roughSize ? ` (rough size: ${n.roughSize})` : ""}`);
  return { autoscaling, capacity, document, notPriced };
}

export function formatTable(estimates: readonly StackCostEstimate[]): string {
  const out: string[] = [];
  for (const e of estimates) {
    const src = sources(e);
    out.push(`${e.stack} (${e.region ?? "no region"}): ${headline(e)}${e.complete ? reservedTotalText(e.reservedMonthlyUsd) : ""}`);
    const width = Math.max(...e.lines.map((l) => l.description.length), 20);
    const rateWidth = Math.max(...e.lines.map((l) => rate(l).length), 10);
    let resource = "";
    for (const l of e.lines) {
      if (l.resource !== resource) out.push(`  ${(resource = l.resource)}`);
      const reserved = reservedText(l, src.cite);
      out.push(`    ${l.description.padEnd(width)}  ${rate(l).padEnd(rateWidth)}  ${figure(l).padStart(9)}  ${src.index(l)}` +
        (l.note ? `\n      ${l.note}` : "") + (reserved ? `\n      ${reserved}` : ""));
    }
    const x = extras(e);
    if (e.warnings.length) out.push("  Warnings:", ...e.warnings.map((w) => `    ! ${w}`));
    if (x.autoscaling.length) out.push("  Range:", ...x.autoscaling.map((s) => `    ${s}`));
    out.push("  Capacity:", ...x.capacity.map((s) => `    ${s}`));
    if (x.document.length) out.push("  Against the document:", ...x.document.map((s) => `    ${s}`));
    out.push("  Not priced:", ...x.notPriced.map((s) => `    - ${s}`));
    out.push("  Assumptions:", ...e.assumptions.map((a) => `    - ${a}`));
    out.push("  Prices:", ...src.list.map((s) => `    ${s}`), "");
  }
  out.push(accountLine(accountTotal(estimates)));
  return `${out.join("\n")}\n`;
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** For a pull-request comment: one heading per stack, the lines as a table, the rest as short lists. */
export function formatMarkdown(estimates: readonly StackCostEstimate[]): string {
  const out: string[] = ["## Monthly cost and capacity", ""];
  for (const e of estimates) {
    const src = sources(e);
    out.push(`### \`${e.stack}\` (${e.region ?? "no region"}): ${headline(e)}${e.complete ? reservedTotalText(e.reservedMonthlyUsd) : ""}`, "",
      "| resource | item | quantity | monthly | source |", "| --- | --- | --- | ---: | --- |");
    for (const l of e.lines) {
      const reserved = reservedText(l, src.cite);
      out.push(`| \`${l.resource}\` | ${cell(l.description)}${l.note ? `<br><sub>${cell(l.note)}</sub>` : ""}` +
        `${reserved ? `<br><sub>${cell(reserved)}</sub>` : ""} | ${cell(rate(l))} | ` +
        `${l.status === "priced" || l.status === "free" ? figure(l) : `**${figure(l)}**`} | ${src.index(l)} |`);
    }
    const x = extras(e);
    out.push("");
    if (x.autoscaling.length) out.push(...x.autoscaling.map((s) => `- Range: ${s}`));
    out.push(...x.capacity.map((s) => `- Capacity: ${s}`));
    if (e.warnings.length) out.push("", ...e.warnings.map((w) => `> **Warning:** ${cell(w)}`));
    if (x.document.length) out.push("", ...x.document);
    out.push("", "<details><summary>Not priced</summary>", "", ...x.notPriced.map((s) => `- ${cell(s)}`), "", "</details>");
    out.push("", "<details><summary>Assumptions and price sources</summary>", "",
      ...e.assumptions.map((a) => `- ${a}`), "", ...src.list.map((s) => `- ${s}`), "", "</details>", "");
  }
  out.push(`**${accountLine(accountTotal(estimates))}**`, "");
  return `${out.join("\n")}\n`;
}

export function formatJson(estimates: readonly StackCostEstimate[]): string {
  return `${JSON.stringify({ estimates, account: accountTotal(estimates) }, null, 2)}\n`;
}

export function formatReport(estimates: readonly StackCostEstimate[], format: ReportFormat): string {
  return format === "markdown" ? formatMarkdown(estimates) : format === "json" ? formatJson(estimates) : formatTable(estimates);
}
