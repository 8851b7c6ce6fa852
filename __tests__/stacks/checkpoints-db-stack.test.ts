import * as fs from "node:fs";
import * as path from "node:path";
import { TerraformResource, Testing } from "cdktf";
// Brings the matchers' type declarations into the program for tsc.
import "cdktf/lib/testing/adapters/jest";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CheckpointsDbStack, PRODUCTION_STACK_NAME } from "../../stacks/checkpoints-db-stack";
import { DOCUMENT_DEFAULTS } from "../../config/database-settings";
import { DOCUMENT_ATTRIBUTES, DOCUMENT_EGRESS, DOCUMENT_INGRESS, DOCUMENT_VARIABLES, plannedValue } from "../fixtures/design-document";
import { synthProductionStack } from "../support/synth-plan";

// cdktf's jest matchers (toHaveResourceWithProperties, ...); never toBeValidTerraform or toPlanSuccessfully,
// which need provider downloads this environment cannot make.
Testing.setupJest();

const { json, plan } = synthProductionStack();

/** What the hardening adds to the document's instance (deletion protection, logs, monitoring, ...). */
const HARDENING_ATTRIBUTES = [
  "deletion_protection", "skip_final_snapshot", "final_snapshot_identifier", "copy_tags_to_snapshot",
  "delete_automated_backups", "parameter_group_name", "enabled_cloudwatch_logs_exports", "performance_insights_enabled",
  "performance_insights_retention_period", "monitoring_interval", "monitoring_role_arn",
  "iam_database_authentication_enabled", "ca_cert_identifier", "auto_minor_version_upgrade", "maintenance_window",
  "depends_on",
];

describe("the checkpoints-db plan matches the design document one for one", () => {
  test.each(DOCUMENT_ATTRIBUTES.map((a) => [`${a.resourceType}.${a.logicalName}.${a.attribute}`, a]))(
    "%s", (_address, documented) => {
      const { resourceType, logicalName, attribute } = documented;
      expect(plan.resource?.[resourceType]?.[logicalName]?.[attribute]).toEqual(plannedValue(documented));
    });

  test("beyond the document's attributes, the instance sets only the hardening its constraints ask for", () => {
    const documented = DOCUMENT_ATTRIBUTES.filter((a) => a.resourceType === "aws_db_instance").map((a) => a.attribute);
    expect(Object.keys(plan.resource.aws_db_instance.checkpoints).filter((k) => k !== "//").sort())
      .toEqual([...documented, ...HARDENING_ATTRIBUTES].sort());
  });

  test("the security group has exactly the document's one ingress and one egress rule", () => {
    const group = plan.resource.aws_security_group.checkpoints_db;
    expect(group.ingress).toEqual([expect.objectContaining(DOCUMENT_INGRESS)]);
    expect(group.egress).toEqual([expect.objectContaining(DOCUMENT_EGRESS)]);
    // Every other rule attribute is unset, so no second source can slip in beside the app subnet.
    for (const rule of [...group.ingress, ...group.egress]) {
      for (const unset of ["ipv6_cidr_blocks", "prefix_list_ids", "security_groups", "self"]) {
        expect([unset, rule[unset]]).toEqual([unset, null]);
      }
    }
    expect(Object.keys(group).sort()).toEqual(["description", "egress", "ingress", "name", "vpc_id"]);
  });

  test("the document's resources with the document's logical names, and the hardening's", () => {
    const addresses = Object.entries(plan.resource).flatMap(([type, byName]) =>
      Object.keys(byName as object).map((name) => `${type}.${name}`));
    expect(addresses.sort()).toEqual([
      "aws_db_instance.checkpoints", "aws_db_subnet_group.checkpoints", "aws_security_group.checkpoints_db",
      // hardening: parameter group, log groups with retention, enhanced-monitoring role
      "aws_cloudwatch_log_group.postgresql", "aws_cloudwatch_log_group.upgrade", "aws_db_parameter_group.checkpoints",
      "aws_iam_role.monitoring", "aws_iam_role_policy_attachment.monitoring",
    ].sort());
  });

  test("cdktf's own matchers see the same resources", () => {
    expect(json).toHaveResourceWithProperties(DbInstance, { identifier: "checkpoints-db", multi_az: true });
    expect(json).toHaveResourceWithProperties(SecurityGroup, { name: "checkpoints-db-sg" });
    expect(json).toHaveResource(DbSubnetGroup);
    expect(json).toHaveProviderWithProperties(AwsProvider, { region: "us-east-1" });
  });
});

