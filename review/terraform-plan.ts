// Legacy JSON.parse reader kept for verify/ and rehearsal/ only: the review gate reads plans through ./terraform-json.
/** A JSON value from a synthesized Terraform configuration. */
// `any` on purpose: verify/ and rehearsal/ index this legacy shape freely; the gate reads plans typed, through ./terraform-json.
export type JsonValue = any;

export interface PlanResource {
  readonly type: string;
  readonly name: string;
  /** Terraform address, e.g. aws_db_instance.checkpoints */
  readonly address: string;
  readonly body: Record<string, JsonValue>;
}

/** One stack's synthesized cdk.tf.json, with the look-ups the rules need. Read-only. */
export class TerraformPlan {
  constructor(readonly stack: string, readonly file: string, readonly json: Record<string, JsonValue>) {}

  resources(type?: string): PlanResource[] {
    return this.blocks("resource", type);
  }

  dataSources(type?: string): PlanResource[] {
    return this.blocks("data", type);
  }

  private blocks(kind: "resource" | "data", type?: string): PlanResource[] {
    const byType = (this.json[kind] ?? {}) as Record<string, Record<string, JsonValue>>;
    return Object.entries(byType)
      .filter(([t]) => type === undefined || t === type)
      .flatMap(([t, byName]) => Object.entries(byName ?? {}).map(([name, body]) => ({
        type: t, name, address: `${kind === "data" ? "data." : ""}${t}.${name}`, body: body ?? {},
      })));
  }

  dbInstances(): PlanResource[] {
    return this.resources("aws_db_instance");
  }

  get variables(): Record<string, JsonValue> {
    return this.json.variable ?? {};
  }

  get outputs(): Record<string, JsonValue> {
    return this.json.output ?? {};
  }

  /** The resource a whole-value reference such as "${aws_security_group.x.id}" points at. */
  referencedResource(value: unknown, type?: string): PlanResource | undefined {
    const ref = typeof value === "string" ? /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[A-Za-z0-9_]+\}$/.exec(value) : null;
    if (!ref || (type && ref[1] !== type)) return undefined;
    return this.resources(ref[1]).find((r) => r.name === ref[2]);
  }
}

/** "${var.name}" -> "name"; anything else -> undefined. */
export function variableReference(value: unknown): string | undefined {
  return typeof value === "string" ? /^\$\{var\.([A-Za-z0-9_-]+)\}$/.exec(value)?.[1] : undefined;
}

/** Renders a found value for a report line. */
export function show(value: unknown): string {
  if (value === undefined) return "(not set)";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
