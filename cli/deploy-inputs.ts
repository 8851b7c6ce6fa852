import { InvalidValueError, parseIpv4Cidr, parseSubnetId, parseVpcId } from "./value-parsers";

/** Values the plan leaves to deploy time (TF_VAR_*), when a tool knows them. */
export interface DeployInputs {
  readonly appSubnetCidr?: string;
  readonly dbSubnetIds?: string[];
  readonly vpcId?: string;
}

/** The same values given as a tool's flags (--vpc-id, --app-subnet-cidr, --db-subnet-ids A,B), which win. */
export interface DeployInputFlags {
  readonly vpcId?: string;
  readonly appSubnetCidr?: string;
  readonly dbSubnetIds?: string;
}

type Environment = Readonly<Record<string, string | undefined>>;

/** TF_VAR_db_subnet_ids as terraform reads a list(string) variable: a JSON list of strings. */
function subnetIdsFromEnvironment(text: string): string[] {
  const accepted = 'a JSON list of subnet ids, for example ["subnet-0aaaaaaaaaaaaaaaa","subnet-0bbbbbbbbbbbbbbbb"]';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidValueError("TF_VAR_db_subnet_ids", text, `not valid JSON: ${accepted}`);
  }
  if (!Array.isArray(parsed) || !parsed.every((id) => typeof id === "string")) {
    throw new InvalidValueError("TF_VAR_db_subnet_ids", text, accepted);
  }
  return parsed.map((id) => parseSubnetId(id, "TF_VAR_db_subnet_ids"));
}

/**
 * The deploy-time inputs from the flags, else TF_VAR_* as the deployer exported them for terraform (verify,
 * preflight and deploy read the same ones), each checked: throws InvalidValueError naming the flag or
 * variable, so a tool refuses a bad value (exit 2) before it looks for credentials. Unset or "" is absent.
 */
export function readDeployInputs(flags: DeployInputFlags, env: Environment): DeployInputs {
  const pick = (flag: string, flagValue: string | undefined, variable: string) =>
    flagValue !== undefined ? { text: flagValue, source: flag } : env[variable] ? { text: env[variable] as string, source: variable } : undefined;
  const vpc = pick("--vpc-id", flags.vpcId, "TF_VAR_vpc_id");
  const cidr = pick("--app-subnet-cidr", flags.appSubnetCidr, "TF_VAR_app_subnet_cidr");
  const subnets = flags.dbSubnetIds !== undefined
    ? flags.dbSubnetIds.split(",").map((id) => parseSubnetId(id.trim(), "--db-subnet-ids"))
    : env.TF_VAR_db_subnet_ids ? subnetIdsFromEnvironment(env.TF_VAR_db_subnet_ids) : undefined;
  return {
    vpcId: vpc && parseVpcId(vpc.text, vpc.source),
    appSubnetCidr: cidr && parseIpv4Cidr(cidr.text, cidr.source).text,
    dbSubnetIds: subnets,
  };
}

/** TF_VAR_* alone, checked as readDeployInputs checks them. */
export function deployInputsFromEnvironment(env: Environment): DeployInputs {
  return readDeployInputs({}, env);
}