describe("the subnet group the document references but never defines", () => {
  const group = plan.resource.aws_db_subnet_group.checkpoints;

  test("spans the database subnets variable", () => {
    expect(group.subnet_ids).toBe("${var.db_subnet_ids}");
  });

  test("is named and tagged in the document's style", () => {
    expect(group.name).toBe("checkpoints-db-subnets");
    expect(group.tags).toEqual({ Name: "checkpoints-db-subnets", Environment: "production", Terraform: "true" });
  });
});

describe("variables", () => {
  test("are the document's, each with a description", () => {
    expect(Object.keys(plan.variable).sort()).toEqual([...DOCUMENT_VARIABLES].sort());
    for (const name of DOCUMENT_VARIABLES) expect([name, plan.variable[name].description]).toEqual([name, expect.any(String)]);
  });

  test("db_password is sensitive and has no default", () => {
    expect(plan.variable.db_password.sensitive).toBe(true);
    expect(plan.variable.db_password).not.toHaveProperty("default");
  });

  test.each(DOCUMENT_VARIABLES)("%s has a validation block", (name) => {
    expect(plan.variable[name].validation.length).toBeGreaterThan(0);
  });

  test("app_subnet_cidr refuses 0.0.0.0/0 and anything that is not an IPv4 network", () => {
    const conditions = plan.variable.app_subnet_cidr.validation.map((v: { condition: string }) => v.condition);
    expect(conditions).toContain('${var.app_subnet_cidr != "0.0.0.0/0"}');
    expect(conditions.join(" ")).toContain("cidrnetmask(var.app_subnet_cidr)");
  });
});

describe("provider, backend and outputs", () => {
  test("the provider region comes from the settings", () => {
    expect(plan.provider.aws).toEqual([{ region: DOCUMENT_DEFAULTS.region }]);
    const other = synthProductionStack({ region: "eu-west-2" }).plan;
    expect(other.provider.aws).toEqual([{ region: "eu-west-2" }]);
  });

  test("the local backend path is relative, so the JSON is the same on every machine", () => {
    expect(plan.terraform.backend).toEqual({ local: { path: "../../../terraform.checkpoints-db.tfstate" } });
  });

  test.each([
    ["endpoint", "${aws_db_instance.checkpoints.endpoint}"],
    ["address", "${aws_db_instance.checkpoints.address}"],
    ["port", "${aws_db_instance.checkpoints.port}"],
    ["db_name", "${aws_db_instance.checkpoints.db_name}"],
    ["username", "${aws_db_instance.checkpoints.username}"],
    ["security_group_id", "${aws_security_group.checkpoints_db.id}"],
  ])("output %s is %s", (name, value) => {
    expect(plan.output[name].value).toBe(value);
  });

  test("the connection URL output carries no password", () => {
    expect(plan.output.connection_url.value).toBe(
      "postgresql://${aws_db_instance.checkpoints.username}@${aws_db_instance.checkpoints.address}:" +
      "${aws_db_instance.checkpoints.port}/${aws_db_instance.checkpoints.db_name}");
  });
});

