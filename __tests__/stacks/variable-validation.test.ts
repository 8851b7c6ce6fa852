import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { synthProductionStack } from "../support/synth-plan";

/**
 * The variables' validation blocks are Terraform expressions: only Terraform can evaluate them. A config
 * of just the synthesized `variable` section needs no provider, so `terraform test` runs offline. Where
 * no terraform binary is on PATH the suite says so and skips.
 */
const terraform = spawnSync("terraform", ["version"], { encoding: "utf8" });
const available = terraform.status === 0;
if (!available) {
  console.warn("variable-validation: skipped, no terraform binary on PATH to evaluate the validation blocks");
}

const VALID = {
  db_password: "Abcdefgh1!",
  vpc_id: "vpc-0123456789abcdef0",
  app_subnet_cidr: "10.0.1.0/24",
  db_subnet_ids: ["subnet-0123456789abcdef0", "subnet-11111111"],
};

/** [run name, the variable changed, its value, whether Terraform must reject it] */
const CASES: Array<[string, keyof typeof VALID, unknown, boolean]> = [
  ["valid", "vpc_id", VALID.vpc_id, false],
  ["password_with_slash", "db_password", "Abc/defgh1", true],
  ["password_with_at", "db_password", "Abcdefgh@1", true],
  ["password_with_quote", "db_password", 'Abc"defgh1', true],
  ["password_with_space", "db_password", "Abc defgh1", true],
  ["password_too_short", "db_password", "Ab1!xyz", true],
  ["password_too_long", "db_password", "a".repeat(129), true],
  ["password_128_chars", "db_password", "a".repeat(128), false],
  ["password_non_ascii", "db_password", "Abcdefgh1é", true],
  ["cidr_world", "app_subnet_cidr", "0.0.0.0/0", true],
  ["cidr_host_bits", "app_subnet_cidr", "10.0.1.7/24", true],
  ["cidr_ipv6", "app_subnet_cidr", "fd00::/64", true],
  ["cidr_not_a_cidr", "app_subnet_cidr", "10.0.1.0", true],
  ["cidr_single_host", "app_subnet_cidr", "10.0.1.7/32", false],
  ["vpc_id_malformed", "vpc_id", "vpc-xyz", true],
  ["one_subnet", "db_subnet_ids", ["subnet-0123456789abcdef0"], true],
  ["subnet_id_malformed", "db_subnet_ids", ["subnet-0123456789abcdef0", "sn-1"], true],
];

const hcl = (value: unknown) => JSON.stringify(value);

function testFile(): string {
  const defaults = Object.entries(VALID).map(([k, v]) => `  ${k} = ${hcl(v)}`).join("\n");
  const runs = CASES.map(([name, variable, value, rejected]) => [
    `run "${name}" {`,
    "  command = plan",
    `  variables {\n    ${variable} = ${hcl(value)}\n  }`,
    rejected ? `  expect_failures = [var.${variable}]` : "",
    "}",
  ].filter(Boolean).join("\n"));
  return `variables {\n${defaults}\n}\n\n${runs.join("\n\n")}\n`;
}

(available ? describe : describe.skip)("variable validations, evaluated by terraform test", () => {
  let results = new Map<string, string>();

  beforeAll(() => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-tftest-"));
    const { plan } = synthProductionStack();
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify({ variable: plan.variable }, null, 2));
    fs.writeFileSync(path.join(dir, "validations.tftest.hcl"), testFile());
    const env = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
    const init = spawnSync("terraform", ["init", "-input=false", "-no-color"], { cwd: dir, env, encoding: "utf8" });
    if (init.status !== 0) throw new Error(`terraform init failed:\n${init.stdout}${init.stderr}`);
    const run = spawnSync("terraform", ["test", "-no-color"], { cwd: dir, env, encoding: "utf8" });
    results = new Map([...run.stdout.matchAll(/run "([^"]+)"\.\.\. (\w+)/g)].map((m) => [m[1], m[2]]));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test.each(CASES)("%s", (name) => {
    expect(results.get(name)).toBe("pass");
  });
});
