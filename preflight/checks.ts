import type { DBEngineVersion, DBInstance, DBSnapshot, OrderableDBInstanceOption } from "@aws-sdk/client-rds";
import type { Subnet, Vpc } from "@aws-sdk/client-ec2";
import type { AwsFailure } from "../aws/aws-errors";
import type { DeployInputs } from "../cli/deploy-inputs";
import { cidrWithin } from "../cli/value-parsers";
import { isMajorOnly } from "../rds/postgres-engine-versions";
import { isRdsPassword } from "../rds/master-password-rule";
import type { PreflightPlan, S3Backend } from "./plan-facts";

/** pass; fail (the apply would fail: `fix` says what to change); skipped (`detail` says why); error (AWS did not answer). */
export type CheckStatus = "pass" | "fail" | "skipped" | "error";

export interface PreflightCheck {
  readonly id: string;
  readonly status: CheckStatus;
  /** The API call, as the IAM action that allows it: "rds:DescribeDBEngineVersions". */
  readonly call: string;
  /** The response field the check read. */
  readonly field: string;
  /** What was found, or why it was skipped or could not be evaluated. */
  readonly detail: string;
  /** For a fail (or an error an operator can fix): the exact setting to change. */
  readonly fix?: string;
  /** For an error: the class of AWS failure, which decides the exit code. */
  readonly failure?: AwsFailure;
}

type Row = Omit<PreflightCheck, "status" | "detail" | "fix">;
const pass = (row: Row, detail: string): PreflightCheck => ({ ...row, status: "pass", detail });
const fail = (row: Row, detail: string, fix: string): PreflightCheck => ({ ...row, status: "fail", detail, fix });
const skipped = (row: Row, detail: string): PreflightCheck => ({ ...row, status: "skipped", detail });

/** Each check's id, call and field: the report's rows, and what an AWS error on that call takes down. */
export const ROWS = {
  engineVersion: { id: "engine-version", call: "rds:DescribeDBEngineVersions", field: "DBEngineVersions[].EngineVersion, Status" },
  parameterGroupFamily: { id: "parameter-group-family", call: "rds:DescribeDBEngineVersions", field: "DBEngineVersions[].DBParameterGroupFamily" },
  instanceClass: { id: "instance-class", call: "rds:DescribeOrderableDBInstanceOptions", field: "OrderableDBInstanceOptions[].DBInstanceClass, StorageType" },
  multiAz: { id: "multi-az", call: "rds:DescribeOrderableDBInstanceOptions", field: "OrderableDBInstanceOptions[].MultiAZCapable" },
  storageEncryption: { id: "storage-encryption", call: "rds:DescribeOrderableDBInstanceOptions", field: "OrderableDBInstanceOptions[].SupportsStorageEncryption" },
  performanceInsights: { id: "performance-insights", call: "rds:DescribeOrderableDBInstanceOptions", field: "OrderableDBInstanceOptions[].SupportsPerformanceInsights" },
  storageSize: { id: "storage-size", call: "rds:DescribeOrderableDBInstanceOptions", field: "OrderableDBInstanceOptions[].MinStorageSize, MaxStorageSize" },
  iops: { id: "iops", call: "rds:DescribeOrderableDBInstanceOptions", field: "OrderableDBInstanceOptions[].SupportsIops, Min/MaxIopsPerDbInstance, Min/MaxIopsPerGib" },
  storageThroughput: { id: "storage-throughput", call: "rds:DescribeOrderableDBInstanceOptions", field: "OrderableDBInstanceOptions[].SupportsStorageThroughput, Min/MaxStorageThroughputPerDbInstance" },
  vpc: { id: "vpc", call: "ec2:DescribeVpcs", field: "Vpcs[].VpcId" },
  appCidr: { id: "app-cidr-in-vpc", call: "ec2:DescribeVpcs", field: "Vpcs[].CidrBlockAssociationSet[].CidrBlock" },
  subnets: { id: "db-subnets", call: "ec2:DescribeSubnets", field: "Subnets[].SubnetId" },
  subnetsVpc: { id: "db-subnets-in-vpc", call: "ec2:DescribeSubnets", field: "Subnets[].VpcId" },
  subnetsAzs: { id: "db-subnets-two-azs", call: "ec2:DescribeSubnets", field: "Subnets[].AvailabilityZone" },
  identifier: { id: "identifier-free", call: "rds:DescribeDBInstances", field: "DBInstances[].DBInstanceIdentifier, TagList" },
  finalSnapshot: { id: "final-snapshot-name-free", call: "rds:DescribeDBSnapshots", field: "DBSnapshots[].DBSnapshotIdentifier" },
  secret: { id: "master-secret", call: "secretsmanager:GetSecretValue", field: "SecretString.password" },
  stateBucket: { id: "state-bucket", call: "s3:ListBucket (HeadBucket)", field: "HTTP status" },
  stateBucketRegion: { id: "state-bucket-region", call: "s3:GetBucketLocation", field: "LocationConstraint" },
  stateBucketVersioning: { id: "state-bucket-versioning", call: "s3:GetBucketVersioning", field: "Status" },
} as const satisfies Record<string, Row>;

