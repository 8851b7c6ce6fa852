import * as fs from "node:fs";
import * as path from "node:path";
import type { PreflightCheck } from "./checks";
import { EXIT_PRECEDENCE, PREFLIGHT_EXIT } from "./exit-codes";

export interface PreflightReport {
  readonly schema: "checkpoints-preflight/report@1";
  readonly checkedAt: string;
  readonly stack: string;
  readonly region: string;
  /** pass only when no check failed or went unanswered. */
  readonly status: "pass" | "fail";
  readonly exitCode: number;
  readonly summary: Record<PreflightCheck["status"], number>;
  readonly checks: readonly PreflightCheck[];
}

/** The exit code the checks add up to: access denied, then throttled, then any fail or unanswered check. Pure. */
export function exitCodeFor(checks: readonly PreflightCheck[]): number {
  const errors = checks.filter((c) => c.status === "error");
  const found: Record<(typeof EXIT_PRECEDENCE)[number], boolean> = {
    accessDenied: errors.some((c) => c.failure === "access-denied"),
    throttled: errors.some((c) => c.failure === "throttled"),
    fail: checks.some((c) => c.status === "fail" || c.status === "error"),
  };
  const first = EXIT_PRECEDENCE.find((key) => found[key]);
  return first ? PREFLIGHT_EXIT[first].code : PREFLIGHT_EXIT.pass.code;
}

export function buildReport(stack: string, region: string, checks: readonly PreflightCheck[], now: Date): PreflightReport {
  const count = (status: PreflightCheck["status"]) => checks.filter((c) => c.status === status).length;
  const exitCode = exitCodeFor(checks);
  return { schema: "checkpoints-preflight/report@1", checkedAt: now.toISOString(), stack, region,
    status: exitCode === 0 ? "pass" : "fail", exitCode,
    summary: { pass: count("pass"), fail: count("fail"), skipped: count("skipped"), error: count("error") }, checks };
}

const LABEL: Record<PreflightCheck["status"], string> = { pass: "pass", fail: "FAIL", skipped: "skipped", error: "ERROR" };

/** The table on stdout: one line per check with its call and field, then what was found and, for a fail, the fix. */
export function renderTable(report: PreflightReport): string {
  const { summary } = report;
  const lines = [`${report.stack}: preflight in ${report.region} ${report.status === "pass" ? "passes" : "FAILS"} ` +
    `(exit ${report.exitCode}): ${summary.pass} pass, ${summary.fail} fail, ${summary.error} not evaluated, ${summary.skipped} skipped`];
  const width = Math.max(...report.checks.map((c) => c.id.length));
  for (const check of report.checks) {
    lines.push(`  ${LABEL[check.status].padEnd(8)} ${check.id.padEnd(width)}  ${check.call} ${check.field}`);
    lines.push(`  ${" ".repeat(8)} ${" ".repeat(width)}  ${check.detail}`);
    if (check.fix && check.status !== "pass") lines.push(`  ${" ".repeat(8)} ${" ".repeat(width)}  change: ${check.fix}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Writes DIR/preflight.json whole or not at all (a temporary file renamed into place). */
export function writeReport(dir: string, report: PreflightReport): string {
  fs.mkdirSync(dir, { recursive: true });
  const target = path.join(path.resolve(dir), "preflight.json");
  const staging = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(staging, `${JSON.stringify(report, null, 2)}\n`);
  fs.renameSync(staging, target);
  return target;
}
