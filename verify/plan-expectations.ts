import { TerraformPlan } from "../review/terraform-plan";
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

const isReference = (value: unknown) => typeof value === "string" && value.includes("${");

/** Reads the expectations; throws with a clear message when the plan has no RDS instance. */
export function planExpectations(plan: TerraformPlan, inputs: DeployInputs): PlanExpectations {
  const [db] = plan.dbInstances();
  if (!db || typeof db.body.identifier !== "string") {
    throw new Error(`${plan.file} has no aws_db_instance with a literal identifier: nothing to verify`);
  }
  const instance = Object.fromEntries(Object.entries(db.body)
    .filter(([key, value]) => key !== "//" && key !== "tags" && key !== "depends_on" && !isReference(value) &&
      !(Array.isArray(value) && value.some(isReference))));
  const parameterGroup = plan.referencedResource(db.body.parameter_group_name, "aws_db_parameter_group");
  const subnetGroup = plan.referencedResource(db.body.db_subnet_group_name, "aws_db_subnet_group");
  const [groupRef] = Array.isArray(db.body.vpc_security_group_ids) ? db.body.vpc_security_group_ids : [];
  const securityGroup = plan.referencedResource(groupRef, "aws_security_group");
  const ingress = Array.isArray(securityGroup?.body.ingress) ? securityGroup?.body.ingress[0] : undefined;
  return {
    stack: plan.stack,
    region: plan.json.provider?.aws?.[0]?.region,
    identifier: db.body.identifier,
    instance,
    passwordSource: db.body.manage_master_user_password === true ? "rds-managed"
      : db.body.password_wo !== undefined ? "write-only" : "variable",
    parameterGroupPrefix: parameterGroup?.body.name_prefix ?? parameterGroup?.body.name,
    subnetGroupName: subnetGroup?.body.name,
    securityGroupName: securityGroup?.body.name,
    postgresPort: typeof ingress?.from_port === "number" ? ingress.from_port : POSTGRES_PORT,
    inputs,
  };
}
