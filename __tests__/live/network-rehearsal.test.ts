import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { listNamespaces } from "../../rehearsal/network-namespaces";
import { missingPrerequisites, openRehearsalEnvironment, rehearsePlanOn } from "../../rehearsal/network-rehearsal";
import { identify, ProcessIdentity, RehearsalRun, stillRunning } from "../../rehearsal/run-state";
import { suiteRecord } from "../support/suite-run";
import { liveServer } from "./live-server";
// synth-plan, not verify-harness (which re-exports it): that one also loads the verify CLI and the mocked AWS SDK.
import { synthesizedPlanDir, TerraformJson } from "../support/synth-plan";
import { ProcessRun, runProcess } from "../support/run-process";
import { isPostgresServer, leftovers, linkInitdbTemplates, privateTmp, projectRoot, runState, scriptCommand, startRehearsal }
  from "../support/rehearsal-runs";

const tmpDirs: string[] = [];

type Ran = ProcessRun;

/**
 * `npm run rehearse:network -- --plan PLAN`, as an operator runs it, to its end without blocking the test
 * process (other runs go on meanwhile). The command npm runs, without npm (every-script.test.ts checks npm).
 */
function rehearse(plan: string, tmp = privateTmp(tmpDirs)): Promise<Ran> {
  return runProcess(...scriptCommand("rehearse:network", ["--plan", plan]),
    { cwd: projectRoot, env: { ...process.env, CI: "true", TMPDIR: tmp } });
}

/**
 * Work that is mostly waiting on child processes (servers starting, a dropped SYN's timeout), started in
 * the block's beforeAll beside the block's other such work and awaited by the test that asserts on it.
 * The block's afterAll waits for it: no run outlives the block. A failure fails the tests that await it.
 */
function startedInBeforeAll<T>(start: () => Promise<T>): () => Promise<T> {
  let started: Promise<T> | undefined;
  beforeAll(() => {
    started = start();
    started.catch(() => undefined); // handled by the test that awaits it
  });
  afterAll(async () => { await started?.catch(() => undefined); });
  return () => started ?? Promise.reject(new Error("started before its block's beforeAll"));
}

/** The namespaces a run's report names (its hosts), and its router beside them. */
function reportedNamespaces(stdout: string): string[] {
  const hosts = [...stdout.matchAll(/^ {2}(?:db|app|other) +\S+ +\S+ +(ckpt-rh-\S+)$/gm)].map((m) => m[1]);
  return hosts.length === 0 ? [] : [...hosts, hosts[0].replace(/-db$/, "-router")];
}

/** A plan file with part of it changed. */
function planVariant(dir: string, source: string, name: string, change: (plan: TerraformJson) => void): string {
  const plan = JSON.parse(fs.readFileSync(source, "utf8"));
  change(plan);
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(plan));
  return file;
}

// The synthesized production plan and a work folder for its variants, made once for the file.
let work = "";
let planFile = "";
beforeAll(() => {
  work = privateTmp(tmpDirs);
  const planDir = synthesizedPlanDir();
  tmpDirs.push(planDir);
  planFile = path.join(planDir, "stacks", "checkpoints-db", "cdk.tf.json");
});
const variant = (name: string, change: (plan: TerraformJson) => void) => planVariant(work, planFile, name, change);

// Checked before root and the tools: a plan with nothing to rehearse is a usage error wherever it runs.
const usageCases = [
  ["no database", (plan: TerraformJson) => { delete plan.resource.aws_db_instance; }, "has no aws_db_instance"],
  ["no ingress", (plan: TerraformJson) => { plan.resource.aws_security_group.checkpoints_db.ingress = []; }, "gives its database no ingress rule"],
] as const;
const usageRuns = startedInBeforeAll(() => Promise.all(usageCases.map(([name, change]) =>
  rehearse(variant(name.replace(/ /g, "-"), change)))));
// After the hooks that wait for the runs (hooks of a block run in the order they are declared).
afterAll(() => { for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true }); });

const missing = missingPrerequisites();
const server = liveServer();
const reason = missing.length > 0 ? `needs ${missing.join(", ")}` : !server.available ? server.reason : undefined;
if (reason) {
  console.warn(`network rehearsal tests skipped: ${reason}`);
}
const describeNetwork = reason ? describe.skip : describe;

