import { DOCUMENT_RULES } from "../../review/rules";
import { ReviewedPlan } from "../../plan/reviewed-plan";
import { reviewPlan } from "../../review/run-review";
import { parseConfiguration } from "../../plan";

// Issue 27: the document's rules (review/rules.ts) on a small hand-written configuration that passes every one
// of them, changed one edge at a time. No synth (rules.test.ts checks the synthesized stack): fast enough for
// Stryker to run per mutant. Each test catches a mutant of review/rules.ts that the fast unit tests missed.
type Json = Record<string, any>;
function passing(): Json {
  return {
    variable: { app_subnet_cidr: { type: "string" }, db_password: { type: "string", sensitive: true }, plain: { type: "string" },
      cidr: { type: "string" }, other: { type: "string" } },
    resource: {
      aws_db_instance: { db: {
        identifier: "checkpoints", engine: "postgres", engine_version: "17.7", instance_class: "db.t4g.small",
        allocated_storage: 20, storage_type: "gp3", backup_retention_period: 7, publicly_accessible: false,
        username: "app", db_name: "checkpoints", password: "${var.db_password}",
        vpc_security_group_ids: ["${aws_security_group.db.id}"], parameter_group_name: "${aws_db_parameter_group.pg.name}",
        skip_final_snapshot: false, final_snapshot_identifier: "checkpoints-final", delete_automated_backups: false,
        enabled_cloudwatch_logs_exports: ["postgresql"], backup_window: "03:00-04:00", maintenance_window: "sun:05:00-sun:06:00",
      } },
      aws_security_group: { db: { description: "database", ingress: [{ from_port: 5432, to_port: 5432, protocol: "tcp",
        cidr_blocks: ["${var.app_subnet_cidr}"] }] } },
      aws_db_parameter_group: { pg: { family: "postgres17", parameter: [{ name: "rds.force_ssl", value: "1" },
        { name: "log_connections", value: "1" }, { name: "log_disconnections", value: "1" }] } },
      aws_cloudwatch_log_group: { pg: { name: "/aws/rds/instance/checkpoints/postgresql", retention_in_days: 7 } },
    },
    output: { host: { value: "${aws_db_instance.db.address}" }, port: { value: "${aws_db_instance.db.port}" },
      db_name: { value: "${aws_db_instance.db.db_name}" }, username: { value: "${aws_db_instance.db.username}" } },
  };
}
const db = (j: Json) => j.resource.aws_db_instance.db;
const ingress = (j: Json) => j.resource.aws_security_group.db.ingress[0];
const review = (j: Json, rules = DOCUMENT_RULES) => reviewPlan(new ReviewedPlan("s", "m.tf.json",
  parseConfiguration([{ file: "m.tf.json", text: JSON.stringify(j) }])), {}, rules).results;
const failing = (j: Json) => review(j).filter((r) => r.status !== "pass").map((r) => r.id);
/** The findings of one rule (run alone: fast), without their location. */
const findings = (j: Json, id: string) => {
  const [result] = review(j, DOCUMENT_RULES.filter((r) => r.id === id));
  expect(result.id).toBe(id);
  return result.findings.map(({ location: _location, ...f }) => f);
};
const changed = (change: (j: Json) => void) => { const j = passing(); change(j); return j; };

test("the hand-written configuration passes every document rule", () => {
  expect(failing(passing())).toEqual([]);
});

