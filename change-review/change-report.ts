/** The change review's report: summary line, per-stack changes, findings; rendered as table, markdown or JSON. */
import { StackChanges } from "./change-model";
import { Effect, EFFECT_LABEL, EFFECTS } from "./effects";
import { Finding } from "./findings";
import { describeCostLine, StackCostChange } from "./cost-change";
import { describeSettingsVariables, SettingsVariable } from "./settings-variables";

export const CHANGE_REPORT_SCHEMA = "checkpoints-change-review/report@1";
export const CHANGE_FORMATS = ["table", "markdown", "json"] as const;
export type ChangeReportFormat = (typeof CHANGE_FORMATS)[number];

export interface ChangeReport {
  readonly schema: typeof CHANGE_REPORT_SCHEMA;
  /** What was compared, e.g. "main -> working tree" or the plan file. */
  readonly compared: string;
  readonly summary: string;
  /** false when an error finding is not acknowledged. */
  readonly ok: boolean;
  readonly stacks: readonly StackChanges[];
  readonly findings: readonly Finding[];
  /** The monthly cost delta per stack (npm run cost's estimate), when both configurations were read; absent for --plan-json. */
  readonly costs?: readonly StackCostChange[];
  /** CHECKPOINTS_* variables the review's own synths inherited (absent when it synthesized nothing). */
  readonly synthVariables?: SynthVariables;
}

export interface SynthVariables {
  /** Which synths they applied to: "both sides" (--base), "the working tree" (--base-dir OLD). */
  readonly appliedTo: string;
  readonly variables: readonly SettingsVariable[];
}

/** One sentence: a change made through these variables is invisible to a comparison they applied to. */
export function describeSynthVariables(v: SynthVariables): string | undefined {
  if (v.variables.length === 0) return undefined;
  return `CHECKPOINTS_* variables in effect for ${v.appliedTo === "both sides" ? "both sides' synth" : `${v.appliedTo}'s synth`}: ` +
    `${describeSettingsVariables(v.variables)}.${v.appliedTo === "both sides" ? " A change made through them applies to both sides, so it does not show here." : ""}`;
}

const PHRASE: Partial<Record<Effect, string>> = {
  "maintenance-window": "applies in the maintenance window",
  immediate: "applies immediately",
  reboot: "needs a reboot",
  failover: "applies in the maintenance window; Multi-AZ fails over (brief connection drop)",
  unknown: "effect unknown",
};