describe("configuration reaches the plan", () => {
  test("every overridable instance attribute follows its setting", () => {
    const { plan: custom } = synthProductionStack({
      identifier: "checkpoints-db-eu", engineVersion: "15.16", instanceClass: "db.m7g.large",
      allocatedStorageGb: 200, maxAllocatedStorageGb: 0, storageType: "io2", iops: 4000, backupRetentionDays: 14,
      backupWindow: "22:30-23:00", multiAz: false, extraTags: { Team: "platform" },
    });
    expect(custom.resource.aws_db_instance.checkpoints).toMatchObject({
      identifier: "checkpoints-db-eu", engine_version: "15.16", instance_class: "db.m7g.large",
      allocated_storage: 200, max_allocated_storage: 0, storage_type: "io2", iops: 4000, backup_retention_period: 14,
      backup_window: "22:30-23:00", multi_az: false,
      tags: { Name: "checkpoints-db-eu", Environment: "production", Terraform: "true", Team: "platform" },
    });
    expect(custom.resource.aws_db_instance.checkpoints).not.toHaveProperty("storage_throughput");
    expect(custom.resource.aws_security_group.checkpoints_db.name).toBe("checkpoints-db-eu-sg");
    expect(custom.resource.aws_db_subnet_group.checkpoints.name).toBe("checkpoints-db-eu-subnets");
  });
});

describe("extraTags reach every taggable resource (DatabaseSettings.extraTags says so)", () => {
  const { plan: tagged, stack } = synthProductionStack({ extraTags: { Team: "platform", CostCenter: "42" } });
  /** Every resource of the stack whose provider class has a tags argument. */
  const taggable = stack.node.findAll().filter((c): c is TerraformResource => c instanceof TerraformResource && "tagsInput" in c)
    .map((r) => [r.terraformResourceType, r.friendlyUniqueId] as const);

  test("the stack has taggable resources of several types, the security group among them", () => {
    expect(taggable.map(([type]) => type)).toEqual(expect.arrayContaining(["aws_security_group", "aws_db_instance", "aws_iam_role"]));
  });

  test.each(taggable.map(([type, id]) => [`${type}.${id}`, type, id]))("%s carries them", (_address, type, id) => {
    expect(tagged.resource[type][id].tags).toMatchObject({ Team: "platform", CostCenter: "42" });
  });

  test("the document's resources keep their own tags beside them; the default plan's security group has none (as the document's)", () => {
    expect(tagged.resource.aws_db_instance.checkpoints.tags).toEqual({ Team: "platform", CostCenter: "42",
      Name: "checkpoints-db", Environment: "production", Terraform: "true" });
    expect(tagged.resource.aws_security_group.checkpoints_db.tags).toEqual({ Team: "platform", CostCenter: "42" });
    expect(plan.resource.aws_security_group.checkpoints_db).not.toHaveProperty("tags");
  });
});

test("gp3 from 400 GiB: iops and storage_throughput reach the plan; unset, neither is written", () => {
  const { plan: gp3 } = synthProductionStack({ allocatedStorageGb: 400, iops: 12000, storageThroughput: 500 });
  expect(gp3.resource.aws_db_instance.checkpoints).toMatchObject({ storage_type: "gp3", iops: 12000, storage_throughput: 500 });
  const defaults = JSON.parse(json);
  expect(defaults.resource.aws_db_instance.checkpoints).not.toHaveProperty("iops");
  expect(defaults.resource.aws_db_instance.checkpoints).not.toHaveProperty("storage_throughput");
});

test("snapshot of the whole synthesized cdk.tf.json", () => {
  // fullSynth writes the file exactly as `cdktf synth` does (metadata included), with the version stubbed.
  const app = Testing.app();
  const stack = new CheckpointsDbStack(app, PRODUCTION_STACK_NAME, { settings: DOCUMENT_DEFAULTS });
  const outdir = Testing.fullSynth(stack);
  const written = fs.readFileSync(path.join(outdir, "stacks", PRODUCTION_STACK_NAME, "cdk.tf.json"), "utf8");
  expect(JSON.parse(written)).toMatchSnapshot();
});
