/** The change review's result types: the same whether from two configurations or a terraform plan. */
import { Effect } from "./effects";

/** forget: a `removed` block with lifecycle { destroy = false }: Terraform stops managing the object, which keeps running. */
export type ResourceAction = "create" | "update" | "replace" | "delete" | "move" | "forget" | "not-evaluable";

export interface AttributeChange {
  readonly attribute: string;
  /** Shown values: secrets and variables by name only. */
  readonly before: string;
  readonly after: string;
  readonly effect: Effect;
  readonly detail: string;
}

export interface ResourceChange {
  readonly address: string;
  /** Where the resource was before a `moved` block (or the plan's previous_address) moved it. */
  readonly previousAddress?: string;
  readonly type: string;
  readonly action: ResourceAction;
  /** The worst effect of the change. */
  readonly effect: Effect;
  readonly attributes: readonly AttributeChange[];
  /** Facts a reviewer needs beside the attributes (safeguards, the provider's reason). */
  readonly notes: readonly string[];
  /** Why `terraform plan` or `apply` would fail on this change (Terraform's own refusal, or AWS's): each fails the review. */
  readonly refusals?: readonly string[];
}

export interface StackChanges {
  readonly stack: string;
  readonly resources: readonly ResourceChange[];
}
