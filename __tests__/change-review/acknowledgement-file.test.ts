// The acknowledgements file read and checked (change-review/acknowledgements.ts), called directly: every
// malformed entry is refused with the field and the fix, so no acknowledgement covers more than it says
// (issue 27, Stryker's survivors).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadAcknowledgements, validateAcknowledgements } from "../../change-review/acknowledgements";
import { ChangeReviewInputError } from "../../change-review/input-error";

const REASON = "Rebuilding the instance under the new master user.";
const valid = { stack: "checkpoints-db", address: "aws_db_instance.checkpoints", change: "replace", reason: REASON };
const SHAPE = 'acks.json must be { "acknowledgements": [{ "stack": "<stack>|*", "address": "<address>", "change": "replace|delete|effect-unknown", "reason": "<why>" }] }';
const STACK_REQUIRED = 'entry 0: "stack" is required: the stack it covers (e.g. "checkpoints-db-staging"), or "*" for every stack, production included';
const ADDRESS = 'entry 0: "address" must name the resource, e.g. aws_db_instance.checkpoints';
const CHANGE = 'entry 0: "change" must be one of replace, delete, effect-unknown';
const REASON_RULE = 'entry 0: an acknowledgement needs a written "reason", at least 10 characters: why this change is safe';

/** The problems validateAcknowledgements names for these entries, or [] when it accepts them. */
function problems(entries: unknown[]): string[] {
  try {
    validateAcknowledgements({ acknowledgements: entries }, "acks.json");
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ChangeReviewInputError);
    const [head, ...lines] = (error as Error).message.split("\n  - ");
    expect(head).toBe("invalid acknowledgements in acks.json:");
    return lines;
  }
}

describe("validateAcknowledgements", () => {
  test("a valid list is returned as written", () => {
    const entries = [valid, { ...valid, stack: "*", change: "delete" }, { ...valid, change: "effect-unknown" }];
    expect(validateAcknowledgements({ acknowledgements: entries }, "acks.json")).toEqual(entries);
    expect(validateAcknowledgements({ acknowledgements: [] }, "acks.json")).toEqual([]);
  });

  test.each([[undefined], [null], [[]], ["text"], [{}], [{ acknowledgements: {} }], [{ acknowledgements: "[]" }]])("%p is not an acknowledgements file: the shape is shown", (raw) => {
    expect(() => validateAcknowledgements(raw, "acks.json")).toThrow(new ChangeReviewInputError(SHAPE));
  });

  test.each([[undefined], [""], ["   "]])("stack %p: required, never read as every stack", (stack) => {
    expect(problems([{ ...valid, stack }])).toEqual([STACK_REQUIRED]);
  });

  test.each([[5], [null], [["checkpoints-db"]]])("stack %p: must be a stack name", (stack) => {
    expect(problems([{ ...valid, stack }])).toEqual(['entry 0: "stack" must be a stack name']);
  });

  test.each([[undefined], [""], [5]])("address %p: must name the resource", (address) => {
    expect(problems([{ ...valid, address }])).toEqual([ADDRESS]);
  });

  test.each([["rename"], [undefined], ["Replace"]])("change %p: must be one of the three", (change) => {
    expect(problems([{ ...valid, change }])).toEqual([CHANGE]);
  });

  test.each([["123456789"], ["  123456789  "], [undefined], [1234567890]])("reason %p: at least 10 characters written", (reason) => {
    expect(problems([{ ...valid, reason }])).toEqual([REASON_RULE]);
  });

  test("a reason of exactly 10 characters is enough", () => {
    expect(problems([{ ...valid, reason: "1234567890" }])).toEqual([]);
  });

  test("an entry that is not an object: every required field is named", () => {
    expect(problems(["aws_db_instance.checkpoints"])).toEqual([STACK_REQUIRED, ADDRESS, CHANGE, REASON_RULE]);
    expect(problems([null])).toEqual([STACK_REQUIRED, ADDRESS, CHANGE, REASON_RULE]);
  });

  test("every entry's problems, each with its index", () => {
    expect(problems([valid, { ...valid, address: "" }, { ...valid, change: "x" }])).toEqual([
      'entry 1: "address" must name the resource, e.g. aws_db_instance.checkpoints',
      'entry 2: "change" must be one of replace, delete, effect-unknown',
    ]);
  });
});

describe("loadAcknowledgements", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-ack-file-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string | Buffer) => { const f = path.join(dir, name); fs.writeFileSync(f, content); return f; };

  test("a missing file is no acknowledgement, unless it was named", () => {
    const missing = path.join(dir, "missing.json");
    expect(loadAcknowledgements(missing, false)).toEqual([]);
    expect(() => loadAcknowledgements(missing, true)).toThrow(new ChangeReviewInputError(`acknowledgements file ${missing} does not exist`));
  });

  test("a valid file is read and checked", () => {
    expect(loadAcknowledgements(file("ok.json", JSON.stringify({ acknowledgements: [valid] })), true)).toEqual([valid]);
    const bad = file("bad-entry.json", JSON.stringify({ acknowledgements: [{ ...valid, reason: "short" }] }));
    expect(() => loadAcknowledgements(bad, true)).toThrow(`invalid acknowledgements in ${bad}:\n  - ${REASON_RULE}`);
  });

  test("not JSON: said, with the file", () => {
    const broken = file("broken.json", "{ acknowledgements: [] ");
    expect(() => loadAcknowledgements(broken, true)).toThrow(new ChangeReviewInputError(`${broken} is not valid JSON`));
  });

  test("UTF-16 without a byte-order mark: the encoding and the fix are named", () => {
    const utf16 = file("utf16.json", Buffer.from(JSON.stringify({ acknowledgements: [] }), "utf16le"));
    expect(() => loadAcknowledgements(utf16, true)).toThrow(new ChangeReviewInputError(`${utf16} is UTF-16 or UTF-32 without a byte-order mark, not UTF-8: save it as UTF-8`));
  });
});
