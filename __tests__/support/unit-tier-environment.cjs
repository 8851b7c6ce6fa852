// The unit tier's test environment (issue 26): jest's node environment, with every way to start a
// process or open a socket made to throw while a unit-tier file runs, naming the file and where it
// belongs. An environment, not a setup file, because its teardown runs after the file's last afterAll:
// the guard covers the whole file, and is lifted before the worker runs another project's file (the
// core modules are one object per worker, shared by every file it runs).
"use strict";
const path = require("node:path");
const { TestEnvironment } = require("jest-environment-node");

/** The guarded functions: [module, owner object, property name, label]. */
function guardedFunctions() {
  const childProcess = require("node:child_process");
  const net = require("node:net");
  const tls = require("node:tls");
  const dgram = require("node:dgram");
  return [
    ...["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "fork"]
      .map((name) => [childProcess, name, `child_process.${name}`]),
    [net, "connect", "net.connect"],
    [net, "createConnection", "net.createConnection"],
    [net.Socket.prototype, "connect", "net.Socket#connect"],
    [net.Server.prototype, "listen", "net.Server#listen"],
    [tls, "connect", "tls.connect"],
    [dgram, "createSocket", "dgram.createSocket"],
  ];
}

/** The message a guarded call throws. */
function refusal(label, testFile) {
  return `unit tier: ${testFile} called ${label}. A unit-tier test starts no process and opens no socket; ` +
    "if this file must, list it in INTEGRATION_FILES of __tests__/test-tiers.cjs (the integration tier).";
}

class UnitTierEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.testFile = path.relative(config.projectConfig.rootDir, context.testPath).split(path.sep).join("/");
    this.restore = [];
    this.refused = [];
  }

  async setup() {
    await super.setup();
    for (const [owner, name, label] of guardedFunctions()) {
      const original = owner[name];
      const { testFile, refused } = this;
      owner[name] = function refusedCall() {
        refused.push(label);
        throw new Error(refusal(label, testFile));
      };
      this.restore.push(() => { owner[name] = original; });
    }
  }

  async teardown() {
    for (const undo of this.restore.splice(0)) undo();
    await super.teardown();
    // A test may catch the refusal (a probe reports a failed connection as its own result): the file
    // fails here all the same, so a caught refusal cannot pass as the behaviour under test.
    if (this.refused.length > 0) {
      throw new Error(refusal([...new Set(this.refused)].join(", "), this.testFile));
    }
  }
}

module.exports = UnitTierEnvironment;
module.exports.refusal = refusal;
