// A jest test environment that wraps a project's own one and, when the file's tests are done, appends to
// $JEST_FILE_CPU_LOG one line: the CPU seconds the worker used for that file (user + system, its own and
// every child process it waited for, from /proc/self/stat), its wall seconds, its project and its path.
// jest runs one file at a time in a worker, so the difference around a file is that file's. Only
// `npm run bench:suite` sets the variable (jest.config.js wraps the projects then); tests never do.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { ownAndChildrenCpuSeconds } = require("./process-cpu.cjs");

/** Returns the project's own environment, its teardown extended to log the file's CPU. */
class FileCpuEnvironment {
  constructor(config, context) {
    const { measuredEnvironment, logFile } = config.projectConfig.testEnvironmentOptions;
    const loaded = require(measuredEnvironment);
    const Environment = loaded.TestEnvironment ?? loaded.default ?? loaded;
    const cpuBefore = ownAndChildrenCpuSeconds();
    const started = Date.now();
    const environment = new Environment(config, context);
    const teardown = environment.teardown.bind(environment);
    const project = config.projectConfig.displayName?.name ?? config.projectConfig.displayName ?? "";
    const file = path.relative(config.projectConfig.rootDir, context.testPath).split(path.sep).join("/");
    environment.teardown = async () => {
      try {
        await teardown();
      } finally {
        fs.appendFileSync(logFile, `${JSON.stringify({ file, project, cpuSeconds: ownAndChildrenCpuSeconds() - cpuBefore,
          wallSeconds: (Date.now() - started) / 1000 })}\n`);
      }
    };
    return environment;
  }
}

module.exports = FileCpuEnvironment;
