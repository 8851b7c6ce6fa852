// Replaces pg/lib/stream.js in the probe bundle. pg decides at load time whether it runs in a Cloudflare
// Worker by constructing a fetch Response, which on Node 20 loads undici (~25 ms of the probe's start-up)
// only to learn that it does not. The bundle runs on Node only, so it keeps just the Node functions.
"use strict";
module.exports = {
  getStream() {
    const net = require("net");
    return new net.Socket();
  },
  getSecureStream(options) {
    const tls = require("tls");
    return tls.connect(options);
  },
};
