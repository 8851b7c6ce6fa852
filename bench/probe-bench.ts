import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startLocalPostgres } from "../rehearsal/local-postgres";
import { buildProbe } from "../tools/build-probe.cjs";
import { nodeFromNpm } from "../tools/node-from-npm.cjs";
import { WITNESS_QUERIES } from "../probe/witness";
import { parseScriptArgs, positiveInteger } from "../tools/script-args.cjs";
import { measure, median } from "./lib/measure.cjs";
import { psqlCommand } from "../__tests__/live/psql-binary";

/**
 * The bundled probe under plain node against psql running the same witness: the same local PostgreSQL,
 * URL and TLS (verify-full with the same root certificate), the same three queries one round trip each
 * (psql -c per query), both warm (one untimed run of each first: the probe's code cache is written by its
 * first run, as on an app server, and both read their files from the page cache), in paired, alternating
 * runs. Prints medians and the ratio; the target (issue 26) is the probe on Node 24 at most 1.5x psql. Runs on this Node and on
 * Node 24 (tools/node-from-npm.cjs), each also with the code cache off (NODE_DISABLE_COMPILE_CACHE=1), bare
 * `node -e 0`, and node creating its first TLS context with the CA file: the floor of any Node client that
 * verifies the server. --baseline FILE also times another bundle (an older build, for a change's before and
 * after in the same rounds), with a code cache of its own (the launcher removes this Node's cache of any
 * other bundle), and prints the median of the paired differences.
 *
 *   npm run bench:probe [-- --rounds N] [--baseline FILE]
 */

/** The row of the psql binary, started without Debian's pg_wrapper in front of it. */
const PSQL_BINARY = "psql binary (without Debian's pg_wrapper)";

const USAGE = "Usage: npm run bench:probe [-- --rounds N] [--baseline FILE]\n\nThe bundled probe against psql running the same witness " +
  "on a local PostgreSQL, in paired, alternating runs (default 15);\nprints medians and the ratio (target: the probe at " +
  "most 1.5x psql on Node 24), and the load average before and after.\nOn Debian `psql` is pg_wrapper, a Perl script " +
  "in front of the psql binary: the ratio is given against both.\n" +
  "--baseline FILE: also time FILE, another build of the bundle (npm run build:probe -- --out FILE at an older commit),\n" +
  "in the same rounds, and print the median of the paired differences from it.\n";
const options = parseScriptArgs("bench:probe", USAGE, { rounds: { type: "string" }, baseline: { type: "string" } });
const rounds: number = positiveInteger("bench:probe", "--rounds", options.rounds, 15);
const TARGET_RATIO = 1.5;
const baseline: string | undefined = options.baseline === undefined ? undefined : path.resolve(options.baseline);
if (baseline !== undefined && !fs.existsSync(baseline)) {
  process.stderr.write(`bench:probe: --baseline ${baseline} does not exist: build one with npm run build:probe -- --out FILE\n`);
  process.exit(2);
}
const loadAverage = (): string => os.loadavg().map((load) => load.toFixed(1)).join(" ");

