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

// More of RFC 4013 / RFC 3454's tables, as src/common/saslprep.c applies them (REL_15_STABLE: map B.1 to
// nothing and C.1.2 to a space, NFKC, prohibit C.1.2-C.9 and A.1, then the bidi rule of RFC 3454 section 6):
// the first and last entries of the tables and both ends of a RandALCat string (issue 27, mutation testing).
describe("SASLprep's tables at their edges", () => {
  test.each([
    ["a zero-width space (B.1) is dropped", "a\u200Bb\u00E9", "ab\u00E9"],
    ["the byte-order mark, B.1's last entry, is dropped", "a\uFEFFb", "ab"],
    ["the ideographic space, C.1.2's last entry, becomes a space", "\u3000x", " x"],
    ["NFKC: Roman numeral nine becomes I, X", "\u2168", "IX"],
    ["an ASCII control character beside non-ASCII text is prohibited (C.2.1)", "\u00E9\u0007", null],
    ["the last private-use code point (C.3) is prohibited", "\u00E9\u{10FFFD}", null],
    ["a non-character (C.4, U+FFFE) is prohibited", "\u00E9\uFFFE", null],
    ["Arabic throughout is fine", "\u0627\u0628", "\u0627\u0628"],
    ["RandALCat ending with a digit: fails", "\u05D01", null],
    ["RandALCat starting with a digit: fails", "1\u05D0", null],
    ["RandALCat at both ends, a digit between: fine", "\u05D01\u05D0", "\u05D01\u05D0"],
    ["RandALCat around a Latin letter with an accent (LCat): fails", "\u05D0\u00E9\u05D0", null],
  ])("%s", (_name, password, prepared) => {
    expect(libpqSaslPrep(password)).toBe(prepared);
  });
});
