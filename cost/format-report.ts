import { CostLine, DOCUMENT_COST_QUOTE, StackCostEstimate } from "./estimate";

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

/** Numbered sources, one per distinct (origin, source, date), for footnotes. */
function sources(e: StackCostEstimate): { index: (l: CostLine) => string; list: string[] } {
  const keys: string[] = [];
  const keyOf = (l: CostLine) => (l.unitPrice ? `${l.unitPrice.origin}: ${l.unitPrice.source} (${l.unitPrice.date})` : undefined);
  for (const l of e.lines) {
    const k = keyOf(l);
    if (k && !keys.includes(k)) keys.push(k);
  }
  return { index: (l) => { const k = keyOf(l); return k ? `[${keys.indexOf(k) + 1}]` : ""; },
    list: keys.map((k, i) => `[${i + 1}] ${k}`) };
}

function extras(e: StackCostEstimate): { autoscaling: string[]; capacity: string[]; document: string[] } {
  const autoscaling = e.storageAutoscaling.map((a) => `${a.resource} storage autoscaling ${a.fromGib} -> ${a.toGib} GiB: ` +
    (a.storageUsd ? `storage ${usd(a.storageUsd[0])} -> ${usd(a.storageUsd[1])}` : "storage at the maximum has no price") +
    (e.totalRangeUsd ? `; monthly total ${usd(e.totalRangeUsd[0])} -> ${usd(e.totalRangeUsd[1])}` : ""));
  const capacity = e.capacity.map((c) => `${c.resource}: ${c.text}`);
  const d = e.documentComparison;
  const document = d ? [
    `The design document says "${DOCUMENT_COST_QUOTE}". This plan: ${usd(d.planUsd)} a month, ` +
      `${d.differenceUsd >= 0 ? `${usd(d.differenceUsd)} more` : `${usd(-d.differenceUsd)} less`} than $${d.documentUsd}. Why:`,
    ...d.reasons.map((r) => `- ${r}`),
  ] : [];
  return { autoscaling, capacity, document };
}

export function formatTable(estimates: readonly StackCostEstimate[]): string {
  const out: string[] = [];
  for (const e of estimates) {
    const src = sources(e);
    out.push(`${e.stack} (${e.region ?? "no region"}): ${headline(e)}`);
    const width = Math.max(...e.lines.map((l) => l.description.length), 20);
    const rateWidth = Math.max(...e.lines.map((l) => rate(l).length), 10);
    let resource = "";
    for (const l of e.lines) {
      if (l.resource !== resource) out.push(`  ${(resource = l.resource)}`);
      out.push(`    ${l.description.padEnd(width)}  ${rate(l).padEnd(rateWidth)}  ${figure(l).padStart(9)}  ${src.index(l)}` +
        (l.note ? `\n      ${l.note}` : ""));
    }
    const x = extras(e);
    if (x.autoscaling.length) out.push("  Range:", ...x.autoscaling.map((s) => `    ${s}`));
    out.push("  Capacity:", ...x.capacity.map((s) => `    ${s}`));
    if (x.document.length) out.push("  Against the document:", ...x.document.map((s) => `    ${s}`));
    out.push("  Assumptions:", ...e.assumptions.map((a) => `    - ${a}`));
    out.push("  Prices:", ...src.list.map((s) => `    ${s}`), "");
  }
  return `${out.join("\n")}\n`;
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** For a pull-request comment: one heading per stack, the lines as a table, the rest as short lists. */
export function formatMarkdown(estimates: readonly StackCostEstimate[]): string {
  const out: string[] = ["## Monthly cost and capacity", ""];
  for (const e of estimates) {
    const src = sources(e);
    out.push(`### \`${e.stack}\` (${e.region ?? "no region"}): ${headline(e)}`, "",
      "| resource | item | quantity | monthly | source |", "| --- | --- | --- | ---: | --- |");
    for (const l of e.lines) {
      out.push(`| \`${l.resource}\` | ${cell(l.description)}${l.note ? `<br><sub>${cell(l.note)}</sub>` : ""} | ${cell(rate(l))} | ` +
        `${l.status === "priced" || l.status === "free" ? figure(l) : `**${figure(l)}**`} | ${src.index(l)} |`);
    }
    const x = extras(e);
    out.push("");
    if (x.autoscaling.length) out.push(...x.autoscaling.map((s) => `- Range: ${s}`));
    out.push(...x.capacity.map((s) => `- Capacity: ${s}`));
    if (x.document.length) out.push("", ...x.document);
    out.push("", "<details><summary>Assumptions and price sources</summary>", "",
      ...e.assumptions.map((a) => `- ${a}`), "", ...src.list.map((s) => `- ${s}`), "", "</details>", "");
  }
  return `${out.join("\n")}\n`;
}

export function formatJson(estimates: readonly StackCostEstimate[]): string {
  return `${JSON.stringify({ estimates }, null, 2)}\n`;
}

export function formatReport(estimates: readonly StackCostEstimate[], format: ReportFormat): string {
  return format === "markdown" ? formatMarkdown(estimates) : format === "json" ? formatJson(estimates) : formatTable(estimates);
}
