import { ReviewedPlan } from "../plan/reviewed-plan";
import { UNSET_STORAGE_TYPE } from "../rds/postgres-storage";
import { literalRead, literalValue, readBool, readNumber, ResourceInstance } from "../plan";

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

/** A value written in place, as plain JSON; undefined for a reference, an expression or a variable. */
const literal = (db: ResourceInstance | undefined, name: string) => literalValue(db?.attributes.get(name));

/** Reads the facts through the project's Terraform JSON reader; throws naming the file when the plan has no usable RDS instance. Pure. */
export function preflightPlan(plan: ReviewedPlan): PreflightPlan {
  const [db] = plan.dbInstances();
  const text = (name: string) => (typeof literal(db, name) === "string" ? literal(db, name) as string : undefined);
  for (const attribute of ["identifier", "engine", "engine_version", "instance_class"]) {
    if (text(attribute) === undefined) throw new Error(`${plan.file} has no aws_db_instance with a literal ${attribute}: nothing to check`);
  }
  const flag = (name: string) => {
    const read = literalRead(readBool(db?.attributes.get(name)));
    return read.state === "known" && read.value;
  };
  const number = (name: string) => {
    const read = literalRead(readNumber(db?.attributes.get(name)));
    return read.state === "known" && read.value > 0 ? read.value : undefined;
  };
  const parameterGroup = plan.referenced(db?.attributes.get("parameter_group_name"), "aws_db_parameter_group")[0];
  const family = literal(parameterGroup, "family");
  const backend = plan.config.backend?.type === "s3" ? plan.config.backend.attributes : undefined;
  const backendText = (name: string) => {
    const value = literalValue(backend?.get(name));
    return typeof value === "string" ? value : undefined;
  };
  const provider = plan.config.providers.find((p) => p.name === "aws");
  const region = literalValue(provider?.attributes.get("region"));
  const skipFinal = literalRead(readBool(db?.attributes.get("skip_final_snapshot")));
  const tags = literal(db, "tags");
  return {
    stack: plan.stack,
    region: typeof region === "string" ? region : undefined,
    identifier: text("identifier") as string,
    engine: text("engine") as string,
    engineVersion: text("engine_version") as string,
    instanceClass: text("instance_class") as string,
    storageType: text("storage_type") ?? UNSET_STORAGE_TYPE,
    allocatedStorageGb: number("allocated_storage") ?? 0,
    iops: number("iops"),
    storageThroughput: number("storage_throughput"),
    multiAz: flag("multi_az"),
    storageEncrypted: flag("storage_encrypted"),
    performanceInsights: flag("performance_insights_enabled"),
    parameterGroupFamily: typeof family === "string" ? family : undefined,
    finalSnapshotIdentifier: skipFinal.state === "known" && !skipFinal.value ? text("final_snapshot_identifier") : undefined,
    tags: typeof tags === "object" && tags !== null && !Array.isArray(tags) ? tags as Record<string, string> : {},
    ...(backend ? { s3Backend: { bucket: backendText("bucket") as string, region: backendText("region") as string, key: backendText("key") } } : {}),
  };
}
