import { RULES } from "../../review/rules";
import { ReviewedPlan } from "../../plan/reviewed-plan";
import { reviewPlan } from "../../review/run-review";
import { parseConfiguration } from "../../plan";

/** Issue 23: valid Terraform JSON the gate refused or could not evaluate, now read as Terraform reads it. */
function review(json: unknown, id: string) {
  const plan = new ReviewedPlan("s", "case.tf.json", parseConfiguration([{ file: "case.tf.json", text: JSON.stringify(json) }]));
  return reviewPlan(plan, {}, RULES.filter((r) => r.id === id)).results[0];
}

describe("the gate reads what Terraform reads", () => {
  test("local.x naming a literal is its value: 14 days passes CKPT-BACKUP-7D, 3 days fails with the value found", () => {
    const plan = (days: unknown) => ({ locals: { days, alias: "${local.days}" },
      resource: { aws_db_instance: { db: { backup_retention_period: "${local.alias}" } } } });
    expect(review(plan(14), "CKPT-BACKUP-7D").status).toBe("pass");
    const failed = review(plan(3), "CKPT-BACKUP-7D");
    expect(failed.status).toBe("fail");
    expect(failed.findings).toEqual([expect.objectContaining({ attribute: "backup_retention_period", found: "3" })]);
  });

  test("a dynamic block whose content is a one-element array (hcl2json) is reviewed: SSH from the world fails CKV_AWS_24", () => {
    const json = { resource: { aws_security_group: { g: { description: "d", dynamic: { ingress: [{ for_each: [22],
      content: [{ from_port: "${ingress.value}", to_port: "${ingress.value}", protocol: "tcp", cidr_blocks: ["0.0.0.0/0"] }] }] } } } } };
    const result = review(json, "CKV_AWS_24");
    expect(result.status).toBe("fail");
    expect(result.findings[0].address).toBe("aws_security_group.g.ingress[0]");
  });
});
