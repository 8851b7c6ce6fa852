import { resolveTarget } from "../../probe/connection-target";
import { AttemptReport, nextDelayMs, runProbe } from "../../probe/run-probe";
import { HELP, parseCommand } from "../../probe/cli";
import { EXIT_TABLE } from "../../probe/exit-codes";

const notFound = async (host: string): Promise<string[]> => {
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
};

describe("runProbe without a network (the resolver is injected; no DNS server is asked)", () => {
  const target = resolveTarget({ host: "checkpoints-db.abc123.us-east-1.rds.amazonaws.com", user: "checkpoint_user",
    dbname: "checkpoints", sslmode: "require" });

  test("3: the endpoint does not resolve", async () => {
    const result = await runProbe(target, { resolve: notFound });
    expect(result.exitCode).toBe(3);
    expect(result.message).toBe("DNS lookup failed (checkpoints-db.abc123.us-east-1.rds.amazonaws.com:5432): could not " +
      "translate host name \"checkpoints-db.abc123.us-east-1.rds.amazonaws.com\" to address: getaddrinfo " +
      "ENOTFOUND checkpoints-db.abc123.us-east-1.rds.amazonaws.com. Hint: check the host name (the endpoint from " +
      "`cdktf output checkpoints-db`) and this host's DNS resolver; a new RDS endpoint resolves only once the instance exists");
    expect(result.evidence).toMatchObject({ outcome: "failed", exitCode: 3, errorClass: "dns", attempts: 1 });
  });

  test("--wait keeps trying a name that does not resolve yet, with growing delays, until the deadline", async () => {
    let clock = 0;
    const reports: AttemptReport[] = [];
    const result = await runProbe(target, {
      resolve: notFound, waitSeconds: 20, random: () => 1,
      now: () => clock, sleep: async (ms) => { clock += ms; }, onAttempt: (r) => reports.push(r),
    });
    expect(result.exitCode).toBe(3);
    expect(reports.map((r) => r.nextInMs)).toEqual([1000, 2000, 4000, 8000, 5000, null]);
    expect(result.evidence.attempts).toBe(6);
  });

  test("the attempt at the deadline is the last, even when the timer fired a millisecond early by the wall clock", async () => {
    // CI saw two "(0.0 s left)" lines: setTimeout fires by the loop's clock, Date.now() may read 1 ms short of it.
    let clock = 0;
    const reports: AttemptReport[] = [];
    const result = await runProbe(target, {
      resolve: notFound, waitSeconds: 20, random: () => 1,
      now: () => clock, sleep: async (ms) => { clock += ms > 1 ? ms - 1 : ms; }, onAttempt: (r) => reports.push(r),
    });
    expect(reports.map((r) => r.nextInMs)).toEqual([1000, 2000, 4000, 8000, 5004, null]);
    expect(result.evidence.attempts).toBe(6);
  });

  test("no attempt is left less than half a second before the deadline: the wait stretches to it instead", async () => {
    let clock = 0;
    const reports: AttemptReport[] = [];
    await runProbe(target, {
      resolve: notFound, waitSeconds: 3.499, random: () => 1,
      now: () => clock, sleep: async (ms) => { clock += ms; }, onAttempt: (r) => reports.push(r),
    });
    // 1 s, then 2 s would leave 0.499 s: a line "(0.5 s left)" then "(0.0 s left)" twice. The 2 s wait takes it all.
    expect(reports.map((r) => [r.nextInMs, r.remainingMs])).toEqual([[1000, 3499], [2499, 2499], [null, 0]]);
  });

  test.each([
    [1000, 1500, 1000], [1000, 1499, 1499], [1000, 900, 900], [2000, 2000, 2000], [500, 5000, 500],
  ])("nextDelayMs(backoff %d, remaining %d) = %d", (backoff, remaining, expected) => {
    expect(nextDelayMs(backoff, remaining)).toBe(expected);
  });

  test("--expect-unreachable cannot be satisfied by a name that does not resolve", async () => {
    const result = await runProbe(target, { resolve: notFound, expectUnreachable: true });
    expect(result.exitCode).toBe(3);
  });
});

describe("command line", () => {
  test.each([
    [["--bogus"], "Unknown option '--bogus'"],
    [["a", "b"], "one URL at most, got 2 positional arguments"],
    [["--wait", "soon"], '--wait "soon" is not valid: a number of seconds such as 10 or 2.5'],
    [["--query-timeout", "0"], '--query-timeout "0" is not valid: a number of seconds such as 10 or 2.5, greater than 0'],
    [["--expect-version", "fifteen"], '--expect-version must be a version such as 15 or 15.4, not "fifteen"'],
    [["--expect-unreachable", "--wait", "5"], "--expect-unreachable and --wait do not go together"],
    [["--secret-id", ""], "--secret-id was given an empty value; give a value or leave the option out"],
    [["--sslmode="], "--sslmode was given an empty value"],
    [["--ca", ""], "--ca was given an empty value"],
    [["--region", ""], "--region was given an empty value"],
    [[""], "the URL argument is empty"],
  ])("%j is a usage error: %s", (argv, message) => {
    expect(() => parseCommand(argv)).toThrow(message);
  });

  test("--help documents every exit code and every option", () => {
    for (const exit of EXIT_TABLE) expect(HELP).toContain(`${String(exit.code).padStart(2)}  ${exit.meaning}`);
    for (const option of ["--secret-id", "--region", "--sslmode", "--ca", "--connect-timeout", "--query-timeout",
      "--expect-version", "--expect-database", "--require-tls", "--expect-unreachable", "--wait", "--dry-run", "--json",
      "--help"]) {
      expect(HELP).toContain(`  ${option}`);
    }
  });
});
