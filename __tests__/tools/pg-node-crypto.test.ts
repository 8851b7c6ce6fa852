import * as path from "node:path";

// The bundle's node:crypto stand-in for pg's WebCrypto SCRAM functions must give the same bytes as pg's
// own module, and the RFC 7677 SCRAM-SHA-256 exchange must come out as the RFC prints it.
type PgCrypto = {
  postgresMd5PasswordHash(user: string, password: string, salt: Buffer): Promise<string>;
  randomBytes(length: number): Buffer;
  deriveKey(password: string, salt: Uint8Array, iterations: number): Promise<ArrayBuffer | Buffer>;
  sha256(data: ArrayBuffer | Buffer): Promise<ArrayBuffer | Buffer>;
  hashByName(name: string, data: ArrayBuffer | Buffer): Promise<ArrayBuffer | Buffer>;
  hmacSha256(key: ArrayBuffer | Buffer, msg: string): Promise<ArrayBuffer | Buffer>;
  md5(text: string | Buffer): Promise<string>;
};
const nodeOnly = require("../../tools/pg-node-crypto.cjs") as PgCrypto;
const pgOwn = require(path.join(path.dirname(require.resolve("pg/package.json")), "lib", "crypto", "utils.js")) as PgCrypto;

const hex = (bytes: ArrayBuffer | Buffer) => Buffer.from(bytes as ArrayBuffer).toString("hex");

describe("tools/pg-node-crypto.cjs against pg's own lib/crypto/utils.js", () => {
  const salt = Buffer.from("W22ZaJ0SNY7soEsUEjb6gQ==", "base64");
  test.each(["pencil", "pässwörd ☃", "", "x".repeat(200)])("deriveKey(%j) gives the same 32 bytes", async (password) => {
    expect(hex(await nodeOnly.deriveKey(password, salt, 4096))).toBe(hex(await pgOwn.deriveKey(password, salt, 4096)));
  });

  test("hmacSha256, sha256 and hashByName give the same bytes; hashByName refuses what WebCrypto refuses", async () => {
    const key = await pgOwn.deriveKey("pencil", salt, 16);
    for (const msg of ["Client Key", "n=,r=abc,s=ü"]) {
      expect(hex(await nodeOnly.hmacSha256(Buffer.from(key as ArrayBuffer), msg))).toBe(hex(await pgOwn.hmacSha256(key, msg)));
    }
    expect(hex(await nodeOnly.sha256(Buffer.from("abc")))).toBe(hex(await pgOwn.sha256(Buffer.from("abc"))));
    for (const name of ["SHA-1", "SHA-256", "SHA-384", "SHA-512"]) {
      expect(hex(await nodeOnly.hashByName(name, Buffer.from("cert")))).toBe(hex(await pgOwn.hashByName(name, Buffer.from("cert"))));
    }
    await expect(pgOwn.hashByName("MD5", Buffer.from("cert"))).rejects.toThrow();
    await expect(nodeOnly.hashByName("MD5", Buffer.from("cert"))).rejects.toThrow(/MD5/);
  });

  test("md5 password hashing and random bytes are the same functions", async () => {
    const md5Salt = Buffer.from([1, 2, 3, 4]);
    expect(await nodeOnly.postgresMd5PasswordHash("u", "p", md5Salt)).toBe(await pgOwn.postgresMd5PasswordHash("u", "p", md5Salt));
    expect(await nodeOnly.md5("x")).toBe(await pgOwn.md5("x"));
    const random = nodeOnly.randomBytes(18);
    expect(Buffer.isBuffer(random) && random.length).toBe(18);
  });

  // RFC 7677 section 3: user "user", password "pencil".
  test("the RFC 7677 SCRAM-SHA-256 example: client proof and server signature", async () => {
    const authMessage = "n=user,r=rOprNGfwEbeRWgbNEkqO," +
      "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096," +
      "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    const salted = await nodeOnly.deriveKey("pencil", salt, 4096);
    const clientKey = Buffer.from(await nodeOnly.hmacSha256(salted, "Client Key") as Buffer);
    const signature = Buffer.from(await nodeOnly.hmacSha256(await nodeOnly.sha256(clientKey), authMessage) as Buffer);
    const proof = Buffer.from(clientKey.map((byte, i) => byte ^ signature[i])).toString("base64");
    expect(proof).toBe("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
    const serverKey = await nodeOnly.hmacSha256(salted, "Server Key");
    expect(Buffer.from(await nodeOnly.hmacSha256(serverKey, authMessage) as Buffer).toString("base64"))
      .toBe("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
  });
});