describe("CKPT-PASSWORD-NOT-LITERAL", () => {
  const id = "CKPT-PASSWORD-NOT-LITERAL";
  const required = "a sensitive variable without a default (var.db_password), password_wo, or manage_master_user_password = true";

  test("RDS-managed, a replica or a restored snapshot needs no password", () => {
    for (const [k, v] of [["manage_master_user_password", true], ["replicate_source_db", "src"], ["snapshot_identifier", "snap"]] as const) {
      expect([k, findings(changed((j) => { delete db(j).password; db(j)[k] = v; }), id)]).toEqual([k, []]);
    }
  });

  test("manage_master_user_password false, or replica and snapshot null, still need one", () => {
    expect(findings(changed((j) => { delete db(j).password; Object.assign(db(j), { manage_master_user_password: false, replicate_source_db: null,
      snapshot_identifier: null }); }), id)).toEqual([{ address: "aws_db_instance.db", attribute: "password", found: "(not set)", required }]);
  });

  test("a literal is a finding that never shows it; a variable's default says where it came from, not what", () => {
    expect(findings(changed((j) => { db(j).password = "hunter2hunter2"; }), id)).toEqual([{ address: "aws_db_instance.db",
      attribute: "password", found: "a literal value (not shown)", required }]);
    const fromDefault = findings(changed((j) => { j.variable.db_password.default = "hunter2hunter2"; }), id);
    expect(fromDefault).toEqual([{ address: "aws_db_instance.db", attribute: "password", found: "the default of var.db_password (not shown)", required }]);
    expect(JSON.stringify(fromDefault)).not.toContain("hunter2");
  });

  test("a variable not marked sensitive, or another expression, is a finding", () => {
    expect(findings(changed((j) => { db(j).password = "${var.plain}"; }), id)).toEqual([{ address: "aws_db_instance.db", attribute: "password",
      found: "var.plain, not marked sensitive", required: 'variable "plain" with sensitive = true' }]);
    expect(findings(changed((j) => { db(j).password = "${random_password.p.result}"; j.resource.random_password = { p: {} }; }), id))
      .toEqual([{ address: "aws_db_instance.db", attribute: "password", found: "${random_password.p.result}", required }]);
    expect(findings(changed((j) => { db(j).password = "${upper(var.db_password)}"; }), id)).toEqual([expect.objectContaining({
      found: "${upper(var.db_password)}" })]);
  });

  test("only the variable itself: text around it, an undeclared variable, or manage_master_user_password Terraform would refuse is a finding", () => {
    for (const password of ["pre-${var.db_password}", "${var.db_password}-post"]) {
      expect(findings(changed((j) => { db(j).password = password; }), id)).toEqual([{ address: "aws_db_instance.db", attribute: "password",
        found: password, required }]);
    }
    expect(findings(changed((j) => { db(j).password = "${var.undeclared}"; }), id)).toEqual([{ address: "aws_db_instance.db", attribute: "password",
      found: "var.undeclared, not marked sensitive", required: 'variable "undeclared" with sensitive = true' }]);
    expect(findings(changed((j) => { delete db(j).password; db(j).manage_master_user_password = "yes"; }), id)).toEqual([{
      address: "aws_db_instance.db", attribute: "password", found: "(not set)", required }]);
  });

  test("password_wo from a sensitive variable passes; a null password is no password", () => {
    expect(findings(changed((j) => { delete db(j).password; db(j).password_wo = "${ var.db_password }"; }), id)).toEqual([]);
    expect(findings(changed((j) => { db(j).password = null; db(j).password_wo = "${var.db_password}"; }), id)).toEqual([]);
  });

  test("manage_master_user_password it cannot read, and no password: cannot evaluate", () => {
    expect(findings(changed((j) => { delete db(j).password; db(j).manage_master_user_password = "${var.plain}"; }), id))
      .toEqual([{ address: "aws_db_instance.db", attribute: "manage_master_user_password", found: { unknown: "${var.plain}" }, required }]);
  });
});

