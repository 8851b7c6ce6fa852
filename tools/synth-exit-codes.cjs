"use strict";
// `npm run synth` exit codes: one table, rendered by synth's --help (tools/synth.cjs) and by docs/. A .cjs module
// because synth runs as plain node, before any TypeScript loader; same shape as every tool's exit-codes.ts.

const { STOPPED_BY_SIGNAL } = require("./signal-exit.cjs");

const SYNTH_EXIT = {
  ok: { code: 0, meaning: "every plan written" },
  appFailed: { code: 1, meaning: "the app failed for another reason (its own message above)" },
  usage: { code: 2, meaning: "bad configuration: cdktf.json, a CHECKPOINTS_* variable, or an unknown argument" },
  stopped: STOPPED_BY_SIGNAL,
};

/** Code order, { code, meaning } rows. */
const EXIT_TABLE = Object.values(SYNTH_EXIT).map(({ code, meaning }) => ({ code, meaning })).sort((a, b) => a.code - b.code);

module.exports = { SYNTH_EXIT, EXIT_TABLE };
