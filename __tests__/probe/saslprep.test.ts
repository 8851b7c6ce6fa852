import { libpqSaslPrep } from "../../probe/saslprep";

// In-process (unit tier), so mutation testing sees it (npm run mutate, issue 27); moved from libpq-rules.test.ts,
// which runs in the integration tier for its loopback listener.
describe("SASLprep as libpq's pg_saslprep (src/common/saslprep.c): where it fails, the raw password", () => {
  test.each([
    ["pure ASCII, control characters and all, is left as it is", "a\u0001b c", "a\u0001b c"],
    ["NFKC: the ligature fi becomes f, i", "p\uFB01w", "pfiw"],
    ["a non-ASCII space becomes a space; a soft hyphen is dropped", "a\u00A0b\u00ADc", "a bc"],
    ["a code point unassigned in Unicode 3.2 (U+0221): SASLprep fails, raw bytes", "p\uFB01\u0221w", null],
    ["a prohibited character (private use U+E000): raw bytes", "x\uE000", null],
    ["right-to-left mixed with left-to-right: raw bytes", "\u05D0a\u05D0", null],
    ["right-to-left throughout is fine", "\u05D0\u05D1", "\u05D0\u05D1"],
  ])("%s", (_name, password, prepared) => {
    expect(libpqSaslPrep(password)).toBe(prepared);
  });
});
