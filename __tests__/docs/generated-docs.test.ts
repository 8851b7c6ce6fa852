import * as fs from "node:fs";
import * as path from "node:path";
import { RULES } from "../../review/rules";
import { exitTableOf, toolExitTables } from "../../docs/generate/exit-tables";
import { BLOCK_END, BLOCK_START, GENERATED_PAGES, renderPage } from "../../docs/generate/render";

const root = path.join(__dirname, "..", "..");
const read = (page: string) => fs.readFileSync(path.join(root, page), "utf8");
const scripts = Object.keys(JSON.parse(read("package.json")).scripts as Record<string, string>);

describe("docs/ pages rendered from the code's tables", () => {
  test.each(Object.keys(GENERATED_PAGES))("%s is current (else: run `npm run docs`)", (page) => {
    const current = read(page);
    const rendered = renderPage(page, current);
    if (rendered !== current) throw new Error(`${page} is stale: run \`npm run docs\` and commit the result`);
  });

  test("a stale table is caught: a changed row is rewritten back", () => {
    const current = read("docs/exit-codes.md");
    const edited = current.replace(/\| 0 \| [^\n]*/, "| 0 | always passes |");
    expect(edited).not.toBe(current);
    expect(renderPage("docs/exit-codes.md", edited)).toBe(current);
  });

  test("a page whose generated block was deleted is an error, not a silent pass", () => {
    const current = read("docs/configuration.md");
    const start = current.indexOf(BLOCK_START("config/settings-fields.ts"));
    const withoutBlock = current.slice(0, start) + current.slice(current.indexOf(BLOCK_END, start) + BLOCK_END.length);
    expect(() => renderPage("docs/configuration.md", withoutBlock)).toThrow("docs/configuration.md: no generated block for config/settings-fields.ts");
  });

  test("`npm run docs` is a script", () => {
    expect(scripts).toContain("docs");
  });
});

describe("docs/exit-codes.md", () => {
  const page = read("docs/exit-codes.md");
  test.each(toolExitTables().map((t) => [t.source, t]))("shows %s row for row, under its npm scripts", (_source, t) => {
    expect(fs.existsSync(path.join(root, t.source))).toBe(true);
    for (const script of t.scripts) expect(scripts).toContain(script);
    const heading = `### ${t.scripts.map((s) => `\`npm run ${s}\``).join(", ")}`;
    const section = page.slice(page.indexOf(heading), page.indexOf("\n### ", page.indexOf(heading) + 1) >>> 0);
    expect(section).toContain(["| code | meaning |", "| --- | --- |",
      ...t.entries.map((e) => `| ${e.code} | ${e.meaning.replace(/\|/g, "\\|")} |`)].join("\n"));
  });

  test("reads an exit table in either shape, and refuses an ambiguous or contradictory one", () => {
    const entries = [{ code: 2, meaning: "usage" }, { code: 0, meaning: "ok" }];
    expect(exitTableOf({ TABLE: entries, OTHER: ["a"] }, "x.ts")).toEqual([{ code: 0, meaning: "ok" }, { code: 2, meaning: "usage" }]);
    expect(exitTableOf({ EXIT: { usage: entries[0], ok: entries[1] }, PRECEDENCE: ["usage"] }, "x.ts")).toEqual([{ code: 0, meaning: "ok" }, { code: 2, meaning: "usage" }]);
    expect(exitTableOf({ REVIEW_EXIT_TABLE: entries, EXIT_TABLE: entries }, "x.ts")).toEqual([{ code: 0, meaning: "ok" }, { code: 2, meaning: "usage" }]);
    expect(exitTableOf({ EXIT: { ok: entries[1] }, EXIT_TABLE: entries }, "x.ts")).toHaveLength(2);
    expect(() => exitTableOf({ A: entries, B: [entries[0]] }, "x.ts")).toThrow("x.ts: expected exactly one exported exit table");
    expect(() => exitTableOf({}, "x.ts")).toThrow("found 0");
    expect(() => exitTableOf({ A: [...entries, { code: 2, meaning: "other" }] }, "x.ts")).toThrow("x.ts: exit code 2 has two meanings");
  });
});

describe("docs/review-rules.md", () => {
  const page = read("docs/review-rules.md");
  test.each(RULES.map((r) => [r.id, r]))("lists %s with its severity, description and source", (_id, rule) => {
    expect(page).toContain(`| \`${rule.id}\` | ${rule.severity} | ${rule.description} | ${rule.source} |`);
  });

  test("maps every checkov id a rule carries or names to that rule", () => {
    expect(page).toContain("| CKV_AWS_17 | `CKPT-NOT-PUBLIC` | error |");
    for (const rule of RULES.filter((r) => r.id.startsWith("CKV"))) expect(page).toContain(`| ${rule.id} | \`${rule.id}\` | ${rule.severity} |`);
  });
});