describe("CKPT-CONNECTION-OUTPUTS", () => {
  const id = "CKPT-CONNECTION-OUTPUTS";

  test("each missing piece is named; the endpoint serves as host and port", () => {
    expect(findings(changed((j) => { delete j.output.host; delete j.output.db_name; }), id)).toEqual([
      { address: "output", attribute: "host", found: "no output", required: "an output of aws_db_instance.db.address or aws_db_instance.db.endpoint" },
      { address: "output", attribute: "database name", found: "no output", required: "an output of aws_db_instance.db.db_name" }]);
    expect(findings(changed((j) => { delete j.output.host; delete j.output.port; j.output.endpoint = { value: "${aws_db_instance.db.endpoint}" }; }), id))
      .toEqual([]);
    expect(findings(changed((j) => { j.output.username.value = "${aws_db_instance.other.username}"; }), id)).toEqual([
      expect.objectContaining({ attribute: "user name" })]);
  });

  test("no port output is named; an output without a value is no connection detail", () => {
    expect(findings(changed((j) => { delete j.output.port; j.output.empty = { description: "nothing" }; }), id)).toEqual([
      { address: "output", attribute: "port", found: "no output", required: "an output of aws_db_instance.db.port or aws_db_instance.db.endpoint" }]);
  });

  test("an output carrying a password, however written, is a finding", () => {
    for (const value of ["${var.db_password}", "${aws_db_instance.db.password}", "x ${aws_db_instance.db.password_wo}",
      ["${aws_db_instance.db.master_user_secret[0].secret_string}"], { p: "${var.db_password}" }]) {
      expect(findings(changed((j) => { j.output.leak = { value }; }), id)).toEqual([{ address: "output.leak", attribute: "value",
        found: "a password", required: "connection details without the password" }]);
    }
    // A list's or an object's parts are read as separate words: "db.password" is named, whatever follows it.
    expect(findings(changed((j) => { j.output.hint = { value: ["see db.password", "here"] }; }), id)).toHaveLength(1);
    expect(findings(changed((j) => { j.output.hint = { value: { a: "see db.password", b: "here" } }; }), id)).toHaveLength(1);
    expect(findings(changed((j) => { j.output.other = { value: "${aws_db_instance.db.password_policy}" }; }), id)).toEqual([]);
    expect(findings(changed((j) => { j.output.n = { value: 5 }; j.output.s = { value: "plain text" }; }), id)).toEqual([]);
  });
});

