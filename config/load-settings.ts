import { DatabaseSettings, DOCUMENT_DEFAULTS } from "./database-settings";
import { FieldKind, SETTINGS_FIELDS, SettingsField } from "./settings-fields";

/** The cdktf.json context key that holds this project's settings. */
export const CONTEXT_KEY = "checkpoints";

export interface SettingsProblem {
  /** The settings field, as named in cdktf.json. */
  readonly field: string;
  /** Where the bad value came from, so the user knows what to edit. */
  readonly source: string;
  /** The value as found, rendered for a message; omitted where it might be a secret. */
  readonly found?: string;
  /** What would have been accepted. */
  readonly accepted: string;
}

/** Raised when the configuration is invalid; lists every problem, not just the first. */
export class SettingsError extends Error {
  readonly code = "CHECKPOINTS_INVALID_SETTINGS";
  constructor(readonly problems: readonly SettingsProblem[]) {
    super(formatProblems(problems));
    this.name = "SettingsError";
  }
}

export function formatProblems(problems: readonly SettingsProblem[]): string {
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  const lines = problems.map((p) => {
    const found = p.found === undefined ? "" : ` = ${p.found}`;
    return `  - ${p.field}${found} (from ${p.source})\n    accepted: ${p.accepted}`;
  });
  return `Invalid checkpoints configuration (${count}); nothing was synthesized.\n${lines.join("\n")}`;
}

type Environment = Readonly<Record<string, string | undefined>>;
type Parsed = { ok: true; value: unknown } | { ok: false };

function render(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
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

interface FieldReading {
  readonly value: unknown;
  /** Where a value other than the default came from; undefined for the document's default. */
  readonly source?: string;
  readonly valid: boolean;
}

function readField(field: SettingsField, context: Record<string, unknown>, env: Environment): FieldReading {
  const envText = env[field.envVar];
  const fromEnv = envText !== undefined && envText !== "";
  if (!fromEnv && !(field.name in context)) return { value: DOCUMENT_DEFAULTS[field.name], valid: true };

  const source = fromEnv ? `environment variable ${field.envVar}` : `cdktf.json context.${CONTEXT_KEY}.${field.name}`;
  const parsed = fromEnv ? parseEnvValue(field.kind, envText) : parseJsonValue(field.kind, context[field.name]);
  if (!parsed.ok) return { value: fromEnv ? envText : context[field.name], source, valid: false };
  return { value: parsed.value, source, valid: field.isValid(parsed.value as never) };
}

/** Rules that relate two fields; each reports against the field a user would change. */
function crossFieldProblems(settings: DatabaseSettings, readings: Map<string, FieldReading>): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const { allocatedStorageGb: allocated, maxAllocatedStorageGb: max } = settings;
  const storageValid = readings.get("allocatedStorageGb")?.valid && readings.get("maxAllocatedStorageGb")?.valid;
  if (storageValid && max !== 0 && max < allocated) {
    problems.push({
      field: "maxAllocatedStorageGb", source: readings.get("maxAllocatedStorageGb")?.source ?? "the defaults",
      found: `${max} (below allocatedStorageGb = ${allocated})`,
      accepted: `0 (autoscaling off) or at least allocatedStorageGb (${allocated})`,
    });
  }
  return problems;
}

/**
 * Resolves the settings from cdktf.json's context section and CHECKPOINTS_* environment variables
 * (environment wins), over the design document's defaults. Throws SettingsError naming every problem.
 */
export function resolveSettings(context: unknown, env: Environment = {}): DatabaseSettings {
  const problems: SettingsProblem[] = [];
  let section: Record<string, unknown> = {};
  if (context !== undefined && context !== null) {
    if (typeof context === "object" && !Array.isArray(context)) {
      section = context as Record<string, unknown>;
    } else {
      problems.push({ field: CONTEXT_KEY, source: `cdktf.json context.${CONTEXT_KEY}`, found: render(context),
        accepted: "a JSON object whose keys are settings fields" });
    }
  }

  const known = new Set<string>(SETTINGS_FIELDS.map((f) => f.name));
  for (const key of Object.keys(section).filter((k) => !known.has(k))) {
    // The value is not echoed: an unknown key is where someone may have pasted a secret.
    problems.push({ field: key, source: `cdktf.json context.${CONTEXT_KEY}.${key}`,
      accepted: `not a settings field; known fields: ${[...known].join(", ")}` });
  }

  const values: Record<string, unknown> = {};
  const readings = new Map<string, FieldReading>();
  for (const field of SETTINGS_FIELDS) {
    const reading = readField(field, section, env);
    readings.set(field.name, reading);
    values[field.name] = reading.value;
    if (!reading.valid) {
      problems.push({ field: field.name, source: reading.source ?? "the defaults", found: render(reading.value),
        accepted: field.accepted });
    }
  }
  const settings = Object.freeze(values) as unknown as DatabaseSettings;
  problems.push(...crossFieldProblems(settings, readings));
  if (problems.length > 0) throw new SettingsError(problems);
  return settings;
}
