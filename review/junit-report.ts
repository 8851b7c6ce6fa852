/**
 * The review report as JUnit XML (the Ant/Jenkins schema CI systems read): one test suite per stack, one test
 * case per rule and resource the rule looked at. A failed rule's case fails with its findings (type = the
 * rule's severity: a warning fails its case but not the gate, as the exit code says); a suppressed rule's
 * case is skipped with its reason; a rule that found nothing to look at is one passing case.
 */
import { describeFinding, Finding } from "./findings";
import { ReviewReport, RuleResult, StackReview } from "./run-review";

/** XML 1.0's characters, escaped for text and attribute values. */
function xml(text: string): string {
  return text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "\uFFFD")
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

interface TestCase {
  readonly name: string;
  readonly file?: string;
  readonly findings: Finding[];
}

/** The rule's cases: each resource it looked at, plus findings on anything else (an output, the plan). */
function casesOf(r: RuleResult): TestCase[] {
  const owner = (f: Finding) => r.resources.filter((a) => f.address === a || f.address.startsWith(`${a}.`))
    .sort((a, b) => b.length - a.length)[0] ?? f.address;
  const byResource = new Map<string, Finding[]>(r.resources.map((a) => [a, []]));
  for (const f of r.findings) byResource.set(owner(f), [...(byResource.get(owner(f)) ?? []), f]);
  if (byResource.size === 0) return [{ name: r.id, findings: [] }];
  return [...byResource].map(([address, findings]) => ({ name: `${r.id} ${address}`, findings, file: findings[0]?.location?.file }));
}

function testCase(stack: StackReview, r: RuleResult, c: TestCase): string {
  const open = `    <testcase classname="${xml(`${stack.stack}.${r.id}`)}" name="${xml(c.name)}" file="${xml(c.file ?? stack.file)}"`;
  if (c.findings.length === 0) return `${open}/>`;
  const text = xml(c.findings.map(describeFinding).join("\n"));
  if (r.status === "suppressed") {
    return `${open}>\n      <skipped message="${xml(`suppressed: ${r.suppression ?? ""}`)}"/>\n      <system-out>${text}</system-out>\n    </testcase>`;
  }
  return `${open}>\n      <failure type="${r.severity}" message="${xml(`${r.description} (${r.severity})`)}">${text}</failure>\n    </testcase>`;
}

export function junitReport(report: ReviewReport): string {
  const suites = report.stacks.map((stack) => {
    const cases = stack.results.flatMap((r) => casesOf(r).map((c) => ({ r, c })));
    const failures = cases.filter(({ r, c }) => r.status === "fail" && c.findings.length > 0).length;
    const skipped = cases.filter(({ r, c }) => r.status === "suppressed" && c.findings.length > 0).length;
    return [`  <testsuite name="${xml(stack.stack)}" file="${xml(stack.file)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}">`,
      ...cases.map(({ r, c }) => testCase(stack, r, c)), "  </testsuite>"].join("\n");
  });
  const count = (attribute: string) => report.stacks.length === 0 ? 0
    : suites.reduce((n, s) => n + Number(new RegExp(`${attribute}="(\\d+)"`).exec(s)?.[1] ?? 0), 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="checkpoints-review" tests="${count("tests")}" ` +
    `failures="${count("failures")}" errors="0" skipped="${count("skipped")}">\n${suites.join("\n")}\n</testsuites>\n`;
}
