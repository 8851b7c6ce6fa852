import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { folderOf, projectFiles } from "./import-graph";

/**
 * Issue 16: each RDS fact is stated once, in rds/. This scans the project's code (comments skipped) for the
 * literals that spell an RDS fact and fails when one appears outside rds/.
 */
const root = path.join(__dirname, "..", "..");

interface Hit { readonly file: string; readonly text: string }

/** Tokens after which "/" starts a regular expression rather than a division. */
const BEFORE_REGEX = new Set([ts.SyntaxKind.OpenParenToken, ts.SyntaxKind.CommaToken, ts.SyntaxKind.EqualsToken,
  ts.SyntaxKind.ColonToken, ts.SyntaxKind.OpenBracketToken, ts.SyntaxKind.ExclamationToken, ts.SyntaxKind.AmpersandAmpersandToken,
  ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionToken, ts.SyntaxKind.OpenBraceToken, ts.SyntaxKind.SemicolonToken,
  ts.SyntaxKind.ReturnKeyword, ts.SyntaxKind.EqualsGreaterThanToken, ts.SyntaxKind.QuestionQuestionToken]);

const LITERALS = new Set([ts.SyntaxKind.NumericLiteral, ts.SyntaxKind.StringLiteral, ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead, ts.SyntaxKind.TemplateMiddle, ts.SyntaxKind.TemplateTail, ts.SyntaxKind.RegularExpressionLiteral]);

/** Every literal of a file, comments skipped: numbers, strings, template parts and regular expressions. */
function literals(file: string): Hit[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, fs.readFileSync(path.join(root, file), "utf8"));
  const hits: Hit[] = [];
  const templates: number[] = []; // open braces inside each template substitution being scanned
  let previous = ts.SyntaxKind.Unknown;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.OpenBraceToken && templates.length) templates[templates.length - 1]++;
    else if (kind === ts.SyntaxKind.CloseBraceToken && templates.length) {
      if (templates[templates.length - 1] === 0) kind = scanner.reScanTemplateToken(false);
      else templates[templates.length - 1]--;
    } else if ((kind === ts.SyntaxKind.SlashToken || kind === ts.SyntaxKind.SlashEqualsToken) && BEFORE_REGEX.has(previous)) {
      kind = scanner.reScanSlashToken();
    }
    if (kind === ts.SyntaxKind.TemplateHead) templates.push(0);
    if (kind === ts.SyntaxKind.TemplateTail) templates.pop();
    if (LITERALS.has(kind)) hits.push({ file, text: kind === ts.SyntaxKind.RegularExpressionLiteral ? scanner.getTokenText() : scanner.getTokenValue() });
    previous = kind;
  }
  return hits;
}

const all = projectFiles(root).flatMap(literals);

/** The fact, and how a literal stating it is recognised. */
const FACTS: Array<[string, (text: string) => boolean]> = [
  ["PostgreSQL's port 5432", (t) => t === "5432"],
  ["RDS CA identifiers", (t) => /^rds-ca-/.test(t)],
  ["reserved master user names", (t) => t === "rdsrepladmin" || t === "rdsadmin"],
  ["CloudWatch retention periods", (t) => t === "2192" || t === "3653"],
  ["RDS's log group names", (t) => t.includes("/aws/rds/instance/")],
  ["retired PostgreSQL minors", (t) => t === "15.12" || t === "14.14"],
  ["the largest RDS volume", (t) => t === "65536"],
  ["the maintenance window grammar", (t) => t.includes("mon|tue|wed|thu|fri|sat|sun")],
  ["Enhanced Monitoring's principal and policy", (t) => t.includes("monitoring.rds.amazonaws.com") || t.includes("AmazonRDSEnhancedMonitoringRole")],
];

test.each(FACTS.filter(([, matches]) => all.some((h) => matches(h.text))))("%s: stated in rds/ and nowhere else", (_fact, matches) => {
  const outside = all.filter((h) => matches(h.text) && folderOf(h.file) !== "rds").map((h) => `${h.file}: ${h.text}`);
  expect(outside).toEqual([]);
});

test("the scanner sees the facts rds/ states (so the test above cannot pass by seeing nothing)", () => {
  const inRds = all.filter((h) => folderOf(h.file) === "rds").map((h) => h.text);
  expect(inRds).toEqual(expect.arrayContaining(["5432", "rds-ca-rsa2048-g1", "rdsrepladmin", "3653", "15.12", "65536"]));
});