describe("CKPT-SG-APP-SUBNET-ONLY", () => {
  const id = "CKPT-SG-APP-SUBNET-ONLY";
  const only = "only ${var.app_subnet_cidr}";

  test("no security group list, null or empty: the VPC's default group applies", () => {
    for (const ids of [undefined, null, []]) {
      expect(findings(changed((j) => { db(j).vpc_security_group_ids = ids; }), id)).toEqual([{ address: "aws_db_instance.db",
        attribute: "vpc_security_group_ids", found: "(not set)", required: "the database's own security group (else the VPC default group applies)" }]);
    }
  });

  test("a group without ingress is a finding; with an ingress it cannot read, only that finding", () => {
    expect(findings(changed((j) => { delete j.resource.aws_security_group.db.ingress; }), id)).toEqual([{ address: "aws_security_group.db",
      attribute: "ingress", found: "no ingress rule", required: "5432/tcp from ${var.app_subnet_cidr}" }]);
    expect(findings(changed((j) => { j.resource.aws_security_group.db.ingress = "${var.cidr}"; }), id)).toEqual([
      expect.objectContaining({ address: "aws_security_group.db.ingress", found: { unknown: "${var.cidr}" } })]);
  });

  test("a whole list from a variable is the finder's cannot-evaluate, not a crash", () => {
    expect(findings(changed((j) => { db(j).vpc_security_group_ids = "${var.other}"; }), id)).toEqual([expect.objectContaining({
      attribute: "vpc_security_group_ids", found: { unknown: "${var.other}" } })]);
  });

  test("each attached group needs its own ingress: another group's rule does not count", () => {
    expect(findings(changed((j) => { db(j).vpc_security_group_ids.push("${aws_security_group.second.id}");
      j.resource.aws_security_group.second = { description: "second" }; }), id)).toEqual([{ address: "aws_security_group.second",
      attribute: "ingress", found: "no ingress rule", required: "5432/tcp from ${var.app_subnet_cidr}" }]);
  });

  test("no cidr_blocks, or null, is no stranger; a list evaluated in place holding var.app_subnet_cidr is the app subnet", () => {
    expect(findings(changed((j) => { delete ingress(j).cidr_blocks; }), id)).toEqual([]);
    expect(findings(changed((j) => { ingress(j).cidr_blocks = null; }), id)).toEqual([]);
    expect(findings(changed((j) => { ingress(j).cidr_blocks = "${[var.app_subnet_cidr]}"; }), id)).toEqual([]);
    expect(findings(changed((j) => { ingress(j).cidr_blocks = [["10.0.0.0/8"]]; }), id)).toEqual([expect.objectContaining({
      attribute: "cidr_blocks", found: '["?"]' })]);
  });

  test("protocol tcp or 6, port 5432 both ends", () => {
    expect(findings(changed((j) => { ingress(j).protocol = "6"; }), id)).toEqual([]);
    expect(findings(changed((j) => { ingress(j).protocol = "udp"; }), id)).toEqual([{ address: "aws_security_group.db.ingress[0]",
      attribute: "protocol", found: "udp", required: "tcp" }]);
    expect(findings(changed((j) => { ingress(j).to_port = 5433; }), id)).toEqual([{ address: "aws_security_group.db.ingress[0]",
      attribute: "to_port", found: "5433", required: "5432" }]);
    expect(findings(changed((j) => { ingress(j).from_port = 0; }), id)).toEqual([expect.objectContaining({ attribute: "from_port", found: "0" })]);
  });

  test("the app subnet as var.app_subnet_cidr or its default; another variable or a reference cannot be evaluated; a literal CIDR is a stranger", () => {
    expect(findings(changed((j) => { j.variable.app_subnet_cidr.default = "10.0.1.0/24"; }), id)).toEqual([]);
    expect(findings(changed((j) => { ingress(j).cidr_blocks = "${var.cidr}"; }), id)).toEqual([{ address: "aws_security_group.db.ingress[0]",
      attribute: "cidr_blocks", found: { unknown: "${var.cidr}" }, required: only }]);
    expect(findings(changed((j) => { ingress(j).cidr_blocks = "${aws_vpc.v.cidr_block}"; j.resource.aws_vpc = { v: {} }; }), id)).toEqual([
      expect.objectContaining({ found: { unknown: "${aws_vpc.v.cidr_block}" }, required: only })]);
    expect(findings(changed((j) => { ingress(j).cidr_blocks = ["${var.app_subnet_cidr}", "10.0.0.0/8", "${var.other}", "${aws_vpc.v.cidr_block}"];
      j.resource.aws_vpc = { v: {} }; }), id)).toEqual([{ address: "aws_security_group.db.ingress[0]", attribute: "cidr_blocks",
      found: JSON.stringify(["10.0.0.0/8", "${var.other}", "${aws_vpc.v.cidr_block}"]), required: only }]);
    expect(findings(changed((j) => { j.variable.cidr.default = "0.0.0.0/0"; ingress(j).cidr_blocks = ["${var.cidr}"]; }), id)).toEqual([
      expect.objectContaining({ found: '["0.0.0.0/0"]' })]);
  });

  test("white space around the app subnet's interpolation is part of the text: no CIDR Terraform accepts, so a stranger", () => {
    expect(findings(changed((j) => { ingress(j).cidr_blocks = [" ${var.app_subnet_cidr}"]; }), id)).toEqual([expect.objectContaining({
      attribute: "cidr_blocks", found: JSON.stringify([" ${var.app_subnet_cidr}"]) })]);
  });

  test("white space and strip markers inside the interpolation are HCL's, not the value's: the app subnet itself", () => {
    // hashicorp/hcl v2 hclsyntax: a template's interpolation is an expression between "${" and "}", white space
    // around it skipped by the scanner; "~" strips the literal text next to it, and there is none here.
    for (const text of ["${ var.app_subnet_cidr }", "${\n  var.app_subnet_cidr\n}", "${~ var.app_subnet_cidr ~}", "${~var.app_subnet_cidr}"]) {
      expect(findings(changed((j) => { ingress(j).cidr_blocks = [text]; }), id)).toEqual([]);
    }
    // Another variable or text beside it is still not the app subnet.
    expect(findings(changed((j) => { ingress(j).cidr_blocks = ["${ var.app_subnet_cidr_old }"]; }), id)).toHaveLength(1);
    expect(findings(changed((j) => { ingress(j).cidr_blocks = ["${ var.app_subnet_cidr }/24"]; }), id)).toHaveLength(1);
    expect(findings(changed((j) => { ingress(j).cidr_blocks = ["${var.app_subnet_cidr}${var.app_subnet_cidr}"]; }), id)).toHaveLength(1);
  });

  test("a whole cidr_blocks equal to the app subnet reference is read as the list of it", () => {
    expect(findings(changed((j) => { ingress(j).cidr_blocks = "${var.app_subnet_cidr}"; }), id)).toEqual([]);
  });

  test("IPv6, security-group or prefix-list sources are strangers; empty lists and null are not", () => {
    const required = "only ${var.app_subnet_cidr} (no IPv6, security-group or prefix-list sources)";
    expect(findings(changed((j) => { Object.assign(ingress(j), { ipv6_cidr_blocks: ["::/0"], security_groups: [], prefix_list_ids: null }); }), id))
      .toEqual([{ address: "aws_security_group.db.ingress[0]", attribute: "ipv6_cidr_blocks", found: "::/0", required }]);
    expect(findings(changed((j) => { ingress(j).prefix_list_ids = ["pl-1"]; }), id)).toEqual([expect.objectContaining({ attribute: "prefix_list_ids" })]);
    expect(findings(changed((j) => { ingress(j).security_groups = "${var.other}"; }), id)).toEqual([expect.objectContaining({
      attribute: "security_groups", found: "${var.other}" })]);
    expect(findings(changed((j) => { ingress(j).security_groups = [true]; }), id)).toEqual([expect.objectContaining({
      attribute: "security_groups", found: "set" })]);
  });

  test("self = true opens the group to itself (a finding); false passes", () => {
    expect(findings(changed((j) => { ingress(j).self = true; }), id)).toEqual([{ address: "aws_security_group.db.ingress[0]", attribute: "self",
      found: "true", required: "false" }]);
    expect(findings(changed((j) => { ingress(j).self = false; }), id)).toEqual([]);
  });

  test("an aws_security_group_rule: source_security_group_id is a stranger", () => {
    const j = changed((x) => { delete x.resource.aws_security_group.db.ingress; x.resource.aws_security_group_rule = { r: { type: "ingress",
      security_group_id: "${aws_security_group.db.id}", from_port: 5432, to_port: 5432, protocol: "tcp", cidr_blocks: ["${var.app_subnet_cidr}"],
      source_security_group_id: "sg-1" } }; });
    expect(findings(j, id)).toEqual([expect.objectContaining({ address: "aws_security_group_rule.r", attribute: "source_security_group_id", found: "sg-1" })]);
  });

  test("a VPC ingress rule: ip_protocol and cidr_ipv4, its other sources strangers, no self", () => {
    const rule = (more: Json) => changed((x) => { delete x.resource.aws_security_group.db.ingress; x.resource.aws_vpc_security_group_ingress_rule = {
      r: { security_group_id: "${aws_security_group.db.id}", from_port: 5432, to_port: 5432, ip_protocol: "tcp", cidr_ipv4: "${var.app_subnet_cidr}", ...more } }; });
    expect(findings(rule({}), id)).toEqual([]);
    expect(findings(rule({ ip_protocol: "-1" }), id)).toEqual([expect.objectContaining({ attribute: "ip_protocol", found: "-1" })]);
    expect(findings(rule({ cidr_ipv4: "10.0.0.0/8" }), id)).toEqual([expect.objectContaining({ attribute: "cidr_ipv4", found: '["10.0.0.0/8"]' })]);
    expect(findings(rule({ referenced_security_group_id: "sg-1" }), id)).toEqual([expect.objectContaining({ attribute: "referenced_security_group_id" })]);
    expect(findings(rule({ cidr_ipv6: "::/0" }), id)).toEqual([expect.objectContaining({ attribute: "cidr_ipv6", found: "::/0" })]);
    expect(findings(rule({ prefix_list_id: "pl-1" }), id)).toEqual([expect.objectContaining({ attribute: "prefix_list_id", found: "pl-1" })]);
    expect(findings(rule({ self: true }), id)).toEqual([]);
  });
});

