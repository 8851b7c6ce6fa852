// Edges of the URI parser found by mutation testing (issue 27). Expected behaviour from libpq 15's
// conninfo_uri_parse_options / conninfo_uri_parse_params / conninfo_uri_decode / conninfo_storeval
// (postgres/postgres REL_15_STABLE, src/interfaces/libpq/fe-connect.c); the messages were checked against
// psql 15.18 (`psql 'postgresql://127.0.0.1:1/?=a=b' -c ''` and the like: parse errors come before any connect).
import { parseLibpqUri, uriForMessages } from "../../probe/libpq-uri";

describe("conninfo_uri_decode: characters outside the Basic Multilingual Plane", () => {
  it("keeps a four-byte UTF-8 character (a surrogate pair in JavaScript) whole", () => {
    expect(parseLibpqUri("postgresql://h/db\u{1F600}x")).toEqual({ host: "h", dbname: "db\u{1F600}x" });
  });

  it("takes U+FFFF as one character, so a %XX right after it is still decoded", () => {
    expect(parseLibpqUri("postgresql://h/a\uffff%41")).toEqual({ host: "h", dbname: "a\uffffA" });
  });
});

describe("conninfo_uri_parse_options: user credentials", () => {
  it("looks for '@' only before the first '/': an '@' in the database name is no user", () => {
    // "while (*p && *p != '@' && *p != '/') ++p;"
    expect(parseLibpqUri("postgresql://host/d@b")).toEqual({ host: "host", dbname: "d@b" });
  });

  it("takes user and password before '@'", () => {
    expect(parseLibpqUri("postgresql://alice:s3cret@host/db")).toEqual({
      user: "alice", password: "s3cret", host: "host", dbname: "db",
    });
  });

  it("stores no password when it is empty (user:@host)", () => {
    // "if (*password && !conninfo_storeval(options, \"password\", ...))"
    expect(parseLibpqUri("postgresql://alice:@host")).toEqual({ user: "alice", host: "host" });
  });
});

describe("conninfo_uri_parse_params", () => {
  it("refuses an empty keyword as an unknown parameter, not a missing '='", () => {
    expect(() => parseLibpqUri("postgresql://h/?=x")).toThrow('invalid URI query parameter: ""');
  });

  it("reports a second '=' even when the keyword is empty", () => {
    expect(() => parseLibpqUri("postgresql://h/?=a=b")).toThrow('extra key/value separator "=" in URI query parameter: ""');
  });

  it("names the badly encoded keyword", () => {
    expect(() => parseLibpqUri("postgresql://h/?%zz=1")).toThrow('invalid percent-encoded token: "%zz"');
  });

  it("never shows a badly encoded password value (libpq would)", () => {
    let message = "";
    try {
      parseLibpqUri("postgresql://h/?password=se%zzcret");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^invalid percent-encoded token: .*not shown/);
    expect(message).not.toContain("se%zzcret");
  });

  it("maps ssl=true to sslmode=require, and only ssl=true", () => {
    expect(parseLibpqUri("postgresql://h/?ssl=true")).toEqual({ host: "h", sslmode: "require" });
    // "ssl" is no libpq keyword: any other value is refused.
    expect(() => parseLibpqUri("postgresql://h/?ssl=false")).toThrow('invalid URI query parameter: "ssl"');
    expect(parseLibpqUri("postgresql://h/?application_name=true")).toEqual({ host: "h", application_name: "true" });
  });

  it("maps requiressl by its first character: '1' is require, anything else prefer", () => {
    // conninfo_storeval: "if (value[0] == '1') value = \"require\"; else value = \"prefer\";"
    expect(parseLibpqUri("postgresql://h/?requiressl=1").sslmode).toBe("require");
    expect(parseLibpqUri("postgresql://h/?requiressl=10").sslmode).toBe("require");
    expect(parseLibpqUri("postgresql://h/?requiressl=0").sslmode).toBe("prefer");
    expect(parseLibpqUri("postgresql://h/?requiressl=01").sslmode).toBe("prefer");
  });
});

describe("parseLibpqUri: not a URI", () => {
  it("says how to write one", () => {
    expect(() => parseLibpqUri("host=h")).toThrow(/write postgresql:\/\/USER@HOST:PORT\/DATABASE\?sslmode=verify-full/);
  });
});

describe("uriForMessages: the password in user:password@ is masked, nothing else", () => {
  it.each([
    ["postgresql://alice:s3cret@host/db", '"postgresql://alice:***@host/db"'],
    ["postgresql://:s3cret@host", '"postgresql://:***@host"'],
    // No '@' before the first '/': a colon is the port's.
    ["postgresql://host:5432/db", '"postgresql://host:5432/db"'],
    ["postgresql://host:5432", '"postgresql://host:5432"'],
    // A user without a password; a colon after the '@' is the port's.
    ["postgresql://alice@host/db", '"postgresql://alice@host/db"'],
    ["postgresql://alice@host:5432/db", '"postgresql://alice@host:5432/db"'],
    ["postgresql://host/d@b:c", '"postgresql://host/d@b:c"'],
  ])("%s", (uri, shown) => {
    expect(uriForMessages(uri)).toBe(shown);
  });
});
