/**
 * The AWS Regions, by partition. Source: the AWS SDK for JavaScript v3's partitions table,
 * @aws-sdk/core 3.981.2, dist-es/submodules/client/util-endpoints/lib/aws/partitions.js ("regions" of each
 * partition, global pseudo-regions such as aws-global left out), transcribed 2026-12-06. Whether RDS runs in
 * a region, and which classes it offers there, is preflight's question (rds:DescribeOrderableDBInstanceOptions).
 * A region AWS opens later: add it here with its source, or set allowUnlistedRegion (docs/configuration.md).
 */
export const AWS_REGIONS = {
  source: "AWS SDK for JavaScript v3, @aws-sdk/core 3.981.2, util-endpoints partitions.js",
  checked: "2026-12-06",
  regions: [
    // aws
    "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
    "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
    "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1",
    "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "me-west-1", "mx-central-1", "sa-east-1",
    "sa-west-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
    // aws-cn, aws-eusc, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-us-gov
    "cn-north-1", "cn-northwest-1", "eusc-de-east-1", "us-iso-east-1", "us-iso-west-1", "us-isob-east-1", "us-isob-west-1",
    "eu-isoe-west-1", "us-isof-east-1", "us-isof-south-1", "us-gov-east-1", "us-gov-west-1",
  ] as readonly string[],
} as const;

export function isKnownRegion(region: string): boolean {
  return AWS_REGIONS.regions.includes(region);
}
