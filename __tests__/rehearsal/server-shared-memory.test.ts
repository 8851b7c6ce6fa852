import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { attachedCount, releaseOrphanedSegments, segmentOf } from "../../rehearsal/server-shared-memory";

// PostgreSQL 15's postmaster.pid (src/include/utils/pidfile.h): pid, data directory, start time, port,
// socket directory, listen address, "shmem key  shmid", status.
const pidFile = (shmemLine: string) => ["4242", "/data", "1796528607", "5432", "", "127.0.0.1", shmemLine, "ready   ", ""].join("\n");

let tmp = "";
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-shm-")); });
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function dataFolder(shmemLine: string, at = path.join(tmp, "server", "data")): string {
  fs.mkdirSync(at, { recursive: true });
  fs.writeFileSync(path.join(at, "postmaster.pid"), pidFile(shmemLine));
  return at;
}

describe("the segment a data folder's postmaster.pid names (line 7: key and id)", () => {
  test("read as PostgreSQL writes it, padded", () => {
    expect(segmentOf(dataFolder("  5432001     65536"))).toEqual({ key: 5432001, shmid: 65536 });
  });

  test.each([
    ["no line 7 (a server still starting)", null],
    ["an empty line", ""],
    ["one field", "5432001"],
    ["three fields", "5432001 65536 7"],
    ["not numbers", "abc 65536"],
    ["negative", "5432001 -1"],
  ])("none when the line is not two whole numbers: %s", (_what, line) => {
    const at = path.join(tmp, "data");
    fs.mkdirSync(at);
    const lines = pidFile(line ?? "").split("\n");
    fs.writeFileSync(path.join(at, "postmaster.pid"), (line === null ? lines.slice(0, 6) : lines).join("\n"));
    expect(segmentOf(at)).toBeUndefined();
  });

  test("none without a postmaster.pid (a server that shut down removed it)", () => {
    expect(segmentOf(tmp)).toBeUndefined();
  });
});

describe("releasing a killed server's segment", () => {
  test("a segment the system does not have is neither attached nor released", () => {
    // Key and id no System V segment has (ids are below 2^31 and keys are non-zero here).
    const missing = { key: 1, shmid: 2147483646 };
    expect(attachedCount(missing)).toBeUndefined();
    dataFolder(`${missing.key} ${missing.shmid}`);
    expect(releaseOrphanedSegments(tmp)).toEqual([]);
  });
});
