/** One ingress permission of the plan, as the rehearsal applies it (rehearsal/plan-ingress.ts reads them). */
export interface IngressPermission {
  /** Where it is written, e.g. aws_security_group.checkpoints_db.ingress[0] */
  readonly address: string;
  readonly group: { readonly address: string };
  /** As written: "tcp", "6", "-1"...; an expression when it cannot be evaluated. */
  readonly protocol: string;
  readonly fromPort: number | undefined;
  readonly toPort: number | undefined;
  /** CIDRs, or "${var.X}" for a variable the rehearsal binds, or the expression that cannot be evaluated. */
  readonly ipv4Sources: string[];
  /** IPv6, security-group, prefix-list and self sources: reported, never applied. */
  readonly otherSources: string[];
  readonly description: string | undefined;
}

/** How a security-group source reads in the rehearsal: the app subnet variable is bound to the app host's subnet. */
export interface FirewallBindings {
  /** variable name -> CIDR, e.g. app_subnet_cidr -> 198.51.100.0/28 */
  readonly variables: Readonly<Record<string, string>>;
}

export interface FirewallTranslation {
  /** The nftables ruleset for the database host: default deny, as a security group is. */
  readonly ruleset: string;
  /** What each ingress permission became, for the report. */
  readonly translated: string[];
  /** Sources the rehearsal cannot express (security groups, prefix lists, unbound variables): reported, never dropped silently. */
  readonly untranslatable: string[];
}

const PROTOCOLS: Record<string, string> = { tcp: "tcp", "6": "tcp", udp: "udp", "17": "udp" };

/**
 * Translates security-group ingress into nftables for the database host. A security group is stateful
 * and denies by default: the input chain drops, accepts established flows, and accepts only what a rule
 * allows. Pure.
 */
export function translateIngress(permissions: IngressPermission[], bindings: FirewallBindings): FirewallTranslation {
  const rules: string[] = [];
  const translated: string[] = [];
  const untranslatable: string[] = [];
  for (const p of permissions) {
    const sources: string[] = [];
    for (const source of p.ipv4Sources) {
      const variable = /^\$\{var\.([A-Za-z0-9_-]+)\}$/.exec(source)?.[1];
      if (variable && bindings.variables[variable]) sources.push(bindings.variables[variable]);
      else if (!source.includes("${")) sources.push(source);
      else untranslatable.push(`${p.address}: source ${source} has no value in the rehearsal`);
    }
    for (const source of p.otherSources) {
      untranslatable.push(`${p.address}: source ${source} (IPv6, security-group, prefix-list or self sources ` +
        "have no counterpart on the rehearsal network)");
    }
    if (sources.length === 0) continue;
    const protocol = p.protocol === "-1" || p.protocol === "all" ? undefined : PROTOCOLS[p.protocol];
    if (p.protocol !== "-1" && p.protocol !== "all" && !protocol) {
      untranslatable.push(`${p.address}: protocol ${p.protocol} is not tcp, udp or all`);
      continue;
    }
    const portRange = protocol && p.fromPort !== undefined && p.toPort !== undefined && !(p.fromPort === 0 && p.toPort === 0)
      ? (p.fromPort === p.toPort ? `${p.fromPort}` : `${p.fromPort}-${p.toPort}`) : undefined;
    const match = portRange ? ` ${protocol} dport ${portRange}` : protocol ? ` meta l4proto ${protocol}` : "";
    rules.push(`    ip saddr { ${sources.join(", ")} }${match} accept comment "${p.address}"`);
    translated.push(`${p.address}: ${protocol ?? "all protocols"}${portRange ? ` ${portRange}` : ""} from ${sources.join(", ")}`);
  }
  const ruleset = [
    "table inet checkpoints_security_group {",
    "  chain input {",
    "    type filter hook input priority filter; policy drop;",
    "    ct state established,related accept",
    '    iifname "lo" accept',
    ...rules,
    "  }",
    "}",
    "",
  ].join("\n");
  return { ruleset, translated, untranslatable };
}
