import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../probe/cli";
import { findPassword, lookupPassfile } from "../../probe/passfile";
import { captureIo } from "../support/capture-io";

// Rules from https://www.postgresql.org/docs/15/libpq-pgpass.html and fe-connect.c's pwdfMatchesString (REL_15_STABLE).
const key = { host: "db.example", port: "5432", database: "checkpoints", user: "app" };

describe("passfile lines, matched as libpq matches them", () => {
  test.each([
    ["db.example:5432:checkpoints:app:pw", "pw"],
    ["*:*:*:*:pw", "pw"],
    ["db.example:*:checkpoints:*:pw", "pw"],
    ["db.example:5432:checkpoints:app:p\\:w\\\\x", "p:w\\x"],
    ["db.example:5432:checkpoints:app:pw:ignored", "pw"],
    ["db.example:5432:checkpoints:app:pw\r", "pw"],
  ])("%s gives %s", (line, password) => {
    expect(findPassword(`${line}\n`, key)?.password).toBe(password);
  });

  test.each([
    ["10.0.0.5:5432:checkpoints:app:pw", "the host is matched as given, never on its address"],
    ["db.example:5433:checkpoints:app:pw", "another port"],
    ["db.example:5432:other:app:pw", "another database"],
    ["db.example:5432:checkpoints:admin:pw", "another user"],
    ["#db.example:5432:checkpoints:app:pw", "a comment"],
    ["db.exampl*:5432:checkpoints:app:pw", "'*' is a wildcard only as a whole field"],
    ["db.example:5432:checkpoints:app", "no password field"],
  ])("%s does not match (%s)", (line) => {
    expect(findPassword(`${line}\n`, key)).toBeNull();
  });

  test("escaped ':' and '\\' in the other fields, and the first matching line wins", () => {
    expect(findPassword("a\\:b:5432:checkpoints:app:one\n", { ...key, host: "a:b" })?.password).toBe("one");
    expect(findPassword("*:*:*:*:first\n*:*:*:*:second\n", key)).toEqual({ password: "first", line: 1 });
  });

  test("'localhost' matches a connection with no host, as libpq's default socket does", () => {
    expect(findPassword("localhost:5432:checkpoints:app:pw\n", { ...key, host: "" })?.password).toBe("pw");
    expect(findPassword("localhost:5432:checkpoints:app:pw\n", { ...key, host: "/var/run/postgresql" })?.password).toBe("pw");
  });
});

