/** The saved plan's file name, inside the stack's directory. */
export const PLAN_FILE = "checkpoints.tfplan";

/**
 * The terraform commands of a diff or a deploy, run in the stack's synthesized directory. A deploy applies
 * exactly the saved plan the operator saw (`apply PLAN`), so nothing can change between review and apply. Pure.
 */
export function terraformSteps(command: "diff" | "deploy", stackDir: string, { color = true } = {}):
  { init: string[]; plan: string[]; apply?: string[] } {
  const chdir = `-chdir=${stackDir}`;
  // Output that is not a terminal (a log, a pipe, CI) gets no ANSI colour codes: terraform's -no-color.
  const input = ["-input=false", ...(color ? [] : ["-no-color"])];
  return {
    init: [chdir, "init", ...input],
    plan: [chdir, "plan", ...input, ...(command === "deploy" ? [`-out=${PLAN_FILE}`] : [])],
    ...(command === "deploy" ? { apply: [chdir, "apply", ...input, PLAN_FILE] } : {}),
  };
}
