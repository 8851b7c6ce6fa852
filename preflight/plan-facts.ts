import { TerraformPlan } from "../review/terraform-plan";

/** The S3 backend block of a synthesized plan (terraform.backend.s3). */
export interface S3Backend {
  readonly bucket: string;
  readonly region: string;
  readonly key?: string;
}

/** What preflight asks AWS about, read from one stack's synthesized plan. */
export interface PreflightPlan {
  readonly stack: string;
  readonly region?: string;
  readonly identifier: string;
  readonly engine: string;
  readonly engineVersion: string;
  readonly instanceClass: string;
  readonly storageType: string;
  readonly allocatedStorageGb: number;
  readonly iops?: number;
  readonly storageThroughput?: number;
  readonly multiAz: boolean;
  readonly storageEncrypted: boolean;
  readonly performanceInsights: boolean;
  readonly parameterGroupFamily?: string;
  readonly finalSnapshotIdentifier?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly s3Backend?: S3Backend;
}

const literal = (value: unknown) => !(typeof value === "string" && value.includes("${"));

/** Reads the facts; throws with a message naming the file when the plan has no usable RDS instance. Pure. */
export function preflightPlan(plan: TerraformPlan): PreflightPlan {
  const [db] = plan.dbInstances();
  const body = db?.body ?? {};
  for (const attribute of ["identifier", "engine", "engine_version", "instance_class"]) {
    if (typeof body[attribute] !== "string" || !literal(body[attribute])) {
      throw new Error(`${plan.file} has no aws_db_instance with a literal ${attribute}: nothing to check`);
    }
  }
  const parameterGroup = plan.referencedResource(body.parameter_group_name, "aws_db_parameter_group");
  const s3 = plan.json.terraform?.backend?.s3;
  const number = (value: unknown) => (typeof value === "number" && value > 0 ? value : undefined);
  return {
    stack: plan.stack,
    region: plan.json.provider?.aws?.[0]?.region,
    identifier: body.identifier,
    engine: body.engine,
    engineVersion: body.engine_version,
    instanceClass: body.instance_class,
    storageType: body.storage_type ?? "gp2",
    allocatedStorageGb: Number(body.allocated_storage ?? 0),
    iops: number(body.iops),
    storageThroughput: number(body.storage_throughput),
    multiAz: body.multi_az === true,
    storageEncrypted: body.storage_encrypted === true,
    performanceInsights: body.performance_insights_enabled === true,
    parameterGroupFamily: parameterGroup?.body.family,
    finalSnapshotIdentifier: body.skip_final_snapshot === false ? body.final_snapshot_identifier : undefined,
    tags: body.tags ?? {},
    ...(s3 ? { s3Backend: { bucket: s3.bucket, region: s3.region, key: s3.key } } : {}),
  };
}
