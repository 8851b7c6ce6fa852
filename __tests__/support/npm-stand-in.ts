import * as path from "node:path";

/** The folder holding the npm stand-in (fixtures/npm-stand-in/npm: `npm run --silent NAME -- ARGS` alone). */
export const NPM_STAND_IN_DIR = path.join(__dirname, "..", "fixtures", "npm-stand-in");

/**
 * `env` with the npm stand-in first on PATH: for a test that runs `npm run --silent NAME`, itself or through a tool, where npm
 * itself is not what the test is about. It runs the script as npm does, without npm's ~0.25 CPU s start-up.
 */
export function withNpmStandIn(env: Readonly<Record<string, string | undefined>> = process.env): Record<string, string | undefined> {
  return { ...env, PATH: [NPM_STAND_IN_DIR, env.PATH].filter(Boolean).join(path.delimiter) };
}
