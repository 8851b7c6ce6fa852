import { exitTable } from "../cli/exit-table";

/** `npm run deploy` / `npm run diff` exit codes: one table, shown by --help and in the README. */
export const DEPLOY_EXIT = {
  ok: { code: 0, meaning: "deploy: the reviewed plan was applied; diff: the plan was shown" },
  terraform: { code: 1, meaning: "terraform init, plan or apply failed (its own output says why)" },
  usage: { code: 2, meaning: "usage error, or terraform is not on PATH" },
  synth: { code: 3, meaning: "synth failed (a configuration error): nothing was planned" },
  review: { code: 4, meaning: "the review gate failed: nothing was planned" },
  preflight: { code: 5, meaning: "preflight failed (or could not ask AWS): nothing was planned" },
  declined: { code: 6, meaning: "the operator did not confirm: nothing was applied" },
} as const;

/** The same codes as one array in code order: what --help and docs/ render. */
export const EXIT_TABLE = exitTable(DEPLOY_EXIT);
