import {
  AppSettings, DatabaseSettings, EnvironmentStack, environmentDefaults, PRODUCTION, StateBackendSettings, stackNameFor,
} from "./database-settings";
import { isRegion } from "../cli/value-parsers";
import { closestName } from "../cli/closest-name";
import {
  ENVIRONMENT_NAME, FieldKind, perEnvironmentOnly, SETTINGS_FIELDS, SettingsField, variableSuffix,
} from "./settings-fields";
import { windowsOverlap } from "../rds/windows";
import { isKnownInstanceClass, POSTGRES_INSTANCE_CLASS_LIST, POSTGRES_INSTANCE_CLASSES } from "../rds/instance-classes";
import { AWS_REGIONS, isKnownRegion } from "../rds/aws-regions";
import { SettingsProblem } from "./settings-problem";
import { storageProblems } from "./storage-problems";

export type { SettingsProblem } from "./settings-problem";

/** The cdktf.json context key that holds this project's settings. */
export const CONTEXT_KEY = "checkpoints";

/** Raised when the configuration is invalid; lists every problem, not just the first. */
export class SettingsError extends Error {
  readonly code = "CHECKPOINTS_INVALID_SETTINGS";
  constructor(readonly problems: readonly SettingsProblem[]) {
    super(formatProblems(problems));
    this.name = "SettingsError";
  }
}

/** consequence: what the refusal means for the tool that read the settings (synth writes nothing). */
export function formatProblems(problems: readonly SettingsProblem[], consequence = "nothing was synthesized"): string {
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  const lines = problems.map((p) => {
    const found = p.found === undefined ? "" : ` = ${p.found}`;
    return `  - ${p.field}${found} (from ${p.source})\n    accepted: ${p.accepted}`;
  });
  return `Invalid checkpoints configuration (${count}); ${consequence}.\n${lines.join("\n")}`;
}

type Environment = Readonly<Record<string, string | undefined>>;
type Parsed = { ok: true; value: unknown } | { ok: false };
type Section = Record<string, unknown>;

function render(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function parseJsonValue(kind: FieldKind, value: unknown): Parsed {
  switch (kind) {
    case "string":
      return typeof value === "string" ? { ok: true, value } : { ok: false };
    case "integer":
      return typeof value === "number" && Number.isFinite(value) ? { ok: true, value } : { ok: false };
    case "boolean":
      return typeof value === "boolean" ? { ok: true, value } : { ok: false };
    case "tags":
      return isStringRecord(value) ? { ok: true, value } : { ok: false };
  }
}

function parseEnvValue(kind: FieldKind, text: string): Parsed {
  switch (kind) {
    case "string":
      return { ok: true, value: text };
    case "integer":
      return /^-?\d+$/.test(text.trim()) ? { ok: true, value: Number(text) } : { ok: false };
    case "boolean":
      return text === "true" || text === "false" ? { ok: true, value: text === "true" } : { ok: false };
    case "tags":
      try {
        const value: unknown = JSON.parse(text);
        return isStringRecord(value) ? { ok: true, value } : { ok: false };
      } catch {
        return { ok: false };
      }
  }
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === "object" && value !== null && !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === "string");
}

const isObject = (value: unknown): value is Section => typeof value === "object" && value !== null && !Array.isArray(value);

const variableWord = (environment: string) => environment.toUpperCase().replace(/-/g, "_");

/** CHECKPOINTS_STAGING_INSTANCE_CLASS: a field's variable for one environment. */
export function environmentEnvVar(environment: string, field: SettingsField): string {
  return `CHECKPOINTS_${variableWord(environment)}_${variableSuffix(field)}`;
}

/** The state backend's variables: for the whole app, never per environment. */
const STATE_VARIABLES = { bucket: "CHECKPOINTS_STATE_BUCKET", region: "CHECKPOINTS_STATE_REGION",
  keyPrefix: "CHECKPOINTS_STATE_KEY_PREFIX", kmsKeyId: "CHECKPOINTS_STATE_KMS_KEY_ID" } as const;

const EMPTY_VARIABLE = "; unset the variable to use cdktf.json or the default";

