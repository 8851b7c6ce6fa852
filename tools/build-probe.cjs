#!/usr/bin/env node
// `npm run build:probe`: bundles the probe into one self-contained file, dist/checkpoints-probe.cjs, that an
// operator copies to an app server and runs with plain `node` (20 or later: the oldest line engines names
// and the pinned AWS SDK supports), with no npm install there. Tested on Node 20 and 24.
// Also a module: the tests and the rehearsal build the same bundle with await buildProbe(outfile).
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const zlib = require("node:zlib");
const esbuild = require("esbuild");

const projectRoot = path.resolve(__dirname, "..");
const DEFAULT_OUTFILE = path.join(projectRoot, "dist", "checkpoints-probe.cjs");
/** The oldest Node the bundle runs on. */
const NODE_TARGET = "node20";

/** Where the launcher leaves the compiler of the embedded AWS SDK for the probe's code to call. */
const SDK_LOADER_KEY = "checkpoints-probe/aws-sdk";

/** The compiled-code cache's folder under the user's cache directory ($XDG_CACHE_HOME or ~/.cache). */
const CODE_CACHE_FOLDER = "checkpoints-probe";

/** How each embedded source is framed at the end of the bundle, and how a comment's end inside it is written there. */
const COMMENT_OPEN = "\n/*\n";
const COMMENT_CLOSE = "\n*/";
const ESCAPED_CLOSE = "*~checkpoints-probe~/";

/**
 * The bundle's first lines. The probe's code follows in a comment at the end of the file, compiled as
 * Node's CommonJS loader would (the same wrapper, require, module and __filename) but through vm.Script
 * with V8's code cache, kept per user in ~/.cache/checkpoints-probe (NODE_DISABLE_COMPILE_CACHE=1 turns it
 * off). The cache is written at the end of the first run that went to a server, so it holds every
 * function the witness compiled, not only the top level that module.enableCompileCache keeps (measured:
 * the latter saved nothing, this a sixth of the probe's CPU time, on Node 20 as on 24). The AWS SDK (three
 * quarters of its code, used only by --secret-id) is a second comment after it, packed (see assemble),
 * unpacked and compiled the same way on first use. In comments, not string literals, so that V8 skips them when it compiles the launcher instead
 * of copying and hashing 600 KB of literals at every start (measured: 3 to 5 ms of CPU a run on Node 24);
 * the launcher reads them back from its own file, located by the lengths the build wrote into it.
 *
 * A cache file is named after the Node version, the SHA-256 the build took of the code, and this file's
 * path, size and modification time: V8 checks only the length of the source, so a changed bundle, or the
 * same bundle at another path (V8 can keep the file name the cache was made under, which stack traces
 * would then show), must never meet an old cache; hashing the code at every start cost another
 * millisecond. V8 refuses a cache made under other flags; the code is then compiled as usual and the
 * cache rewritten.
 */
