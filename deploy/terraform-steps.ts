/** The saved plan's file name, inside the stack's directory. */
export const PLAN_FILE = "checkpoints.tfplan";

/**
 * The terraform commands of a diff or a deploy, run in the stack's synthesized directory. A deploy applies
 * exactly the saved plan the operator saw (`apply PLAN`), so nothing can change between review and apply. Pure.
 */
export function terraformSteps(command: "diff" | "deploy", stackDir: string): { init: string[]; plan: string[]; apply?: string[] } {
  const chdir = `-chdir=${stackDir}`;
  return {
    init: [chdir, "init", "-input=false"],
    plan: [chdir, "plan", "-input=false", ...(command === "deploy" ? [`-out=${PLAN_FILE}`] : [])],
    ...(command === "deploy" ? { apply: [chdir, "apply", "-input=false", PLAN_FILE] } : {}),
  };
}