interface FieldReading {
  readonly value: unknown;
  /** Where a value other than the default came from; undefined for the default. */
  readonly source?: string;
  readonly valid: boolean;
  /** Set to "": an error, as "" in cdktf.json is, rather than a silent "use the default". */
  readonly empty?: boolean;
  /** The value as the user typed it, where rendering the parsed value would change it. */
  readonly shown?: string;
}

/**
 * One field of one environment, from the most specific source that sets it: CHECKPOINTS_<ENV>_<FIELD>,
 * CHECKPOINTS_<FIELD>, the environment's section in cdktf.json, the shared section, the default.
 */
function readField(field: SettingsField, environment: string, shared: Section, own: Section, env: Environment,
  defaults: DatabaseSettings): FieldReading {
  const contextPath = `cdktf.json context.${CONTEXT_KEY}`;
  const candidates: Array<[string, unknown, boolean]> = [
    [`environment variable ${environmentEnvVar(environment, field)}`, env[environmentEnvVar(environment, field)], true],
    // A per-environment-only field's global variable is reported by variableProblems, not read.
    ...perEnvironmentOnly(field) ? [] : [[`environment variable ${field.envVar}`, env[field.envVar], true] as [string, unknown, boolean]],
    [`${contextPath}.environments.${environment}.${field.name}`, own[field.name], false],
    [`${contextPath}.${field.name}`, shared[field.name], false],
  ];
  const hit = candidates.find(([, value]) => value !== undefined);
  if (!hit) return { value: defaults[field.name], valid: true };
  const [source, raw, fromEnv] = hit;
  if (fromEnv && raw === "") return { value: raw, source, valid: false, empty: true };
  const parsed = fromEnv ? parseEnvValue(field.kind, raw as string) : parseJsonValue(field.kind, raw);
  if (!parsed.ok) return { value: raw, source, valid: false };
  const valid = field.isValid(parsed.value as never);
  // A refused number is echoed as typed: 99999999999999999999, not the 1e20 Number() makes of it.
  return { value: parsed.value, source, valid, ...(!valid && fromEnv && field.kind === "integer" ? { shown: raw as string } : {}) };
}

/** Rules that relate two fields; each reports against the field a user would change. */
function crossFieldProblems(settings: DatabaseSettings, readings: Map<string, FieldReading>): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const valid = (...names: string[]) => names.every((n) => readings.get(n)?.valid);
  const source = (name: string) => sourceOf(readings.get(name), settings.environment);
  const { allocatedStorageGb: allocated, maxAllocatedStorageGb: max } = settings;
  if (valid("allocatedStorageGb", "maxAllocatedStorageGb") && max !== 0 && max < allocated) {
    problems.push({ field: "maxAllocatedStorageGb", source: source("maxAllocatedStorageGb"),
      found: `${max} (below allocatedStorageGb = ${allocated} from ${source("allocatedStorageGb")})`,
      accepted: `0 (autoscaling off) or at least allocatedStorageGb (${allocated})` });
  }
  if (valid("maintenanceWindow", "backupWindow") && windowsOverlap(settings.maintenanceWindow, settings.backupWindow)) {
    problems.push({ field: "maintenanceWindow", source: source("maintenanceWindow"),
      found: `${render(settings.maintenanceWindow)} (overlaps backupWindow ${render(settings.backupWindow)} ` +
        `from ${source("backupWindow")})`,
      accepted: "a weekly window that does not overlap the daily backup window (RDS refuses overlapping windows)" });
  }
  if (valid("storageType", "allocatedStorageGb", "iops", "storageThroughput")) problems.push(...storageProblems(settings, source));
  problems.push(...unlistedProblems(settings, valid, source));
  return problems;
}

