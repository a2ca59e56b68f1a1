/**
 * Found by mutation testing the compiled engine (second round): `prefix*` must let its
 * `*` complete a segment of three or more dots (`*` matches `...`, `a/..*` matches
 * `a/....`) and refuse only `.` and `..` — a bound of `size > 3` instead of `size > 2`
 * in `matchPrefixStar` survived every other test, whose texts rarely hold a whole
 * segment of three dots. Compared with minimatch itself, through compileGlob and through
 * the engine's resource targets.
 */
import fc from "fast-check";
import { Minimatch } from "minimatch";
import { describe, expect, it } from "vitest";
import { compileGlob } from "../../src/compile/glob.js";
import { compile } from "../../src/engine.js";
import { GLOB_OPTIONS } from "../../src/model/glob.js";
import { dotRun, dottyText, prefixStarPattern } from "../arbitraries/dot-runs.js";
import { runs } from "../helpers/property-scale.js";

const reference = (pattern: string, text: string) => new Minimatch(pattern, GLOB_OPTIONS).match(text);

describe("`prefix*` among segments of dots", () => {
  it("agrees with minimatch on random dotty texts and on the prefix followed by a dot run", () => {
    fc.assert(
      fc.property(prefixStarPattern, dottyText, dotRun, fc.boolean(), (pattern, text, run, slash) => {
        const matcher = compileGlob(pattern);
        const near = `${pattern.slice(0, -1)}${run}${slash ? "/" : ""}`;
        for (const candidate of [text, near]) {
          expect(matcher(candidate), `${JSON.stringify(candidate)} vs ${JSON.stringify(pattern)}`).toBe(
            reference(pattern, candidate),
          );
        }
      }),
      { numRuns: runs(1000) },
    );
  });

  it("in resource targets of the engine", () => {
    const patterns = ["*", "a/*", ".*", "..*", "a/.*", "a/..*", "a.*"];
    const engine = compile(
      patterns.map((p, i) => `policy p${i} { allow subject * action "a${i}" resource ${JSON.stringify(p)} }`).join("\n"),
    );
    for (const [i, pattern] of patterns.entries()) {
      for (const run of ["", ".", "..", "...", "....", "....."]) {
        for (const text of [`${pattern.slice(0, -1)}${run}`, `${pattern.slice(0, -1)}${run}/`]) {
          expect(engine.evaluate({}, text, `a${i}`).allowed, `${JSON.stringify(text)} vs ${pattern}`).toBe(
            reference(pattern, text),
          );
        }
      }
    }
  });

  it("pins the cases: `*` matches `...`, never `.` nor `..`", () => {
    expect(compileGlob("*")("...")).toBe(true);
    expect(compileGlob("a/*")("a/...")).toBe(true);
    expect(compileGlob(".*")("...")).toBe(true);
    expect(compileGlob("..*")("...")).toBe(true);
    expect(compileGlob("..*")("..")).toBe(false);
    expect(compileGlob("a/*")("a/..")).toBe(false);
    expect(compileGlob("a/*")("a/./")).toBe(false);
  });
});
