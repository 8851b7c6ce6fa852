/**
 * The CHECKPOINTS_* variables a synth inherits: they override cdktf.json for every side the review synthesizes,
 * so a change made through them shows as "no change". The report names them; a value is shown only for a name
 * that ends with a known setting's part (config/settings-fields.ts, the state backend's), never for anything
 * else (a secret exported under a wrong name must not reach a pull-request comment).
 */
import { SETTINGS_FIELDS, variableSuffix } from "../config/settings-fields";

export interface SettingsVariable {
  readonly name: string;
  /** Absent when the name is not a checkpoints setting's: its value is withheld. */
  readonly value?: string;
}

const KNOWN_SUFFIXES = [...SETTINGS_FIELDS.map(variableSuffix), "STATE_BUCKET", "STATE_REGION", "STATE_KEY_PREFIX", "STATE_KMS_KEY_ID"];

const isSettingName = (name: string) => KNOWN_SUFFIXES.some((suffix) => name === `CHECKPOINTS_${suffix}` || name.endsWith(`_${suffix}`));

export function settingsVariablesIn(env: Readonly<Record<string, string | undefined>>): SettingsVariable[] {
  return Object.keys(env).filter((name) => name.startsWith("CHECKPOINTS_") && env[name] !== undefined).sort()
    .map((name) => (isSettingName(name) ? { name, value: env[name] as string } : { name }));
}

/** "CHECKPOINTS_INSTANCE_CLASS=db.t4g.medium, CHECKPOINTS_X (value not shown)". */
export function describeSettingsVariables(variables: readonly SettingsVariable[]): string {
  return variables.map((v) => (v.value === undefined ? `${v.name} (value not shown: not a checkpoints setting)` : `${v.name}=${v.value}`)).join(", ");
}