describe("the passfile on disk", () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "probe-pgpass-")); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("a file group or others may read is ignored with libpq's warning", () => {
    const file = path.join(dir, "pgpass");
    fs.writeFileSync(file, "*:*:*:*:pw\n", { mode: 0o640 });
    fs.chmodSync(file, 0o640);
    expect(lookupPassfile(file, key)).toEqual({ found: false,
      reason: `${file} was ignored: group or others may read it (chmod 0600 ${file})`,
      warning: `WARNING: password file "${file}" has group or world access; permissions should be u=rw (0600) or less` });
    fs.chmodSync(file, 0o600);
    expect(lookupPassfile(file, key)).toEqual({ found: true, password: "pw", line: 1 });
  });

  test("a missing file is silently no password; a directory is not a plain file", () => {
    expect(lookupPassfile(path.join(dir, "none"), key)).toEqual({ found: false, reason: `${path.join(dir, "none")} does not exist` });
    expect(lookupPassfile(dir, key)).toMatchObject({ warning: `WARNING: password file "${dir}" is not a plain file` });
  });

  test("--dry-run names the source, PGPASSFILE and passfile= choose the file, and the password is never printed", async () => {
    const file = path.join(dir, "pgpass");
    fs.writeFileSync(file, "db.example:5432:checkpoints:app:from-the-file\n", { mode: 0o600 });
    const run = async (argv: string[], env: Record<string, string>) => {
      const io = captureIo();
      const code = await main(["--dry-run", "--json", ...argv], { HOME: dir, ...env }, io);
      return { code, out: io.out(), err: io.err() };
    };
    const viaEnv = await run(["postgresql://app@db.example/checkpoints"], { PGPASSFILE: file });
    expect(viaEnv.code).toBe(0);
    expect(JSON.parse(viaEnv.out).passwordSource).toBe("passfile");
    const viaUrl = await run([`postgresql://app@db.example/checkpoints?passfile=${encodeURIComponent(file)}`], {});
    expect(JSON.parse(viaUrl.out).passwordSource).toBe("passfile");
    const pgpassword = await run(["postgresql://app@db.example/checkpoints"], { PGPASSFILE: file, PGPASSWORD: "x" });
    expect(JSON.parse(pgpassword.out).passwordSource).toBe("PGPASSWORD");
    const url = await run(["postgresql://app:y@db.example/checkpoints"], { PGPASSFILE: file, PGPASSWORD: "x" });
    expect(JSON.parse(url.out).passwordSource).toBe("url");
    // The default file is $HOME/.pgpass of the environment given, not of the process running the tests.
    fs.copyFileSync(file, path.join(dir, ".pgpass"));
    const viaHome = await run(["postgresql://app@db.example/checkpoints"], {});
    expect(JSON.parse(viaHome.out).passwordSource).toBe("passfile");
    const none = await run(["postgresql://app@other.example/checkpoints"], { PGPASSFILE: file });
    expect(JSON.parse(none.out).passwordSource).toBe("none");
    const secret = await run(["postgresql://app@db.example/checkpoints", "--secret-id", "s"], { PGPASSFILE: file });
    expect(JSON.parse(secret.out)).toMatchObject({ passwordSource: "secret", notes: [expect.stringContaining("was not read (dry run)")] });
    for (const r of [viaEnv, viaUrl, viaHome, pgpassword, url, none, secret]) expect(r.out + r.err).not.toContain("from-the-file");
  });
});

// Found by mutation testing (issue 27): each case let a Stryker mutant of passfile.ts survive. libpq 15's
// pwdfMatchesString and passwordFromFile (src/interfaces/libpq/fe-connect.c, REL_15_STABLE) decide each.
describe("passfile edges", () => {
  test("a field must end exactly where the name ends: no prefix, no longer field", () => {
    expect(findPassword("db:5432:checkpoints:app:pw\n", { ...key, host: "dbx" })).toBeNull();
    expect(findPassword("dbx:5432:checkpoints:app:pw\n", { ...key, host: "db" })).toBeNull();
    expect(findPassword("dbx5432:checkpoints:app:pw\n", { ...key, host: "db" })).toBeNull();
  });
  test("an escaped ':' inside a field is not its end (the field here is \"db:5432\")", () => {
    const text = "db\\:5432:checkpoints:app:wrong\ndb:5432:checkpoints:app:right\n";
    expect(findPassword(text, { ...key, host: "db", port: "5432", database: "checkpoints" })).toEqual({ password: "right", line: 2 });
  });
  test("a backslash ending the password is kept (\"if (*p1 == '\\\\' && p1[1] != '\\0')\")", () => {
    expect(findPassword("*:*:*:*:pw\\\n", key)?.password).toBe("pw\\");
  });
  test("only trailing carriage returns and newlines are stripped (pg_strip_crlf)", () => {
    expect(findPassword("*:*:*:*:p\rw\r\r\n", key)?.password).toBe("p\rw");
  });

  describe("lookupPassfile", () => {
    let dir: string;
    beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "probe-passfile-")); });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    test("a folder is not a plain file: libpq's warning, no password", () => {
      expect(lookupPassfile(dir, key)).toEqual({ found: false, reason: `${dir} is not a plain file`,
        warning: `WARNING: password file "${dir}" is not a plain file` });
    });
    test("a file without a matching line says which key it looked for", () => {
      const file = path.join(dir, "pgpass");
      fs.writeFileSync(file, "other:5432:checkpoints:app:pw\n", { mode: 0o600 });
      expect(lookupPassfile(file, { ...key, host: "" })).toEqual({ found: false,
        reason: `${file} has no line for localhost:5432:checkpoints:app` });
    });
  });
});
