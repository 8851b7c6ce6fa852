import * as crypto from "node:crypto";

const PRINTABLE = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i));

/**
 * RDS for PostgreSQL accepts a master password of 8-128 printable ASCII characters other than "/", '"',
 * "@" and space. The document's `openssl rand -base64 32` contains "/" about half the time.
 */
export const RDS_PASSWORD_ALPHABET = PRINTABLE.filter((c) => !["/", '"', "@"].includes(c)).join("");

/**
 * What the generator draws from: RDS's alphabet less the quote, backslash and backtick as well, which
 * RDS takes but which break a password pasted into a shell or an SQL literal. 88 characters.
 */
export const GENERATED_ALPHABET = PRINTABLE.filter((c) => !["/", '"', "@", "'", "\\", "`"].includes(c)).join("");

export const MIN_LENGTH = 8;
export const MAX_LENGTH = 128;

export function isRdsPassword(password: string): boolean {
  return password.length >= MIN_LENGTH && password.length <= MAX_LENGTH &&
    [...password].every((c) => RDS_PASSWORD_ALPHABET.includes(c));
}

/**
 * A password RDS accepts, from the operating system's cryptographic random source. Rejection sampling
 * keeps every character equally likely (a plain modulo would favour the first few). 32 characters from
 * 88 give about 206 bits.
 */
export function generateMasterPassword(length = 32, randomBytes: (n: number) => Buffer = crypto.randomBytes): string {
  if (!Number.isInteger(length) || length < MIN_LENGTH || length > MAX_LENGTH) {
    throw new RangeError(`length must be a whole number from ${MIN_LENGTH} to ${MAX_LENGTH}`);
  }
  const size = GENERATED_ALPHABET.length;
  const limit = 256 - (256 % size);
  let password = "";
  while (password.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && password.length < length) password += GENERATED_ALPHABET[byte % size];
    }
  }
  return password;
}