const ENGINE_FIX = 'engineVersion (CHECKPOINTS_ENGINE_VERSION): "15", or a minor that ' +
  "`aws rds describe-db-engine-versions --engine postgres --region REGION` lists";

/** engine-version and parameter-group-family, from DescribeDBEngineVersions. Returns the version RDS will create. */
export function engineChecks(plan: PreflightPlan, region: string, versions: readonly DBEngineVersion[]):
  { checks: PreflightCheck[]; resolvedVersion?: string } {
  const offered = versions.find((v) => v.Engine === plan.engine && (v.Status ?? "available") === "available" &&
    (v.EngineVersion === plan.engineVersion || (isMajorOnly(plan.engineVersion) &&
      (v.EngineVersion ?? "").startsWith(`${plan.engineVersion}.`))));
  if (!offered) {
    const seen = versions.map((v) => `${v.EngineVersion} (${v.Status ?? "available"})`).join(", ") || "nothing";
    const detail = `${plan.engine} ${plan.engineVersion} is not offered for new instances in ${region} (RDS answered: ${seen})`;
    return { checks: [fail(ROWS.engineVersion, detail, ENGINE_FIX),
      skipped(ROWS.parameterGroupFamily, "no offered engine version to compare with")] };
  }
  const resolved = offered.EngineVersion as string;
  const checks = [pass(ROWS.engineVersion, isMajorOnly(plan.engineVersion)
    ? `${plan.engine} ${plan.engineVersion} -> ${resolved}, RDS's default ${plan.engineVersion}.x in ${region}`
    : `${plan.engine} ${resolved} is offered in ${region}`)];
  if (!plan.parameterGroupFamily) checks.push(skipped(ROWS.parameterGroupFamily, "the plan has no parameter group"));
  else if (offered.DBParameterGroupFamily === plan.parameterGroupFamily) {
    checks.push(pass(ROWS.parameterGroupFamily, `${plan.parameterGroupFamily}, as the plan's parameter group`));
  } else {
    checks.push(fail(ROWS.parameterGroupFamily, `the plan's parameter group is ${plan.parameterGroupFamily}; ` +
      `${resolved} needs ${offered.DBParameterGroupFamily}`, ENGINE_FIX));
  }
  return { checks, resolvedVersion: resolved };
}

const CLASS_FIX = "instanceClass (CHECKPOINTS_INSTANCE_CLASS, or CHECKPOINTS_<ENV>_INSTANCE_CLASS): a class " +
  "`aws rds describe-orderable-db-instance-options --engine postgres --engine-version VERSION --region REGION` lists";

