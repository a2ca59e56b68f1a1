/**
 * The compiled engine on globs the differential tests rarely generate: a `*` next to an
 * escaped `.` (no minimatch fast path) against `.`/`..` segments, and literals around a
 * `*` that would overlap (`a*a` against `a`). Mutation testing found the reference's
 * matcher unguarded here (test/evaluate/mutants-globs.test.ts); the compiled matchers must
 * give minimatch's answer too (spec §4.1), for string and object resources alike.
 */
import { minimatch } from "minimatch";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { evaluateReference } from "../../src/evaluate/index.js";
import { GLOB_OPTIONS } from "../../src/model/glob.js";

const PATTERNS = ["*\\.*", "\\.*", "*.*", ".*", "x/*\\.*", "**/a*a", "a*a/**", "a*a", "ab*ba", "aa*aa", "a*a*a", "a?a", "[a]*a", "a*[a]"];
const IDS = ["", ".", "..", "x/.", "x/..", "x/./y", ".a", "a.", "a.b", "x/.a", "x/a.b", ".x", "a", "aa", "aaa", "aaaa", "aaaaa", "aba", "abba", "abxba", "aaa/b", "q/a", "q/aa", "q/aba"];

describe("compiled globs agree with minimatch on dot segments and overlapping literals", () => {
  for (const pattern of PATTERNS) {
    it(`resource ${JSON.stringify(pattern)}`, () => {
      const engine = compile(`policy "p" { allow subject * action "x" resource ${JSON.stringify(pattern)} }`);
      const expected = IDS.map((id) => minimatch(id, pattern, GLOB_OPTIONS));
      // Twice: the second pass is served from the engine's per-id memo.
      for (let pass = 0; pass < 2; pass++) {
        expect(IDS.map((id) => engine.evaluate({ id: "u" }, id, "x").allowed)).toEqual(expected);
        expect(IDS.map((id) => engine.evaluate({ id: "u" }, { id }, "x").allowed)).toEqual(expected);
      }
      expect(IDS.map((id) => evaluateReference(engine.policySet, { id: "u" }, id, "x", undefined).allowed)).toEqual(expected);
      // Not vacuous: these patterns match some of the ids and refuse others.
      expect(expected).toContain(true);
      expect(expected).toContain(false);
    });
  }

  it("pins the cases that matter by value, not only by agreement", () => {
    const allowed = (pattern: string, id: string) =>
      compile(`policy "p" { allow subject * action "x" resource ${JSON.stringify(pattern)} }`).evaluate({ id: "u" }, id, "x").allowed;
    expect(allowed("*\\.*", ".")).toBe(false);
    expect(allowed("*\\.*", "..")).toBe(false);
    expect(allowed("*\\.*", "a.b")).toBe(true);
    expect(allowed("a*a", "a")).toBe(false);
    expect(allowed("a*a", "aa")).toBe(true);
    expect(allowed("ab*ba", "aba")).toBe(false);
    expect(allowed("ab*ba", "abba")).toBe(true);
  });
});
