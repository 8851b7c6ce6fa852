import { spawnSync } from "node:child_process";
import { startLocalPostgres } from "../rehearsal/local-postgres";
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { measure, median } = require("./lib/measure.cjs");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { buildProbe } = require("../tools/build-probe.cjs");

/**
 * The bundled probe under plain node against `psql ... -c 'SELECT 1'`, on the same local PostgreSQL,
 * same URL and TLS (verify-full), in paired, alternating runs. Prints medians and the ratio; the target
 * is the probe at most 2x psql (Node's own start-up alone is about 1.7x).
 *
 *   npm run bench:probe [-- --rounds N]
 */
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { parseScriptArgs, positiveInteger } = require("../tools/script-args.cjs");

const USAGE = "Usage: npm run bench:probe [-- --rounds N]\n\nThe bundled probe against psql on a local PostgreSQL, " +
  "in paired, alternating runs (default 15);\nprints medians and the ratio (target: the probe at most 2x psql).\n";
const options = parseScriptArgs("bench:probe", USAGE, { rounds: { type: "string" } });
const rounds: number = positiveInteger("bench:probe", "--rounds", options.rounds, 15);
const TARGET_RATIO = 2;

async function main(): Promise<void> {
  if (spawnSync("psql", ["--version"]).status !== 0) {
    throw new Error("psql is not installed: apt-get install postgresql-client");
  }
  const probeFile: string = await buildProbe();
  const server = await startLocalPostgres();
  try {
    const url = `postgresql://${server.user}@localhost:${server.port}/${server.database}` +
      `?sslmode=verify-full&sslrootcert=${server.certificates.caFile}`;
    const env: NodeJS.ProcessEnv = { ...process.env, PGPASSWORD: server.password };
    // NODE_EXTRA_CA_CERTS makes every node start-up parse that bundle (tens of ms); it is set on this
    // workplace's machines, not usually on an app server, so the probe and bare node are timed both ways.
    const { NODE_EXTRA_CA_CERTS: extraCa, ...plainEnv } = env;
    const commands: Record<string, { argv: string[]; env: NodeJS.ProcessEnv }> = {
      psql: { argv: ["psql", url, "-X", "-q", "-c", "SELECT 1"], env },
      probe: { argv: [process.execPath, probeFile, url], env },
      "probe, no NODE_EXTRA_CA_CERTS": { argv: [process.execPath, probeFile, url], env: plainEnv },
      "node -e 0": { argv: [process.execPath, "-e", "0"], env },
      "node -e 0, no NODE_EXTRA_CA_CERTS": { argv: [process.execPath, "-e", "0"], env: plainEnv },
    };
    const names = Object.keys(commands);
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
      return `  ${name.padEnd(36)}${ms.toFixed(1).padStart(8)} ms  ${(ms / psql).toFixed(2).padStart(6)}x psql`;
    });
    const ratio = median(samples.probe) / psql;
    const plainRatio = median(samples["probe, no NODE_EXTRA_CA_CERTS"]) / psql;
    process.stdout.write([
      `${rounds} paired rounds (order alternates), medians; NODE_EXTRA_CA_CERTS here: ${extraCa ?? "unset"}`,
      ...rows,
      `${ratio <= TARGET_RATIO ? "met " : "MISSED"}  probe <= ${TARGET_RATIO}x psql in this environment (${ratio.toFixed(2)}x)`,
      `${plainRatio <= TARGET_RATIO ? "met " : "MISSED"}  probe <= ${TARGET_RATIO}x psql without NODE_EXTRA_CA_CERTS (${plainRatio.toFixed(2)}x)`,
      "",
    ].join("\n"));
  } finally {
    await server.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
});
