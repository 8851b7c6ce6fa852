/**
 * The one Terraform JSON reader of the project: every review rule, `review:change`, verify, preflight, cost and the
 * network rehearsal read plans through it (plan/read-plans.ts readPlan for a single plan).
 *
 *   readConfiguration(fileOrDir)      -> TerraformConfiguration (files of a folder merged as Terraform merges them)
 *   parseConfiguration([{file, text}]) -> the same, from text
 *   findConfigurations(path)           -> the configuration paths under a path
 *   TerraformConfiguration: resources / dataSources (one per instance, typed attributes), variables, outputs,
 *     locals, modules, moved, providers, backend
 *   readBool / readNumber / readString / readList / readStringList: Terraform's conversions, as Read<T>
 *     (known, with where it came from / unset / unknown, with the expression / invalid)
 */
export * from "./values";
export * from "./json-syntax";
export * from "./expressions";
export * from "./configuration";
export * from "./read-configuration";
