import { atDeadline, nowMs } from "../../probe/monotonic-clock";

// A Node timer counts from the loop's clock truncated to the millisecond, so by the clock the probe measures
// latency with it can fire up to a millisecond early: "timed out after 2 s" with 1999 ms measured. Here the
// measuring clock reads the timers' clock plus `fraction`: 0.9 ms when the deadline is set, 0 afterwards.
describe("atDeadline never fires before its deadline by nowMs's clock", () => {
  let realBigint: typeof process.hrtime.bigint;
  let fraction = 0;
  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ["hrtime", "performance"] });
    realBigint = process.hrtime.bigint;
    const clock = () => BigInt(Date.now()) * 1_000_000n + BigInt(Math.round(fraction * 1e6));
    process.hrtime.bigint = clock as typeof process.hrtime.bigint;
  });
  afterEach(() => {
    process.hrtime.bigint = realBigint;
    jest.useRealTimers();
  });

  test("a timer that fires a millisecond early is re-armed for what is left", () => {
    const fired: number[] = [];
    fraction = 0.9;
    const deadline = nowMs() + 2000;
    atDeadline(deadline, () => fired.push(nowMs()));
    fraction = 0;
    jest.advanceTimersByTime(2000);
    expect(fired).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(fired).toHaveLength(1);
    expect(fired[0]).toBeGreaterThanOrEqual(deadline);
    jest.advanceTimersByTime(5000);
    expect(fired).toHaveLength(1);
  });

  test("a deadline already passed fires on the next turn, once", () => {
    const fired: number[] = [];
    atDeadline(nowMs() - 5, () => fired.push(1));
    expect(fired).toEqual([]);
    jest.advanceTimersByTime(0);
    expect(fired).toEqual([1]);
  });

  test("the cancel stops it, before and after a re-arm", () => {
    const fired: number[] = [];
    atDeadline(nowMs() + 100, () => fired.push(1))();
    fraction = 0.9;
    const cancelLater = atDeadline(nowMs() + 100, () => fired.push(2));
    fraction = 0;
    jest.advanceTimersByTime(100);
    cancelLater();
    jest.advanceTimersByTime(1000);
    expect(fired).toEqual([]);
  });
});
