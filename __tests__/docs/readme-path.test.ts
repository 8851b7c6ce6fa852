import * as fs from "node:fs";
import * as path from "node:path";

const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
const sections = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const anchor = (heading: string) => heading.toLowerCase().replace(/[^\w\s-]/g, "").replace(/\s/g, "-");

describe("README.md is the newcomer's path", () => {
  test("it is short: at most 250 lines", () => {
    expect(readme.split("\n").length).toBeLessThanOrEqual(250);
  });

  test("its first commands are the two that set up and check everything", () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
    expect(firstBlock.split("\n").filter(Boolean).map((line) => line.replace(/\s+#.*$/, ""))).toEqual(["npm ci && npm run synth", "npm test"]);
    expect(readme.indexOf("```sh")).toBeLessThan(readme.indexOf("\n## "));
  });

  test("a contents list links every section, in order", () => {
    const contents = readme.split("\n").find((line) => line.startsWith("Contents:")) ?? "";
    const listed = [...readme.slice(readme.indexOf(contents)).split("\n## ")[0].matchAll(/\]\(#([\w-]+)\)/g)].map((m) => m[1]);
    expect(listed).toEqual(sections.map(anchor));
  });

  test("the engine-version blocker is under Deploying", () => {
    const deploying = readme.slice(readme.indexOf("## Deploying"), readme.indexOf("\n## ", readme.indexOf("## Deploying") + 1));
    expect(deploying).toContain("15.4");
    expect(deploying).toContain("CHECKPOINTS_ENGINE_VERSION");
  });
});

test("every page that gives --ca global-bundle.pem says where to get it (the RDS User Guide's bundle URL) or links to the page that does", () => {
  const root = path.join(__dirname, "..", "..");
  const pages = ["README.md", ...fs.readdirSync(path.join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
  const naming = pages.filter((page) => fs.readFileSync(path.join(root, page), "utf8").includes("global-bundle.pem"));
  expect(naming.length).toBeGreaterThan(0);
  for (const page of naming) {
    const text = fs.readFileSync(path.join(root, page), "utf8");
    expect({ page, says: text.includes("https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem") ||
      /\]\((docs\/)?probe\.md\)/.test(text) }).toEqual({ page, says: true });
  }
  expect(fs.readFileSync(path.join(root, "docs", "probe.md"), "utf8"))
    .toContain("https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html");
});
