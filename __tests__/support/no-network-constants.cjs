// What the no-network guard (no-network.cjs) prints and exits with: read by its tests without loading it.
"use strict";
module.exports = { GUARD_EXIT: 97, GUARD_LINE: "no-network guard:" };