/** The same, after a count, when several kinds are listed. */
const SHORT: Partial<Record<Effect, string>> = {
  "maintenance-window": "in the maintenance window",
  immediate: "immediately",
  reboot: "needing a reboot",
  failover: "with a Multi-AZ failover (brief connection drop) in the maintenance window",
  unknown: "of unknown effect",
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** One line a pull request shows first. */
export function summaryLine(stacks: readonly StackChanges[], findings: readonly Finding[]): string {
  const open = findings.filter((f) => !f.acknowledged);
  const losses = open.filter((f) => f.change === "replace" || f.change === "delete");
  if (losses.length > 0) {
    // One phrase per resource and change; the stacks are named when several share it.
    const groups = new Map<string, string[]>();
    for (const f of losses) {
      const key = `${f.change === "replace" ? "REPLACES" : "DELETES"} ${f.address}`;
      groups.set(key, [...(groups.get(key) ?? []), f.stack]);
    }
    return [...groups].map(([what, stacks]) => `${what}${stacks.length > 1 ? ` in ${stacks.join(", ")}` : ""}: data loss`).join("; ");
  }
  if (open.length > 0) {
    return open.map((f) => (f.change === "stale-acknowledgement" ? `STALE acknowledgement for ${f.address}`
      : f.change === "apply-fails" ? `APPLY FAILS at ${f.address}` : `CANNOT TELL what happens to ${f.address}`)).join("; ");
  }
  const acknowledged = findings.filter((f) => f.acknowledged);
  const acknowledgedLines = acknowledged.map((f) => `${f.change === "replace" ? "REPLACES" : f.change === "delete" ? "DELETES" : "unknown effect on"} ${f.address} (acknowledged)`);
  const acknowledgedAddresses = new Set(acknowledged.map((f) => f.address));
  // A created resource is a change too: a new stack's database is news, never "No change to the database".
  const created = stacks.flatMap((s) => s.resources.filter((r) => r.action === "create").map((r) => ({ stack: s.stack, address: r.address, type: r.type })));
  const newDatabases = created.filter((c) => c.type === "aws_db_instance").map((c) => `CREATES ${c.address} in ${c.stack} (a new, empty database)`);
  const otherCreated = created.length - newDatabases.length;
  // A forgotten database (`removed`, destroy = false) is not "No change": it leaves Terraform's care.
  const forgotten = stacks.flatMap((s) => s.resources.filter((r) => r.action === "forget" && r.type === "aws_db_instance")
    .map((r) => `FORGETS ${r.address} in ${s.stack} (Terraform stops managing it: it keeps running, and later deploys no longer change or protect it)`));
  const creations = [...forgotten, ...newDatabases, ...(otherCreated > 0 ? [`${plural(otherCreated, "resource")} created`] : [])];
  const changes = stacks.flatMap((s) => s.resources.flatMap((r): Effect[] =>
    r.action === "update" ? r.attributes.filter((a) => a.effect !== "none").map((a) => a.effect)
      : acknowledgedAddresses.has(r.address) ? []
        : r.action === "replace" ? ["replaces"] : r.action === "delete" ? ["deletes"] : []));
  if (changes.length === 0) {
    const lines = [...acknowledgedLines, ...creations];
    return lines.length > 0 ? lines.join("; ") : "No change to the database";
  }
  const inPlace = changes.filter((e) => e !== "replaces" && e !== "deletes");
  const parts: string[] = [];
  const replaced = changes.length - inPlace.length;
  if (replaced > 0) parts.push(`${plural(replaced, "resource")} replaced or deleted (not stateful)`);
  if (inPlace.length > 0) {
    const kinds = [...new Set(inPlace)].sort((a, b) => EFFECTS.indexOf(a) - EFFECTS.indexOf(b)); // worst first
    parts.push(kinds.length === 1
      ? `${plural(inPlace.length, "in-place change")}, ${PHRASE[kinds[0]]}`
      : `${plural(inPlace.length, "in-place change")}: ${kinds.map((k) => `${inPlace.filter((e) => e === k).length} ${SHORT[k]}`).join(", ")}`);
  }
  return [...acknowledgedLines, ...forgotten, ...newDatabases, ...parts, ...(otherCreated > 0 ? [`${plural(otherCreated, "resource")} created`] : [])].join("; ");
}

const ACTION_MARK: Record<string, string> = { create: "+", update: "~", replace: "-/+", delete: "-", move: "->", forget: ".", "not-evaluable": "?" };

function table(report: ChangeReport): string {
  const variables = report.synthVariables && describeSynthVariables(report.synthVariables);
  const lines = [`Change review (${report.compared}): ${report.summary}`, ...(variables ? [variables] : []), ""];
  for (const stack of report.stacks) {
    lines.push(`stack ${stack.stack}: ${stack.resources.length === 0 ? "no change" : plural(stack.resources.length, "resource") + " changed"}`);
    for (const r of stack.resources) {
      const moved = r.previousAddress ? ` (moved from ${r.previousAddress})` : "";
      lines.push(`  ${ACTION_MARK[r.action].padEnd(3)} ${r.address}${moved}: ${r.action}, ${EFFECT_LABEL[r.effect]}`);
      for (const a of r.attributes) {
        lines.push(`        ${a.attribute}: ${a.before} -> ${a.after}`);
        lines.push(`          ${EFFECT_LABEL[a.effect]}: ${a.detail}`);
      }
      for (const n of r.notes) lines.push(`        note: ${n}`);
    }
    const cost = report.costs?.find((c) => c.stack === stack.stack);
    if (cost) {
      lines.push(`  monthly cost: ${cost.text}`);
      if (cost.lines.length > 1 || cost.deltaUsd === undefined) for (const l of cost.lines) lines.push(`    ${describeCostLine(l)}`);
    }
    lines.push("");
  }
  for (const f of report.findings) {
    lines.push(`${f.acknowledged ? "acknowledged" : "ERROR"} ${f.stack} ${f.address}: ${f.message}`);
    if (f.acknowledged) lines.push(`  reason: ${f.acknowledged}`);
  }
  lines.push(report.ok ? "change review passes" : "change review FAILS");
  return `${lines.join("\n")}\n`;
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function markdown(report: ChangeReport): string {
  const variables = report.synthVariables && describeSynthVariables(report.synthVariables);
  const lines = [`**${report.summary}**`, "", `Change review of ${report.compared}: ${report.ok ? "passes" : "**fails**"}.`, "",
    ...(variables ? [`- ⚠️ ${cell(variables)}`, ""] : [])];
  for (const f of report.findings) lines.push(`- ${f.acknowledged ? "✅ acknowledged" : "❌"} \`${f.address}\` (${f.stack}): ${cell(f.message)}${f.acknowledged ? ` Reason: ${cell(f.acknowledged)}` : ""}`);
  if (report.findings.length) lines.push("");
  // A stack whose bill does not move is not news in a pull request; an estimate that could not be made is.
  const costs = (report.costs ?? []).filter((c) => c.lines.length > 0 || c.text.startsWith("no price"));
  for (const c of costs) lines.push(`- Monthly cost of \`${c.stack}\`: **${cell(c.text)}**`);
  if (costs.length) lines.push("");
  for (const stack of report.stacks) {
    if (stack.resources.length === 0) continue;
    lines.push(`#### \`${stack.stack}\``, "", "| resource | action | attribute | before | after | effect |", "| --- | --- | --- | --- | --- | --- |");
    for (const r of stack.resources) {
      const name = `\`${r.address}\`${r.previousAddress ? ` (from \`${r.previousAddress}\`)` : ""}`;
      if (r.attributes.length === 0) lines.push(`| ${name} | ${r.action} | | | | ${EFFECT_LABEL[r.effect]}${r.notes.length ? `: ${cell(r.notes.join("; "))}` : ""} |`);
      for (const a of r.attributes) {
        lines.push(`| ${name} | ${r.action} | ${a.attribute} | \`${cell(a.before)}\` | \`${cell(a.after)}\` | **${EFFECT_LABEL[a.effect]}**: ${cell(a.detail)} |`);
      }
    }
    lines.push("");
  }
  return `${lines.join("\n")}\n`;
}

export function formatChangeReport(report: ChangeReport, format: ChangeReportFormat): string {
  switch (format) {
    case "json": return `${JSON.stringify(report, null, 2)}\n`;
    case "markdown": return markdown(report);
    case "table": return table(report);
  }
}

export function buildChangeReport(compared: string, stacks: readonly StackChanges[], findings: readonly Finding[],
  costs?: readonly StackCostChange[], synthVariables?: SynthVariables): ChangeReport {
  return { schema: CHANGE_REPORT_SCHEMA, compared, summary: summaryLine(stacks, findings), ok: findings.every((f) => f.acknowledged), stacks, findings,
    ...(costs ? { costs } : {}), ...(synthVariables ? { synthVariables } : {}) };
}