describeNetwork("npm run rehearse:network, on network namespaces (as root)", () => {
  // The runs of the CLI (each with its own network and server) start together here, and the in-process
  // cases run while they go on; each test then asserts on what its run did.

  /**
   * A run killed with kill -9 once its server exists, then a whole `npm run rehearse:network` in the same
   * TMPDIR: the run both the plain rehearsal test and the reaping test look at. A namespace named like a
   * rehearsal's, which no state file owns, sits beside them (removed in afterAll).
   */
  const dist = path.join(projectRoot, "dist");
  const distMtime = () => (fs.existsSync(dist) ? fs.statSync(dist).mtimeMs : undefined);
  let lookalike: string | undefined;
  let killSent: Promise<unknown> = Promise.resolve();
  const killedThenRerun = startedInBeforeAll(async () => {
    const tmp = privateTmp(tmpDirs);
    // The suite's server made the template: a run without it would spend seconds of CPU on initdb.
    if (linkInitdbTemplates(tmp).length !== 1) throw new Error("the suite's initdb template was not found to link");
    const distBefore = distMtime();
    // Not "ckpt-rh-<dead pid>-": rehearsals built before state files, still run elsewhere, delete those by name.
    const dead = spawnSync("true").pid;
    lookalike = `ckpt-rh-lookalike-${dead}-db`;
    // Recorded for the jest process (not in the rehearsals' TMPDIR): a Ctrl-C of the suite removes it too.
    lookalikeRecord.namespace(lookalike);
    spawnSync("ip", ["netns", "add", lookalike]);
    const killed = startRehearsal("rehearse-network.ts", ["--plan", planFile], tmp);
    const ready = runState(tmp, (s) => s.processes.some(isPostgresServer), undefined, killed);
    killSent = ready.catch(() => undefined);
    const killedState = await ready;
    const server = killedState.processes.find(isPostgresServer) as ProcessIdentity;
    const owner = identify(killed.child.pid as number) as ProcessIdentity;
    killed.child.kill("SIGKILL");
    await killed.exit;
    const serverRanAfterKill = stillRunning(server);
    const namespacesAfterKill = listNamespaces().filter((n) => killedState.namespaces.includes(n));
    const rerun = await rehearse(planFile, tmp);
    return { tmp, lookalike, killedState, owner, server, serverRanAfterKill, namespacesAfterKill, distBefore, rerun };
  });
  const lookalikeRecord = suiteRecord();
  afterAll(() => lookalikeRecord.release());

  // Interrupted runs. 1 recorded process: initdb, the first process a run starts (its namespaces already
  // exist) where TMPDIR has no initdb template. With the template: the single-user set-up, the server,
  // then the two probes. The one that needs a server of its own starts once the run above is killed: the
  // start-ups of servers compete for the same two cores, and that run is the longest chain.
  const interruptions = [["during initdb", "SIGINT", 1, false], ["with the probes running", "SIGINT", 4, true],
    ["SIGTERM during initdb", "SIGTERM", 1, false]] as const;
  let initdbSignalled: Promise<unknown> = Promise.resolve();
  const interrupted = startedInBeforeAll(() => {
    const runs = interruptions.map(([, signal, count, template]) => {
      const tmp = privateTmp(tmpDirs);
      if (template) linkInitdbTemplates(tmp);
      const signalled = (async () => {
        if (count > 1) await killSent;
        const rehearsal = startRehearsal("rehearse-network.ts", ["--plan", planFile], tmp);
        try {
          const state = await runState(tmp, (s) => s.processes.length >= count, undefined, rehearsal);
          rehearsal.child.kill(signal);
          return { rehearsal, state };
        } catch (error) {
          rehearsal.child.kill("SIGKILL");
          throw error;
        }
      })();
      return { tmp, signalled, duringInitdb: count === 1 };
    });
    initdbSignalled = Promise.allSettled(runs.filter((r) => r.duringInitdb).map((r) => r.signalled));
    return Promise.all(runs.map(async ({ tmp, signalled }) => {
      const { rehearsal, state } = await signalled;
      return { tmp, state, exit: await rehearsal.exit, stderr: rehearsal.stderr() };
    }));
  });

  // The cases that only change the plan's group share one network and server, in this process, recorded in
  // a run of their own (a killed jest is reaped by the next rehearsal like any run). Opened once the runs
  // interrupted during initdb have had their signal: its set-up holds this process for half a second (a
  // synchronous copy of the cluster), which would delay those signals past initdb.
  let sharedRun: RehearsalRun | undefined;
  const sharedEnvironment = startedInBeforeAll(async () => {
    await initdbSignalled;
    // Recorded for the jest process: a Ctrl-C or kill -9 of the suite removes this network and its server.
    sharedRun = suiteRecord();
    return openRehearsalEnvironment(sharedRun);
  });
  afterAll(async () => {
    await (await sharedEnvironment().catch(() => undefined))?.close();
    sharedRun?.release();
  });
  const probeFile = () => (server.available ? server.probeBundle : "");

  test("a group open to 0.0.0.0/0 lets the other host in: the rehearsal fails", async () => {
    const report = await rehearsePlanOn(await sharedEnvironment(), { planFile: variant("open", (plan) => {
      plan.resource.aws_security_group.checkpoints_db.ingress[0].cidr_blocks.push("0.0.0.0/0");
    }), probeFile: probeFile() });
    expect(report.ok).toBe(false);
    expect(report.outcomes.find((o) => o.check === "other subnet is kept out"))
      .toMatchObject({ ok: false, expected: "unreachable", actual: expect.stringMatching(/^exit 10: /) });
  });

  test("a source it cannot translate is reported, never silently dropped", async () => {
    const report = await rehearsePlanOn(await sharedEnvironment(), { planFile: variant("sg-source", (plan) => {
      plan.resource.aws_security_group.checkpoints_db.ingress[0].security_groups = ["sg-0123456789abcdef0"];
    }), probeFile: probeFile() });
    expect(report.ok).toBe(false);
    expect(report.untranslatable).toEqual([expect.stringContaining("aws_security_group.checkpoints_db.ingress[0]: source sg-0123456789abcdef0")]);
    // What it could translate is still rehearsed: the CIDR rule lets the app in.
    expect(report.outcomes.find((o) => o.check === "app subnet reaches PostgreSQL")).toMatchObject({ ok: true });
  });

  test.each(interruptions.map(([when, signal], index) => [when, signal, index] as const))(
    "interrupted %s: everything removed, exit 130", async (_when, signal, index) => {
      const { tmp, state, exit, stderr } = (await interrupted())[index];
      expect(exit).toBe(130);
      expect(stderr).toContain(`rehearse:network: ${signal}: stopping; removing everything this run made`);
      expect(stderr).not.toMatch(/\n\s+at |outcome differed|Error/);
      expect(state.namespaces.length).toBeGreaterThanOrEqual(4);
      expect(listNamespaces().filter((n) => state.namespaces.includes(n))).toEqual([]);
      expect(state.processes.filter(stillRunning)).toEqual([]);
      expect(leftovers(tmp)).toEqual([]);
    });

  test("the plan's group lets the app subnet in and keeps the other out; the control gets in when widened", async () => {
    const { rerun, tmp, distBefore } = await killedThenRerun();
    expect({ status: rerun.status, stdout: rerun.stdout, stderr: rerun.stderr }).toMatchObject({ status: 0 });
    expect(rerun.stdout).toContain("  aws_security_group.checkpoints_db.ingress[0]: tcp 5432 from 198.51.100.0/28\n");
    expect(rerun.stdout).toContain("  ok   app subnet reaches PostgreSQL: app 198.51.100.10: expected witness observed, " +
      "got witness observed from 198.51.100.10\n");
    expect(rerun.stdout).toMatch(/ {2}ok {3}other subnet is kept out: other 198\.51\.100\.140: expected unreachable, got unreachable \(timeout\)/);
    expect(rerun.stdout).toContain("  ok   control: widened group lets the other host in");
    expect(rerun.stdout).toContain("the security group behaves as the plan intends");
    // Only this run's namespaces: other rehearsals may be running on the machine.
    const own = reportedNamespaces(rerun.stdout);
    expect(own).toHaveLength(4);
    expect(listNamespaces().filter((n) => own.includes(n))).toEqual([]);
    expect(leftovers(tmp)).toEqual([]);
    // The probe was built in the run's own directory: a sudo run leaves nothing root-owned in the checkout.
    expect(distMtime()).toBe(distBefore);
  });

  test("after kill -9 the next run removes the dead run's server, namespaces and files, from its state file only", async () => {
    const { rerun, tmp, killedState, owner, server, serverRanAfterKill, namespacesAfterKill, lookalike: named } = await killedThenRerun();
    expect(serverRanAfterKill).toBe(true);
    expect(namespacesAfterKill.length).toBeGreaterThanOrEqual(4);

    expect(rerun.status).toBe(0);
    expect(rerun.stderr).toContain(`rehearse:network: removed what run ${owner.pid} left (processes ${server.pid}`);
    expect(stillRunning(server)).toBe(false);
    expect(listNamespaces().filter((n) => killedState.namespaces.includes(n))).toEqual([]);
    // Named like a rehearsal's namespace, but no state file owns it: never removed by its name alone.
    expect(listNamespaces()).toContain(named);
    expect(leftovers(tmp)).toEqual([]);
  });
});

// Last in the file, so that its runs, started with the file, go on beside the network block's.
describe("--plan with nothing to rehearse: exit 2 with the reason", () => {
  test.each(usageCases.map(([name, , reason], index) => [name, reason, index] as const))("%s", async (_name, reason, index) => {
    const ran = (await usageRuns())[index];
    expect({ status: ran.status, stderr: ran.stderr }).toEqual({ status: 2, stderr: expect.stringContaining(reason) });
    expect(ran.stderr).not.toMatch(/\n\s+at /);
  });
});
