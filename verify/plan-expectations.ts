import { ReviewedPlan } from "../plan/reviewed-plan";
import { blocksOf, literalRead, literalValue, readBool, readNumber, readString, TerraformValue } from "../plan";
import { DeployInputs } from "../cli/deploy-inputs";
import { POSTGRES_PORT } from "../rds/postgres-port";

export { deployInputsFromEnvironment } from "../cli/deploy-inputs";
export type { DeployInputs } from "../cli/deploy-inputs";

/** What the live account must show, read from one stack's synthesized plan. */
export interface PlanExpectations {
  readonly stack: string;
  readonly region: string | undefined;
  readonly identifier: string;
  /** Terraform attribute -> planned value, for the instance's literal attributes. */
  readonly instance: Readonly<Record<string, unknown>>;
  readonly passwordSource: "variable" | "write-only" | "rds-managed";
  readonly parameterGroupPrefix?: string;
  readonly subnetGroupName?: string;
  readonly securityGroupName?: string;
  readonly postgresPort: number;
  readonly inputs: DeployInputs;
}

/** A string written in place, else undefined (a reference or a variable is decided at apply, not here). */
function literalString(value: TerraformValue | undefined): string | undefined {
  const read = literalRead(readString(value));
  return read.state === "known" ? read.value : undefined;
}

/** Reads the expectations through the project's Terraform JSON reader; throws when the plan has no RDS instance. Pure. */
export function planExpectations(plan: ReviewedPlan, inputs: DeployInputs): PlanExpectations {
  const [db] = plan.dbInstances();
  const identifier = literalString(db?.attributes.get("identifier"));
  if (!db || identifier === undefined) {
    throw new Error(`${plan.file} has no aws_db_instance with a literal identifier: nothing to verify`);
  }
  // Only what the plan writes in place is compared: tags are checked elsewhere, references are known at apply.
  const instance = Object.fromEntries([...db.attributes]
    .filter(([key]) => key !== "tags")
    .map(([key, value]) => [key, literalValue(value)] as const)
    .filter(([, value]) => value !== undefined));
  const parameterGroup = plan.referenced(db.attributes.get("parameter_group_name"), "aws_db_parameter_group")[0];
  const subnetGroup = plan.referenced(db.attributes.get("db_subnet_group_name"), "aws_db_subnet_group")[0];
  const groupIds = db.attributes.get("vpc_security_group_ids");
  const securityGroup = plan.referenced(groupIds?.kind === "list" ? groupIds.items[0] : undefined, "aws_security_group")[0];
  const [ingress] = blocksOf(securityGroup?.attributes.get("ingress"));
  const port = ingress?.kind === "object" ? literalRead(readNumber(ingress.attributes.get("from_port"))) : undefined;
  const provider = plan.config.providers.find((p) => p.name === "aws");
  const managed = readBool(db.attributes.get("manage_master_user_password"));
  return {
    stack: plan.stack,
    region: literalString(provider?.attributes.get("region")),
    identifier,
    instance,
    passwordSource: managed.state === "known" && managed.value ? "rds-managed"
      : db.attributes.has("password_wo") ? "write-only" : "variable",
    parameterGroupPrefix: literalString(parameterGroup?.attributes.get("name_prefix")) ?? literalString(parameterGroup?.attributes.get("name")),
    subnetGroupName: literalString(subnetGroup?.attributes.get("name")),
    securityGroupName: literalString(securityGroup?.attributes.get("name")),
    postgresPort: port?.state === "known" ? port.value : POSTGRES_PORT,
    inputs,
  };
}
