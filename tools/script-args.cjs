// Argument parsing for the project's scripts that are not a full CLI (benchmarks, build:probe, rehearse):
// each parses its arguments strictly, answers --help with its usage and nothing else, and refuses an
// unknown option with exit 2 before it does any work.
"use strict";
const { parseArgs } = require("node:util");
const { endQuietlyOnClosedOutput } = require("../cli/closed-output.cjs");

/**
 * Returns the parsed option values, or ends the process: usage on stdout and exit 0 for --help, the
 * problem and the usage on stderr and exit 2 for anything it does not know.
 */
function parseScriptArgs(program, usage, options = {}, argv = process.argv.slice(2)) {
  // Every script that parses its arguments here also ends quietly when its output is closed (`| head`).
  endQuietlyOnClosedOutput();
  let values;
  try {
    ({ values } = parseArgs({ args: argv, strict: true, allowPositionals: false,
      options: { ...options, help: { type: "boolean", short: "h" } } }));
  } catch (error) {
    process.stderr.write(`${program}: ${error.message.replace(/\. To specify a positional argument.*$/, "")}\n\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(usage);
    process.exit(0);
  }
  return values;
}

/** A --rounds-style count: plain digits, at least 1; exits 2 naming the flag otherwise. */
function positiveInteger(program, flag, text, fallback) {
  if (text === undefined) return fallback;
  if (!/^[1-9]\d{0,5}$/.test(text)) {
    process.stderr.write(`${program}: ${flag} ${JSON.stringify(text)} is not valid: a whole number from 1\n`);
    process.exit(2);
  }
  return Number(text);
}

module.exports = { parseScriptArgs, positiveInteger };
