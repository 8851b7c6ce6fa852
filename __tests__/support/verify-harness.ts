import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { mockClient } from "aws-sdk-client-mock";
import { DescribeDBInstancesCommand, DescribeDBSubnetGroupsCommand, RDSClient } from "@aws-sdk/client-rds";
import { DescribeSecurityGroupsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { main } from "../../verify/cli";
import { captureIo } from "./capture-io";
import { Clock } from "../../verify/live-state";

const FIXTURES = path.join(__dirname, "..", "fixtures", "aws");
export const fixture = (name: string): any => JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), "utf8"));

export { synthesizedPlanDir } from "./synth-plan";

/** The three AWS clients mocked, answering with the fixtures unless a test says otherwise. */
export function mockedAws() {
  const rds = mockClient(RDSClient);
  const ec2 = mockClient(EC2Client);
  const secrets = mockClient(SecretsManagerClient);
  const answerWithFixtures = () => {
    rds.reset();
    ec2.reset();
    secrets.reset();
    rds.on(DescribeDBInstancesCommand).resolves(fixture("describe-db-instances"));
    rds.on(DescribeDBSubnetGroupsCommand).resolves(fixture("describe-db-subnet-groups"));
    ec2.on(DescribeSecurityGroupsCommand).resolves(fixture("describe-security-groups"));
  };
  const restore = () => { rds.restore(); ec2.restore(); secrets.restore(); };
  return { rds, ec2, secrets, answerWithFixtures, restore };
}

/** A clock that never waits: sleeping only moves it forward. */
export function fakeClock(start = Date.parse("2026-11-29T04:00:00Z")): Clock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return { now: () => now, sleep: async (ms) => { slept.push(ms); now += ms; }, random: () => 1, slept };
}

export async function runVerify(argv: string[], env: Record<string, string> = {}, clock: Clock = fakeClock()) {
  const io = captureIo();
  const code = await main(argv, { AWS_EC2_METADATA_DISABLED: "true", ...env }, io,
    { rds: new RDSClient({ region: "us-east-1" }), ec2: new EC2Client({ region: "us-east-1" }),
      secrets: new SecretsManagerClient({ region: "us-east-1" }), clock });
  return { code, stdout: io.out(), stderr: io.err() };
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
