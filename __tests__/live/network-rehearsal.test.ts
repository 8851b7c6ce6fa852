import * as fs from "node:fs";
import * as path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { listNamespaces } from "../../rehearsal/network-namespaces";
import { missingPrerequisites } from "../../rehearsal/network-rehearsal";
import { liveServer } from "./live-server";
import { TerraformJson } from "../support/synth-plan";
import { synthesizedPlanDir, tempDir } from "../support/verify-harness";

const projectRoot = path.resolve(__dirname, "..", "..");
const missing = missingPrerequisites();
const server = liveServer();
const reason = missing.length > 0 ? `needs ${missing.join(", ")}` : !server.available ? server.reason : undefined;
if (reason) {
  console.warn(`network rehearsal tests skipped: ${reason}`);
}
const describeNetwork = reason ? describe.skip : describe;

function rehearse(plan: string) {
  return spawnSync("npm", ["run", "--silent", "rehearse:network", "--", "--plan", plan],
    { cwd: projectRoot, encoding: "utf8", env: { ...process.env, CI: "true" } });
}

describeNetwork("npm run rehearse:network, on network namespaces (as root)", () => {
  const work = tempDir("checkpoints-network-");
  const planDir = synthesizedPlanDir();
  const planFile = path.join(planDir, "stacks", "checkpoints-db", "cdk.tf.json");
  afterAll(() => { fs.rmSync(work, { recursive: true, force: true }); fs.rmSync(planDir, { recursive: true, force: true }); });

  /** A copy of the plan with the security group changed. */
  function variant(name: string, change: (plan: TerraformJson) => void): string {
    const plan = JSON.parse(fs.readFileSync(planFile, "utf8"));
    change(plan);
    const file = path.join(work, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(plan));
    return file;
  }

  test("the plan's group lets the app subnet in and keeps the other out; the control gets in when widened", () => {
    const run = rehearse(planFile);
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toMatchObject({ status: 0 });
    expect(run.stdout).toContain("  aws_security_group.checkpoints_db.ingress[0]: tcp 5432 from 198.51.100.0/28\n");
    expect(run.stdout).toContain("  ok   app subnet reaches PostgreSQL: app 198.51.100.10: expected witness observed, " +
      "got witness observed from 198.51.100.10\n");
    expect(run.stdout).toMatch(/ {2}ok {3}other subnet is kept out: other 198\.51\.100\.140: expected unreachable, got unreachable \(timeout\)/);
    expect(run.stdout).toContain("  ok   control: widened group lets the other host in");
    expect(run.stdout).toContain("the security group behaves as the plan intends");
    expect(listNamespaces().filter((n) => n.startsWith("ckpt-rh-"))).toEqual([]);
  });

  test("a group open to 0.0.0.0/0 lets the other host in: the rehearsal fails", () => {
    const run = rehearse(variant("open", (plan) => {
      plan.resource.aws_security_group.checkpoints_db.ingress[0].cidr_blocks.push("0.0.0.0/0");
    }));
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("  FAIL other subnet is kept out: other 198.51.100.140: expected unreachable, got exit 10");
    expect(run.stdout).toContain("the rehearsal does NOT match the plan's intent");
  });

  test("a source it cannot translate is reported, never silently dropped", () => {
    const run = rehearse(variant("sg-source", (plan) => {
      plan.resource.aws_security_group.checkpoints_db.ingress[0].security_groups = ["sg-0123456789abcdef0"];
    }));
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("  NOT TRANSLATED aws_security_group.checkpoints_db.ingress[0]: source sg-0123456789abcdef0");
  });

  test("Ctrl-C tears everything down, and a later run cleans up after a killed one", async () => {
    const child = spawn(process.execPath, [path.join(projectRoot, "tools", "run-ts.cjs"),
      path.join(projectRoot, "rehearsal", "rehearse-network.ts"), "--plan", planFile], { cwd: projectRoot });
    let stderr = "";
    await new Promise<void>((resolve) => child.stderr.on("data", (d) => {
      stderr += d;
      if (stderr.includes("probe from the app host")) resolve();
    }));
    const prefix = `ckpt-rh-${child.pid}-`;
    expect(listNamespaces().filter((n) => n.startsWith(prefix)).length).toBe(4);
    child.kill("SIGINT");
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(code).toBe(130);
    expect(listNamespaces().filter((n) => n.startsWith(prefix))).toEqual([]);

    // A run killed outright leaves its namespaces; the next run removes them before it starts.
    const dead = spawnSync(process.execPath, ["-e", "0"]).pid;
    spawnSync("ip", ["netns", "add", `ckpt-rh-${dead}-db`]);
    const run = rehearse(planFile);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(`removed namespaces left by a killed run: ckpt-rh-${dead}-db`);
    expect(listNamespaces().filter((n) => n.startsWith("ckpt-rh-"))).toEqual([]);
  });
});