describe("CKPT-LOG-RETENTION", () => {
  const id = "CKPT-LOG-RETENTION";
  const group = (j: Json) => j.resource.aws_cloudwatch_log_group.pg;

  test("no exported log, or an empty list, needs no log group", () => {
    expect(findings(changed((j) => { delete db(j).enabled_cloudwatch_logs_exports; delete j.resource.aws_cloudwatch_log_group; }), id)).toEqual([]);
    expect(findings(changed((j) => { db(j).enabled_cloudwatch_logs_exports = []; delete j.resource.aws_cloudwatch_log_group; }), id)).toEqual([]);
  });

  test("no exported log needs no identifier either", () => {
    expect(findings(changed((j) => { db(j).enabled_cloudwatch_logs_exports = []; delete db(j).identifier; }), id)).toEqual([]);
  });

  test("exports or an identifier it cannot read: cannot evaluate; no identifier: a finding", () => {
    expect(findings(changed((j) => { db(j).enabled_cloudwatch_logs_exports = "${var.other}"; }), id)).toEqual([{ address: "aws_db_instance.db",
      attribute: "enabled_cloudwatch_logs_exports", found: { unknown: "${var.other}" }, required: "the exported logs" }]);
    expect(findings(changed((j) => { db(j).identifier = "${var.other}"; }), id)).toEqual([{ address: "aws_db_instance.db", attribute: "identifier",
      found: { unknown: "${var.other}" }, required: "an identifier, to name the log groups" }]);
    expect(findings(changed((j) => { delete db(j).identifier; }), id)).toEqual([{ address: "aws_db_instance.db", attribute: "identifier",
      found: "(not set)", required: "an identifier, to name the log groups" }]);
  });

  test("each exported log needs its group: missing is a finding, a group name it cannot read cannot be evaluated", () => {
    expect(findings(changed((j) => { db(j).enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]; }), id)).toEqual([{ address: "aws_db_instance.db",
      attribute: "enabled_cloudwatch_logs_exports", found: "upgrade", required: "an aws_cloudwatch_log_group named /aws/rds/instance/checkpoints/upgrade in the plan" }]);
    expect(findings(changed((j) => { group(j).name = "/aws/rds/instance/other/postgresql"; j.resource.aws_cloudwatch_log_group.u = { name: "${var.other}" }; }), id))
      .toEqual([{ address: "aws_cloudwatch_log_group.u", attribute: "name", found: { unknown: "${var.other}" },
        required: "a log group named /aws/rds/instance/checkpoints/postgresql" }]);
  });

  test("the group needs a positive retention", () => {
    expect(findings(changed((j) => { group(j).retention_in_days = 0; }), id)).toEqual([{ address: "aws_cloudwatch_log_group.pg",
      attribute: "retention_in_days", found: "0", required: "a retention in days" }]);
    expect(findings(changed((j) => { delete group(j).retention_in_days; }), id)).toEqual([expect.objectContaining({ found: "(not set)" })]);
    expect(findings(changed((j) => { group(j).retention_in_days = 1; }), id)).toEqual([]);
  });
});