/** The instance class and storage as orderable in the region, from DescribeOrderableDBInstanceOptions. Pure. */
export function orderableChecks(plan: PreflightPlan, region: string, version: string,
  options: readonly OrderableDBInstanceOption[]): PreflightCheck[] {
  const forClass = options.filter((o) => o.DBInstanceClass === plan.instanceClass);
  const matching = forClass.filter((o) => o.StorageType === plan.storageType);
  const where = `${plan.instanceClass} with postgres ${version} and ${plan.storageType} storage in ${region}`;
  if (matching.length === 0) {
    const types = [...new Set(forClass.map((o) => o.StorageType))].join(", ");
    const detail = forClass.length === 0 ? `${plan.instanceClass} is not orderable for postgres ${version} in ${region}`
      : `${plan.instanceClass} is orderable here only with ${types} storage, not ${plan.storageType}`;
    const blocked = "needs an orderable instance class (see instance-class)";
    return [fail(ROWS.instanceClass, detail, forClass.length === 0 ? CLASS_FIX : `storageType (CHECKPOINTS_STORAGE_TYPE): one of ${types}`),
      ...[ROWS.multiAz, ROWS.storageEncryption, ROWS.performanceInsights, ROWS.storageSize, ROWS.iops, ROWS.storageThroughput]
        .map((row) => skipped(row, blocked))];
  }
  const any = (test: (o: OrderableDBInstanceOption) => boolean | undefined) => matching.some((o) => test(o) === true);
  const checks = [pass(ROWS.instanceClass, `${where} is orderable`)];
  checks.push(!plan.multiAz ? skipped(ROWS.multiAz, "the plan is single-AZ (multi_az = false)")
    : any((o) => o.MultiAZCapable) ? pass(ROWS.multiAz, `${plan.instanceClass} offers Multi-AZ here`)
      : fail(ROWS.multiAz, `${where} is not Multi-AZ capable`, `${CLASS_FIX}; or multiAz (CHECKPOINTS_MULTI_AZ) false`));
  checks.push(!plan.storageEncrypted ? skipped(ROWS.storageEncryption, "the plan does not encrypt storage")
    : any((o) => o.SupportsStorageEncryption) ? pass(ROWS.storageEncryption, `${plan.instanceClass} supports encrypted storage here`)
      : fail(ROWS.storageEncryption, `${where} does not support storage encryption`, CLASS_FIX));
  checks.push(!plan.performanceInsights ? skipped(ROWS.performanceInsights, "the plan does not enable Performance Insights")
    : any((o) => o.SupportsPerformanceInsights) ? pass(ROWS.performanceInsights, `${plan.instanceClass} offers Performance Insights here`)
      : fail(ROWS.performanceInsights, `${where} does not offer Performance Insights, which the plan enables`,
        `${CLASS_FIX} that offers Performance Insights`));
  const size = plan.allocatedStorageGb;
  const fits = any((o) => size >= (o.MinStorageSize ?? 0) && size <= (o.MaxStorageSize ?? Infinity));
  const ranges = [...new Set(matching.map((o) => `${o.MinStorageSize}-${o.MaxStorageSize}`))].join(", ");
  checks.push(fits ? pass(ROWS.storageSize, `${size} GiB is within ${ranges} GiB`)
    : fail(ROWS.storageSize, `${size} GiB is outside ${ranges} GiB`, `allocatedStorageGb (CHECKPOINTS_ALLOCATED_STORAGE_GB): within ${ranges}`));
  const iops = plan.iops;
  if (iops === undefined) checks.push(skipped(ROWS.iops, "the plan sets no iops"));
  else {
    const ok = any((o) => o.SupportsIops && iops >= (o.MinIopsPerDbInstance ?? 0) && iops <= (o.MaxIopsPerDbInstance ?? Infinity) &&
      iops / size >= (o.MinIopsPerGib ?? 0) && iops / size <= (o.MaxIopsPerGib ?? Infinity));
    const o = matching[0];
    checks.push(ok ? pass(ROWS.iops, `${iops} IOPS at ${size} GiB is within what RDS offers here`)
      : fail(ROWS.iops, `${iops} IOPS at ${size} GiB: RDS offers ${o.SupportsIops ? `${o.MinIopsPerDbInstance}-${o.MaxIopsPerDbInstance} ` +
        `IOPS and ${o.MinIopsPerGib}-${o.MaxIopsPerGib} per GiB` : "no provisioned IOPS"} for ${where}`,
      "iops (CHECKPOINTS_IOPS), or storageType/allocatedStorageGb"));
  }
  const throughput = plan.storageThroughput;
  if (throughput === undefined) checks.push(skipped(ROWS.storageThroughput, "the plan sets no storage_throughput"));
  else {
    const ok = any((o) => o.SupportsStorageThroughput && throughput >= (o.MinStorageThroughputPerDbInstance ?? 0) &&
      throughput <= (o.MaxStorageThroughputPerDbInstance ?? Infinity));
    checks.push(ok ? pass(ROWS.storageThroughput, `${throughput} MiBps is within what RDS offers here`)
      : fail(ROWS.storageThroughput, `${throughput} MiBps is not offered for ${where}`, "storageThroughput (CHECKPOINTS_STORAGE_THROUGHPUT)"));
  }
  return checks;
}

