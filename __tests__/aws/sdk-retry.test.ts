/**
 * The SDK's own retry, counted where AWS would count it: at the HTTP layer, through a scripted request
 * handler (no network, no replaced `send`). One throttled call costs at most AWS_MAX_ATTEMPTS requests.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { jsonError, rdsError, scriptedHttp, settleWithFakeTimers } from "../support/aws-http";
import { captureIo } from "../support/capture-io";
import { synthesizedPlanDir, tempDir } from "../support/verify-harness";
import { main as verify } from "../../verify/cli";
import { main as secretCreate } from "../../secrets/cli";
import { main as preflight } from "../../preflight/cli";
import { AWS_MAX_ATTEMPTS, awsClientConfig } from "../../aws/client-config";

const planDir = synthesizedPlanDir();
const work = tempDir("checkpoints-retry-");
afterAll(() => { fs.rmSync(work, { recursive: true, force: true }); fs.rmSync(planDir, { recursive: true, force: true }); });
const ENV = { AWS_EC2_METADATA_DISABLED: "true", TF_VAR_app_subnet_cidr: "10.0.1.0/24" };
const verifyArgs = ["--stack", "checkpoints-db", "--plan-dir", planDir, "--out", path.join(work, "never")];

test("every client is configured for the SDK's adaptive retry, 5 attempts", () => {
  expect(awsClientConfig("eu-west-2")).toEqual({ region: "eu-west-2", maxAttempts: 5, retryMode: "adaptive" });
  expect(AWS_MAX_ATTEMPTS).toBe(5);
});

describe("verify", () => {
  test("two throttled requests, then the answer: three requests in all", async () => {
    const http = scriptedHttp([rdsError("Throttling", "Rate exceeded"), rdsError("Throttling", "Rate exceeded"),
      rdsError("DBInstanceNotFound", "DBInstance checkpoints-db not found.", 404)]);
    const io = captureIo();
    const code = await settleWithFakeTimers(() => verify(verifyArgs, ENV, io, { aws: http.overrides }));
    expect(http.requests).toHaveLength(3);
    expect(http.requests.every((r) => r.body.includes("Action=DescribeDBInstances"))).toBe(true);
    expect(code).toBe(5);
  });

  test("7: throttled on every attempt: 5 requests reach AWS, not 5 x 3", async () => {
    const http = scriptedHttp([rdsError("Throttling", "Rate exceeded")]);
    const io = captureIo();
    const code = await settleWithFakeTimers(() => verify(verifyArgs, ENV, io, { aws: http.overrides }));
    expect(code).toBe(7);
    expect(http.requests).toHaveLength(5);
    expect(io.err()).toBe("verify: Throttling: Rate exceeded; AWS throttled all 5 attempts (the SDK's adaptive retry): " +
      "wait a minute and run again\n");
    expect(fs.existsSync(path.join(work, "never"))).toBe(false);
  });
});

describe("secret:create", () => {
  test("7: throttled on every attempt: 5 requests, and nothing half-created", async () => {
    const http = scriptedHttp([jsonError("ThrottlingException", "Rate exceeded")]);
    const io = captureIo();
    const code = await settleWithFakeTimers(() =>
      secretCreate(["--secret-id", "checkpoints-db/master"], { AWS_REGION: "us-east-1" }, io, undefined, http.overrides));
    expect(code).toBe(7);
    expect(http.requests).toHaveLength(5);
    expect(http.requests.every((r) => r.target === "secretsmanager.CreateSecret")).toBe(true);
    expect(io.err()).toContain("Secrets Manager throttled all 5 attempts");
  });
});

describe("preflight", () => {
  test("5: throttled on every attempt: each call is 5 requests, and every check says it was not evaluated", async () => {
    const http = scriptedHttp([rdsError("Throttling", "Rate exceeded")]);
    const io = captureIo();
    const code = await settleWithFakeTimers(() => preflight(["--plan-dir", planDir, "--json"], { AWS_EC2_METADATA_DISABLED: "true" }, io,
      { aws: http.overrides }));
    expect(code).toBe(5);
    const actions = http.requests.map((r) => /Action=(\w+)/.exec(r.body)?.[1]);
    // No TF_VAR_*, no secret, local state: only the three RDS calls are made.
    expect(actions.sort()).toEqual([...Array(5).fill("DescribeDBEngineVersions"), ...Array(5).fill("DescribeDBInstances"),
      ...Array(5).fill("DescribeDBSnapshots")]);
    const report = JSON.parse(io.out());
    expect(report.checks.find((c: { id: string }) => c.id === "engine-version")).toMatchObject({ status: "error",
      detail: "not evaluated: Throttling: Rate exceeded", fix: "AWS throttled all 5 attempts: run preflight again in a minute" });
  });
});
