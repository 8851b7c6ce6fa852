"use strict";
// `npm run bench` exit codes: its --help prints them (with the signal row, tools/signal-exit.cjs), docs/ renders them.

const BENCH_EXIT_TABLE = [
  { code: 0, meaning: "measured: medians and ratios reported (a missed target is reported, not an exit code)" },
  { code: 1, meaning: "a run failed (its message above)" },
  { code: 2, meaning: "usage: an unknown option or a bad --rounds" },
];

module.exports = { BENCH_EXIT_TABLE };