/** An instance class or region the rds/ lists lack: refused with the closest listed name, unless allowed. */
function unlistedProblems(settings: DatabaseSettings, valid: (...names: string[]) => boolean,
  source: (name: string) => string): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  if (valid("instanceClass", "allowUnlistedInstanceClass") && !settings.allowUnlistedInstanceClass &&
    !isKnownInstanceClass(settings.instanceClass)) {
    problems.push({ field: "instanceClass", source: source("instanceClass"), found: render(settings.instanceClass),
      accepted: `a class RDS for PostgreSQL offers; did you mean ${closestName(settings.instanceClass, POSTGRES_INSTANCE_CLASSES)}? ` +
        `(rds/instance-classes.ts, from the RDS User Guide, ${POSTGRES_INSTANCE_CLASS_LIST.checked}; ` +
        "a class RDS added since: set allowUnlistedInstanceClass to true)" });
  }
  if (valid("region", "allowUnlistedRegion") && !settings.allowUnlistedRegion && !isKnownRegion(settings.region)) {
    problems.push({ field: "region", source: source("region"), found: render(settings.region),
      accepted: `an AWS region; did you mean ${closestName(settings.region, AWS_REGIONS.regions)}? (rds/aws-regions.ts, from ` +
        `the AWS SDK's partitions, ${AWS_REGIONS.checked}; a region AWS opened since: set allowUnlistedRegion to true)` });
  }
  return problems;
}

/** Where a reading's value came from; the defaults say which environment only where they differ. */
const sourceOf = (reading: FieldReading | undefined, environment: string, field?: string) =>
  reading?.source ?? (field === "identifier" ? `the default for ${environment}` : "the default");

function resolveEnvironment(environment: string, shared: Section, own: Section, env: Environment,
  problems: SettingsProblem[], sources: Map<string, string>): DatabaseSettings {
  const defaults = environmentDefaults(environment);
  const values: Record<string, unknown> = { environment };
  const readings = new Map<string, FieldReading>();
  for (const field of SETTINGS_FIELDS) {
    const reading = readField(field, environment, shared, own, env, defaults);
    readings.set(field.name, reading);
    values[field.name] = reading.value;
    sources.set(field.name, sourceOf(reading, environment, field.name));
    if (!reading.valid) {
      problems.push({ field: field.name, source: sourceOf(reading, environment), found: reading.shown ?? render(reading.value),
        accepted: reading.empty ? `${field.accepted}${EMPTY_VARIABLE}` : field.accepted });
    }
  }
  const settings = Object.freeze(values) as unknown as DatabaseSettings;
  problems.push(...crossFieldProblems(settings, readings));
  return settings;
}

const KNOWN_FIELDS = new Set<string>(SETTINGS_FIELDS.map((f) => f.name));

function unknownKeys(section: Section, allowed: Set<string>, at: string, problems: SettingsProblem[]): void {
  for (const key of Object.keys(section).filter((k) => !allowed.has(k))) {
    // The value is not echoed: an unknown key is where someone may have pasted a secret.
    problems.push({ field: key, source: `${at}.${key}`,
      accepted: `not a settings field; did you mean ${closestName(key, allowed)}? (README, Configuration, lists them all)` });
  }
}