const LAUNCHER = `#!/usr/bin/env node
"use strict";
{
  const Module = require("node:module");
  const vm = require("node:vm");
  const fs = require("node:fs");
  const path = require("node:path");
  // [length, digest, packed] of each embedded source: the probe, the AWS SDK (packed: Brotli, then base64)
  const SOURCES = SOURCE_TABLE;
  // Bytes, not text: the build wrote ASCII, so each source is decoded on its own (latin1, the cheapest
  // decoding) when it is compiled, not the whole file (the AWS SDK is three quarters of it) at every start.
  const bytes = fs.readFileSync(__filename);
  const textAt = (start, end) => bytes.toString("latin1", start, end);
  // The embedded sources, from the end of the file back: each framed as the build framed it, else the file
  // was cut or edited and its code must not run.
  const ranges = [];
  for (let index = SOURCES.length - 1, end = bytes.length; index >= 0; index--) {
    const [length, digest, packed] = SOURCES[index];
    const start = end - ${JSON.stringify(COMMENT_CLOSE)}.length - length;
    if (start < ${JSON.stringify(COMMENT_OPEN)}.length || textAt(start - ${JSON.stringify(COMMENT_OPEN)}.length, start) !== ${JSON.stringify(COMMENT_OPEN)} ||
      textAt(end - ${JSON.stringify(COMMENT_CLOSE)}.length, end) !== ${JSON.stringify(COMMENT_CLOSE)}) {
      throw new Error(\`\${__filename} is damaged (its code is not where the build put it): build it again with npm run build:probe\`);
    }
    ranges[index] = { start, end: end - ${JSON.stringify(COMMENT_CLOSE)}.length, digest, packed };
    end = start - ${JSON.stringify(COMMENT_OPEN)}.length;
  }
  const embedded = (index) => {
    const { start, end, digest, packed } = ranges[index];
    const source = packed ? require("node:zlib").brotliDecompressSync(Buffer.from(textAt(start, end), "base64")).toString("latin1")
      : textAt(start, end).replaceAll(${JSON.stringify(ESCAPED_CLOSE)}, "*/");
    return { digest, source };
  };
  let cacheDir;
  let fileKey = "";
  try {
    if (!process.env.NODE_DISABLE_COMPILE_CACHE) {
      cacheDir = path.join(process.env.XDG_CACHE_HOME || path.join(require("node:os").homedir(), ".cache"), ${JSON.stringify(CODE_CACHE_FOLDER)});
      const { size, mtimeMs } = fs.statSync(__filename);
      // FNV-1a over the path, size and modification time: the build's digest covers the code.
      let hash = 0x811c9dc5;
      for (const char of \`\${__filename}\\0\${size}\\0\${mtimeMs}\`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
      fileKey = hash.toString(16).padStart(8, "0");
    }
  } catch { /* no home directory: compile as usual */ }
  const uncached = [];
  const load = (name, filename, { source, digest }, { main = false } = {}) => {
    const created = new Module(filename, module);
    created.filename = filename;
    created.paths = module.paths;
    // The probe runs its command line when it is the main module, as it would as a file of its own.
    if (main) process.mainModule = created;
    const file = cacheDir && path.join(cacheDir, \`\${name}-\${process.version}-\${process.arch}-\${digest.slice(0, 24)}\${fileKey}.v8\`);
    let cachedData;
    try { if (file) cachedData = fs.readFileSync(file); } catch { /* none yet */ }
    const script = new vm.Script(Module.wrap(source), { filename, cachedData });
    if (file && (cachedData === undefined || script.cachedDataRejected)) uncached.push({ name, file, script });
    script.runInThisContext().call(created.exports, created.exports, Module.createRequire(filename), created, filename,
      path.dirname(filename));
    return created;
  };
  // --help, --dry-run and usage errors (exit 2) compile a fraction of the code: their cache would leave the
  // witness's functions out, so only other runs write it.
  const witnessRun = !process.argv.slice(2).some((arg) => arg === "-h" || arg === "--help" || arg === "--dry-run");
  process.once("exit", (code) => {
    if (uncached.length === 0 || !witnessRun || code === 2) return;
    try {
      fs.mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
      const present = fs.readdirSync(cacheDir);
      for (const { name, file, script } of uncached) {
        const staging = \`\${file}.\${process.pid}.tmp\`;
        fs.writeFileSync(staging, script.createCachedData(), { mode: 0o600 });
        fs.renameSync(staging, file);
        // This Node's cache of an older bundle is never read again (other Node versions keep theirs).
        const sameNode = \`\${name}-\${process.version}-\${process.arch}-\`;
        for (const old of present) if (old.startsWith(sameNode) && old.endsWith(".v8") && old !== path.basename(file)) {
          fs.rmSync(path.join(cacheDir, old), { force: true });
        }
      }
    } catch { /* a cache that cannot be written only costs the next run its compile time */ }
  });
  let sdk;
  globalThis[Symbol.for(${JSON.stringify(SDK_LOADER_KEY)})] = () => {
    sdk ??= load("aws-sdk", __filename + "#aws-sdk", embedded(1));
    return sdk.exports;
  };
  const probe = load("probe", __filename, embedded(0), { main: require.main === module });
  module.exports = probe.exports;
}
`;

/**
 * The launcher and the sources after it, each as a comment (see LAUNCHER). The AWS SDK (the second source,
 * 450 KB, only --secret-id uses it) is packed with Brotli and written in base64 (about 170 KB): Node reads
 * the whole file and V8 scans every comment in it at each start, about 2 ms for each megabyte on Node 24
 * (issue 26); unpacking it costs a --secret-id run a few ms, beside its call to AWS.
 */
