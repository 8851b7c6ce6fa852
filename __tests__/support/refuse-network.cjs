// Preloaded into a child process (`node --require THIS ...`) by tests of commands that must fail without
// touching the network (no AWS credentials: no instance-metadata lookup, no endpoint). Every outgoing
// connection, TCP or TLS, goes through net.Socket#connect: each attempt is refused at once and named on
// stderr, so a test sees it whatever the command does with the error.
"use strict";
const net = require("node:net");

net.Socket.prototype.connect = function refused(...args) {
  const options = typeof args[0] === "object" && args[0] !== null ? (Array.isArray(args[0]) ? args[0][0] : args[0]) : {};
  const where = options.path ?? `${options.host ?? args[1] ?? "localhost"}:${options.port ?? args[0]}`;
  process.stderr.write(`refused network connection: ${where}\n`);
  process.nextTick(() => this.destroy(new Error(`network connection refused by the test: ${where}`)));
  return this;
};
