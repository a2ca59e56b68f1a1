import fc from "fast-check";
import { minimatch } from "minimatch";
import { describe, expect, it } from "vitest";
import { compileLinearGlob } from "../../src/evaluate/linear-glob.js";
import { matchGlob } from "../../src/evaluate/patterns.js";
import { GLOB_OPTIONS } from "../../src/model/glob.js";

const PATTERN_PIECES = [
  "a", "b", ".", "..", "*", "**", "?", "[", "]", "[a-c]", "[!a]", "[^b]", "[]", "[]a]", "[a-]", "[\\]]", "[[:alpha:]]",
  "[[:digit:]x]", "[!]", "\\", "\\*", "\\a", "{a,b}", "{,a}", "{1..3}", ",", "-", "!", "+", "@", "(", ")", "|", "#", "$",
  "/", "😀", "é", " ",
];
const INPUT_PIECES = ["a", "b", "c", ".", "..", "/", "\\", "]", "[", "!", "-", "1", "x", "😀", "é", " ", "*", "{", ","];

/** minimatch's answer, or "throws" for a pattern it rejects (e.g. an invalid `u` RegExp). */
function reference(input: string, pattern: string): boolean | "throws" {
  try {
    return minimatch(input, pattern, GLOB_OPTIONS);
  } catch {
    return "throws";
  }
}

/** Ours, with "throws" when compiling fails the same way. */
function linear(pattern: string): ((input: string) => boolean | "throws") | null {
  try {
    const matcher = compileLinearGlob(pattern, GLOB_OPTIONS);
    return matcher;
  } catch {
    return () => "throws";
  }
}

const patternArb = fc.array(fc.constantFrom(...PATTERN_PIECES), { maxLength: 6 }).map((p) => p.join(""));
const inputArb = fc.array(fc.constantFrom(...INPUT_PIECES), { maxLength: 6 }).map((p) => p.join(""));

describe("linear-time minimatch", () => {
  it("agrees with minimatch under GLOB_OPTIONS on generated patterns and inputs", () => {
    fc.assert(
      fc.property(patternArb, fc.array(inputArb, { minLength: 1, maxLength: 8 }), (pattern, inputs) => {
        const ours = linear(pattern);
        expect(ours, `unsupported pattern ${JSON.stringify(pattern)}`).not.toBeNull();
        for (const input of inputs) {
          expect(ours?.(input), `${JSON.stringify(input)} vs ${JSON.stringify(pattern)}`).toBe(reference(input, pattern));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("agrees on inputs built to match: the pattern's own pieces", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PATTERN_PIECES), { maxLength: 6 }), (pieces) => {
        const pattern = pieces.join("");
        const ours = linear(pattern);
        expect(ours, `unsupported pattern ${JSON.stringify(pattern)}`).not.toBeNull();
        for (const input of [pattern, pieces.filter((p) => !/[*?[\]\\{}]/.test(p)).join(""), pattern.replaceAll("*", "ab")]) {
          expect(ours?.(input), `${JSON.stringify(input)} vs ${JSON.stringify(pattern)}`).toBe(reference(input, pattern));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("does not backtrack: `*a*a*a*a*a*a*b` against 100,000 characters is quick", () => {
    const started = Date.now();
    expect(matchGlob("a".repeat(100_000), "*a*a*a*a*a*a*b")).toEqual({ ok: true, value: false });
    expect(matchGlob(`${"a".repeat(100_000)}b`, "*a*a*a*a*a*a*b")).toEqual({ ok: true, value: true });
    expect(matchGlob(`tool:${"_".repeat(50_000)}`, "tool:*_*_*_*x")).toEqual({ ok: true, value: false });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("keeps minimatch's escaped `\\|`, left raw in its RegExp: a top-level alternation", () => {
    const pattern = "tool:a\\|b*";
    for (const input of ["tool:a", "tool:axyz", "zzb", "b", "tool:c", "tool:a|b", "tool:a|bc"]) {
      expect(matchGlob(input, pattern), input).toEqual({ ok: true, value: minimatch(input, pattern, GLOB_OPTIONS) });
    }
    expect(matchGlob("tool:axyz", pattern)).toEqual({ ok: true, value: true });
    expect(matchGlob("tool:a|b", "tool:a|b*")).toEqual({ ok: true, value: true });
    expect(matchGlob("tool:axyz", "tool:a|b*")).toEqual({ ok: true, value: false });
  });

  it("keeps minimatch's quirks: a trailing `/` is let through, `*` never matches `.` or `..`", () => {
    expect(matchGlob("a/", "a")).toEqual({ ok: true, value: minimatch("a/", "a", GLOB_OPTIONS) });
    expect(matchGlob("..", "*")).toEqual({ ok: true, value: false });
    expect(matchGlob("..", "..")).toEqual({ ok: true, value: true });
    expect(matchGlob(".x", "*")).toEqual({ ok: true, value: true });
  });
});
