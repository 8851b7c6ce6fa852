import * as path from "node:path";
import { ResourceInstance, TerraformConfiguration, TerraformValue } from ".";

/**
 * The design document's connection need: "PostgreSQL has connection limits (100 for t4g.small)". The gate states it
 * itself rather than reading the configuration's default: it judges plans by the document, not by the config.
 */
export const DOCUMENT_MIN_MAX_CONNECTIONS = 100;

/** One stack under review: its configuration, read by the Terraform JSON reader, with the look-ups rules share. */
export class ReviewedPlan {
  /**
   * minMaxConnections: the fewest connections this stack's app needs (config's minMaxConnections for the
   * stack's environment, or --min-max-connections); CKPT-MAX-CONNECTIONS checks the plan against it.
   */
  constructor(readonly stack: string, readonly file: string, readonly config: TerraformConfiguration,
    readonly minMaxConnections: number = DOCUMENT_MIN_MAX_CONNECTIONS) {}

  /** Managed resource instances of the given types, in the order they were declared. */
  instances(...types: string[]): ResourceInstance[] {
    return this.config.resources.filter((r) => types.includes(r.type));
  }

  dbInstances(): ResourceInstance[] {
    return this.instances("aws_db_instance");
  }

  /** The instances of the managed resource block a reference value points at (aws_security_group.x.id -> aws_security_group.x). */
  referenced(value: TerraformValue | undefined, type?: string): ResourceInstance[] {
    if (value?.kind !== "reference") return [];
    const [head, name] = value.traversal;
    if (head === "data" || (type !== undefined && head !== type)) return [];
    return this.config.resources.filter((r) => r.type === head && r.name === name);
  }
}

/** The stack's name: cdktf's metadata, else the folder (or file) the configuration came from. */
export function stackNameOf(config: TerraformConfiguration, target: string): string {
  if (config.stackName) return config.stackName;
  const first = config.files[0] ?? target;
  return path.basename(path.dirname(first));
}
