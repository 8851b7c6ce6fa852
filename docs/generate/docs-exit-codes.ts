/** `npm run docs` exit codes (its --help prints them, with the signal row). */
export const DOCS_EXIT_TABLE = [
  { code: 0, meaning: "every generated table written, or already current" },
  { code: 1, meaning: "--check: a page is stale (named above); run npm run docs" },
  { code: 2, meaning: "usage: an unknown option" },
] as const;
