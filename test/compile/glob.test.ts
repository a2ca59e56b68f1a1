import fc from "fast-check";
import { Minimatch } from "minimatch";
import { describe, expect, it } from "vitest";
import { assembleGlob, compileGlob, escapeGlobText, isLiteralPattern, literalPrefix } from "../../src/compile/glob.js";
import { GLOB_OPTIONS } from "../../src/model/glob.js";

const reference = (pattern: string, text: string) => new Minimatch(pattern, GLOB_OPTIONS).match(text);

/** Pieces that exercise segments, dots, doubled slashes and every metacharacter. */
const piece = fc.constantFrom("a", "b", "ab", ".", "..", "/", "//", ".a", "a.", "-", ":", "x y", "#", "!", "+", "@", "(", ")", "|", ",", "$");
const globPiece = fc.constantFrom("*", "**", "?", "[ab]", "[!a]", "{a,b}", "{,a}", "\\*", "\\", "[", "]", "{", "}");
const text = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(""));
const pattern = fc.array(fc.oneof(piece, piece, globPiece), { maxLength: 6 }).map((parts) => parts.join(""));
const prefixStar = fc.array(piece, { maxLength: 5 }).map((parts) => `${parts.join("")}*`);

describe("glob matchers", () => {
  it("agree with minimatch on literal patterns", () => {
    fc.assert(
      fc.property(text, text, fc.boolean(), (p, t, related) => {
        const candidate = related ? p + t.slice(0, 2) : t;
        expect(compileGlob(p)(candidate)).toBe(reference(p, candidate));
      }),
      { numRuns: 3000 },
    );
  });

  it("agree with minimatch on prefix-star patterns", () => {
    fc.assert(
      fc.property(prefixStar, text, (p, t) => {
        const candidate = p.slice(0, -1) + t;
        expect(compileGlob(p)(candidate)).toBe(reference(p, candidate));
        expect(compileGlob(p)(t)).toBe(reference(p, t));
      }),
      { numRuns: 3000 },
    );
  });

  it("agree with minimatch on arbitrary patterns", () => {
    fc.assert(
      fc.property(pattern, text, (p, t) => {
        expect(compileGlob(p)(t)).toBe(reference(p, t));
      }),
      { numRuns: 1000 },
    );
  });

  it("treat trailing slashes, dot segments and doubled slashes as minimatch does", () => {
    const cases: [string, string][] = [
      ["a/b", "a/b/"],
      ["a/*", "a/."],
      ["a/*", "a/.."],
      ["a/*", "a/"],
      ["a/*", "a/b/"],
      ["a/*", "a//"],
      ["x*", "x/"],
      ["a//b", "a/b"],
      ["", "/"],
    ];
    for (const [p, t] of cases) expect(compileGlob(p)(t)).toBe(reference(p, t));
  });

  it("escapes text so that every character, braces and commas included, matches only itself", () => {
    const value = fc.string({ unit: fc.constantFrom("a", "*", "?", "[", "]", "{", "}", ",", "\\", "!", "@", "+", "(", ")", "|", ".", "#", "-"), maxLength: 8 });
    fc.assert(
      fc.property(value, value, (v, other) => {
        fc.pre(v !== "" && v !== "." && v !== "..");
        const escaped = `x/${escapeGlobText(v)}`;
        expect(reference(escaped, `x/${v}`)).toBe(true);
        if (other !== v && `${other}/` !== v && other !== `${v}/`) expect(reference(escaped, `x/${other}`)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it("assembles interpolated values that match literally next to braces, classes and wildcards", () => {
    const value = fc.string({
      unit: fc.constantFrom("a", "*", "{", "}", ",", "\\", "[", "]", "?", ".", "(", ")", "!", "+", "@", "|"),
      minLength: 1,
      maxLength: 6,
    });
    const around = fc.constantFrom("", "*", "**", "?", "{a,b}", "{", "}", "x", "\\{", "[ab]", ",", "{a,", ",b}", "[", "a]");
    fc.assert(
      fc.property(around, value, around, (before, v, after) => {
        // A value written inside a pattern's own `[...]` is a different question.
        fc.pre(v !== "." && v !== ".." && !(before.includes("[") && after.includes("]")));
        const glob = assembleGlob([
          { text: `t/${before}`, literal: false },
          { text: v, literal: true },
          { text: after, literal: false },
        ]);
        for (const t of ["t/aQb", "t/Q", "t/Q}", "t/{Q", "t/aQ", "t/Qa", "t/bQ", "t/x/Q", "t/Qx", "t/xQ", "t/a,Q", "t/Q,b"]) {
          if (reference(`t/${before}Q${after}`, t)) expect(reference(glob, t.replace("Q", v))).toBe(true);
        }
        if (before === "" && after === "") {
          expect(reference(glob, `t/${v}a`)).toBe(false);
          expect(reference(glob, "t/Q")).toBe(false);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("agree with minimatch on many-star patterns (the linear matcher)", () => {
    const starry = fc
      .array(fc.constantFrom("*", "*", "?", "a", "b", ".", "/", "//", "**", "x."), { minLength: 3, maxLength: 10 })
      .map((parts) => parts.join(""));
    const texts = fc.array(fc.constantFrom("a", "b", ".", "..", "/", "ab", "x."), { maxLength: 10 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(starry, texts, (p, t) => {
        fc.pre(t.length < 40);
        expect(compileGlob(p)(t)).toBe(reference(p, t));
      }),
      { numRuns: 3000 },
    );
  });

  it("match a pathological pattern in linear time", () => {
    const glob = compileGlob(`${"*a".repeat(30)}b`);
    const text = "a".repeat(5000);
    const start = performance.now();
    expect(glob(text)).toBe(false);
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it("classifies literal patterns and their prefixes", () => {
    expect(isLiteralPattern("tool:files/read")).toBe(true);
    expect(isLiteralPattern("tool:*")).toBe(false);
    expect(isLiteralPattern("a{b")).toBe(false);
    expect(literalPrefix("tool:files/*")).toBe("tool:files/");
    expect(literalPrefix("a\\*")).toBe("a");
  });
});
