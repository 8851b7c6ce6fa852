/** Values the plan leaves to deploy time (TF_VAR_*), when a tool knows them. */
export interface DeployInputs {
  readonly appSubnetCidr?: string;
  readonly dbSubnetIds?: string[];
  readonly vpcId?: string;
}

/** TF_VAR_* as the deployer exported them for terraform (verify and preflight read the same ones). */
export function deployInputsFromEnvironment(env: Readonly<Record<string, string | undefined>>): DeployInputs {
  let dbSubnetIds: string[] | undefined;
  try {
    const parsed = env.TF_VAR_db_subnet_ids ? JSON.parse(env.TF_VAR_db_subnet_ids) : undefined;
    dbSubnetIds = Array.isArray(parsed) ? parsed.map(String) : undefined;
  } catch {
    dbSubnetIds = undefined;
  }
  return { appSubnetCidr: env.TF_VAR_app_subnet_cidr || undefined, dbSubnetIds, vpcId: env.TF_VAR_vpc_id || undefined };
}