function assemble(sources) {
  for (const source of sources) {
    // esbuild writes ASCII (charset "ascii", its default), so lengths are the same in bytes and in the
    // launcher's UTF-16 units; the escape must never have been in the code.
    if (/[^\x00-\x7f]/.test(source) || source.includes(ESCAPED_CLOSE)) {
      throw new Error("build:probe: the bundled code is not plain ASCII or holds the comment escape; it cannot be embedded");
    }
  }
  const packed = (index) => index === 1;
  const framed = sources.map((source, index) => packed(index)
    ? zlib.brotliCompressSync(source, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } }).toString("base64")
    : source.replaceAll("*/", ESCAPED_CLOSE));
  const table = framed.map((source, index) =>
    [source.length, crypto.createHash("sha256").update(sources[index]).digest("hex").slice(0, 24), packed(index)]);
  return LAUNCHER.replace("SOURCE_TABLE", () => JSON.stringify(table)) +
    framed.map((source) => `${COMMENT_OPEN}${source}${COMMENT_CLOSE}`).join("");
}

/**
 * pg modules the bundle swaps for Node-only equivalents: the runtime-sniffing stream module (see
 * tools/pg-node-stream.cjs) and the WebCrypto SCRAM functions (see tools/pg-node-crypto.cjs).
 */
const PG_REPLACEMENTS = [
  { module: /[\\/]pg[\\/]lib[\\/]stream$/, file: path.join(__dirname, "pg-node-stream.cjs") },
  { module: /[\\/]pg[\\/]lib[\\/]crypto[\\/]utils$/, file: path.join(__dirname, "pg-node-crypto.cjs") },
];
const nodeOnlyPg = {
  name: "pg-node-only",
  setup(build) {
    // Whatever the relative path a pg module asks by (client.js: ./crypto/utils, sasl.js: ./utils), or the
    // probe's own bare one (probe/scram-password.ts: pg/lib/crypto/utils): one module, the replacement.
    build.onResolve({ filter: /^(\.\.?\/.*|pg\/lib\/.*)(stream|utils)$/ }, (args) => {
      const target = args.path.startsWith("pg/") ? path.join(projectRoot, "node_modules", args.path)
        : path.resolve(args.resolveDir, args.path);
      const replacement = PG_REPLACEMENTS.find((r) => r.module.test(target));
      return replacement ? { path: replacement.file } : undefined;
    });
  },
};

/**
 * `import * as fs from "node:fs"` in the probe's TypeScript, bundled as `import fs = require("node:fs")`:
 * the same module object, used the same way (fs.readFileSync), where esbuild's namespace import copies
 * every export of the module into a new object at load (its __toESM helper: 18 builtins, every export of
 * fs, crypto and net, about a millisecond of every start; issue 26).
 */
const NAMESPACE_IMPORT_OF_BUILTIN = /^import \* as (\w+) from "(node:[\w/]+)";$/gm;
const directBuiltins = {
  name: "direct-builtins",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.split(path.sep).includes("node_modules")) return undefined;
      const source = await fs.promises.readFile(args.path, "utf8");
      return { loader: "ts", contents: source.replace(NAMESPACE_IMPORT_OF_BUILTIN, 'import $1 = require("$2");') };
    });
  },
};

/**
 * The AWS SDK is three quarters of the bundle but only --secret-id uses it. Embedded in a comment and
 * compiled on first use, it costs a plain probe run no compile time (about 20 ms of its start-up).
 */
function lazySecretsManager(embedded) {
  return {
    name: "lazy-secrets-manager",
    setup(build) {
      build.onResolve({ filter: /^@aws-sdk\/client-secrets-manager$/ }, () => ({ path: "sdk", namespace: "lazy-sdk" }));
      build.onLoad({ filter: /.*/, namespace: "lazy-sdk" }, async () => {
        const sdk = await esbuild.build({
          stdin: { contents: 'module.exports = require("@aws-sdk/client-secrets-manager");', resolveDir: projectRoot },
          bundle: true, platform: "node", format: "cjs", target: NODE_TARGET, minify: true, write: false, logLevel: "error",
          absWorkingDir: projectRoot, metafile: true,
        });
        embedded.awsSdk = sdk.outputFiles[0].text;
        embedded.inputs.push(...Object.keys(sdk.metafile.inputs));
        return { loader: "js", contents: `module.exports = globalThis[Symbol.for(${JSON.stringify(SDK_LOADER_KEY)})]();\n` };
      });
    },
  };
}

/** Where the last bundle is kept, with the files that went into it (per user, like any build cache). */
function cacheFile() {
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "checkpoints-probe-build", "bundle.json");
}

