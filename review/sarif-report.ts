/**
 * The review report as SARIF 2.1.0 (OASIS; schema __tests__/fixtures/sarif/sarif-schema-2.1.0.json), the format
 * code-scanning hosts show inline: one rule per gate rule with its help text and level, one result per finding,
 * located at the file, line and column of the attribute in the plan's JSON. Suppressed findings are results
 * with an external suppression and its reason, as the other reports show them.
 */
import { createHash } from "node:crypto";
import * as path from "node:path";
import { describeFinding, Finding } from "./findings";
import { ReviewReport, RuleResult } from "./run-review";

export const SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
export const SARIF_TOOL_NAME = "checkpoints-review";

/** GitHub code scanning ranks by this property (0-10): errors block the gate, warnings do not. */
const SECURITY_SEVERITY = { error: "8.0", warning: "5.0" } as const;

function ruleMetadata(r: RuleResult) {
  const help = `${r.description}.\nSource: ${r.source}.\nFix the attribute the result names, or accept the rule for one stack ` +
    "in review/suppressions.json with a reason (docs/review-rules.md).";
  return {
    id: r.id, name: r.id.replace(/[^A-Za-z0-9]+/g, "_"),
    shortDescription: { text: r.description }, fullDescription: { text: `${r.description} (${r.source})` },
    help: { text: help, markdown: `**${r.id}**: ${r.description}.\n\nSource: ${r.source}.\n\nFix the attribute the result names, ` +
      "or accept the rule for one stack in `review/suppressions.json` with a reason ([docs/review-rules.md](docs/review-rules.md))." },
    defaultConfiguration: { level: r.severity },
    properties: { tags: ["security", "terraform", "rds"], "security-severity": SECURITY_SEVERITY[r.severity] },
  };
}

/** A path relative to the base directory with forward slashes (a URI reference), or a file: URI outside it. */
function artifactUri(file: string, baseDir: string): { uri: string; uriBaseId?: string } {
  const relative = path.relative(baseDir, path.resolve(baseDir, file));
  if (relative.startsWith("..") || path.isAbsolute(relative)) return { uri: new URL(`file://${path.resolve(baseDir, file)}`).href };
  return { uri: relative.split(path.sep).map(encodeURIComponent).join("/"), uriBaseId: "%SRCROOT%" };
}

function result(stack: string, r: RuleResult, ruleIndex: number, f: Finding, baseDir: string) {
  const fingerprint = createHash("sha256").update([stack, r.id, f.address, f.attribute].join("\u0000")).digest("hex");
  return {
    ruleId: r.id, ruleIndex, level: r.severity, message: { text: `${stack}: ${describeFinding(f)}` },
    ...(f.location ? { locations: [{
      physicalLocation: { artifactLocation: artifactUri(f.location.file, baseDir),
        region: { startLine: f.location.line, startColumn: f.location.column } },
      logicalLocations: [{ fullyQualifiedName: f.address, kind: "resource" }],
    }] } : {}),
    partialFingerprints: { "checkpointsReview/v1": fingerprint },
    ...(r.status === "suppressed" ? { suppressions: [{ kind: "external", status: "accepted", justification: r.suppression ?? "" }] } : {}),
  };
}

export function sarifReport(report: ReviewReport, baseDir: string): string {
  const rules = report.stacks[0]?.results ?? [];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = report.stacks.flatMap((stack) => stack.results.flatMap((r) =>
    r.findings.map((f) => result(stack.stack, r, index.get(r.id) ?? -1, f, baseDir))));
  const log = {
    $schema: SARIF_SCHEMA_URI, version: "2.1.0",
    runs: [{
      tool: { driver: { name: SARIF_TOOL_NAME, rules: rules.map(ruleMetadata) } },
      originalUriBaseIds: { "%SRCROOT%": { uri: `${new URL(`file://${path.resolve(baseDir)}/`).href.replace(/\/*$/, "/")}` } },
      columnKind: "utf16CodeUnits",
      results,
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
