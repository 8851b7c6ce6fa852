import { probeHostIdentity, TargetRecord, WitnessEvidence } from "./evidence";
import { EXIT, ExitClassName } from "./exit-codes";

/**
 * The evidence record of a run that ended before (or without) a witness attempt: an unreadable secret, or the
 * probe's own failure to reach a verdict. With --json it is still one record on stdout, so that
 * `--json > evidence.json` never leaves an empty file. `target` is absent when the settings never resolved.
 */
export type VerdictRecord = Omit<WitnessEvidence, "target"> & { readonly target?: TargetRecord };

export function failureVerdict(className: Exclude<ExitClassName, "ok">, error: string, target: TargetRecord | undefined,
  now: Date = new Date()): VerdictRecord {
  const exit = EXIT[className];
  return {
    schema: "checkpoints-probe/evidence@1", time: now.toISOString(), outcome: "failed", exitCode: exit.code,
    errorClass: exit.name, error, ...(target ? { target } : {}), hostsTried: [], latencyMs: { connect: null, query: null },
    attempts: 0, expectations: [], probeHost: { ...probeHostIdentity(), connectionSourceAddress: null },
  };
}
