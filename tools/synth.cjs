#!/usr/bin/env node
// `npm run synth`: what `cdktf synth` does for this app, without the cdktf CLI. It reads cdktf.json as the
// CLI does (the app command, its context, the output folder), runs the app with the environment the CLI
// gives it (cdktf-cli 0.21.0, bundle/bin/cmds/handlers.js, `synth`), and says where each plan went. The
// files are byte for byte the CLI's (__tests__/e2e/synth-matches-cdktf-cli.test.ts); what is left out is
// the CLI's own start-up (~1.5 s, ~270 MB), its terraform version call, its spinner, and its wrapper
// around the app's errors, which turned every exit code into 1. `npx cdktf synth` still works.
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { spawn } = require("node:child_process");
const { EXIT_TABLE, SYNTH_EXIT } = require("./synth-exit-codes.cjs");

const HELP = `usage: npm run synth [-- --output DIR]

Synthesizes every stack of the app named in cdktf.json into DIR/stacks/<stack>/cdk.tf.json (DIR:
--output, else CDKTF_OUTPUT, else cdktf.json "output", else cdktf.out), as \`cdktf synth\` does, and
prints where each plan went. On failure no plan is left that looks current: the stacks' cdk.tf.json
files and manifest.json in DIR are removed, and the run says which.

exit codes:
${EXIT_TABLE.map((e) => `  ${String(e.code).padStart(3)}  ${e.meaning}`).join("\n")}
`;

/** A usage or configuration problem, reported as its message alone with exit 2. */
class SynthUsageError extends Error {}

/** 1-based line and column of a character offset in `text`. */
function lineAndColumn(text, offset) {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split("\n");
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/**
 * Parses JSON, or throws naming the file and where it broke. V8's messages differ across Node lines
 * (Node 20 gives only "at position N", 22+ adds its own line and column, and the end of the input has no
 * position at all), so the position is taken from the message and converted here.
 */
function parseJsonNamed(text, name) {
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = /at position (\d+)/.exec(error.message);
    const { line, column } = lineAndColumn(text, position ? Number(position[1]) : text.length);
    const empty = text.trim() === "" ? " (the file is empty)" : "";
    throw new SynthUsageError(`${name}: invalid JSON at line ${line}, column ${column}${empty}`);
  }
}

const isObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);

/** cdktf.json with the CLI's defaults filled in, checked for what synth needs. */
function readCdktfConfig(cwd) {
  const file = path.join(cwd, "cdktf.json");
  let text;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if (error.code === "ENOENT") throw new SynthUsageError(`cdktf.json: not found in ${cwd}: run synth from the project's folder`);
    throw new SynthUsageError(`cdktf.json: cannot be read (${error.code})`);
  }
  const config = parseJsonNamed(text, "cdktf.json");
  if (!isObject(config)) throw new SynthUsageError("cdktf.json: must hold a JSON object");
  const merged = { output: "cdktf.out", codeMakerOutput: ".gen", ...config };
  if (typeof merged.app !== "string" || merged.app.trim() === "") {
    throw new SynthUsageError('cdktf.json: "app" must be the command that runs the app, for example "node tools/run-ts.cjs main.ts"');
  }
  if (typeof merged.output !== "string" || merged.output === "") {
    throw new SynthUsageError('cdktf.json: "output" must be a folder name, for example "cdktf.out"');
  }
  if (merged.context !== undefined && !isObject(merged.context)) {
    throw new SynthUsageError('cdktf.json: "context" must be an object');
  }
  return merged;
}

/** --output DIR / -o DIR / --output=DIR and --help; anything else is an error. */
function parseSynthArgs(args) {
  const parsed = { output: undefined, help: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--help" || arg === "-h") parsed.help = true;
    else if (arg === "--output" || arg === "-o") {
      const value = args[++i];
      if (value === undefined || value === "") throw new SynthUsageError(`synth: ${arg} needs a folder`);
      parsed.output = value;
    } else if (arg.startsWith("--output=")) {
      parsed.output = arg.slice("--output=".length);
      if (parsed.output === "") throw new SynthUsageError("synth: --output needs a folder");
    } else throw new SynthUsageError(`synth: unknown argument ${JSON.stringify(arg)} (accepted: --output DIR, --help)`);
  }
  return parsed;
}

/** The terraformModules the CLI passes to the app as cdktfRelativeModules: the local ones. */
function relativeModules(config) {
  const modules = Array.isArray(config.terraformModules) ? config.terraformModules : [];
  const isLocal = (source) => typeof source === "string" && (source.startsWith("./") || source.startsWith("../"));
  return modules.filter((m) => (typeof m === "string" ? isLocal(m) : isLocal(m && m.source)));
}

/**
 * The app's environment, as cdktf-cli 0.21.0 builds it: the caller's without TF_VAR_* (the plan never
 * sees deploy-time variables), NODE_ENV and the plugin cache as the CLI's start-up sets them, a 4 GiB
 * heap when NODE_OPTIONS is unset, and the outdir, context and synth switches.
 */
function appEnvironment(config, outdir, env) {
  const app = Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith("TF_VAR_")));
  app.NODE_ENV = app.NODE_ENV || "production";
  const cacheOff = app.CDKTF_DISABLE_PLUGIN_CACHE_ENV === "true" || app.CDKTF_DISABLE_PLUGIN_CACHE_ENV === "1";
  // The CLI also creates this folder; synth runs no terraform, so it is only named here.
  if (!cacheOff) app.TF_PLUGIN_CACHE_DIR = app.TF_PLUGIN_CACHE_DIR || path.join(os.homedir(), ".terraform.d", "plugin-cache");
  if (!app.NODE_OPTIONS) app.NODE_OPTIONS = "--max-old-space-size=4096";
  let context = {};
  if (config.context) context = config.context;
  else if (env.CDKTF_CONTEXT_JSON) context = parseJsonNamed(env.CDKTF_CONTEXT_JSON, "CDKTF_CONTEXT_JSON");
  app.CDKTF_OUTDIR = outdir;
  app.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = "true";
  app.CDKTF_CONTEXT_JSON = JSON.stringify({ ...context, cdktfRelativeModules: relativeModules(config) });
  app.SYNTH_HCL_OUTPUT = "false";
  return app;
}

