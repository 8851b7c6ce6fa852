// Wall time and peak memory of a command and all its descendants, sampled from /proc. Two memory
// figures: the largest single process's peak RSS (what `/usr/bin/time -f %M` reports, and how the
// issue's baseline figures were taken), and the peak of the summed RSS of the whole tree, because
// `cdktf synth` runs the app, terraform and esbuild beside the CLI and a machine must hold them all.
"use strict";
const fs = require("node:fs");
const { spawn } = require("node:child_process");

function childrenOf() {
  const byParent = new Map();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!byParent.has(ppid)) byParent.set(ppid, []);
      byParent.get(ppid).push(Number(entry));
    } catch { /* the process ended while we looked */ }
  }
  return byParent;
}

/** { total, largest } RSS in bytes over rootPid and its descendants, right now. */
function treeRss(rootPid) {
  const byParent = childrenOf();
  let total = 0;
  let largest = 0;
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop();
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
      const match = /VmRSS:\s+(\d+) kB/.exec(status);
      if (match) {
        total += Number(match[1]) * 1024;
        largest = Math.max(largest, Number(match[1]) * 1024);
      }
    } catch { /* gone */ }
    stack.push(...(byParent.get(pid) ?? []));
  }
  return { total, largest };
}

/**
 * Runs argv in cwd; resolves { ms, peakBytes (largest process), treePeakBytes (summed tree), status, output }.
 * Rejects nothing: the caller checks status.
 */
function measure(argv, { cwd, env, sampleMs = 20 } = {}) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => { output += d; });
    child.stderr.on("data", (d) => { output += d; });
    let peakBytes = 0;
    let treePeakBytes = 0;
    // sampleMs 0: time only. A /proc scan blocks this process for milliseconds, which would inflate
    // the wall time of commands that take tens of milliseconds.
    const timer = sampleMs > 0 && setInterval(() => {
      const { total, largest } = treeRss(child.pid);
      peakBytes = Math.max(peakBytes, largest);
      treePeakBytes = Math.max(treePeakBytes, total);
    }, sampleMs);
    child.on("close", (status) => {
      if (timer) clearInterval(timer);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({ ms, peakBytes, treePeakBytes, status, output });
    });
  });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

module.exports = { measure, median };
