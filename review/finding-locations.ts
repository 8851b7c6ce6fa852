import { SourcePosition } from "../plan";
import { ReviewedPlan } from "../plan/reviewed-plan";
import { Finding } from "./findings";

/**
 * Where a finding is written in the plan's files: the attribute's own line and column when the reader kept it
 * (aws_security_group.db.ingress[0] + cidr_blocks -> "ingress[0].cidr_blocks"), else its nested block, else the
 * resource (or output, variable) block; the first file of the configuration for plan-wide findings.
 */
export function locateFinding(plan: ReviewedPlan, f: Finding): SourcePosition | undefined {
  const config = plan.config;
  const owners = [...config.resources, ...config.dataSources]
    .filter((r) => f.address === r.address || f.address.startsWith(`${r.address}.`) || f.address.startsWith(`${r.address}[`))
    .sort((a, b) => b.address.length - a.address.length);
  const owner = owners[0];
  if (owner) {
    const inner = f.address.slice(owner.address.length).replace(/^\./, "");
    const attribute = f.attribute.split(" ")[0];
    const candidates = inner === "" ? [attribute, f.attribute.replace(/^parameter /, "")] : [`${inner}.${attribute}`, inner, inner.replace(/\[\d+\]$/, "")];
    for (const key of candidates) {
      const position = owner.attributePositions.get(key);
      if (position) return position;
    }
    return owner.position;
  }
  const [kind, name] = f.address.split(".");
  if (kind === "output" && name) return config.outputs.get(name)?.position;
  if (kind === "var" && name) return config.variables.get(name)?.position;
  if (kind === "module" && name) return config.modules.find((m) => m.name === name)?.position;
  const file = config.files[0];
  return file === undefined ? undefined : { file, line: 1, column: 1 };
}