describe("CKPT-ENGINE-RETIRED", () => {
  const id = "CKPT-ENGINE-RETIRED";

  test("engine or version it cannot read: cannot evaluate", () => {
    expect(findings(changed((j) => { db(j).engine = "${var.other}"; }), id)).toEqual([{ address: "aws_db_instance.db", attribute: "engine",
      found: { unknown: "${var.other}" }, required: "an engine the gate can read" }]);
    expect(findings(changed((j) => { db(j).engine_version = "${var.other}"; }), id)).toEqual([{ address: "aws_db_instance.db",
      attribute: "engine_version", found: { unknown: "${var.other}" }, required: "a version RDS still creates" }]);
  });

  test("a retired minor fails; another engine's version, or none, is not judged", () => {
    const retired = findings(changed((j) => { db(j).engine_version = "16.1"; }), id);
    expect(retired).toEqual([expect.objectContaining({ attribute: "engine_version", found: "16.1" })]);
    expect(retired[0].required).toMatch(/^a version RDS still creates: set engineVersion to "16"/);
    expect(findings(changed((j) => { db(j).engine = null; db(j).engine_version = "17"; db(j).auto_minor_version_upgrade = false; }), id)).toEqual([]);
    expect(findings(changed((j) => { db(j).engine = "mysql"; db(j).engine_version = "5.0.1"; }), id)).toEqual([]);
    expect(findings(changed((j) => { delete db(j).engine_version; }), id)).toEqual([]);
  });

  test("a major-only version needs minor upgrades on: false fails, unset (the provider's true) passes", () => {
    expect(findings(changed((j) => { db(j).engine_version = "17"; }), id)).toEqual([]);
    expect(findings(changed((j) => { db(j).engine_version = "17"; db(j).auto_minor_version_upgrade = true; }), id)).toEqual([]);
    expect(findings(changed((j) => { db(j).engine_version = "17"; db(j).auto_minor_version_upgrade = false; }), id)).toEqual([{
      address: "aws_db_instance.db", attribute: "auto_minor_version_upgrade", found: "false",
      required: "true with a major-only engine_version (17): else the minor RDS picks stays until it retires" }]);
    expect(findings(changed((j) => { db(j).engine_version = "17.7"; db(j).auto_minor_version_upgrade = false; }), id)).toEqual([]);
  });
});