function resolveStateBackend(raw: unknown, env: Environment, problems: SettingsProblem[]): StateBackendSettings {
  const at = `cdktf.json context.${CONTEXT_KEY}.stateBackend`;
  const section: Section = raw === undefined ? {} : isObject(raw) ? raw : {};
  if (raw !== undefined && !isObject(raw)) {
    problems.push({ field: "stateBackend", source: at, found: render(raw),
      accepted: '{ "type": "local" } or { "type": "s3", "bucket": ..., "region": ..., "keyPrefix": ... }' });
    return { type: "local" };
  }
  unknownKeys(section, new Set(["type", "bucket", "region", "keyPrefix", "kmsKeyId"]), at, problems);
  const pick = (key: string, envVar: string): [string | undefined, string] => {
    const fromEnv = env[envVar];
    if (fromEnv === "") {
      problems.push({ field: `stateBackend.${key}`, source: `environment variable ${envVar}`, found: '""',
        accepted: `a value${EMPTY_VARIABLE}` });
      return [undefined, `environment variable ${envVar}`];
    }
    if (fromEnv !== undefined) return [fromEnv, `environment variable ${envVar}`];
    const value = section[key];
    if (value !== undefined && typeof value !== "string") {
      problems.push({ field: `stateBackend.${key}`, source: `${at}.${key}`, found: render(value), accepted: "a string" });
      return [undefined, `${at}.${key}`];
    }
    return [value as string | undefined, `${at}.${key}`];
  };
  const [bucket, bucketSource] = pick("bucket", STATE_VARIABLES.bucket);
  const [region, regionSource] = pick("region", STATE_VARIABLES.region);
  const [keyPrefix, prefixSource] = pick("keyPrefix", STATE_VARIABLES.keyPrefix);
  const [kmsKeyId] = pick("kmsKeyId", STATE_VARIABLES.kmsKeyId);
  const type = section.type ?? (bucket ? "s3" : "local");
  if (type !== "local" && type !== "s3") {
    problems.push({ field: "stateBackend.type", source: `${at}.type`, found: render(type), accepted: '"local" or "s3"' });
    return { type: "local" };
  }
  if (type === "local") {
    if (bucket || region) {
      problems.push({ field: "stateBackend.type", source: `${at}.type`, found: '"local" with a bucket or region',
        accepted: '"s3" when a bucket is given (or drop bucket and region for local state)' });
    }
    return { type: "local" };
  }
  if (!bucket || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    problems.push({ field: "stateBackend.bucket", source: bucketSource, found: bucket === undefined ? "(not set)" : render(bucket),
      accepted: "an S3 bucket name: 3-63 lowercase letters, digits, dots or hyphens" });
  }
  if (!region || !isRegion(region)) {
    problems.push({ field: "stateBackend.region", source: regionSource, found: region === undefined ? "(not set)" : render(region),
      accepted: "the bucket's AWS region, such as us-east-1 (an S3 backend needs it)" });
  }
  const prefix = keyPrefix ?? "checkpoints/";
  if (prefix.startsWith("/") || (prefix !== "" && !prefix.endsWith("/"))) {
    problems.push({ field: "stateBackend.keyPrefix", source: prefixSource, found: render(prefix),
      accepted: 'a key prefix ending with "/" and not starting with one, such as "checkpoints/"' });
  }
  return { type: "s3", bucket: bucket ?? "", region: region ?? "", keyPrefix: prefix, ...(kmsKeyId ? { kmsKeyId } : {}) };
}

/** The field part of every variable: INSTANCE_CLASS, ..., and the state backend's STATE_BUCKET, .... */
const VARIABLE_SUFFIXES = [...SETTINGS_FIELDS.map(variableSuffix),
  ...Object.values(STATE_VARIABLES).map((v) => v.replace(/^CHECKPOINTS_/, ""))];

/**
 * Every CHECKPOINTS_* variable must mean exactly one thing: a field for all environments, a field of one
 * environment, or the state backend. A mistyped or ambiguous one is an error, never silently ignored.
 */
function variableProblems(environments: readonly string[], env: Environment): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const meanings = new Map<string, string[]>();
  const define = (variable: string, meaning: string) => meanings.set(variable, [...meanings.get(variable) ?? [], meaning]);
  for (const field of SETTINGS_FIELDS) if (!perEnvironmentOnly(field)) define(field.envVar, `${field.name} of every environment`);
  for (const [key, variable] of Object.entries(STATE_VARIABLES)) define(variable, `stateBackend.${key}`);
  for (const environment of environments) {
    for (const field of SETTINGS_FIELDS) define(environmentEnvVar(environment, field), `${environment}'s ${field.name}`);
  }
  for (const [variable, meaning] of meanings) {
    if (meaning.length > 1) {
      problems.push({ field: "environments", source: `cdktf.json context.${CONTEXT_KEY}.environments`,
        found: render(environments.filter((e) => meaning.some((m) => m.startsWith(`${e}'s `)))),
        accepted: `environment names whose variables read one way only: ${variable} would mean both ${meaning.join(" and ")}` });
    }
  }
  for (const variable of Object.keys(env).filter((name) => name.startsWith("CHECKPOINTS_")).sort()) {
    if (meanings.has(variable)) continue;
    const identifier = SETTINGS_FIELDS.find((f) => perEnvironmentOnly(f) && `CHECKPOINTS_${variableSuffix(f)}` === variable);
    if (identifier) {
      problems.push({ field: identifier.name, source: `environment variable ${variable}`, found: render(env[variable]),
        accepted: `an identifier names one instance, so it is set per environment: ${identifier.envVar}, ` +
          `for example ${environmentEnvVar(environments[0] ?? PRODUCTION, identifier)}` });
      continue;
    }
    // The value is not echoed: the variable may be a secret set under the wrong name.
    problems.push({ field: variable, source: `environment variable ${variable}`,
      accepted: `not a checkpoints variable; did you mean ${closestName(variable, meanings.keys())}?` });
  }
  return problems;
}

