/** Shorter secrets are not filtered: replacing every "p" would garble the text and reveal the password. */
export const MIN_REDACTED_LENGTH = 8;

/**
 * The last line of defence only: messages are built from fields that never hold a password. Replaces each
 * secret of 8 or more characters (and its URL-encoded form) with "***".
 */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_REDACTED_LENGTH) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join("***");
  }
  return out;
}
