import * as fs from "node:fs";
import * as path from "node:path";
import { DOCUMENT_DEFAULTS } from "../../config/database-settings";
import { SETTINGS_FIELDS } from "../../config/settings-fields";

const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");

describe("the README's configuration table", () => {
  test.each(SETTINGS_FIELDS.map((f) => [f.name, f]))("documents %s with its variable and default", (_name, field) => {
    const row = readme.split("\n").find((line) => line.startsWith(`| \`${field.name}\` |`));
    expect(row).toBeDefined();
    expect(row).toContain(`\`${field.envVar}\``);
    expect(row).toContain(`\`${JSON.stringify(DOCUMENT_DEFAULTS[field.name])}\``);
  });
});
