import { Construct } from "constructs";
import { TerraformVariable } from "cdktf";
import { PasswordSource } from "../config/database-settings";

/**
 * RDS accepts a PostgreSQL master password of 8-128 printable ASCII characters other than "/", '"', "@"
 * and space. Checking it at plan time stops a deploy that would otherwise fail ten minutes into apply.
 */
const RDS_PASSWORD_CONDITION =
  'length(var.db_password) >= 8 && length(var.db_password) <= 128 && ' +
  'can(regex("^[!-~]+$", var.db_password)) && !can(regex("[/\\"@]", var.db_password))';

const VPC_ID = "^vpc-[0-9a-f]{8}([0-9a-f]{9})?$";
const SUBNET_ID = "^subnet-[0-9a-f]{8}([0-9a-f]{9})?$";

/**
 * The Terraform variables the document's pattern reads (var.db_password, var.vpc_id,
 * var.app_subnet_cidr) plus the database subnets its subnet group needs. Values arrive at deploy time
 * (TF_VAR_*), so the synthesized JSON never holds them.
 */
export class DatabaseInputs extends Construct {
  /** The master password: sensitive, no default, never in the synthesized JSON; absent when RDS manages it. */
  readonly dbPassword?: TerraformVariable;
  /** write-only: bump it to send a new password (Terraform cannot see a write-only value change). */
  readonly dbPasswordVersion?: TerraformVariable;
  readonly vpcId: TerraformVariable;
  readonly appSubnetCidr: TerraformVariable;
  readonly dbSubnetIds: TerraformVariable;

  constructor(scope: Construct, id: string, passwordSource: PasswordSource) {
    super(scope, id);

    if (passwordSource !== "rds-managed") {
      this.dbPassword = new TerraformVariable(this, "db_password", {
        type: "string",
        sensitive: true,
        nullable: false,
        description: "Master password of the checkpoints database. Supply it from Secrets Manager as " +
          "TF_VAR_db_password at deploy time; never write it into a file." +
          (passwordSource === "write-only" ? " Ephemeral: it reaches RDS write-only and never lands in plan or state." : ""),
        validation: [{
          condition: `\${${RDS_PASSWORD_CONDITION}}`,
          errorMessage: 'db_password must be 8-128 printable ASCII characters with no "/", double quote, "@" ' +
            "or space (RDS rejects those; `openssl rand -base64 32` often yields \"/\"): generate one with `npm run secret:create`.",
        }],
      });
      this.dbPassword.overrideLogicalId("db_password");
    }
    if (passwordSource === "write-only" && this.dbPassword) {
      // Terraform 1.10+: an ephemeral variable is never persisted; only write-only arguments may take it.
      this.dbPassword.addOverride("ephemeral", true);
      this.dbPasswordVersion = new TerraformVariable(this, "db_password_version", {
        type: "number",
        default: 1,
        nullable: false,
        description: "Version of the write-only master password: increase it to apply a new db_password.",
        validation: [{
          condition: "${var.db_password_version >= 1 && floor(var.db_password_version) == var.db_password_version}",
          errorMessage: "db_password_version must be a whole number of at least 1.",
        }],
      });
      this.dbPasswordVersion.overrideLogicalId("db_password_version");
    }

    this.vpcId = new TerraformVariable(this, "vpc_id", {
      type: "string",
      nullable: false,
      description: "ID of the VPC that holds the application subnet and the database subnets.",
      validation: [{
        condition: `\${can(regex("${VPC_ID}", var.vpc_id))}`,
        errorMessage: "vpc_id must be a VPC ID such as vpc-0123456789abcdef0.",
      }],
    });
    this.vpcId.overrideLogicalId("vpc_id");

    this.appSubnetCidr = new TerraformVariable(this, "app_subnet_cidr", {
      type: "string",
      nullable: false,
      description: "IPv4 CIDR of the application subnet: the only source allowed to reach PostgreSQL on 5432. " +
        "Use the subnet's CIDR, not server IPs (IPs change, the subnet does not).",
      validation: [
        {
          // cidrnetmask accepts only IPv4; comparing with cidrsubnet(x, 0, 0) rejects host bits (10.0.1.7/24).
          condition: "${can(cidrnetmask(var.app_subnet_cidr)) && " +
            "try(cidrsubnet(var.app_subnet_cidr, 0, 0) == var.app_subnet_cidr, false)}",
          errorMessage: "app_subnet_cidr must be an IPv4 network in CIDR notation with its host bits zero, such as 10.0.1.0/24.",
        },
        {
          condition: '${var.app_subnet_cidr != "0.0.0.0/0"}',
          errorMessage: "app_subnet_cidr must not be 0.0.0.0/0: the database is reachable from the application subnet only.",
        },
      ],
    });
    this.appSubnetCidr.overrideLogicalId("app_subnet_cidr");

    this.dbSubnetIds = new TerraformVariable(this, "db_subnet_ids", {
      type: "list(string)",
      nullable: false,
      description: "Private subnets for the database, in at least two availability zones (RDS requires two; " +
        "Multi-AZ places the standby in the second).",
      validation: [
        {
          condition: "${length(var.db_subnet_ids) >= 2}",
          errorMessage: "db_subnet_ids must list at least two subnets, in different availability zones.",
        },
        {
          condition: `\${alltrue([for id in var.db_subnet_ids : can(regex("${SUBNET_ID}", id))])}`,
          errorMessage: "db_subnet_ids must hold subnet IDs such as subnet-0123456789abcdef0.",
        },
      ],
    });
    this.dbSubnetIds.overrideLogicalId("db_subnet_ids");
  }
}
