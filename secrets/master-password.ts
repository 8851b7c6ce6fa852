import * as crypto from "node:crypto";
import { isRdsPassword, MAX_LENGTH, MIN_LENGTH, RDS_PASSWORD_ALPHABET } from "../rds/master-password-rule";

// RDS's rule lives in rds/; secret:create and preflight both check against it.
export { isRdsPassword, MAX_LENGTH, MIN_LENGTH, RDS_PASSWORD_ALPHABET };

/**
 * What the generator draws from: RDS's alphabet less the quote, backslash and backtick as well, which
 * RDS takes but which break a password pasted into a shell or an SQL literal. 88 characters.
 */
export const GENERATED_ALPHABET = [...RDS_PASSWORD_ALPHABET].filter((c) => !["'", "\\", "`"].includes(c)).join("");

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