describe("CKPT-EVERYTHING-INSPECTED and CKPT-DATABASE-PRESENT", () => {
  test("a module, or a database type the rules do not read, is named", () => {
    expect(findings(changed((j) => { j.module = { m: { source: "./m" } }; }), "CKPT-EVERYTHING-INSPECTED")).toEqual([{ address: "module.m",
      attribute: "module", found: "not inspected: module.m; review that module's own plan", required: "resources the gate can read (it does not read modules)" }]);
    expect(findings(changed((j) => { j.resource.aws_db_proxy = { p: {} }; }), "CKPT-EVERYTHING-INSPECTED")).toEqual([{ address: "aws_db_proxy.p",
      attribute: "type", found: "not inspected: aws_db_proxy.p; the document's rules read aws_db_instance only",
      required: "review it by hand, then suppress with the reason" }]);
  });

  test("no aws_db_instance", () => {
    expect(findings({ resource: { aws_s3_bucket: { b: {} } } }, "CKPT-DATABASE-PRESENT")).toEqual([{ address: "plan", attribute: "resource",
      found: "no aws_db_instance", required: "an aws_db_instance (the document's database)" }]);
  });
});

describe("CKPT-INSTANCE-CLASS and CKPT-BACKUP-7D", () => {
  test("a bigger class names the classes the document allows; six days of backups fail", () => {
    const [cls] = findings(changed((j) => { db(j).instance_class = "db.r6g.2xlarge"; }), "CKPT-INSTANCE-CLASS");
    expect(cls).toMatchObject({ address: "aws_db_instance.db", attribute: "instance_class", found: "db.r6g.2xlarge" });
    expect(cls.required).toMatch(/^one of db\.t4g\.small, db\./);
    expect(findings(changed((j) => { db(j).backup_retention_period = 6; }), "CKPT-BACKUP-7D")).toEqual([{ address: "aws_db_instance.db",
      attribute: "backup_retention_period", found: "6", required: ">= 7" }]);
  });
});

