// Preloaded (NODE_OPTIONS=--require) into the scripts that support/script-runs.ts runs for the CLI tests, none
// of which may call AWS: loading an AWS SDK client throws, naming it. Each tool loads its client when it makes
// its first call (issue 26: the client-pricing or client-secrets-manager module alone costs more CPU than
// --help), so --help, a usage error or a closed stdout never loads one.
"use strict";
const Module = require("node:module");

const load = Module._load;
Module._load = function loadUnlessAwsClient(request, ...rest) {
  if (/^@aws-sdk\/client-/.test(request)) {
    throw new Error(`${request} was loaded by a run that makes no AWS call (__tests__/support/no-aws-sdk-client.cjs)`);
  }
  return load.call(this, request, ...rest);
};