async function main(): Promise<void> {
  if (spawnSync("psql", ["--version"]).status !== 0) {
    throw new Error("psql is not installed: apt-get install postgresql-client");
  }
  const loadBefore = loadAverage();
  const probeFile: string = await buildProbe();
  const server = await startLocalPostgres();
  // Each bundle's code cache in a folder of its own: the launcher removes this Node's cache of any other bundle
  // from its folder, so another bundle run meanwhile from the shared ~/.cache (a test, another worktree) would
  // make some timed runs compile from scratch.
  const cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), "bench-probe-cache-"));
  const baselineCache = fs.mkdtempSync(path.join(os.tmpdir(), "bench-probe-baseline-cache-"));
  try {
    const url = `postgresql://${server.user}@localhost:${server.port}/${server.database}` +
      `?sslmode=verify-full&sslrootcert=${server.certificates.caFile}`;
    const env: NodeJS.ProcessEnv = { ...process.env, PGPASSWORD: server.password, XDG_CACHE_HOME: cacheHome };
    // NODE_EXTRA_CA_CERTS makes every node start-up parse that bundle (tens of ms); it is set on this
    // workplace's machines, not usually on an app server, so the probe and bare node are timed both ways.
    const { NODE_EXTRA_CA_CERTS: extraCa, ...plainEnv } = env;
    const nodes: Array<[string, string]> = [[`node ${process.versions.node.split(".")[0]}`, process.execPath]];
    try {
      const node24: string = nodeFromNpm();
      if (node24 !== process.execPath) nodes.push(["node 24", node24]);
    } catch (error) {
      process.stderr.write(`Node 24 left out: ${(error as Error).message}\n`);
    }
    // psql runs each -c as a query of its own, as the probe does: the same round trips.
    const commands: Record<string, { argv: string[]; env: NodeJS.ProcessEnv }> = {
      psql: { argv: ["psql", url, "-X", "-q", ...WITNESS_QUERIES.flatMap((sql) => ["-c", sql])], env },
    };
    // On Debian and Ubuntu `psql` is pg_wrapper, a Perl script (about 40 ms of start-up) that then execs the psql
    // binary: the target is judged against `psql` as an operator runs it, and against the binary alone too.
    const binary = psqlCommand();
    if (binary && binary.binary !== "/usr/bin/psql") {
      commands[PSQL_BINARY] = { argv: [binary.binary, url, "-X", "-q", ...WITNESS_QUERIES.flatMap((sql) => ["-c", sql])], env: binary.env(env as Record<string, string>) };
    }
    for (const [label, node] of nodes) {
      commands[`probe, ${label}`] = { argv: [node, probeFile, url], env };
      commands[`probe, ${label}, no NODE_EXTRA_CA_CERTS`] = { argv: [node, probeFile, url], env: plainEnv };
      commands[`probe, ${label}, no NODE_EXTRA_CA_CERTS, no code cache`] =
        { argv: [node, probeFile, url], env: { ...plainEnv, NODE_DISABLE_COMPILE_CACHE: "1" } };
      if (baseline !== undefined) {
        commands[`baseline, ${label}, no NODE_EXTRA_CA_CERTS`] =
          { argv: [node, baseline, url], env: { ...plainEnv, XDG_CACHE_HOME: baselineCache } };
      }
      commands[`${label} -e 0`] = { argv: [node, "-e", "0"], env };
      commands[`${label} -e 0, no NODE_EXTRA_CA_CERTS`] = { argv: [node, "-e", "0"], env: plainEnv };
      // The floor of any Node client that checks the server against a CA file: start-up and its first TLS
      // context (on Node 20 that builds Node's bundled root store even when `ca` names one CA).
      commands[`${label} -e first TLS context (ca), no NODE_EXTRA_CA_CERTS`] = { argv: [node, "-e",
        `require("tls").createSecureContext({ ca: require("fs").readFileSync(${JSON.stringify(server.certificates.caFile)}) })`],
      env: plainEnv };
    }
    const names = Object.keys(commands);
    // One untimed run of each first (both sides warm).
    for (const name of names) await measure(commands[name].argv, { env: commands[name].env, sampleMs: 0 });
    const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? names : [...names].reverse();
      for (const name of order) {
        const run = await measure(commands[name].argv, { env: commands[name].env, sampleMs: 0 });
        if (run.status !== 0) throw new Error(`${name} failed:\n${run.output}`);
        samples[name].push(run.ms);
      }
    }
    const psql = median(samples.psql);
    const rows = names.map((name) => {
      const ms = median(samples[name]);
      return `  ${name.padEnd(60)}${ms.toFixed(1).padStart(8)} ms  ${(ms / psql).toFixed(2).padStart(6)}x psql`;
    });
    const against = [["psql", psql], ...(samples[PSQL_BINARY] ? [[PSQL_BINARY, median(samples[PSQL_BINARY])]] : [])] as Array<[string, number]>;
    const verdicts = against.flatMap(([reference, referenceMs]) => nodes.flatMap(([label]) =>
      [`probe, ${label}`, `probe, ${label}, no NODE_EXTRA_CA_CERTS`].map((name) => {
        const ratio = median(samples[name]) / referenceMs;
        const floor = median(samples[`${label} -e first TLS context (ca), no NODE_EXTRA_CA_CERTS`]) / referenceMs;
        return `${ratio <= TARGET_RATIO ? "met " : "MISSED"}  ${name} <= ${TARGET_RATIO}x ${reference} (${ratio.toFixed(2)}x; ` +
          `${label}'s start-up and first TLS context alone: ${floor.toFixed(2)}x)`;
      })));
    // Each round ran both bundles: the median of the round-by-round differences is steadier than a difference of medians.
    const paired = baseline === undefined ? [] : nodes.map(([label]) => {
      const mine = samples[`probe, ${label}, no NODE_EXTRA_CA_CERTS`];
      const theirs = samples[`baseline, ${label}, no NODE_EXTRA_CA_CERTS`];
      const difference = median(mine.map((ms, index) => ms - theirs[index]));
      return `this build - baseline, ${label}, no NODE_EXTRA_CA_CERTS: ${difference >= 0 ? "+" : ""}${difference.toFixed(1)} ms ` +
        "(median of the paired differences)";
    });
    process.stdout.write([
      `${rounds} paired rounds (order alternates), medians; both warm; same server, URL and sslmode=verify-full; ` +
        `psql runs the probe's ${WITNESS_QUERIES.length} witness queries; NODE_EXTRA_CA_CERTS here: ${extraCa ?? "unset"}`,
      ...rows,
      ...verdicts,
      ...paired,
      `load average (1, 5, 15 min): ${loadBefore} before, ${loadAverage()} after`,
      "",
    ].join("\n"));
  } finally {
    for (const folder of [cacheHome, baselineCache]) fs.rmSync(folder, { recursive: true, force: true });
    await server.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
});
