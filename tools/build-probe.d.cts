// Types for build-probe.cjs, so TypeScript callers import it instead of an untyped require.
/** Where `npm run build:probe` writes the bundle: dist/checkpoints-probe.cjs. */
export declare const DEFAULT_OUTFILE: string;
/** Bundles the probe into one self-contained file that runs under plain node (cached); resolves to its path. */
export declare function buildProbe(outfile?: string): Promise<string>;
/** The per-user cache file holding the last bundle built. */
export declare function cacheFile(): string;
/** A digest of everything a bundle depends on: the builder, esbuild, and every input file's content. */
export declare function inputsKey(inputs: readonly string[]): string;
