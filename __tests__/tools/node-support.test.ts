import * as fs from "node:fs";
import * as path from "node:path";

const projectRoot = path.resolve(__dirname, "..", "..");
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8"));

/** The Node majors of an engines range written as "^20 || ^22 || ^24" (the form package.json uses). */
function majorsOf(range: string): number[] {
  return range.split("||").map((part) => {
    const match = /^\s*\^(\d+)(\.\d+)*\s*$/.exec(part);
    if (!match) throw new Error(`engines.node part "${part}" is not of the form ^MAJOR`);
    return Number(match[1]);
  });
}

/** Whether a dependency's engines.node admits a Node major; only ">=X[.Y.Z]" is read, anything else throws. */
function admits(range: string, major: number): boolean {
  const match = /^\s*>=\s*(\d+)(\.\d+){0,2}\s*$/.exec(range);
  if (!match) throw new Error(`cannot evaluate engines.node "${range}"`);
  return Number(match[1]) <= major;
}

// While engines names a Node line, the AWS SDK releases pinned must support it: SDK releases from the
// first week of January 2027 need Node 22, so an update past then must drop Node 20 here first.
describe("the Node lines in engines", () => {
  const majors = majorsOf(readJson(path.join(projectRoot, "package.json")).engines.node);

  test("are supported by every installed AWS SDK and Smithy package", () => {
    const unsupported: string[] = [];
    for (const scope of ["@aws-sdk", "@smithy"]) {
      const dir = path.join(projectRoot, "node_modules", scope);
      for (const name of fs.readdirSync(dir)) {
        const manifest = readJson(path.join(dir, name, "package.json"));
        const range: string | undefined = manifest.engines?.node;
        if (range === undefined) continue;
        for (const major of majors) {
          if (!admits(range, major)) unsupported.push(`${manifest.name}@${manifest.version} (${range}) on Node ${major}`);
        }
      }
    }
    expect(unsupported).toEqual([]);
  });
});
