import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { checkSuppressedStacks, loadSuppressions, validateSuppressions } from "../../review/suppressions";
import { ReviewInputError } from "../../plan/read-plans";

// Issue 27: the suppressions file decides which failing rules the gate lets through; each test here
// catches a mutant of review/suppressions.ts that survived the rest of the unit tier. Direct calls, no synth.
const work = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-suppressions-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const entry = (rule: unknown, reason: unknown) => ({ rule, reason });
const REASON = "accepted for this stack on purpose";

describe("validateSuppressions", () => {
  test.each([["a list", []], ["null", null], ["a string", "CKPT-BACKUP-7D"], ["a number", 7]])(
    "a file holding %s, not an object, is refused with the shape it needs", (_, raw) => {
      expect(() => validateSuppressions(raw, "s.json")).toThrow(ReviewInputError);
      expect(() => validateSuppressions(raw, "s.json")).toThrow('s.json must be a JSON object: { "<stack>": [{ "rule"');
    });

  test("a \"$comment\" key is skipped, whatever it holds, and is no stack of the result", () => {
    const result = validateSuppressions({ $comment: "why these", "checkpoints-db": [entry("CKPT-BACKUP-7D", REASON)] }, "s.json");
    expect(result).toEqual({ "checkpoints-db": [entry("CKPT-BACKUP-7D", REASON)] });
    expect(Object.keys(result)).toEqual(["checkpoints-db"]);
  });

  test("a key that only contains \"$\" further on is a stack, checked like any other", () => {
    expect(() => validateSuppressions({ "stack$": "not a list" }, "s.json")).toThrow('stack "stack$": expected a list');
  });

  test("a stack whose value is not a list is refused, naming the stack", () => {
    expect(() => validateSuppressions({ "checkpoints-db": { rule: "CKPT-BACKUP-7D", reason: REASON } }, "s.json"))
      .toThrow('invalid suppressions in s.json:\n  - stack "checkpoints-db": expected a list of { "rule", "reason" }');
  });

  test("a rule id that is not a string, or not a rule of the gate, is refused with the known ids", () => {
    for (const rule of [undefined, 7, "CKV_AWS_999"]) {
      expect(() => validateSuppressions({ s: [entry(rule, REASON)] }, "s.json"))
        .toThrow(new RegExp(`stack "s" entry 0: unknown rule id ${rule === undefined ? "undefined" : JSON.stringify(rule)}; known: .*CKPT-BACKUP-7D`));
    }
    expect(() => validateSuppressions({ s: [entry("nope", REASON)] }, "s.json")).toThrow(/known: CKPT-DATABASE-PRESENT, CKPT-EVERYTHING-INSPECTED, /);
  });

  test("an entry that is null names both problems rather than crashing", () => {
    expect(() => validateSuppressions({ s: [null] }, "s.json")).toThrow(/entry 0: unknown rule id undefined[\s\S]*entry 0: a suppression needs a written reason/);
  });

  test("a reason needs ten characters besides surrounding white space: nine are refused, ten pass", () => {
    expect(() => validateSuppressions({ s: [entry("CKPT-BACKUP-7D", "  123456789  ")] }, "s.json"))
      .toThrow('stack "s" entry 0: a suppression needs a written reason (at least a sentence)');
    expect(validateSuppressions({ s: [entry("CKPT-BACKUP-7D", "1234567890")] }, "s.json")).toEqual({ s: [entry("CKPT-BACKUP-7D", "1234567890")] });
    expect(() => validateSuppressions({ s: [entry("CKPT-BACKUP-7D", 1234567890)] }, "s.json")).toThrow("needs a written reason");
  });

  test("every problem is listed, each entry by its index, not only the first", () => {
    const raw = { a: [entry("CKPT-BACKUP-7D", REASON), entry("nope", REASON)], b: "x", c: [entry("CKPT-BACKUP-7D", "short")] };
    expect(() => validateSuppressions(raw, "s.json")).toThrow(new RegExp(
      'invalid suppressions in s\\.json:\\n  - stack "a" entry 1: unknown rule id "nope"; known: [^\\n]*\\n  - stack "b": expected a list[^\\n]*\\n' +
      '  - stack "c" entry 0: a suppression needs a written reason \\(at least a sentence\\)$'));
  });
});

describe("loadSuppressions", () => {
  const write = (name: string, text: string) => {
    const file = path.join(work, name);
    fs.writeFileSync(file, text);
    return file;
  };

  test("a missing file is no suppressions when optional, an error naming it when required", () => {
    const missing = path.join(work, "absent.json");
    expect(loadSuppressions(missing, false)).toEqual({});
    expect(() => loadSuppressions(missing, true)).toThrow(new ReviewInputError(`suppressions file ${missing} does not exist`));
  });

  test("a file is read, validated and returned without its $ keys", () => {
    const file = write("ok.json", JSON.stringify({ $comment: "c", s: [entry("CKPT-BACKUP-7D", REASON)] }));
    expect(loadSuppressions(file, true)).toEqual({ s: [entry("CKPT-BACKUP-7D", REASON)] });
  });

  test("a file whose content is invalid is refused by the same validation", () => {
    const file = write("bad.json", JSON.stringify({ s: [entry("CKPT-BACKUP-7D", "")] }));
    expect(() => loadSuppressions(file, false)).toThrow(`invalid suppressions in ${file}:`);
  });

  test("text that is not JSON: where it fails, never what it holds", () => {
    const file = write("secret.json", "password=hunter2");
    let error: unknown;
    try { loadSuppressions(file, false); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(ReviewInputError);
    expect((error as Error).message).toMatch(/^suppressions file is not valid JSON: .*secret\.json:1:1/);
    expect((error as Error).message).not.toContain("hunter2");
  });

  test("a path that cannot be read (a directory) says so with the system's code", () => {
    const dir = path.join(work, "a-directory.json");
    fs.mkdirSync(dir);
    expect(() => loadSuppressions(dir, true)).toThrow(new ReviewInputError(`cannot read suppressions file ${dir}: EISDIR`));
  });
});

describe("checkSuppressedStacks", () => {
  test("a suppression for a stack nobody reviews is refused, listing the known stacks sorted", () => {
    const suppressions = { "checkpoints-db-stagin": [{ rule: "CKPT-BACKUP-7D", reason: REASON }], "checkpoints-db": [] };
    expect(() => checkSuppressedStacks(suppressions, new Set(["z-stack", "checkpoints-db"]), "s.json")).toThrow(new ReviewInputError(
      'invalid suppressions in s.json:\n  - stack "checkpoints-db-stagin" is neither reviewed nor one of the app\'s stacks ' +
      "(checkpoints-db, z-stack); fix the name or remove the entry"));
  });

  test("each unknown stack is listed on its own line", () => {
    const suppressions = { a: [], b: [] };
    expect(() => checkSuppressedStacks(suppressions, new Set(["c"]), "s.json")).toThrow(new ReviewInputError(
      'invalid suppressions in s.json:\n  - stack "a" is neither reviewed nor one of the app\'s stacks (c); fix the name or remove the entry' +
      '\n  - stack "b" is neither reviewed nor one of the app\'s stacks (c); fix the name or remove the entry'));
  });

  test("suppressions only for known stacks pass", () => {
    expect(() => checkSuppressedStacks({ "checkpoints-db": [] }, new Set(["checkpoints-db"]), "s.json")).not.toThrow();
    expect(() => checkSuppressedStacks({}, new Set(), "s.json")).not.toThrow();
  });
});
