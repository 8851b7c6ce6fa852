import * as fs from "node:fs";
import * as path from "node:path";
import { DOCUMENT_DEFAULTS } from "../../config/database-settings";
import { SETTINGS_FIELDS } from "../../config/settings-fields";

const page = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "configuration.md"), "utf8");

describe("the configuration table (docs/configuration.md)", () => {
  test.each(SETTINGS_FIELDS.map((f) => [f.name, f]))("documents %s with its variable, default and what is accepted", (_name, field) => {
    const row = page.split("\n").find((line) => line.startsWith(`| \`${field.name}\` |`));
    expect(row).toBeDefined();
    expect(row).toContain(`\`${field.envVar}\``);
    expect(row).toContain(`\`${JSON.stringify(DOCUMENT_DEFAULTS[field.name])}\``);
    expect(row).toContain(field.accepted.replace(/\|/g, "\\|"));
  });
});
