import * as fs from "node:fs";
import * as path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { listNamespaces } from "../../rehearsal/network-namespaces";
import { missingPrerequisites, openRehearsalEnvironment, RehearsalEnvironment, rehearsePlanOn } from "../../rehearsal/network-rehearsal";
import { liveServer } from "./live-server";
import { synthesizedPlanDir, tempDir } from "../support/verify-harness";

const projectRoot = path.resolve(__dirname, "..", "..");
const missing = missingPrerequisites();
const server = liveServer();
const reason = missing.length > 0 ? `needs ${missing.join(", ")}` : !server.available ? server.reason : undefined;
if (reason) {
  // eslint-disable-next-line no-console
  console.warn(`network rehearsal tests skipped: ${reason}`);
}
const describeNetwork = reason ? describe.skip : describe;

/** The command an operator runs, without npm's start-up: the script `npm run rehearse:network` names. */
function rehearse(plan: string) {
  return spawnSync(process.execPath, [path.join(projectRoot, "tools", "run-ts.cjs"),
    path.join(projectRoot, "rehearsal", "rehearse-network.ts"), "--plan", plan],
  { cwd: projectRoot, encoding: "utf8", env: { ...process.env, CI: "true" } });
}

/** The namespaces a rehearsal process made (each run names its own after its pid). */
const namespacesOf = (pid: number | undefined) => listNamespaces().filter((n) => n.startsWith(`ckpt-rh-${pid}-`));

describeNetwork("npm run rehearse:network, on network namespaces (as root)", () => {
  // Set up in beforeAll, so a skipped block synthesizes nothing and makes no folder.
  let work: string;
  let planFile: string;
  let planDir: string;
  // One network and one server for the cases that only change the plan's group.
  let shared: RehearsalEnvironment | undefined;
  beforeAll(async () => {
    work = tempDir("checkpoints-network-");
    planDir = synthesizedPlanDir();
    planFile = path.join(planDir, "stacks", "checkpoints-db", "cdk.tf.json");
    shared = await openRehearsalEnvironment();
  });
  afterAll(async () => {
    await shared?.close();
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(planDir, { recursive: true, force: true });
  });

  /** A copy of the plan with the security group changed. */
  function variant(name: string, change: (plan: any) => void): string { // eslint-disable-line @typescript-eslint/no-explicit-any
    const plan = JSON.parse(fs.readFileSync(planFile, "utf8"));
    change(plan);
    const file = path.join(work, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(plan));
    return file;
  }

  const probeFile = () => (server.available ? server.probeBundle : "");

  test("the plan's group lets the app subnet in and keeps the other out; the control gets in when widened; " +
    "a killed run's namespaces are removed first", () => {
    // A run killed outright leaves its namespaces; the next run removes them before it starts.
    const dead = spawnSync(process.execPath, ["-e", "0"]).pid;
    spawnSync("ip", ["netns", "add", `ckpt-rh-${dead}-db`]);

    const run = rehearse(planFile);
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toMatchObject({ status: 0 });
    expect(run.stderr).toContain(`removed namespaces left by a killed run: ckpt-rh-${dead}-db`);
    expect(run.stdout).toContain("  aws_security_group.checkpoints_db.ingress[0]: tcp 5432 from 198.51.100.0/28\n");
    expect(run.stdout).toContain("  ok   app subnet reaches PostgreSQL: app 198.51.100.10: expected witness observed, " +
      "got witness observed from 198.51.100.10\n");
    expect(run.stdout).toMatch(/ {2}ok {3}other subnet is kept out: other 198\.51\.100\.140: expected unreachable, got unreachable \(timeout\)/);
    expect(run.stdout).toContain("  ok   control: widened group lets the other host in");
    expect(run.stdout).toContain("the security group behaves as the plan intends");
    expect(namespacesOf(run.pid)).toEqual([]);
    expect(namespacesOf(dead)).toEqual([]);
  });

  test("a group open to 0.0.0.0/0 lets the other host in: the rehearsal fails", async () => {
    const report = await rehearsePlanOn(shared as RehearsalEnvironment, { planFile: variant("open", (plan) => {
      plan.resource.aws_security_group.checkpoints_db.ingress[0].cidr_blocks.push("0.0.0.0/0");
    }), probeFile: probeFile() });
    expect(report.ok).toBe(false);
    expect(report.outcomes.find((o) => o.check === "other subnet is kept out"))
      .toMatchObject({ ok: false, expected: "unreachable", actual: expect.stringMatching(/^exit 10: /) });
  });

  test("a source it cannot translate is reported, never silently dropped", async () => {
    const report = await rehearsePlanOn(shared as RehearsalEnvironment, { planFile: variant("sg-source", (plan) => {
      plan.resource.aws_security_group.checkpoints_db.ingress[0].security_groups = ["sg-0123456789abcdef0"];
    }), probeFile: probeFile() });
    expect(report.ok).toBe(false);
    expect(report.untranslatable).toEqual([expect.stringContaining("aws_security_group.checkpoints_db.ingress[0]: source sg-0123456789abcdef0")]);
    // What it could translate is still rehearsed: the CIDR rule lets the app in.
    expect(report.outcomes.find((o) => o.check === "app subnet reaches PostgreSQL")).toMatchObject({ ok: true });
  });

  test("Ctrl-C once the server is up tears everything down and exits 130", async () => {
    const child = spawn(process.execPath, [path.join(projectRoot, "tools", "run-ts.cjs"),
      path.join(projectRoot, "rehearsal", "rehearse-network.ts"), "--plan", planFile], { cwd: projectRoot });
    let stderr = "";
    // Signalled the moment the run reports its server up (its first probe), not after a fixed sleep.
    await new Promise<void>((resolve) => child.stderr.on("data", (d) => {
      stderr += d;
      if (stderr.includes("probe from the app host")) resolve();
    }));
    expect(namespacesOf(child.pid).length).toBe(4);
    child.kill("SIGINT");
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(code).toBe(130);
    expect(namespacesOf(child.pid)).toEqual([]);
  });
});
