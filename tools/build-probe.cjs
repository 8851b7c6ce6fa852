#!/usr/bin/env node
// `npm run build:probe`: bundles the probe into one self-contained file, dist/checkpoints-probe.cjs, that an
// operator copies to an app server and runs with plain `node` (18 or later), with no npm install there.
// Also a module: the tests and the rehearsal build the same bundle with buildProbe(outfile).
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const esbuild = require("esbuild");

const projectRoot = path.resolve(__dirname, "..");
const DEFAULT_OUTFILE = path.join(projectRoot, "dist", "checkpoints-probe.cjs");

function buildProbe(outfile = DEFAULT_OUTFILE) {
  esbuild.buildSync({
    entryPoints: [path.join(projectRoot, "probe", "cli.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node18",
    minify: true,
    legalComments: "linked",
    banner: { js: "#!/usr/bin/env node" },
    // pg tries its optional native binding inside a try/catch; the bundle uses pure JavaScript.
    external: ["pg-native"],
    logLevel: "error",
  });
  fs.chmodSync(outfile, 0o755);
  return outfile;
}

module.exports = { buildProbe, DEFAULT_OUTFILE };

if (require.main === module) {
  const outfile = buildProbe();
  const kib = (fs.statSync(outfile).size / 1024).toFixed(0);
  process.stdout.write(`Probe bundle: ${path.relative(process.cwd(), outfile)} (${kib} KiB)\n`);
}
