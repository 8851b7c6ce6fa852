#!/usr/bin/env node
// `npm run build:probe`: bundles the probe into one self-contained file, dist/checkpoints-probe.cjs, that an
// operator copies to an app server and runs with plain `node` (18 or later), with no npm install there.
// Also a module: the tests and the rehearsal build the same bundle with await buildProbe(outfile).
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const esbuild = require("esbuild");

const projectRoot = path.resolve(__dirname, "..");
const DEFAULT_OUTFILE = path.join(projectRoot, "dist", "checkpoints-probe.cjs");

/** Swaps pg's runtime-sniffing stream module for the Node-only one (see tools/pg-node-stream.cjs). */
const nodeOnlyPgStream = {
  name: "pg-node-stream",
  setup(build) {
    build.onResolve({ filter: /^\.\/stream$/ }, (args) =>
      /[\\/]pg[\\/]lib$/.test(args.resolveDir) ? { path: path.join(__dirname, "pg-node-stream.cjs") } : undefined);
  },
};

/**
 * The AWS SDK is three quarters of the bundle but only --secret-id uses it. Embedded as a string and
 * compiled on first use, it costs a plain probe run no compile time (about 20 ms of its start-up).
 */
const lazySecretsManager = {
  name: "lazy-secrets-manager",
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\/client-secrets-manager$/ }, () => ({ path: "sdk", namespace: "lazy-sdk" }));
    build.onLoad({ filter: /.*/, namespace: "lazy-sdk" }, async () => {
      const sdk = await esbuild.build({
        stdin: { contents: 'module.exports = require("@aws-sdk/client-secrets-manager");', resolveDir: projectRoot },
        bundle: true, platform: "node", format: "cjs", target: "node18", minify: true, write: false, logLevel: "error",
      });
      const source = JSON.stringify(sdk.outputFiles[0].text);
      return {
        loader: "js",
        contents: `const sdk = { exports: {} };\nnew Function("module", "exports", "require", ${source})(sdk, sdk.exports, require);\n` +
          "module.exports = sdk.exports;\n",
      };
    });
  },
};

async function buildProbe(outfile = DEFAULT_OUTFILE) {
  const result = await esbuild.build({
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
    plugins: [nodeOnlyPgStream, lazySecretsManager],
    write: false,
  });
  // Written beside the target and renamed into place: a probe being started by another process (the
  // tests and the rehearsals build the same file) never reads half a bundle.
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  for (const file of result.outputFiles) {
    const staging = `${file.path}.${process.pid}.tmp`;
    fs.writeFileSync(staging, file.contents, { mode: file.path === outfile ? 0o755 : 0o644 });
    fs.renameSync(staging, file.path);
  }
  return outfile;
}

module.exports = { buildProbe, DEFAULT_OUTFILE };

if (require.main === module) {
  const { parseScriptArgs } = require("./script-args.cjs");
  const options = parseScriptArgs("build:probe", "Usage: npm run build:probe [-- --out FILE]\n\n" +
    "Bundles the probe into one file (default dist/checkpoints-probe.cjs) that runs with plain node 18+.\n",
  { out: { type: "string" } });
  buildProbe(options.out === undefined ? DEFAULT_OUTFILE : path.resolve(options.out)).then((outfile) => {
    const kib = (fs.statSync(outfile).size / 1024).toFixed(0);
    process.stdout.write(`Probe bundle: ${path.relative(process.cwd(), outfile)} (${kib} KiB)\n`);
  }, (error) => {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  });
}
