import { captureIo } from "../support/capture-io";
import { main } from "../../probe/cli";
import type { AttemptReport, ProbeOptions } from "../../probe/run-probe";

// Two failed attempts 0.65 s apart, as --wait makes them (the first backoff is 0.5-1 s): issue 24 saw
// "(5 s left)" on both lines, the time left rounded up before the wait.
const REPORTS: AttemptReport[] = [
  { attempt: 1, outcome: "connection refused: connect ECONNREFUSED", nextInMs: 600, remainingMs: 4950 },
  { attempt: 2, outcome: "connection refused: connect ECONNREFUSED", nextInMs: 1500, remainingMs: 4300 },
];
jest.mock("../../probe/run-probe", () => ({
  runProbe: async (_target: unknown, options: ProbeOptions) => {
    for (const report of REPORTS) options.onAttempt?.(report);
    return { exitCode: 4, className: "refused", message: "connection refused", evidence: { outcome: "failed",
      target: { host: "127.0.0.1", port: 5432 }, hostsTried: [], expectations: [], latencyMs: { connect: null, query: null },
      probeHost: { hostname: "h", addresses: [], connectionSourceAddress: null } } };
  },
}));

test("each attempt line shows the time left when the next attempt starts, to a tenth: never the same twice", async () => {
  const io = captureIo();
  await main(["postgresql://u@127.0.0.1:5432/d", "--wait", "5"], { PGPASSWORD: "x" }, io);
  const left = [...io.err().matchAll(/next attempt in (\d+\.\d) s \((\d+\.\d) s left\)/g)].map((m) => [m[1], m[2]]);
  expect(left).toEqual([["0.6", "4.3"], ["1.5", "2.8"]]);
});
