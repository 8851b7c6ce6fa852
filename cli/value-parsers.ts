import * as net from "node:net";
import { AWS_REGIONS, isKnownRegion } from "../rds/aws-regions";
import { closestName } from "./closest-name";

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
export function parseSeconds(text: string, source: string, { allowZero = false, max = 999_999_999 } = {}): number {
  const accepted = `a number of seconds such as 10 or 2.5, ${allowZero ? "from 0" : "greater than 0,"} up to ${max}`;
  if (!/^\d{1,9}(\.\d{1,3})?$/.test(text)) throw new InvalidValueError(source, text, accepted);
  const seconds = Number(text);
  if ((!allowZero && seconds === 0) || seconds > max) throw new InvalidValueError(source, text, accepted);
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

/** A region code that AWS_REGIONS (rds/aws-regions.ts) lists; an unlisted one is refused with the closest listed. */
export function parseRegion(text: string, source: string): string {
  if (!isRegion(text)) throw new InvalidValueError(source, text, "an AWS region code such as us-east-1 or eu-west-2");
  if (!isKnownRegion(text)) {
    throw new InvalidValueError(source, text, `an AWS region; did you mean ${closestName(text, AWS_REGIONS.regions)}? ` +
      `(rds/aws-regions.ts, from the AWS SDK's partitions, ${AWS_REGIONS.checked}; add a region AWS opened since there)`);
  }
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

/**
 * EC2 resource ids: the prefix, then 8 hex digits (ids made before 2016) or 17 (since). Source: Amazon EC2
 * User Guide, "Resource IDs" (longer-ids: "8-character ... 17-character"), checked 2026-12-06.
 */
const EC2_ID = (prefix: string) => new RegExp(`^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`);

/** A VPC id, vpc-0123456789abcdef0. */
export function parseVpcId(text: string, source: string): string {
  if (!EC2_ID("vpc").test(text)) {
    throw new InvalidValueError(source, text, "a VPC id: vpc- and 8 or 17 hex digits, for example vpc-0123456789abcdef0");
  }
  return text;
}

/** A subnet id, subnet-0123456789abcdef0. */
export function parseSubnetId(text: string, source: string): string {
  if (!EC2_ID("subnet").test(text)) {
    throw new InvalidValueError(source, text, "a subnet id: subnet- and 8 or 17 hex digits, for example subnet-0123456789abcdef0");
  }
  return text;
}

/** A folder to read or write: not blank (which would mean the current folder, unasked), no NUL. */
export function parseFolderPath(text: string, source: string): string {
  if (text.trim() === "" || text.includes("\0")) throw new InvalidValueError(source, text, "a folder path, for example evidence/checkpoints-db");
  return text;
}

export interface NumberRange {
  readonly min: number;
  readonly max: number;
  /** The unit in words: "GB", "seconds". */
  readonly unit: string;
  /** Whole numbers only. */
  readonly integer?: boolean;
  /** Where the bounds come from, said in the message (an RDS quota, a provider validation). */
  readonly bound?: string;
}

/**
 * A number from plain decimal text within [min, max]: no exponent, hex, blank or Infinity (which Number()
 * takes), and never rounded into something else (99999999999999999999 is refused as it was typed, not
 * echoed as 1e20). A minus sign is read, so "-1" says what is accepted rather than failing as a flag.
 */
export function parseBoundedNumber(text: string, source: string, range: NumberRange): number {
  const wording = range.integer ? "a whole number" : "a number";
  const accepted = `${wording} of ${range.unit} from ${range.min} to ${range.max}${range.bound ? ` (${range.bound})` : ""}`;
  const grammar = range.integer ? /^-?\d{1,16}$/ : /^-?\d{1,16}(\.\d{1,6})?$/;
  if (!grammar.test(text)) throw new InvalidValueError(source, text, accepted);
  const value = Number(text);
  if (value < range.min || value > range.max) throw new InvalidValueError(source, text, accepted);
  return value;
}

/**
 * parseArgs reads "--wait -5" as a flag missing its value ("argument is ambiguous"); joins a string option
 * and a following negative number ("--wait=-5") so the option's own parser says what is accepted.
 */
export function joinNegativeNumbers(argv: readonly string[], stringOptions: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--") return [...joined, ...argv.slice(i)];
    const next = argv[i + 1];
    if (stringOptions.includes(argv[i]) && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${argv[i]}=${next}`);
      i++;
    } else joined.push(argv[i]);
  }
  return joined;
}
