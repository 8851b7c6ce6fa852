import * as fs from "node:fs";
import * as path from "node:path";
import { DOCUMENT_DEFAULTS } from "../../config/database-settings";
import { resolveAppSettings } from "../../config/load-settings";
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

describe("every `CHECKPOINTS_...=value npm run synth` example says which environments it changes (issue 24)", () => {
  const root = path.join(__dirname, "..", "..");
  const context = JSON.parse(fs.readFileSync(path.join(root, "cdktf.json"), "utf8")).context.checkpoints;
  const pages = ["README.md", ...fs.readdirSync(path.join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
  const examples = pages.flatMap((page) => {
    const lines = fs.readFileSync(path.join(root, page), "utf8").split("\n");
    return lines.flatMap((line, i) => [...line.matchAll(/(CHECKPOINTS_[A-Z_]+)=(\S+) npm run synth/g)]
      .map((m) => [page, m[1], m[2], `${line} ${lines[i + 1] ?? ""}`] as const));
  });
  const changed = (env: Record<string, string>) => {
    const before = resolveAppSettings(context, {}).environments;
    const after = resolveAppSettings(context, env).environments;
    return after.filter((e, i) => JSON.stringify(e.settings) !== JSON.stringify(before[i].settings)).map((e) => e.settings.environment);
  };

  test("there are examples to check", () => expect(examples.length).toBeGreaterThan(0));
  test.each(examples)("%s: %s=%s", (_page, variable, value, text) => {
    const environments = changed({ [variable]: value });
    if (environments.length > 1) expect(text).toMatch(/every environment/);
    else expect(text).toMatch(new RegExp(`${environments[0]} only`));
  });
});
