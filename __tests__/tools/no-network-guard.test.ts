import * as path from "node:path";
import { spawnSync } from "node:child_process";

// The guard that "offline" tests preload. Every case runs in a new, empty network namespace
// (`unshare -n`), so even a guard that failed could not send a packet anywhere.
const guard = path.join(__dirname, "..", "support", "no-network.cjs");
const { GUARD_EXIT, GUARD_LINE } = require("../support/no-network-constants.cjs") as { GUARD_EXIT: number; GUARD_LINE: string };
const isolated = spawnSync("unshare", ["-n", "true"]).status === 0;

function inEmptyNamespace(script: string) {
  return spawnSync("unshare", ["-n", process.execPath, "--require", guard, "-e", script],
    { encoding: "utf8", timeout: 20000 });
}

(isolated ? describe : describe.skip)("the no-network guard (in an empty network namespace)", () => {
  test.each([
    ["an HTTP request to an address (the instance-metadata one)", `require("node:http").get("http://169.254.169.254/latest/meta-data/").on("error", () => {})`, "a connection to 169.254.169.254:80"],
    ["a TCP connection to a documentation address", `require("node:net").connect(5432, "192.0.2.10").on("error", () => {})`, "a connection to 192.0.2.10:5432"],
    ["an HTTPS request to a name", `require("node:https").get("https://rds.us-east-1.amazonaws.com/").on("error", () => {})`, "a connection to rds.us-east-1.amazonaws.com:443"],
    ["a name lookup alone", `require("node:dns").lookup("example.invalid", () => {})`, "a name lookup of example.invalid"],
    ["a promised name lookup", `require("node:dns").promises.lookup("example.invalid").catch(() => {})`, "a name lookup of example.invalid"],
  ])("stops %s before it is made", (_what, script, said) => {
    const run = inEmptyNamespace(script);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: GUARD_EXIT, stderr: `${GUARD_LINE} ${said} was attempted\n` });
  });

  // What must pass goes in one process (a stopped attempt would end it, failing every case here): each
  // connection prints its case's number and its error code (nothing listens), in whatever order they end.
  const allowed = [
    ["loopback by address", `require("node:net").connect(1, "127.0.0.1")`],
    ["loopback by name", `require("node:net").connect(1, "localhost")`],
    ["a unix socket", `require("node:net").connect("/nonexistent/socket")`],
  ] as const;
  let allowedRun: ReturnType<typeof inEmptyNamespace> | undefined;
  const runAllowed = () => (allowedRun ??= inEmptyNamespace(allowed.map(([, connect], index) =>
    `${connect}.on("error", (e) => console.log(${index}, e.code));`).join("\n")));
  test.each(allowed.map(([what], index) => [what, index] as const))("lets %s through", (_what, index) => {
    const run = runAllowed();
    expect(run.stderr).not.toContain(GUARD_LINE);
    expect(run.status).toBe(0);
    expect(run.stdout.split("\n").filter((line) => line.startsWith(`${index} `))).toEqual([expect.stringMatching(/^\d E[A-Z]+$/)]);
    expect(run.stdout.split("\n").filter(Boolean)).toHaveLength(allowed.length);
  });
});

if (!isolated) {
  // Said on the run's output, as the other skipping files do; CI runs as root, where these tests run.
  console.warn("no-network guard tests skipped: they need `unshare -n` (root, util-linux), not available here");
  test.skip("the no-network guard needs `unshare -n` (root, util-linux): not available here", () => {});
}

// Requiring the guard here once patched this jest worker's dns and net for every test file it ran next: in
// CI a later file's listen on 192.0.2.1 (rehearsal/temp-folder.test.ts) ended the worker with exit 97.
test("this file's own process runs unguarded: the guard is only ever preloaded into child processes", () => {
  expect(require("node:dns").lookup.name).not.toBe("guardedLookup");
  expect(require("node:net").Socket.prototype.connect.name).not.toBe("guardedConnect");
});
