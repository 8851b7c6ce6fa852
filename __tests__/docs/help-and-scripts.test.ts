import * as fs from "node:fs";
import * as path from "node:path";

const root = path.join(__dirname, "..", "..");
const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");
const scripts = Object.keys(JSON.parse(read("package.json")).scripts as Record<string, string>).sort();

/** The npm scripts a text runs: `npm run [-s|--silent] NAME`, and `npm test` for the test script. */
function scriptsNamedIn(text: string): string[] {
  const named = [...text.matchAll(/\bnpm run (?:(?:-s|--silent) )?(\w[\w:-]*)/g)].map((m) => m[1]);
  if (/\bnpm test\b/.test(text)) named.push("test");
  return [...new Set(named)].sort();
}

/** Every page a reader is sent to: the README and docs/. */
const pages = ["README.md", ...fs.readdirSync(path.join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

describe("help, the cheat sheet, matches package.json", () => {
  const help = read("help");
  test("lists every npm script, and no script that does not exist", () => {
    expect(scriptsNamedIn(help)).toEqual(scripts);
  });
  test("is the project's own, not the cdktf template's", () => {
    expect(help).not.toContain("Your cdktf TypeScript project is ready");
    expect(help).toContain("checkpoints-db");
  });
  test("where it asks npm for JSON, it says npm run -s (npm's banner would go to stdout)", () => {
    const json = help.split("\n").filter((line) => /npm run /.test(line) && /--json|--format json/.test(line));
    for (const line of json) expect(line).toMatch(/npm run -s /);
  });
  test("every file it points to exists", () => {
    for (const [file] of help.matchAll(/\b(?:docs\/[\w-]+\.md|README\.md)/g)) expect(fs.existsSync(path.join(root, file))).toBe(true);
  });
});

describe("the documentation names only scripts that exist", () => {
  test.each(pages)("%s", (page) => {
    const missing = scriptsNamedIn(read(page)).filter((s) => !scripts.includes(s));
    expect(missing).toEqual([]);
  });

  test("the check itself catches a script that does not exist", () => {
    expect(scriptsNamedIn("run `npm run lint` then npm test").filter((s) => !scripts.includes(s))).toContain("lint");
    expect(scriptsNamedIn("npm run -s review -- x; npm run --silent rehearse:network")).toEqual(["rehearse:network", "review"]);
  });
});

describe("links between the pages", () => {
  test.each(pages)("%s links only to files that exist", (page) => {
    const dir = path.dirname(path.join(root, page));
    const targets = [...read(page).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]).filter((t) => !/^[a-z]+:/.test(t));
    for (const target of targets) expect([page, target, fs.existsSync(path.join(dir, target))]).toEqual([page, target, true]);
  });
});

describe("the files the pages name", () => {
  // Built or written by a run, not committed: dist/ (build:probe), cdktf.out/ (synth), evidence/ (verify);
  // and placeholders in capitals (DIR/preflight.json).
  const generated = /^(dist|cdktf\.out|evidence|[A-Z]+)\//;
  // tests.md names test files from __tests__/, as the folder it describes.
  const exists = (file: string) => fs.existsSync(path.join(root, file)) || fs.existsSync(path.join(root, "__tests__", file));
  test.each(pages)("%s names only files that exist", (page) => {
    const named = [...read(page).matchAll(/`((?:[\w.-]+\/)+[\w.-]+\.(?:ts|cjs|json|md))`/g)].map((m) => m[1])
      .filter((file) => !generated.test(file));
    expect(named.filter((file) => !exists(file))).toEqual([]);
  });
});