describe("the warnings", () => {
  test("CKPT-FINAL-SNAPSHOT: skipped, or an empty identifier", () => {
    expect(failing(changed((j) => { db(j).skip_final_snapshot = true; }))).toEqual(["CKPT-FINAL-SNAPSHOT"]);
    expect(findings(changed((j) => { db(j).final_snapshot_identifier = ""; }), "CKPT-FINAL-SNAPSHOT")).toEqual([{ address: "aws_db_instance.db",
      attribute: "final_snapshot_identifier", found: "", required: "a snapshot name" }]);
  });

  test("CKPT-KEEP-AUTOMATED-BACKUPS and CKPT-POSTGRESQL-LOGS", () => {
    expect(failing(changed((j) => { db(j).delete_automated_backups = true; }))).toEqual(["CKPT-KEEP-AUTOMATED-BACKUPS"]);
    expect(findings(changed((j) => { db(j).enabled_cloudwatch_logs_exports = ["upgrade"];
      j.resource.aws_cloudwatch_log_group.pg.name = "/aws/rds/instance/checkpoints/upgrade"; }), "CKPT-POSTGRESQL-LOGS")).toEqual([{
      address: "aws_db_instance.db", attribute: "enabled_cloudwatch_logs_exports", found: '["upgrade"]', required: "includes \"postgresql\"" }]);
  });

  test("CKPT-CONNECTION-LOGGING: each of log_connections and log_disconnections, 1, on or true", () => {
    const id = "CKPT-CONNECTION-LOGGING";
    const params = (j: Json) => j.resource.aws_db_parameter_group.pg.parameter;
    expect(findings(changed((j) => { params(j)[1].value = "on"; params(j)[2].value = "true"; }), id)).toEqual([]);
    expect(findings(changed((j) => { params(j)[1].value = "0"; }), id)).toEqual([{ address: "aws_db_parameter_group.pg", attribute: "log_connections",
      found: "0", required: "1, in a parameter group in the plan" }]);
    expect(findings(changed((j) => { delete db(j).parameter_group_name; }), id)).toEqual([
      { address: "aws_db_instance.db", attribute: "log_connections", found: "(not set)", required: "1, in a parameter group in the plan" },
      { address: "aws_db_instance.db", attribute: "log_disconnections", found: "(not set)", required: "1, in a parameter group in the plan" }]);
  });

  test("CKPT-TLS-REQUIRED: no group of the plan, or rds.force_ssl other than 1", () => {
    expect(findings(changed((j) => { delete db(j).parameter_group_name; }), "CKPT-TLS-REQUIRED")).toEqual([{ address: "aws_db_instance.db",
      attribute: "parameter_group_name", found: "no aws_db_parameter_group of the plan", required: "a parameter group in the plan with rds.force_ssl = 1" }]);
    expect(findings(changed((j) => { j.resource.aws_db_parameter_group.pg.parameter[0].value = "true"; }), "CKPT-TLS-REQUIRED")).toEqual([{
      address: "aws_db_parameter_group.pg", attribute: "parameter rds.force_ssl", found: "true", required: "1" }]);
  });

  test("CKPT-MONITORING-ROLE: an interval above 0 needs a role; an interval it cannot read cannot be evaluated", () => {
    const id = "CKPT-MONITORING-ROLE";
    const required = "a role for enhanced monitoring";
    expect(findings(changed((j) => { db(j).monitoring_interval = 0; }), id)).toEqual([]);
    for (const role of [undefined, null, ""]) {
      expect(findings(changed((j) => { db(j).monitoring_interval = 60; db(j).monitoring_role_arn = role; }), id)).toEqual([{
        address: "aws_db_instance.db", attribute: "monitoring_role_arn", found: "(not set)", required }]);
    }
    expect(findings(changed((j) => { db(j).monitoring_interval = 1; db(j).monitoring_role_arn = "arn:aws:iam::1:role/m"; }), id)).toEqual([]);
    expect(findings(changed((j) => { db(j).monitoring_interval = "${var.other}"; }), id)).toEqual([{ address: "aws_db_instance.db",
      attribute: "monitoring_interval", found: { unknown: "${var.other}" }, required: "an interval the gate can read" }]);
  });

  test("CKPT-MAINTENANCE-WINDOW: set, valid, not overlapping the backup window; a backup window it cannot read cannot be evaluated", () => {
    const id = "CKPT-MAINTENANCE-WINDOW";
    const required = "ddd:hh:mm-ddd:hh:mm, not overlapping backup_window";
    expect(findings(changed((j) => { db(j).maintenance_window = "sun:03:30-sun:04:30"; }), id)).toEqual([{ address: "aws_db_instance.db",
      attribute: "maintenance_window", found: "sun:03:30-sun:04:30", required }]);
    expect(findings(changed((j) => { delete db(j).backup_window; db(j).maintenance_window = "sun:03:30-sun:04:30"; }), id)).toEqual([]);
    expect(findings(changed((j) => { db(j).maintenance_window = "sunday"; }), id)).toEqual([expect.objectContaining({ found: "sunday" })]);
    expect(findings(changed((j) => { db(j).backup_window = "${var.other}"; }), id)).toEqual([{ address: "aws_db_instance.db",
      attribute: "backup_window", found: { unknown: "${var.other}" }, required }]);
  });
});
