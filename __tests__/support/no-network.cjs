// Preloaded into a child process by tests that claim "offline" (NODE_OPTIONS=--require THIS): any TCP
// connection it opens to an address other than loopback, and any name lookup other than localhost, is
// stopped before a packet leaves, reported on stderr and ends the process with exit 97. The test then
// asserts that line is absent, which proves offline-ness directly instead of inferring it from how long
// the run took. Its own test (tools/no-network-guard.test.ts) runs inside a network namespace of its own.
"use strict";
const net = require("node:net");

// The exit code and line prefix live in their own module, so a test can read them without loading (and so
// installing) the guard in its own jest worker, where it would stop every later test file's connections.
const { GUARD_EXIT, GUARD_LINE } = require("./no-network-constants.cjs");
const isLoopback = (host) => host === "localhost" || host === "::1" || /^127\./.test(host) || host === "::ffff:127.0.0.1";

const dns = require("node:dns");

function stop(what) {
  process.stderr.write(`${GUARD_LINE} ${what} was attempted\n`);
  process.exit(GUARD_EXIT);
}

for (const api of [dns, dns.promises]) {
  const lookup = api.lookup;
  api.lookup = function guardedLookup(hostname, ...rest) {
    if (!isLoopback(String(hostname))) stop(`a name lookup of ${hostname}`);
    return lookup.call(this, hostname, ...rest);
  };
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const options = typeof args[0] === "object" && args[0] !== null && !Array.isArray(args[0]) ? args[0]
    : Array.isArray(args[0]) ? args[0][0] : { port: args[0], host: typeof args[1] === "string" ? args[1] : "localhost" };
  if (options.path == null) { // a unix socket has a path; http sets it to null for TCP
    const host = String(options.host ?? "localhost");
    if (!isLoopback(host)) stop(`a connection to ${host}:${options.port}`);
  }
  return connect.apply(this, args);
};

module.exports = { GUARD_EXIT, GUARD_LINE };
