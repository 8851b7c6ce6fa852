"use strict";
// The exit row every tool shares for Ctrl-C, for the scripts that run as plain node (synth, build:probe, docs,
// bench); the TypeScript tools read the same row from cli/exit-table.ts (a test keeps the two equal).

const STOPPED_BY_SIGNAL = {
  code: 130, meaning: "stopped by a signal: Ctrl-C (SIGINT) gives 130, as the shell reports 128 + the signal's number; no verdict",
};

/** A script's "Exit codes:" section: its rows, then the signal row, as every tool's --help prints them. */
function exitCodesSection(rows) {
  return `Exit codes:\n${[...rows, STOPPED_BY_SIGNAL].map((e) => `  ${String(e.code).padStart(3)}  ${e.meaning}`).join("\n")}\n`;
}

module.exports = { STOPPED_BY_SIGNAL, exitCodesSection };
