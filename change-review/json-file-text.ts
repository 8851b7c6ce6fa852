/**
 * The text of a JSON file in whatever encoding Windows tools write: `terraform show -json plan > plan.json`
 * in Windows PowerShell 5.1 writes UTF-16 LE with a byte-order mark, PowerShell 7 and `Out-File -Encoding
 * utf8` (5.1) write UTF-8 with one. RFC 8259 section 8.1 says JSON exchanged between systems is UTF-8 and
 * a parser MAY ignore a BOM; so a BOM-marked UTF-8 or UTF-16 file is decoded, and UTF-16 or UTF-32 without
 * a mark is refused by name rather than failing later as "not JSON".
 */

/** Why a file cannot be read as text, for a message that names the encoding and the fix. */
export class JsonEncodingError extends Error {
  constructor(readonly encoding: string) {
    super(encoding);
    this.name = "JsonEncodingError";
  }
}

function swapBytes(bytes: Buffer): Buffer {
  const swapped = Buffer.from(bytes);
  return swapped.swap16();
}

/** The file's text, its byte-order mark removed. Throws JsonEncodingError for an encoding it will not guess. */
export function decodeJsonFile(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString("utf8");
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    if (bytes[2] === 0 && bytes[3] === 0) throw new JsonEncodingError("UTF-32 LE");
    if (bytes.length % 2 !== 0) throw new JsonEncodingError("UTF-16 LE with an odd number of bytes (truncated)");
    return bytes.subarray(2).toString("utf16le");
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    if (bytes.length % 2 !== 0) throw new JsonEncodingError("UTF-16 BE with an odd number of bytes (truncated)");
    return swapBytes(bytes.subarray(2)).toString("utf16le");
  }
  // JSON text starts with ASCII; a NUL among its first bytes is UTF-16 or UTF-32 without a mark (RFC 4627 section 3).
  const head = bytes.subarray(0, 4);
  if (head.length >= 2 && head.includes(0)) throw new JsonEncodingError("UTF-16 or UTF-32 without a byte-order mark");
  return bytes.toString("utf8");
}

/** The fix a message about an encoding names. */
export const SAVE_AS_UTF8 = "save it as UTF-8 (PowerShell: `terraform show -json PLANFILE | Out-File -Encoding utf8 FILE`)";
