/**
 * Tests found by mutation testing the reference interpreter's glob matcher
 * (src/evaluate/linear-glob.ts, globstar-walk.ts): each pins minimatch's answer under the
 * spec's options (§4.1) where a plausible bug survived the existing tests.
 */
import { minimatch } from "minimatch";
import { describe, expect, it } from "vitest";
import { evaluateReference } from "../../src/evaluate/index.js";
import { GLOB_OPTIONS } from "../../src/model/glob.js";
import { setFromText } from "./from-text.js";

/** Whether the reference interpreter lets `resource` through `resource <glob>`. */
function resourceMatches(glob: string, resource: string): boolean {
  const set = setFromText(`policy p { allow subject * action * resource ${JSON.stringify(glob)} }`);
  const decision = evaluateReference(set, { id: "alice" }, resource, "read", undefined);
  expect(decision.errors).toEqual([]);
  return decision.allowed;
}

describe("`*` never matches a `.` segment, also where minimatch has no fast path (spec §4.1)", () => {
  // `*\.*` and `\.*` are segment RegExps minimatch leaves to its own `test` (no fast path),
  // so the reference's literal-and-star matcher must keep minimatch's `.`/`..` guard.
  const cases: [string, string][] = [
    ["*\\.*", "."],
    ["*\\.*", ".."],
    ["\\.*", "."],
    ["\\.*", ".."],
    ["x/*\\.*", "x/."],
    ["x/*\\.*/y", "x/./y"],
    ["*\\.*", "a.b"],
    ["\\.*", ".x"],
  ];
  for (const [glob, input] of cases) {
    it(`${JSON.stringify(glob)} against ${JSON.stringify(input)} answers as minimatch`, () => {
      expect(resourceMatches(glob, input)).toBe(minimatch(input, glob, GLOB_OPTIONS));
    });
  }

  it("so those answers are: no for `.`/`..`, yes for an ordinary name", () => {
    expect(resourceMatches("*\\.*", ".")).toBe(false);
    expect(resourceMatches("\\.*", ".")).toBe(false);
    expect(resourceMatches("*\\.*", "a.b")).toBe(true);
  });
});

describe("a literal head and tail around `*` may not overlap (spec §4.1, minimatch)", () => {
  // `a*a` is `a`, anything, `a`: at least two characters. The reference matches such
  // segments run by run; the head and the tail must not share characters of the input.
  const cases: [string, string, boolean][] = [
    ["a*a", "a", false],
    ["a*a", "aa", true],
    ["ab*ba", "aba", false],
    ["ab*ba", "abba", true],
    ["aa*aa", "aaa", false],
    ["a*a*a", "aa", false],
    ["a*a*a", "aaa", true],
    ["x/ab*b", "x/ab", false],
  ];
  for (const [glob, input, expected] of cases) {
    it(`${JSON.stringify(glob)} against ${JSON.stringify(input)}: ${expected}`, () => {
      expect(minimatch(input, glob, GLOB_OPTIONS)).toBe(expected);
      expect(resourceMatches(glob, input)).toBe(expected);
    });
  }
});