/** vpc and app-cidr-in-vpc, from DescribeVpcs (undefined: the VPC does not exist). Pure. */
export function vpcChecks(inputs: DeployInputs, vpc: Vpc | undefined): PreflightCheck[] {
  if (!inputs.vpcId) {
    return [skipped(ROWS.vpc, "TF_VAR_vpc_id is not set"), skipped(ROWS.appCidr, "TF_VAR_vpc_id is not set")];
  }
  if (!vpc) {
    return [fail(ROWS.vpc, `${inputs.vpcId} does not exist in this account and region`, "TF_VAR_vpc_id: the VPC of the app and database subnets"),
      skipped(ROWS.appCidr, "needs the VPC (see vpc)")];
  }
  const blocks = [...new Set([vpc.CidrBlock, ...(vpc.CidrBlockAssociationSet ?? [])
    .filter((a) => (a.CidrBlockState?.State ?? "associated") === "associated").map((a) => a.CidrBlock)]
    .filter((b): b is string => !!b))];
  const checks = [pass(ROWS.vpc, `${inputs.vpcId} exists (${blocks.join(", ")})`)];
  const cidr = inputs.appSubnetCidr;
  if (!cidr) checks.push(skipped(ROWS.appCidr, "TF_VAR_app_subnet_cidr is not set"));
  else if (blocks.some((b) => cidrWithin(cidr, b))) checks.push(pass(ROWS.appCidr, `${cidr} lies inside ${inputs.vpcId}`));
  else {
    checks.push(fail(ROWS.appCidr, `${cidr} lies outside every CIDR block of ${inputs.vpcId} (${blocks.join(", ")}): ` +
      "the security group would admit no application server", "TF_VAR_app_subnet_cidr: the application subnet's CIDR, inside the VPC"));
  }
  return checks;
}

/** db-subnets, db-subnets-in-vpc, db-subnets-two-azs, from DescribeSubnets (missing: ids AWS did not find). Pure. */
export function subnetChecks(inputs: DeployInputs, subnets: readonly Subnet[], missing: readonly string[]): PreflightCheck[] {
  const ids = inputs.dbSubnetIds;
  if (!ids || ids.length === 0) {
    return [ROWS.subnets, ROWS.subnetsVpc, ROWS.subnetsAzs].map((row) => skipped(row, "TF_VAR_db_subnet_ids is not set"));
  }
  const fix = "TF_VAR_db_subnet_ids: private subnets of the VPC, in at least two availability zones";
  if (missing.length > 0) {
    return [fail(ROWS.subnets, `${missing.join(", ")} not found in this account and region`, fix),
      skipped(ROWS.subnetsVpc, "needs every subnet (see db-subnets)"), skipped(ROWS.subnetsAzs, "needs every subnet (see db-subnets)")];
  }
  const checks = [pass(ROWS.subnets, `${ids.join(", ")} exist`)];
  const elsewhere = subnets.filter((s) => s.VpcId !== inputs.vpcId);
  checks.push(!inputs.vpcId ? skipped(ROWS.subnetsVpc, "TF_VAR_vpc_id is not set")
    : elsewhere.length === 0 ? pass(ROWS.subnetsVpc, `all in ${inputs.vpcId}`)
      : fail(ROWS.subnetsVpc, elsewhere.map((s) => `${s.SubnetId} is in ${s.VpcId}`).join(", ") + `, not ${inputs.vpcId}`, fix));
  const zones = [...new Set(subnets.map((s) => s.AvailabilityZone))];
  checks.push(zones.length >= 2 ? pass(ROWS.subnetsAzs, `${zones.length} availability zones: ${zones.join(", ")}`)
    : fail(ROWS.subnetsAzs, `every subnet is in ${zones.join(", ")}: RDS needs a DB subnet group covering at least two ` +
      "availability zones", fix));
  return checks;
}

/** identifier-free: free, or this stack's own instance (same identifier, the stack's tags). Pure. */
export function identifierCheck(plan: PreflightPlan, instance: DBInstance | undefined): PreflightCheck {
  if (!instance) return pass(ROWS.identifier, `no instance is named ${plan.identifier}`);
  const tags = new Map((instance.TagList ?? []).map((t) => [t.Key, t.Value]));
  const own = Object.entries(plan.tags).every(([key, value]) => tags.get(key) === value);
  if (own) return pass(ROWS.identifier, `${plan.identifier} exists with this stack's tags: the apply updates it`);
  const shown = [...tags].map(([k, v]) => `${k}=${v}`).join(", ") || "no tags";
  return fail(ROWS.identifier, `${plan.identifier} is taken by an instance that is not this stack's (${shown})`,
    "identifier (CHECKPOINTS_IDENTIFIER, or CHECKPOINTS_<ENV>_IDENTIFIER): a name no instance in this account and region uses");
}

