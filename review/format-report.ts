import { describeFinding } from "./findings";
import { junitReport } from "./junit-report";
import { ReviewReport, RuleResult } from "./run-review";
import { sarifReport } from "./sarif-report";

export const FORMATS = ["table", "json", "markdown", "sarif", "junit"] as const;
export type ReportFormat = (typeof FORMATS)[number];

const LABEL: Record<RuleResult["status"], string> = { pass: "pass", fail: "FAIL", suppressed: "suppressed" };

function verdict(report: ReviewReport): string {
  const { errors, warnings, suppressed, passed } = report.summary;
  return `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}, ` +
    `${suppressed} suppressed, ${passed} passed: ${report.ok ? "the gate passes" : "the gate FAILS"}`;
}

function table(report: ReviewReport): string {
  const lines: string[] = [];
  // The id column is as wide as the longest id, so no description shifts right of the others.
  const idWidth = Math.max(26, ...report.stacks.flatMap((s) => s.results.map((r) => r.id.length)));
  for (const stack of report.stacks) {
    lines.push(`${stack.stack} (${stack.file})`);
    for (const r of stack.results) {
      lines.push(`  ${LABEL[r.status].padEnd(10)} ${r.severity.padEnd(7)} ${r.id.padEnd(idWidth)} ${r.description}`);
      if (r.suppression) lines.push(`${" ".repeat(13)}suppressed for this stack: ${r.suppression}`);
      for (const f of r.findings) {
        lines.push(`${" ".repeat(13)}${describeFinding(f)}`);
      }
    }
    lines.push("");
  }
  lines.push(verdict(report));
  return `${lines.join("\n")}\n`;
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function markdown(report: ReviewReport): string {
  const lines = [`### Plan review: ${report.ok ? "passes" : "**fails**"}`, "", verdict(report), ""];
  for (const stack of report.stacks) {
    lines.push(`#### \`${stack.stack}\``, "", "| | rule | severity | what | findings |", "| --- | --- | --- | --- | --- |");
    for (const r of stack.results) {
      const icon = r.status === "pass" ? "✅" : r.status === "suppressed" ? "⏸️" : r.severity === "error" ? "❌" : "⚠️";
      const findings = r.findings.map((f) => describeFinding(f));
      if (r.suppression) findings.unshift(`suppressed: ${r.suppression}`);
      lines.push(`| ${icon} | ${r.id} | ${r.severity} | ${cell(r.description)} | ${cell(findings.join("<br>"))} |`);
    }
    lines.push("");
  }
  return `${lines.join("\n")}\n`;
}

/** baseDir: what SARIF's file locations are relative to (the repository root, where CI runs the gate). */
export function formatReport(report: ReviewReport, format: ReportFormat, baseDir: string = process.cwd()): string {
  switch (format) {
    case "sarif": return sarifReport(report, baseDir);
    case "junit": return junitReport(report);
    case "json": return `${JSON.stringify(report, null, 2)}\n`;
    case "markdown": return markdown(report);
    case "table": return table(report);
  }
}
