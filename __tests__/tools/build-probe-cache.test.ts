import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildProbe, cacheFile, inputsKey } from "../../tools/build-probe.cjs";

interface CacheEntry { key: string; inputs: string[]; bundle: string }

// The probe bundle is built by the live tests' setup and by every rehearsal: the last one is kept in a
// per-user cache and served again while none of the files that went into it changed.
describe("build:probe's cache", () => {
  const savedCacheHome = process.env.XDG_CACHE_HOME;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-build-cache-"));
  beforeAll(() => { process.env.XDG_CACHE_HOME = path.join(dir, "cache"); });
  afterAll(() => {
    if (savedCacheHome === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = savedCacheHome;
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const read = (file: string) => fs.readFileSync(file, "utf8");
  const entry = (): CacheEntry => JSON.parse(read(cacheFile()));

  test("keeps the bundle it built, with every file that went into it, privately", async () => {
    const built = await buildProbe(path.join(dir, "first.cjs"));
    expect(entry().bundle).toBe(read(built));
    expect(entry().inputs).toEqual(expect.arrayContaining([
      path.resolve(__dirname, "..", "..", "probe", "cli.ts"),
      expect.stringMatching(/node_modules\/pg\/lib\/client\.js$/),
      expect.stringMatching(/node_modules\/@aws-sdk\/client-secrets-manager\//),
    ]));
    expect(fs.statSync(cacheFile()).mode & 0o777).toBe(0o600);
  });

  test("swaps pg's WebCrypto SCRAM functions and its runtime-sniffing stream module for the Node-only ones, " +
    "whichever path pg asks by", () => {
    const { inputs } = entry();
    expect(inputs).toEqual(expect.arrayContaining([
      path.resolve(__dirname, "..", "..", "tools", "pg-node-crypto.cjs"),
      path.resolve(__dirname, "..", "..", "tools", "pg-node-stream.cjs"),
    ]));
    expect(inputs.filter((input) => /node_modules\/pg\/lib\/(crypto\/utils|stream)\.js$/.test(input))).toEqual([]);
  });

  test("serves the cached bundle while the inputs are unchanged, and rebuilds when one changes", async () => {
    const real = entry();
    const extra = path.join(dir, "input.ts");
    fs.writeFileSync(extra, "export const x = 1;\n");
    const inputs = [...real.inputs, extra];
    fs.writeFileSync(cacheFile(), JSON.stringify({ key: inputsKey(inputs), inputs, bundle: "// from the cache\n" }));
    expect(read(await buildProbe(path.join(dir, "second.cjs")))).toBe("// from the cache\n");

    fs.writeFileSync(extra, "export const x = 2;\n");
    expect(read(await buildProbe(path.join(dir, "third.cjs")))).toBe(real.bundle);
  });
});