/**
 * Resolves every environment's settings and the state backend from cdktf.json's context section and
 * CHECKPOINTS_* environment variables, over the design document's defaults. Without an "environments"
 * section there is one environment, production. Throws SettingsError naming every problem.
 */
export function resolveAppSettings(context: unknown, env: Environment = {}): AppSettings {
  const problems: SettingsProblem[] = [];
  const at = `cdktf.json context.${CONTEXT_KEY}`;
  let shared: Section = {};
  if (context !== undefined && context !== null) {
    if (isObject(context)) shared = context;
    else problems.push({ field: CONTEXT_KEY, source: at, found: render(context), accepted: "a JSON object whose keys are settings fields" });
  }
  unknownKeys(shared, new Set([...KNOWN_FIELDS, "environments", "stateBackend"]), at, problems);

  let sections: Record<string, unknown> = { [PRODUCTION]: {} };
  if (shared.environments !== undefined) {
    if (isObject(shared.environments) && Object.keys(shared.environments).length > 0) sections = shared.environments;
    else {
      problems.push({ field: "environments", source: `${at}.environments`, found: render(shared.environments),
        accepted: 'an object naming at least one environment, each with its settings, such as { "production": {}, "staging": { ... } }' +
          " (leave environments out for production alone)" });
    }
  }
  const environments: EnvironmentStack[] = [];
  const identifierSources = new Map<string, string>();
  for (const [name, own] of Object.entries(sections)) {
    const envAt = `${at}.environments.${name}`;
    if (!ENVIRONMENT_NAME.test(name)) {
      problems.push({ field: "environments", source: envAt, found: render(name),
        accepted: "environment names of 1-32 lowercase letters, digits or hyphens, starting with a letter" });
      continue;
    }
    const captured = VARIABLE_SUFFIXES.find((suffix) => suffix.startsWith(`${variableWord(name)}_`));
    if (captured) {
      problems.push({ field: "environments", source: envAt, found: render(name),
        accepted: "an environment name that is not the first words of a field's variable, so CHECKPOINTS_<ENV>_<FIELD> " +
          `reads one way only (CHECKPOINTS_${captured} is a variable)` });
      continue;
    }
    if (!isObject(own)) {
      problems.push({ field: name, source: envAt, found: render(own), accepted: "an object of settings fields (or {})" });
      continue;
    }
    unknownKeys(own, KNOWN_FIELDS, envAt, problems);
    const sources = new Map<string, string>();
    environments.push({ stackName: stackNameFor(name), settings: resolveEnvironment(name, shared, own, env, problems, sources) });
    identifierSources.set(name, sources.get("identifier") ?? `the default for ${name}`);
  }
  const identifiers = environments.map((e) => e.settings.identifier);
  for (const duplicate of new Set(identifiers.filter((id, i) => identifiers.indexOf(id) !== i))) {
    const holders = environments.filter((e) => e.settings.identifier === duplicate)
      .map((e) => identifierSources.get(e.settings.environment) as string);
    problems.push({ field: "identifier", source: [...new Set(holders)].join(" and "), found: render(duplicate),
      accepted: "a different RDS identifier in every environment" });
  }
  problems.push(...variableProblems(environments.map((e) => e.settings.environment), env));
  const stateBackend = resolveStateBackend(shared.stateBackend, env, problems);
  // A shared value that is wrong is wrong in every environment: say it once.
  const unique = [...new Map(problems.map((p) => [`${p.field}|${p.source}|${p.found}`, p])).values()];
  if (unique.length > 0) throw new SettingsError(unique);
  return { environments, stateBackend };
}

/** One environment's settings (production unless named), for callers that need just that. */
export function resolveSettings(context: unknown, env: Environment = {}, environment = PRODUCTION): DatabaseSettings {
  const found = resolveAppSettings(context, env).environments.find((e) => e.settings.environment === environment);
  if (!found) throw new SettingsError([{ field: "environments", source: `cdktf.json context.${CONTEXT_KEY}.environments`,
    found: JSON.stringify(environment), accepted: "an environment the configuration defines" }]);
  return found.settings;
}
