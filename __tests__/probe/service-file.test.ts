import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseServiceFile, serviceSettings, withService } from "../../probe/service-file";

// Edges of pg_service.conf as libpq 15 reads it: parseServiceFile and parseServiceInfo in
// src/interfaces/libpq/fe-connect.c (postgres/postgres REL_15_STABLE). Each test names the lines that decide.
const file = "/etc/svc.conf";

describe("parseServiceFile's lines (fe-connect.c, REL_15_STABLE)", () => {
  // "while (len > 0 && isspace(line[len - 1]))" and "while (*line && isspace(line[0]))": C's isspace is
  // space, \t, \n, \v, \f and \r, at both ends of every line.
  test.each([["\t"], ["\r"], ["\v"], ["\f"]])("%j around a line is white space, trimmed at both ends", (space) => {
    expect(parseServiceFile(`[a]${space}\n${space}host=h${space}\n`, file, "a"))
      .toEqual({ found: true, settings: { host: "h" } });
  });

  test("a file written with CRLF line ends", () => {
    expect(parseServiceFile("[a]\r\nhost=h\r\nport=5999\r\n", file, "a").settings).toEqual({ host: "h", port: "5999" });
  });

  // fgets returns the last line even without a newline.
  test("the last line counts when the file does not end with a newline", () => {
    expect(parseServiceFile("[a]\nhost=h\nport=5999", file, "a").settings).toEqual({ host: "h", port: "5999" });
  });

  // "if (line[0] == '\0' || line[0] == '#') continue;" comes before the group and keyword tests, so it
  // holds inside the wanted group too (a comment there is no syntax error).
  test("empty lines, blank lines and comments inside the wanted group are skipped", () => {
    expect(parseServiceFile("[a]\nhost=h\n\n   \n# port=1\n  #x\nport=5999\n", file, "a").settings)
      .toEqual({ host: "h", port: "5999" });
  });

  // "val = strchr(line, '='); if (val == NULL) ... syntax error": a line without "=" is refused even
  // when it starts with a keyword's name.
  test("a line without '=' is a syntax error even when it starts with a keyword", () => {
    expect(() => parseServiceFile("[a]\nhostx\n", file, "a")).toThrow(`syntax error in service file "${file}", line 2`);
  });
});

describe("parseServiceInfo: where the service is looked for", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "probe-service-file-"));
  const home = path.join(dir, "home");
  fs.mkdirSync(home);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  // parseServiceInfo: "if (group_found) goto last_file" is asked of PGSYSCONFDIR/pg_service.conf too; a
  // service in neither file ends in "definition of service \"%s\" not found".
  test("a system file that exists but does not define the service is no definition", () => {
    const sysconfdir = path.join(dir, "etc");
    fs.mkdirSync(sysconfdir);
    fs.writeFileSync(path.join(sysconfdir, "pg_service.conf"), "[other]\nhost=h\n");
    expect(() => serviceSettings("wanted", { PGSYSCONFDIR: sysconfdir }, home))
      .toThrow('definition of service "wanted" not found');
  });
});

describe("withService (conninfo_add_defaults: explicit settings, then the service, then PG* variables)", () => {
  test("no service named: no service is reported", () => {
    const result = withService({ host: "h" }, { port: "1" }, {}, os.tmpdir());
    expect(result.service).toBeUndefined();
    expect(result).toStrictEqual({ settings: { host: "h", port: "1" }, fromService: {} });
  });

  // LibpqSettings allows a keyword present with no value: that keyword is unset, so a PG* variable fills it.
  test("an explicit keyword without a value leaves the PG* variable's value", () => {
    expect(withService({ host: undefined }, { host: "env-host" }, {}, os.tmpdir()).settings).toEqual({ host: "env-host" });
  });
});
