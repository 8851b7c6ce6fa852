import { captureIo } from "../support/capture-io";
import { main } from "../../probe/cli";

// Under --json, every exit has one record on stdout, a usage error included: a pipeline reading the record
// must not get an empty stdout for exit 2 (the last closing note's leftover).
describe("a usage error under --json", () => {
  test.each([
    ["an unknown option", ["postgresql://u@127.0.0.1:5432/d", "--json", "--bogus"], "--bogus"],
    ["a bad port", ["postgresql://u@127.0.0.1:abc/d", "--json"], "port"],
  ])("%s: exit 2, the record says usage, stderr says what to fix", async (_name, argv, field) => {
    const io = captureIo();
    expect(await main(argv, {}, io)).toBe(2);
    const record = JSON.parse(io.out());
    expect(record).toMatchObject({ schema: "checkpoints-probe/evidence@1", outcome: "failed", exitCode: 2, errorClass: "usage" });
    expect(record.error).toContain(field);
    expect(io.err()).toContain(field);
    expect(io.err()).toContain("--help");
  });

  test("without --json stdout stays empty", async () => {
    const io = captureIo();
    expect(await main(["postgresql://u@127.0.0.1:5432/d", "--bogus"], {}, io)).toBe(2);
    expect(io.out()).toBe("");
  });

  test("the record never holds the password given in the URL or PGPASSWORD", async () => {
    const io = captureIo();
    expect(await main(["postgresql://u:s3cretpassw0rd@127.0.0.1:5432/d?sslmode=bogus", "--json"], { PGPASSWORD: "envpassw0rd9" }, io)).toBe(2);
    expect(JSON.parse(io.out())).toMatchObject({ errorClass: "usage" });
    expect(io.out() + io.err()).not.toMatch(/s3cretpassw0rd|envpassw0rd9/);
  });
});
