import { captureIo } from "../support/capture-io";
import { main } from "../../probe/cli";

// A witness that never settles, and nothing left to wake it: what a socket closed where no listener saw it did
// (issue 22: a rejected client certificate under TLS 1.3 exited 0 with nothing printed in about half the runs).
jest.mock("../../probe/run-probe", () => ({ runProbe: () => new Promise(() => undefined) }));

test("an event loop that empties before a verdict is exit 14 (internal) with a record under --json, never 0", async () => {
  const io = captureIo();
  const exited = main(["postgresql://u@127.0.0.1:5432/d", "--json"], { PGPASSWORD: "x" }, io);
  // What Node does when nothing is left to run: 'beforeExit' (jest's own loop never empties, so it is sent here).
  await new Promise((resolve) => setImmediate(resolve));
  process.emit("beforeExit", 0);
  expect(await exited).toBe(14);
  expect(JSON.parse(io.out())).toMatchObject({ outcome: "failed", exitCode: 14, errorClass: "internal",
    target: { host: "127.0.0.1", port: 5432 } });
  expect(io.err()).toContain("internal error: the probe ended without a verdict");
  expect(process.listenerCount("beforeExit")).toBe(0);
});