/** A digest of everything a bundle depends on: this builder, esbuild, and every input file's content. */
function inputsKey(inputs) {
  const hash = crypto.createHash("sha256");
  hash.update(`${esbuild.version}\n${NODE_TARGET}\n`);
  for (const file of [__filename, ...PG_REPLACEMENTS.map((r) => r.file), ...inputs]) {
    hash.update(`\0${file}\0`);
    hash.update(fs.readFileSync(file));
  }
  return hash.digest("hex");
}

/** The cached bundle when no input changed since it was built; otherwise undefined. */
function cachedBundle() {
  try {
    const entry = JSON.parse(fs.readFileSync(cacheFile(), "utf8"));
    return typeof entry.bundle === "string" && entry.key === inputsKey(entry.inputs) ? entry.bundle : undefined;
  } catch {
    return undefined; // no cache, an unreadable one, or an input that no longer exists
  }
}

function storeBundle(inputs, bundle) {
  try {
    const file = cacheFile();
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const staging = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(staging, JSON.stringify({ key: inputsKey(inputs), inputs, bundle }), { mode: 0o600 });
    fs.renameSync(staging, file);
  } catch { /* a cache that cannot be written only costs the next build its time */ }
}

/** Written beside the target and renamed into place: a probe being started never reads half a bundle. */
function writeBundle(outfile, contents) {
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  const staging = `${outfile}.${process.pid}.tmp`;
  fs.writeFileSync(staging, contents, { mode: 0o755 });
  fs.renameSync(staging, outfile);
}

/**
 * Builds the bundle into `outfile`. The tests and every rehearsal build it, so the last bundle is kept
 * in a per-user cache and reused while none of the files that went into it has changed (each file's
 * content is hashed: tens of milliseconds against a second of esbuild).
 */
async function buildProbe(outfile = DEFAULT_OUTFILE) {
  const cached = cachedBundle();
  if (cached !== undefined) {
    writeBundle(outfile, cached);
    return outfile;
  }
  const embedded = { awsSdk: undefined, inputs: [] };
  const result = await esbuild.build({
    entryPoints: [path.join(projectRoot, "probe", "cli.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: NODE_TARGET,
    minify: true,
    legalComments: "linked",
    // pg tries its optional native binding inside a try/catch; the bundle uses pure JavaScript.
    external: ["pg-native"],
    logLevel: "error",
    plugins: [nodeOnlyPg, directBuiltins, lazySecretsManager(embedded)],
    write: false,
    absWorkingDir: projectRoot,
    metafile: true,
  });
  const inputs = [...Object.keys(result.metafile.inputs), ...embedded.inputs]
    .filter((input) => !/^[\w-]+:/.test(input) && input !== "<stdin>") // plugin namespaces, not files
    .map((input) => path.resolve(projectRoot, input));
  for (const file of result.outputFiles) {
    if (file.path !== outfile) {
      fs.writeFileSync(file.path, file.contents, { mode: 0o644 });
      continue;
    }
    const bundle = assemble([file.text, embedded.awsSdk ?? ""]);
    writeBundle(outfile, bundle);
    // Only a bundle that is the whole output is cached (no separate legal-comments file).
    if (result.outputFiles.length === 1) storeBundle([...new Set(inputs)], bundle);
  }
  return outfile;
}

module.exports = { buildProbe, DEFAULT_OUTFILE, cacheFile, inputsKey };

if (require.main === module) {
  require("../cli/closed-output.cjs").endQuietlyOnClosedOutput();
  const { parseScriptArgs } = require("./script-args.cjs");
  const { exitCodesSection } = require("./signal-exit.cjs");
  const { BUILD_PROBE_EXIT_TABLE } = require("./build-probe-exit-codes.cjs");
  const options = parseScriptArgs("build:probe", "Usage: npm run build:probe [-- --out FILE]\n\n" +
    `Bundles the probe into one file (default dist/checkpoints-probe.cjs) that runs with plain node ${NODE_TARGET.slice(4)} or later.\n\n` +
    exitCodesSection(BUILD_PROBE_EXIT_TABLE), { out: { type: "string" } });
  buildProbe(options.out === undefined ? DEFAULT_OUTFILE : path.resolve(options.out)).then((outfile) => {
    const kib = (fs.statSync(outfile).size / 1024).toFixed(0);
    process.stdout.write(`Probe bundle: ${path.relative(process.cwd(), outfile)} (${kib} KiB)\n`);
  }, (error) => {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  });
}
