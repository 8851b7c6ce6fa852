"use strict";
// `npm run build:probe` exit codes: its --help prints them (with the signal row, tools/signal-exit.cjs), docs/ renders them.

const BUILD_PROBE_EXIT_TABLE = [
  { code: 0, meaning: "the bundle was written" },
  { code: 1, meaning: "the build failed (esbuild's message above); nothing was left at the output path half-written" },
  { code: 2, meaning: "usage: an unknown option" },
];

module.exports = { BUILD_PROBE_EXIT_TABLE };
