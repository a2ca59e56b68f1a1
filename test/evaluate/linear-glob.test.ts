import fc from "fast-check";
import { minimatch } from "minimatch";
import { describe, expect, it } from "vitest";
import { compileLinearGlob } from "../../src/evaluate/linear-glob.js";
import { matchGlob } from "../../src/evaluate/patterns.js";
import { GLOB_OPTIONS } from "../../src/model/glob.js";
import { globstarCase } from "../arbitraries/globstar.js";

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

  it("walks `**` as minimatch does: globs of several `**` among dots, empty segments, classes and braces", () => {
    // Brace expansion off too: interpolated patterns are matched with EXPANDED_OPTIONS.
    const noBrace = { ...GLOB_OPTIONS, nobrace: true };
    fc.assert(
      fc.property(globstarCase, ({ glob, paths }) => {
        for (const options of [GLOB_OPTIONS, noBrace]) {
          const ours = compileLinearGlob(glob, options);
          for (const path of paths) {
            expect(ours?.(path), `${JSON.stringify(path)} vs ${JSON.stringify(glob)}`).toBe(minimatch(path, glob, options));
          }
        }
      }),
      { numRuns: 4000 },
    );
  });

  it("keeps the quirks of minimatch's `**` walk", () => {
    const cases: [string, string, boolean][] = [
      // minimatch bounds where the first of two sections may start by the segments left
      // minus its own size twice (not minus the later sections'): `a/b/c` would have to
      // start by segment -1 here.
      ["**/a/b/c/**/d/**", "a/b/c/d/x", false],
      ["**/a/b/c/**/d/**", "q/a/b/c/d/x/y/z/w", true],
      ["**/d/**/a/b/c/**", "d/x/a/b/c/y", true],
      // The last check for `.`/`..` runs to the end of the path, over the tail too.
      ["**/x/**/..", "x/y/..", false],
      // A final `**` needs a segment; `**` never walks over `.`/`..`; a trailing `/`.
      ["**/a/**/**", "a", false],
      ["**/a/**/a/**", "a/a/.", false],
      ["a/**/b/**/c", "a/b/./c", false],
      ["**/../**", "a/../../b", false],
      ["**/a/**/b/b/**", "a/a/b/b/x", true],
      ["**/a/**/b", "a/b/", true],
      ["**/**/**", "", true],
      ["**//**", "a//b", true],
    ];
    for (const [glob, path, want] of cases) {
      expect(minimatch(path, glob, GLOB_OPTIONS), `minimatch: ${path} vs ${glob}`).toBe(want);
      expect(matchGlob(path, glob), `${path} vs ${glob}`).toEqual({ ok: true, value: want });
    }
  });

  it("walks `**` in time about linear in the segments: `a/` × 40,000 against `**/.ssh/**` and `**/x/**/y/**/z/**`", () => {
    // minimatch slices the path from its start at every segment it tries: O(segments²).
    const time = (glob: string, path: string, want: boolean) => {
      const matcher = compileLinearGlob(glob, GLOB_OPTIONS) as (input: string) => boolean;
      let best = Number.POSITIVE_INFINITY;
      for (let round = 0; round < 3; round++) {
        const start = performance.now();
        expect(matcher(path)).toBe(want);
        best = Math.min(best, performance.now() - start);
      }
      return best;
    };
    for (const [glob, head] of [
      ["**/.ssh/**", ".ssh/"],
      ["**/x/**/y/**/z/**", "x/y/z/"],
    ] as const) {
      const crafted = time(glob, "a/".repeat(40_000), false);
      // The same segments after a head that matches at once: minimatch too walked them once.
      const plain = time(glob, head + "a/".repeat(40_000).slice(head.length), true);
      expect(crafted / Math.max(plain, 0.05), glob).toBeLessThan(20);
    }
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
