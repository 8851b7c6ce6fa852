// Where the base's objects sit under the head's configuration (change-review/instance-moves.ts), called
// directly (issue 27, mutation testing). The expected moves are Terraform's, hashicorp/terraform v1.11.4:
// internal/refactoring/move_execute.go (an existing object takes priority: 157-161, 182-186; chains in
// dependency order: 40-45) and move_statement.go impliedMoveStatements (count added or removed).
import { applyMoves } from "../../change-review/instance-moves";
import { MovedBlock, PlannedResource } from "../../change-review/planned-configuration";

const object = (address: string, repetition?: PlannedResource["repetition"]): PlannedResource =>
  ({ address, type: address.split(".")[0], resource: address.replace(/\[.*$/, ""), attributes: { marker: address }, ...(repetition ? { repetition } : {}) });
const objects = (...addresses: string[]) => new Map(addresses.map((a) => [a, object(a)]));
const head = (...entries: [string, PlannedResource["repetition"]][]) => new Map(entries.map(([a, r]) => [a, object(a, r)]));
const move = (from: string, to: string): MovedBlock => ({ from, to });
/** address -> [previous address, where the object came from (its marker), implied] */
const where = (located: ReturnType<typeof applyMoves>) => Object.fromEntries([...located].map(([a, o]) =>
  [a, [o.previousAddress, o.attributes.marker, o.address === a && o.resource === a.replace(/\[.*$/, ""), o.impliedMove ?? false]]));

describe("written moved blocks", () => {
  test("a whole resource moves with every instance, each keeping its key", () => {
    expect(where(applyMoves(objects("aws_subnet.a[0]", "aws_subnet.a[1]", "aws_kms_key.k"), new Map(), [move("aws_subnet.a", "aws_subnet.b")]))).toEqual({
      "aws_subnet.b[0]": ["aws_subnet.a[0]", "aws_subnet.a[0]", true, false],
      "aws_subnet.b[1]": ["aws_subnet.a[1]", "aws_subnet.a[1]", true, false],
      "aws_kms_key.k": [undefined, "aws_kms_key.k", true, false],
    });
  });

  test("a whole-resource move is skipped when any object of the target resource exists", () => {
    expect(where(applyMoves(objects("aws_subnet.a", "aws_subnet.b[0]"), new Map(), [move("aws_subnet.a", "aws_subnet.b")]))).toEqual({
      "aws_subnet.a": [undefined, "aws_subnet.a", true, false],
      "aws_subnet.b[0]": [undefined, "aws_subnet.b[0]", true, false],
    });
  });

  test("a move from a resource with no object moves nothing", () => {
    expect([...applyMoves(objects("aws_kms_key.k"), new Map(), [move("aws_subnet.a", "aws_subnet.b")]).keys()]).toEqual(["aws_kms_key.k"]);
  });

  test("one instance moves to a new address; not onto an existing one; not when it does not exist", () => {
    expect(where(applyMoves(objects("aws_subnet.a[0]", "aws_subnet.a[1]"), new Map(), [move("aws_subnet.a[0]", "aws_subnet.first")]))).toEqual({
      "aws_subnet.a[1]": [undefined, "aws_subnet.a[1]", true, false],
      "aws_subnet.first": ["aws_subnet.a[0]", "aws_subnet.a[0]", true, false],
    });
    expect(where(applyMoves(objects("aws_subnet.a[0]", "aws_subnet.a[1]"), new Map(), [move("aws_subnet.a[0]", "aws_subnet.a[1]")]))).toEqual({
      "aws_subnet.a[0]": [undefined, "aws_subnet.a[0]", true, false],
      "aws_subnet.a[1]": [undefined, "aws_subnet.a[1]", true, false],
    });
    expect([...applyMoves(objects("aws_subnet.a[1]"), new Map(), [move("aws_subnet.a[0]", "aws_subnet.first")]).keys()]).toEqual(["aws_subnet.a[1]"]);
  });

  test.each([
    ["in order", [move("aws_kms_key.a", "aws_kms_key.b"), move("aws_kms_key.b", "aws_kms_key.c")]],
    ["written backwards", [move("aws_kms_key.b", "aws_kms_key.c"), move("aws_kms_key.a", "aws_kms_key.b")]],
  ])("a chain A -> B -> C carries A to C, its previous address A (%s)", (_, chain) => {
    expect(where(applyMoves(objects("aws_kms_key.a"), new Map(), chain))).toEqual({ "aws_kms_key.c": ["aws_kms_key.a", "aws_kms_key.a", true, false] });
  });

  // ApplyMoves runs each statement once, in g.ReverseTopologicalOrder() (move_execute.go:100-101): a[0] -> a[1]
  // first (a[1] -> a[2] depends on it: statementDependsOn, 247-252), skipped because a[1] exists (182-186); then
  // a[1] -> a[2]. a[0] keeps its object: no second pass moves it into the address a[1] freed.
  test.each([
    ["in order", [move("aws_subnet.a[0]", "aws_subnet.a[1]"), move("aws_subnet.a[1]", "aws_subnet.a[2]")]],
    ["written backwards", [move("aws_subnet.a[1]", "aws_subnet.a[2]"), move("aws_subnet.a[0]", "aws_subnet.a[1]")]],
  ])("a chain of instances whose middle address exists: the first link is skipped, the second moves (%s)", (_, chain) => {
    expect(where(applyMoves(objects("aws_subnet.a[0]", "aws_subnet.a[1]"), new Map(), chain))).toEqual({
      "aws_subnet.a[0]": [undefined, "aws_subnet.a[0]", true, false],
      "aws_subnet.a[2]": ["aws_subnet.a[1]", "aws_subnet.a[1]", true, false],
    });
  });

  // statementDependsOn's nesting cases (move_execute.go:257-270): a whole-resource move b -> c runs after an
  // instance move into b (a.From b nested-holds b.To b[0]...), so the instance moved in travels on with its resource.
  // A[0] -> A is nested in itself (A[0] within A), but Terraform never compares a statement with itself
  // (buildMoveStatementGraph: `if dependerI == dependeeI { continue }`): it runs before A -> C, which chains from it.
  test("count removed by a moved block, then the resource renamed: A[0] reaches C (written in either order)", () => {
    for (const moves of [[move("aws_subnet.a", "aws_subnet.c"), move("aws_subnet.a[0]", "aws_subnet.a")],
      [move("aws_subnet.a[0]", "aws_subnet.a"), move("aws_subnet.a", "aws_subnet.c")]]) {
      expect(where(applyMoves(objects("aws_subnet.a[0]"), new Map(), moves))).toEqual({
        "aws_subnet.c": ["aws_subnet.a[0]", "aws_subnet.a[0]", true, false],
      });
    }
  });

  test("an instance moved into a resource that is then moved as a whole travels with it", () => {
    const moves = [move("aws_subnet.b", "aws_subnet.c"), move("aws_subnet.a[0]", "aws_subnet.b[0]")];
    expect(where(applyMoves(objects("aws_subnet.a[0]"), new Map(), moves))).toEqual({
      "aws_subnet.c[0]": ["aws_subnet.a[0]", "aws_subnet.a[0]", true, false],
    });
  });

  test("a chain of three links, written backwards, carries A to D", () => {
    const chain = [move("aws_kms_key.c", "aws_kms_key.d"), move("aws_kms_key.b", "aws_kms_key.c"), move("aws_kms_key.a", "aws_kms_key.b")];
    expect(where(applyMoves(objects("aws_kms_key.a"), new Map(), chain))).toEqual({ "aws_kms_key.d": ["aws_kms_key.a", "aws_kms_key.a", true, false] });
  });

  // Terraform refuses a cycle ("Cyclic dependency in move statements"); the review must still end, with the object at one end.
  test("a cycle of moved blocks ends", () => {
    const located = applyMoves(objects("aws_kms_key.a"), new Map(), [move("aws_kms_key.a", "aws_kms_key.b"), move("aws_kms_key.b", "aws_kms_key.a")]);
    expect(located.size).toBe(1);
    expect(["aws_kms_key.a", "aws_kms_key.b"]).toContain([...located.keys()][0]);
  });

  test("the base's map is left as it was", () => {
    const base = objects("aws_kms_key.a");
    applyMoves(base, new Map(), [move("aws_kms_key.a", "aws_kms_key.b")]);
    expect([...base.keys()]).toEqual(["aws_kms_key.a"]);
    expect(base.get("aws_kms_key.a")).toEqual(object("aws_kms_key.a"));
  });
});

describe("implied moves of count", () => {
  test("count added: the no-key object moves to [0]", () => {
    expect(where(applyMoves(objects("aws_db_instance.db"), head(["aws_db_instance.db[0]", "count"]), []))).toEqual({
      "aws_db_instance.db[0]": ["aws_db_instance.db", "aws_db_instance.db", true, true] });
  });

  test("count removed: the [0] object moves to no key; [1] stays", () => {
    expect(where(applyMoves(objects("aws_db_instance.db[0]", "aws_db_instance.db[1]"), head(["aws_db_instance.db", "single"]), []))).toEqual({
      "aws_db_instance.db": ["aws_db_instance.db[0]", "aws_db_instance.db[0]", true, true],
      "aws_db_instance.db[1]": [undefined, "aws_db_instance.db[1]", true, false] });
  });

  test("count removed with no [0] object: [1] is not moved to no key", () => {
    expect([...applyMoves(objects("aws_db_instance.db[1]"), head(["aws_db_instance.db", "single"]), []).keys()]).toEqual(["aws_db_instance.db[1]"]);
  });

  test("none for for_each, none for a resource not in the head, none when count is unchanged", () => {
    expect([...applyMoves(objects("aws_subnet.a"), head(['aws_subnet.a["x"]', "for_each"]), []).keys()]).toEqual(["aws_subnet.a"]);
    expect([...applyMoves(objects("aws_subnet.a"), new Map(), []).keys()]).toEqual(["aws_subnet.a"]);
    expect([...applyMoves(objects("aws_subnet.a[0]"), head(["aws_subnet.a[0]", "count"]), []).keys()]).toEqual(["aws_subnet.a[0]"]);
    expect([...applyMoves(objects("aws_subnet.a"), head(["aws_subnet.a", "single"]), []).keys()]).toEqual(["aws_subnet.a"]);
  });

  test("none for a resource a moved block names, on either side", () => {
    const base = objects("aws_subnet.a", "aws_subnet.other");
    const located = applyMoves(base, head(["aws_subnet.a[0]", "count"], ["aws_subnet.other[0]", "count"]), [move("aws_subnet.gone", "aws_subnet.a")]);
    expect([...located.keys()].sort()).toEqual(["aws_subnet.a", "aws_subnet.other[0]"]);
    const located2 = applyMoves(base, head(["aws_subnet.a[0]", "count"]), [move("aws_subnet.a", "aws_subnet.b")]);
    expect([...located2.keys()].sort()).toEqual(["aws_subnet.b", "aws_subnet.other"]);
  });

  test("not onto an existing object", () => {
    expect(where(applyMoves(objects("aws_subnet.a", "aws_subnet.a[0]"), head(["aws_subnet.a[0]", "count"]), []))).toEqual({
      "aws_subnet.a": [undefined, "aws_subnet.a", true, false],
      "aws_subnet.a[0]": [undefined, "aws_subnet.a[0]", true, false] });
  });

  test("a written move to a counted resource: no implied move after it", () => {
    expect(where(applyMoves(objects("aws_subnet.old"), head(["aws_subnet.new[0]", "count"]), [move("aws_subnet.old", "aws_subnet.new")]))).toEqual({
      "aws_subnet.new": ["aws_subnet.old", "aws_subnet.old", true, false] });
  });
});
