// Types for build-probe.cjs, so TypeScript callers import it instead of an untyped require.
/** Where `npm run build:probe` writes the bundle: dist/checkpoints-probe.cjs. */
export declare const DEFAULT_OUTFILE: string;
/** Bundles the probe into one self-contained file that runs under plain node; resolves to its path. */
export declare function buildProbe(outfile?: string): Promise<string>;
