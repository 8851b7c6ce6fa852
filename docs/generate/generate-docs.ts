// `npm run docs`: rewrites the generated tables in docs/ from the code's own tables.
// `npm run docs -- --check` changes nothing and exits 1 when a page is stale (the jest test does the same).
import * as fs from "node:fs";
import * as path from "node:path";
import { GENERATED_PAGES, renderPage } from "./render";
import { parseScriptArgs } from "../../tools/script-args.cjs";
import { exitCodesSection } from "../../tools/signal-exit.cjs";
import { DOCS_EXIT_TABLE } from "./docs-exit-codes";

const USAGE = "Usage: npm run docs [-- --check]\n\nRewrites the tables in docs/ that are generated from the code's own tables " +
  "(settings fields,\nexit tables, review rules, checkov mapping). --check writes nothing and exits 1 when a page is stale.\n\n" +
  exitCodesSection(DOCS_EXIT_TABLE);
const { check } = parseScriptArgs("docs", USAGE, { check: { type: "boolean" } });

const root = path.resolve(__dirname, "..", "..");
let stale = 0;
for (const page of Object.keys(GENERATED_PAGES)) {
  const file = path.join(root, page);
  const current = fs.readFileSync(file, "utf8");
  const rendered = renderPage(page, current);
  if (rendered === current) continue;
  stale++;
  if (check) process.stderr.write(`docs: ${page} is stale: run \`npm run docs\`\n`);
  else {
    fs.writeFileSync(file, rendered);
    process.stdout.write(`docs: wrote ${page}\n`);
  }
}
if (check && stale > 0) process.exitCode = 1;
else if (stale === 0) process.stdout.write("docs: every generated table is current\n");
