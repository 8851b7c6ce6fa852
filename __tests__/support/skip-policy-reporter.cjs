// A jest reporter: every skipped test is listed at the end of the run with its file, and in CI
// (CI=true) a skip that __tests__/allowed-skips.cjs does not allow fails the run, since jest itself
// exits 0 when tests skip. Locally the list is information only.
const path = require("node:path");

const SKIPPED = new Set(["pending", "skipped", "todo", "disabled"]);

/** The skipped tests of a run: [{ file (relative to rootDir), name }]. */
function skippedTests(results, rootDir) {
  const skipped = [];
  for (const file of results.testResults) {
    const relative = path.relative(rootDir, file.testFilePath).split(path.sep).join("/");
    for (const test of file.testResults) {
      if (SKIPPED.has(test.status)) skipped.push({ file: relative, name: test.fullName || test.title });
    }
  }
  return skipped;
}

/** Splits skips into allowed (an entry of the list applies to its file now) and refused. */
function judgeSkips(skipped, allowList) {
  const allowed = [];
  const refused = [];
  for (const skip of skipped) {
    const entry = allowList.find((e) => e.file === skip.file && e.applies());
    (entry ? allowed : refused).push(entry ? { ...skip, reason: entry.reason } : skip);
  }
  return { allowed, refused };
}

function describeSkips(title, skips) {
  const byFile = new Map();
  for (const s of skips) byFile.set(s.file, [...(byFile.get(s.file) ?? []), s]);
  const lines = [`${title}: ${skips.length} test(s)`];
  for (const [file, list] of byFile) {
    lines.push(`  ${file}: ${list.length}${list[0].reason ? ` (${list[0].reason})` : ""}`);
    for (const s of list.slice(0, 5)) lines.push(`    - ${s.name}`);
    if (list.length > 5) lines.push(`    - ... and ${list.length - 5} more`);
  }
  return lines.join("\n");
}

class SkipPolicyReporter {
  constructor(globalConfig, options = {}) {
    this.rootDir = globalConfig.rootDir;
    this.ci = options.ci ?? process.env.CI === "true";
    this.allowList = options.allowList ?? require(options.allowListFile ?? path.join(this.rootDir, "__tests__", "allowed-skips.cjs"));
    this.write = options.write ?? ((text) => process.stderr.write(`${text}\n`));
    this.error = undefined;
  }

  onRunComplete(_contexts, results) {
    const { allowed, refused } = judgeSkips(skippedTests(results, this.rootDir), this.allowList);
    if (allowed.length > 0) this.write(describeSkips("Skipped, as __tests__/allowed-skips.cjs allows", allowed));
    if (refused.length === 0) return;
    if (!this.ci) {
      this.write(describeSkips("Skipped (each file says why above; in CI these would fail the run)", refused));
      return;
    }
    const message = describeSkips("CI=true: tests skipped that __tests__/allowed-skips.cjs does not allow " +
      "(install what they need, or add an entry with its reason)", refused);
    this.write(message);
    this.error = new Error(message);
  }

  getLastError() {
    return this.error;
  }
}

module.exports = SkipPolicyReporter;
module.exports.skippedTests = skippedTests;
module.exports.judgeSkips = judgeSkips;