/** The app command as argv when it is plain words (no shell start-up, and signals reach the app itself). */
function commandWords(command) {
  return /^[\w./@=:+-]+(\s+[\w./@=:+-]+)*$/.test(command.trim()) ? command.trim().split(/\s+/) : undefined;
}

const listDirs = (dir) => (fs.existsSync(dir)
  ? fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name) : []);

/** Removes what would pass for a current plan in `outdir`; returns the files removed. */
function removePlans(outdir, { outdirExisted }) {
  const removed = [];
  const stacksDir = path.join(outdir, "stacks");
  const removeFile = (file) => { if (fs.existsSync(file)) { fs.rmSync(file, { force: true }); removed.push(file); } };
  for (const stack of listDirs(stacksDir)) {
    const dir = path.join(stacksDir, stack);
    removeFile(path.join(dir, "cdk.tf.json"));
    // The stack folder may also hold terraform's lock file and providers: it goes only when empty.
    if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
  }
  removeFile(path.join(outdir, "manifest.json"));
  if (fs.existsSync(stacksDir) && fs.readdirSync(stacksDir).length === 0) fs.rmdirSync(stacksDir);
  if (!outdirExisted && fs.existsSync(outdir) && fs.readdirSync(outdir).length === 0) fs.rmdirSync(outdir);
  return removed;
}

/** The manifest's stacks, or an error when the app wrote none (it never called synth()). */
function readManifest(outdir) {
  const file = path.join(outdir, "manifest.json");
  if (!fs.existsSync(file)) throw new Error(`synth: the app wrote no ${file}: does it call app.synth()?`);
  return Object.values(JSON.parse(fs.readFileSync(file, "utf8")).stacks);
}

/** The manifest's annotations as the CLI prints them; true when one is an error. */
function reportAnnotations(stacks, write) {
  let error = false;
  for (const stack of stacks) {
    for (const note of stack.annotations || []) {
      if (note.level === "@cdktf/error") error = true;
      const level = { "@cdktf/info": "INFO", "@cdktf/warn": "WARN", "@cdktf/error": "ERROR" }[note.level] || note.level;
      write(`${level} [${note.constructPath}]: ${note.message}\n`);
    }
  }
  return error;
}

function runApp(command, env, cwd) {
  const words = commandWords(command);
  const child = words
    ? spawn(words[0], words.slice(1), { cwd, env, stdio: "inherit" })
    : spawn(command, { cwd, env, stdio: "inherit", shell: true });
  const forward = (signal) => child.kill(signal);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      resolve(signal ? 128 + os.constants.signals[signal] : code);
    });
  });
}

/** The whole command; resolves to its exit code. */
async function synth(args, { cwd = process.cwd(), env = process.env, stdout = process.stdout, stderr = process.stderr } = {}) {
  let outdir;
  let outdirExisted;
  try {
    const options = parseSynthArgs(args);
    if (options.help) { stdout.write(HELP); return SYNTH_EXIT.ok.code; }
    const config = readCdktfConfig(cwd);
    const chosen = options.output || env.CDKTF_OUTPUT || config.output;
    const appEnv = appEnvironment(config, chosen, env);
    outdirExisted = fs.existsSync(path.resolve(cwd, chosen));
    outdir = chosen;
    const before = listDirs(path.resolve(cwd, outdir, "stacks"));
    const code = await runApp(config.app, appEnv, cwd);
    if (code !== 0) return failed(code);
    const stacks = readManifest(path.resolve(cwd, outdir));
    if (reportAnnotations(stacks, (text) => stderr.write(text))) return failed(SYNTH_EXIT.appFailed.code);
    if (stacks.length === 0) stderr.write("synth: no Terraform code synthesized (the app defines no stack)\n");
    // Stacks of an earlier run that the app no longer defines go, as the CLI removes them.
    const current = new Set(stacks.map((s) => s.name));
    for (const stale of before.filter((name) => !current.has(name))) {
      fs.rmSync(path.resolve(cwd, outdir, "stacks", stale), { recursive: true, force: true });
    }
    for (const stack of stacks) stdout.write(`Plan of stack ${stack.name}: ${path.join(outdir, stack.synthesizedStackPath)}\n`);
    return SYNTH_EXIT.ok.code;
  } catch (error) {
    if (error instanceof SynthUsageError) { stderr.write(`${error.message}\n`); return SYNTH_EXIT.usage.code; }
    stderr.write(`${process.env.DEBUG ? error.stack : error.message}\n`);
    return outdir === undefined ? SYNTH_EXIT.appFailed.code : failed(SYNTH_EXIT.appFailed.code);
  }

  function failed(code) {
    const removed = removePlans(path.resolve(cwd, outdir), { outdirExisted });
    if (removed.length > 0) {
      stderr.write(`synth failed: removed the earlier plan files so that none looks current: ${
        removed.map((file) => path.join(outdir, path.relative(path.resolve(cwd, outdir), file))).join(", ")}\n`);
    }
    return code;
  }
}

module.exports = { synth, parseJsonNamed, lineAndColumn, readCdktfConfig, appEnvironment, commandWords, SynthUsageError };

if (require.main === module) {
  require("../cli/closed-output.cjs").endQuietlyOnClosedOutput();
  synth(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
