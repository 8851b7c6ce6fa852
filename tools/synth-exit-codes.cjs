"use strict";
// `npm run synth` exit codes: one table, rendered by synth's --help (tools/synth.cjs) and by docs/. A .cjs module
// because synth runs as plain node, before any TypeScript loader; same shape as every tool's exit-codes.ts.

const SYNTH_EXIT = {
  ok: { code: 0, meaning: "every plan written" },
  appFailed: { code: 1, meaning: "the app failed for another reason (its own message above)" },
  usage: { code: 2, meaning: "bad configuration: cdktf.json, a CHECKPOINTS_* variable, or an unknown argument" },
};

/** Code order, { code, meaning } rows. A run stopped by signal N exits 128+N (130 for Ctrl-C): not a row, a note. */
const EXIT_TABLE = Object.values(SYNTH_EXIT).map(({ code, meaning }) => ({ code, meaning })).sort((a, b) => a.code - b.code);
const SIGNAL_NOTE = "128+N  stopped by signal N (130 for Ctrl-C)";

module.exports = { SYNTH_EXIT, EXIT_TABLE, SIGNAL_NOTE };
