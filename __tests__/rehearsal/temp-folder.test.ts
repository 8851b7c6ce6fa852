import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startLocalPostgres } from "../../rehearsal/local-postgres";
import { runProcess } from "../support/run-process";
import { projectRoot } from "../support/rehearsal-runs";

/**
 * The temp folder a rehearsal is given (TMPDIR) is checked before anything is made in it: a missing one is
 * named and never created, and as root one that PostgreSQL's user (nobody) cannot enter is named with the
 * fix, instead of initdb's "could not open file .../superuser-password for reading: Permission denied".
 */
const work = fs.mkdtempSync(path.join(os.tmpdir(), "temp-folder-"));
fs.chmodSync(work, 0o755); // open, as /tmp is: only the folders made private below are closed
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
let n = 0;

/** A rehearsal script, run as npm runs it, with the given TMPDIR. */
function rehearsal(script: string, args: string[], tmp: string) {
  return runProcess(process.execPath, [path.join(projectRoot, "tools", "run-ts.cjs"), path.join(projectRoot, "rehearsal", script), ...args],
    { cwd: projectRoot, env: { ...process.env, TMPDIR: tmp, npm_lifecycle_event: script === "rehearse.ts" ? "rehearse" : "rehearse:network" } });
}

test.concurrent("TMPDIR that does not exist: named, exit 1, and never created", async () => {
  const missing = path.join(work, `missing-${++n}`, "nonexistent");
  const run = await rehearsal("rehearse.ts", [], missing);
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 1, stderr: `rehearse: the temp folder ${missing} does not exist ` +
    `(TMPDIR=${missing}): point TMPDIR at an existing folder, or unset it to use /tmp\n` });
  expect(fs.existsSync(path.dirname(missing))).toBe(false);
});

const asRoot = process.getuid?.() === 0;
describe("as root, a private TMPDIR (mktemp -d, mode 0700): the server's user cannot enter it", () => {
  const privateTmp = () => {
    const dir = fs.mkdtempSync(path.join(work, "private-"));
    fs.chmodSync(dir, 0o700);
    return dir;
  };
  const expected = (program: string, dir: string) => `${program}: PostgreSQL, which refuses to run as root and runs as nobody ` +
    `(uid 65534), cannot enter ${dir} (mode 0700, owner uid 0), on the way to the temp folder ${dir} (TMPDIR=${dir}): use a temp ` +
    `folder others may pass through (chmod o+x ${dir}), or unset TMPDIR to use /tmp\n`;

  (asRoot ? test.concurrent : test.skip)("npm run rehearse says so before it makes anything: exit 1, the folder stays empty", async () => {
    const dir = privateTmp();
    const run = await rehearsal("rehearse.ts", [], dir);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 1, stderr: expected("rehearse", dir) });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  (asRoot ? test.concurrent : test.skip)("npm run rehearse:network: exit 3 (cannot run here), the folder stays empty", async () => {
    const dir = privateTmp();
    const run = await rehearsal("rehearse-network.ts", ["--plan", path.join(projectRoot, "package.json")], dir);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 3, stderr: expected("rehearse:network", dir) });
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

test("a PostgreSQL start that fails, outside any recorded run, leaves no checkpoints-pg-* folder", async () => {
  const tmp = fs.mkdtempSync(path.join(work, "failed-start-"));
  fs.chmodSync(tmp, 0o755);
  // 192.0.2.1 (TEST-NET-1) is no address of this machine: binding to it fails at once, and nothing is sent.
  await expect(startLocalPostgres({ tempDir: tmp, listenAddresses: ["192.0.2.1"] })).rejects.toThrow(/EADDRNOTAVAIL/);
  expect(fs.readdirSync(tmp)).toEqual([]);
});
