/** IPv4 addresses and CIDR blocks: pure arithmetic shared by verify and preflight. */

function ipv4ToNumber(address: string): number | undefined {
  const parts = address.replace(/^::ffff:/, "").split(".").map(Number);
  return parts.length === 4 && parts.every((p) => Number.isInteger(p) && p >= 0 && p <= 255)
    ? parts.reduce((n, p) => n * 256 + p, 0) : undefined;
}

/** Is the IPv4 address inside the CIDR? Pure. */
export function inCidr(address: string, cidr: string): boolean {
  const [base, bits] = cidr.split("/");
  const a = ipv4ToNumber(address);
  const b = ipv4ToNumber(base);
  const prefix = Number(bits);
  if (a === undefined || b === undefined || !(prefix >= 0 && prefix <= 32)) return false;
  const size = 2 ** (32 - prefix);
  return Math.floor(a / size) === Math.floor(b / size);
}

/** Does the outer CIDR block contain every address of the inner one? Pure. */
export function cidrWithin(inner: string, outer: string): boolean {
  const [base, bits] = inner.split("/");
  const innerPrefix = Number(bits);
  const outerPrefix = Number(outer.split("/")[1]);
  return Number.isInteger(innerPrefix) && innerPrefix >= outerPrefix && inCidr(base, outer);
}
