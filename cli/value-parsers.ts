import * as net from "node:net";

/**
 * One parser per kind of command-line value, shared by every tool (probe, verify, secret:create, review,
 * the rehearsals), so a value means the same thing everywhere and is checked before any network call.
 * Each throws InvalidValueError naming where the value came from and what would be accepted.
 */
export class InvalidValueError extends Error {
  readonly code = "CHECKPOINTS_INVALID_VALUE";
  constructor(readonly source: string, readonly found: string, readonly accepted: string) {
    super(`${source} ${JSON.stringify(found)} is not valid: ${accepted}`);
    this.name = "InvalidValueError";
  }
}

/**
 * Seconds as plain decimal text ("10", "2.5"); no sign, exponent, hex or blank, which Number() would take.
 * allowZero: 0 is accepted (a wait of 0 means "do not wait").
 */
export function parseSeconds(text: string, source: string, { allowZero = false } = {}): number {
  const accepted = `a number of seconds such as 10 or 2.5${allowZero ? "" : ", greater than 0"}`;
  if (!/^\d{1,9}(\.\d{1,3})?$/.test(text)) throw new InvalidValueError(source, text, accepted);
  const seconds = Number(text);
  if (!allowZero && seconds === 0) throw new InvalidValueError(source, text, accepted);
  return seconds;
}

export interface Ipv4Cidr {
  readonly address: string;
  readonly prefix: number;
  /** The canonical text, "10.0.1.0/24". */
  readonly text: string;
}

/**
 * An IPv4 CIDR block as a security group takes it: a dotted quad (node:net's own IPv4 grammar: no leading
 * zeros), /0 to /32, no host bits set (10.0.1.5/24 is a mistake for 10.0.1.0/24 or 10.0.1.5/32).
 * allowWorld: 0.0.0.0/0 is accepted; a subnet that should be private refuses it.
 */
export function parseIpv4Cidr(text: string, source: string, { allowWorld = false } = {}): Ipv4Cidr {
  const accepted = "an IPv4 CIDR block such as 10.0.1.0/24 (address/prefix, prefix 0-32, no host bits set)" +
    (allowWorld ? "" : ", narrower than 0.0.0.0/0");
  const match = /^([0-9.]+)\/(\d{1,2})$/.exec(text);
  if (!match || !net.isIPv4(match[1]) || Number(match[2]) > 32) throw new InvalidValueError(source, text, accepted);
  const address = match[1];
  const prefix = Number(match[2]);
  if (prefix === 0 && !allowWorld) {
    throw new InvalidValueError(source, text, `${accepted}: 0.0.0.0/0 is every address, not an application subnet`);
  }
  const network = networkAddress(address, prefix);
  if (network !== address) {
    throw new InvalidValueError(source, text, `${accepted}: did you mean ${network}/${prefix}, or ${address}/32?`);
  }
  return { address, prefix, text: `${address}/${prefix}` };
}

function networkAddress(address: string, prefix: number): string {
  const value = address.split(".").reduce((n, part) => n * 256 + Number(part), 0);
  const size = 2 ** (32 - prefix);
  const base = Math.floor(value / size) * size;
  return [24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256).join(".");
}

/** Is the address (IPv4, or IPv4-mapped IPv6) inside the block? node:net's BlockList decides. */
export function cidrContains(cidr: Ipv4Cidr, address: string): boolean {
  const plain = address.replace(/^::ffff:/i, "");
  if (!net.isIPv4(plain)) return false;
  const block = new net.BlockList();
  block.addSubnet(cidr.address, cidr.prefix, "ipv4");
  return block.check(plain, "ipv4");
}

/**
 * Does the outer block (a VPC's CidrBlock, as AWS returns it) contain every address of the inner one?
 * False for anything that is not two IPv4 blocks.
 */
export function cidrWithin(inner: string, outer: string): boolean {
  const [innerBase, innerBits] = inner.split("/");
  const [outerBase, outerBits] = outer.split("/");
  const innerPrefix = Number(innerBits);
  const outerPrefix = Number(outerBits);
  if (!net.isIPv4(innerBase) || !net.isIPv4(outerBase) || !Number.isInteger(innerPrefix) || !Number.isInteger(outerPrefix) ||
    outerPrefix < 0 || innerPrefix > 32 || innerPrefix < outerPrefix) return false;
  return cidrContains({ address: outerBase, prefix: outerPrefix, text: outer }, innerBase);
}

/** AWS region codes: us-east-1, eu-west-2, us-gov-west-1, cn-north-1, us-iso-east-1, us-isob-east-1. */
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

/** The region grammar alone, for the configuration's own validation (which collects problems, not throws). */
export function isRegion(text: string): boolean {
  return REGION.test(text);
}

export function parseRegion(text: string, source: string): string {
  if (!isRegion(text)) throw new InvalidValueError(source, text, "an AWS region code such as us-east-1 or eu-west-2");
  return text;
}

/**
 * A stack name as this project makes them ("checkpoints-db", "checkpoints-db-staging"): it becomes a
 * directory under cdktf.out/stacks, so no dots, slashes or other path syntax.
 */
export function parseStackName(text: string, source: string): string {
  if (!/^[a-z][a-z0-9-]{0,99}$/.test(text)) {
    throw new InvalidValueError(source, text,
      "a stack name such as checkpoints-db or checkpoints-db-staging (lowercase letters, digits, hyphens)");
  }
  return text;
}

const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SECRET_ARN = new RegExp(`^arn:aws[a-z-]*:secretsmanager:${REGION.source.slice(1, -1)}:\\d{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}$`);

/** A Secrets Manager secret name (the characters Secrets Manager allows) or a secret's ARN. */
export function parseSecretId(text: string, source: string): string {
  if (!SECRET_NAME.test(text) && !SECRET_ARN.test(text)) {
    throw new InvalidValueError(source, text, "a Secrets Manager secret name (1-512 letters, digits or /_+=.@-) " +
      "or a secret ARN, for example checkpoints-db/master");
  }
  return text;
}
