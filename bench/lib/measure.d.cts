// Types for measure.cjs, so TypeScript benchmarks import it instead of an untyped require.
export interface Measurement {
  readonly ms: number;
  /** Peak resident memory of the largest process in the tree, in bytes. */
  readonly peakBytes: number;
  /** Peak of the whole process tree's summed resident memory, in bytes. */
  readonly treePeakBytes: number;
  readonly status: number | null;
  readonly output: string;
}
export declare function measure(argv: readonly string[],
  options?: { cwd?: string; env?: NodeJS.ProcessEnv; sampleMs?: number }): Promise<Measurement>;
export declare function median(values: readonly number[]): number;
