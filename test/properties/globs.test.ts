/**
 * Globs agree with minimatch under the spec's options (spec §4.1: "Any fast path must
 * agree with minimatch under these options"): random patterns and strings over a small
 * alphabet full of separators, dots and metacharacters, through resource, action and
 * `matches`, in both evaluators.
 */
import fc from "fast-check";
import { minimatch } from "minimatch";
import { describe, expect, it } from "vitest";
import { checkPolicySet } from "../../src/check/check-set.js";
import { compile } from "../../src/engine.js";
import { evaluateReference } from "../../src/evaluate/index.js";
import { parse } from "../../src/syntax/parse.js";
import { globstarCase } from "../arbitraries/globstar.js";
import { runs } from "../helpers/property-scale.js";


const OPTIONS = {
  dot: true,
  nonegate: true,
  nocomment: true,
  noext: true,
  optimizationLevel: 0,
  preserveMultipleSlashes: true,
  platform: "linux",
} as const;

const patternPiece = fc.constantFrom("a", "b", "ab", "/", "//", ".", "..", "*", "**", "?", "[ab]", "[!a]", "{a,b}", "{a,}", "\\*", "\\", "!", "#", "+(a)", ",", "}", "{", "]", "-");
const textPiece = fc.constantFrom("a", "b", "/", ".", "..", "*", "{a,b}", ",", "\\", "!", "#", "+(a)", "]", "-", "ab");
const patternArbitrary = fc.array(patternPiece, { maxLength: 6 }).map((p) => p.join(""));
const textArbitrary = fc.array(textPiece, { maxLength: 7 }).map((p) => p.join(""));

/** Strings worth trying against a pattern: random ones plus near-misses derived from it. */
function candidates(pattern: string, random: readonly string[]): string[] {
  const plain = pattern.replace(/[*?[\]{}\\!]/g, "a");
  return [...random, plain, `${plain}/`, `${plain}/a`, `a/${plain}`, pattern, ""];
}

describe("globs agree with minimatch under the spec's options", () => {
  it.each(["resource", "action", "matches"] as const)("in %s, in the compiled engine and the reference interpreter", (where) => {
    fc.assert(
      fc.property(patternArbitrary, fc.array(textArbitrary, { minLength: 1, maxLength: 8 }), (pattern, random) => {
        const literal = JSON.stringify(pattern);
        const text =
          where === "matches"
            ? `policy p { allow subject * action * resource * when env.s matches ${literal} }`
            : `policy p { allow subject * action ${where === "action" ? literal : "*"} resource ${where === "resource" ? literal : "*"} }`;
        const parsed = parse(text);
        if (parsed.diagnostics.some((d) => d.severity === "error")) return; // a glob the limits reject
        const engine = compile(text);
        const set = checkPolicySet([parsed.ast]).set;
        for (const candidate of candidates(pattern, random)) {
          const want = minimatch(candidate, pattern, OPTIONS);
          const request = [{}, where === "resource" ? candidate : "r", where === "action" ? candidate : "a", { s: candidate }] as const;
          const label = `${JSON.stringify(candidate)} vs ${literal}`;
          expect(engine.evaluate(...request).allowed, `engine: ${label}`).toBe(want);
          expect(evaluateReference(set, ...request).allowed, `reference: ${label}`).toBe(want);
        }
      }),
      { numRuns: runs(400) },
    );
  });

  it("for globs of several `**` among dots, empty segments, classes and braces, in both evaluators", () => {
    fc.assert(
      fc.property(globstarCase, ({ glob, paths }) => {
        const text = `policy p { allow subject * action * resource * when env.s matches ${JSON.stringify(glob)} }`;
        const parsed = parse(text);
        if (parsed.diagnostics.some((d) => d.severity === "error")) return; // more than 8 `**`
        const engine = compile(text);
        const set = checkPolicySet([parsed.ast]).set;
        for (const path of paths) {
          const want = minimatch(path, glob, OPTIONS);
          const label = `${JSON.stringify(path)} vs ${JSON.stringify(glob)}`;
          expect(engine.evaluate({}, "r", "a", { s: path }).allowed, `engine: ${label}`).toBe(want);
          expect(evaluateReference(set, {}, "r", "a", { s: path }).allowed, `reference: ${label}`).toBe(want);
        }
      }),
      { numRuns: runs(1000) },
    );
  });
});