/** final-snapshot-name-free: the snapshot a destroy will take must not exist yet. Pure. */
export function finalSnapshotCheck(plan: PreflightPlan, snapshot: DBSnapshot | undefined): PreflightCheck {
  if (!plan.finalSnapshotIdentifier) return skipped(ROWS.finalSnapshot, "the plan takes no final snapshot (finalSnapshot false)");
  if (!snapshot) return pass(ROWS.finalSnapshot, `no snapshot is named ${plan.finalSnapshotIdentifier}`);
  const created = snapshot.SnapshotCreateTime ? ` (created ${new Date(snapshot.SnapshotCreateTime).toISOString()})` : "";
  return fail(ROWS.finalSnapshot, `snapshot ${plan.finalSnapshotIdentifier} already exists${created}: a destroy of this ` +
    "instance would fail to take its final snapshot",
  `identifier (CHECKPOINTS_IDENTIFIER): the final snapshot is named <identifier>-final; or keep the old snapshot under ` +
    `another name and delete it (aws rds copy-db-snapshot, then aws rds delete-db-snapshot --db-snapshot-identifier ` +
    `${plan.finalSnapshotIdentifier})`);
}

/** master-secret: the secret holds a password RDS accepts. The password itself never leaves this function. */
export function secretCheck(secretId: string | undefined, secretString: string | undefined): PreflightCheck {
  if (!secretId) return skipped(ROWS.secret, "no --secret-id given");
  const fix = `the secret's password: npm run secret:create -- --secret-id ${secretId} --rotate`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString ?? "");
  } catch {
    return fail(ROWS.secret, `${secretId} is not JSON in RDS's shape {"username", "password"}`, fix);
  }
  const password = (parsed as { password?: unknown })?.password;
  if (typeof password !== "string") return fail(ROWS.secret, `${secretId} has no string "password"`, fix);
  return isRdsPassword(password) ? pass(ROWS.secret, `${secretId} holds a password RDS accepts (${password.length} characters)`)
    : fail(ROWS.secret, `${secretId}'s password breaks RDS's rule (8-128 printable ASCII, no "/", '"', "@" or space)`, fix);
}

/** "" or null means us-east-1, and "EU" eu-west-1 (S3 API Reference, GetBucketLocation). Pure. */
export function bucketRegion(locationConstraint: string | undefined | null): string {
  if (!locationConstraint) return "us-east-1";
  return locationConstraint === "EU" ? "eu-west-1" : locationConstraint;
}

/** state-bucket, -region and -versioning (exists false: HeadBucket answered 404). Pure. */
export function stateBucketChecks(backend: S3Backend | undefined, found: { exists: boolean; location?: string | null;
  versioning?: string } | undefined): PreflightCheck[] {
  const rows = [ROWS.stateBucket, ROWS.stateBucketRegion, ROWS.stateBucketVersioning];
  if (!backend) return rows.map((row) => skipped(row, "the plan uses local state"));
  if (!found?.exists) {
    return [fail(ROWS.stateBucket, `bucket ${backend.bucket} does not exist`, "stateBackend.bucket (CHECKPOINTS_STATE_BUCKET): " +
      "an existing bucket, versioned, in stateBackend.region"), ...rows.slice(1).map((row) => skipped(row, "needs the bucket (see state-bucket)"))];
  }
  const region = bucketRegion(found.location);
  return [
    pass(ROWS.stateBucket, `bucket ${backend.bucket} exists`),
    region === backend.region ? pass(ROWS.stateBucketRegion, `in ${region}, as the backend says`)
      : fail(ROWS.stateBucketRegion, `bucket ${backend.bucket} is in ${region}, the backend says ${backend.region}`,
        `stateBackend.region (CHECKPOINTS_STATE_REGION): ${region}`),
    found.versioning === "Enabled" ? pass(ROWS.stateBucketVersioning, "versioning is Enabled: earlier states can be recovered")
      : fail(ROWS.stateBucketVersioning, `versioning is ${found.versioning ?? "off (never enabled)"}: a bad apply could lose the state`,
        `the bucket's versioning: aws s3api put-bucket-versioning --bucket ${backend.bucket} --versioning-configuration Status=Enabled`),
  ];
}
