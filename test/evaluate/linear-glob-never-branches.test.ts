/**
 * Two more branches of the reference's linear segment test (src/evaluate/linear-glob.ts):
 * a reversed range (`[z-a]`), which minimatch writes as `$.` (a segment that matches
 * nothing) after a `*` whose characters the NFA still walks, and the leading-dot guard
 * of `dot: false` on a segment of literal runs and stars. Oracle: minimatch (and the
 * RegExp it builds), and for the policy language the compiled engine and the reference.
 */
import { Minimatch, minimatch } from "minimatch";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { compileLinearGlob, segmentTester } from "../../src/evaluate/linear-glob.js";
import { GLOB_OPTIONS } from "../../src/model/glob.js";
import { expectSameAsReference } from "../helpers/same-as-reference.js";

const TEXTS = ["", "a", "ab", "z", "za", "b", ".b", "a.b", ".", "..", "x/a", "ab/"];

describe("a reversed range after a star", () => {
  it.each(["*[z-a]", "a*[z-a]", "x[z-a]y", "*[z-a]*"])("%s matches what minimatch matches (nothing)", (glob) => {
    const linear = compileLinearGlob(glob, GLOB_OPTIONS);
    expect(linear).not.toBeNull();
    for (const text of TEXTS) expect(linear?.(text), text).toBe(minimatch(text, glob, GLOB_OPTIONS));
    expect(TEXTS.some((text) => minimatch(text, glob, GLOB_OPTIONS))).toBe(false);
  });

  it("in a policy: never matched, by the engine and the reference alike", () => {
    const engine = compile('policy p { allow subject * action "a" resource * when env.x matches "*[z-a]" }');
    for (const x of TEXTS) {
      expectSameAsReference(engine, { id: "u" }, "r", "a", { x });
      expect(engine.evaluate({ id: "u" }, "r", "a", { x }).allowed).toBe(false);
    }
  });
});

describe("the leading-dot guard of dot: false on runs and stars", () => {
  it.each(["*b", "*", "a*", "*a*b"])("%s tests each segment as its RegExp does", (glob) => {
    const options = { ...GLOB_OPTIONS, dot: false };
    const [segment] = new Minimatch(glob, options).set[0] as unknown[];
    expect(segment).toBeInstanceOf(RegExp);
    const test = segmentTester(segment as RegExp);
    expect(test).not.toBeNull();
    for (const text of TEXTS.filter((t) => !t.includes("/"))) {
      expect(test?.(text), text).toBe((segment as RegExp).test(text));
    }
    expect(test?.(".b")).toBe(false);
  });
});
