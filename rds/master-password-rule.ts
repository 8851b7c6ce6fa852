/**
 * RDS for PostgreSQL's master password rule: 8-128 printable ASCII characters other than "/", '"', "@"
 * and space. Source: Amazon RDS API Reference, CreateDBInstance, MasterUserPassword ("Can include any
 * printable ASCII character except "/", """, or "@". Can't be specified when ManageMasterUserPassword is
 * turned on."; PostgreSQL: "Must contain from 8 to 128 characters."). Checked 2026-11-29.
 */
const PRINTABLE = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i));

export const RDS_PASSWORD_ALPHABET = PRINTABLE.filter((c) => !["/", '"', "@"].includes(c)).join("");
export const MIN_LENGTH = 8;
export const MAX_LENGTH = 128;

export function isRdsPassword(password: string): boolean {
  return password.length >= MIN_LENGTH && password.length <= MAX_LENGTH &&
    [...password].every((c) => RDS_PASSWORD_ALPHABET.includes(c));
}
