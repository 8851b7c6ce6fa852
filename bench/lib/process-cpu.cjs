// CPU seconds of this process from /proc/self/stat (Linux): what the suite bench and its per-file
// environment measure with. Fields after the command name: utime 14, stime 15, cutime 16, cstime 17.
"use strict";
const fs = require("node:fs");

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function statFields() {
  const stat = fs.readFileSync("/proc/self/stat", "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ").map(Number);
}

/** User + system CPU of the child processes this process has waited for (cutime + cstime). */
function childrenCpuSeconds() {
  const fields = statFields();
  return (fields[13] + fields[14]) / TICKS_PER_SECOND;
}

/** User + system CPU of this process and of every child process it has waited for. */
function ownAndChildrenCpuSeconds() {
  const fields = statFields();
  return (fields[11] + fields[12] + fields[13] + fields[14]) / TICKS_PER_SECOND;
}

module.exports = { childrenCpuSeconds, ownAndChildrenCpuSeconds };
