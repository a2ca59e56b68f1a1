/**
 * Schema `pattern`s run on RE2 but mean what JavaScript (`u` flag, as ajv checks them)
 * means: a differential property test of the rewritten pattern against `new RegExp(p, "u")`
 * on random patterns of the constructs where the two engines differ, and random strings
 * of the characters they treat differently (line terminators, Unicode white space, NUL,
 * astral characters).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { translateJsPattern } from "../../src/schema/js-pattern.js";
import { linearRegExp } from "../../src/schema/linear-regexp.js";

const scale = Number(process.env.MCPOLICY_PROPERTY_SCALE ?? 1);

const CHARS = ["a", "b", "A", "_", "0", "9", " ", "\t", "\n", "\r", "\v", "\f", "\b", "\u0000", "\u00a0", "\u2028", "\u2029", "\u2003", "\ufeff", "\u3000", "😀", "é", "-", "]", "["];

const atom = fc.constantFrom(
  // (No `\B`: V8 finds a non-boundary between the halves of a surrogate pair even with
  // the `u` flag — /\B/u.exec("a😀a").index is 2 — a position RE2 never sees.)
  "a", "b", "A", "0", ".", "\\s", "\\S", "\\d", "\\D", "\\w", "\\W", "\\b",
  "\\u0041", "\\u00a0", "\\u{1F600}", "\\uD83D\\uDE00", "\\cJ", "\\cM", "\\0", "\\v", "\\t", "\\n", "\\r", "\\f",
  "[a-c]", "[^a]", "[\\s]", "[^\\s]", "[\\sa]", "[\\b]", "[^]", "[]", "[\\d_]", "[\\u00a0-\\u00ff]", "[[a]", "\\-", "\\.", "\\[", "\\]",
  "\\/", "😀", "é", "\\p{L}",
);

const pattern: fc.Arbitrary<string> = fc.letrec<{ expr: string; piece: string }>((tie) => ({
  piece: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    atom,
    fc.tuple(atom, fc.constantFrom("?", "*", "+", "{2}", "{1,3}", "{0,}", "*?")).map(([a, q]) => a + q),
    tie("expr").map((e) => `(${e})`),
    tie("expr").map((e) => `(?:${e})`),
    tie("expr").map((e) => `(?<g>${e})`),
  ),
  expr: fc.oneof(
    { depthSize: "small" },
    fc.array(tie("piece"), { minLength: 1, maxLength: 4 }).map((parts) => parts.join("")),
    fc.tuple(tie("piece"), tie("piece")).map(([a, b]) => `${a}|${b}`),
  ),
})).expr.chain((e) => fc.constantFrom(e, `^${e}$`, `^${e}`, `${e}$`));

describe("schema patterns: JavaScript meaning on RE2", () => {
  it("match exactly what new RegExp(pattern, 'u') matches", () => {
    fc.assert(
      fc.property(pattern, fc.array(fc.array(fc.constantFrom(...CHARS), { maxLength: 6 }).map((cs) => cs.join("")), { minLength: 1, maxLength: 8 }), (source, inputs) => {
        let js: RegExp;
        try {
          js = new RegExp(source, "u");
        } catch {
          return; // JavaScript rejects it: so does the translation (checked below)
        }
        const translated = translateJsPattern(source);
        if (!translated.ok) {
          // The one construct without an RE2 equivalent.
          expect(source).toMatch(/\[[^\]]*\\S/);
          return;
        }
        const ours = linearRegExp(source, "u");
        for (const input of inputs) expect([source, input, ours.test(input)]).toEqual([source, input, js.test(input)]);
      }),
      { numRuns: 2000 * scale },
    );
  });

  it("rejects what JavaScript rejects with the u flag, as ajv does", () => {
    for (const source of ["a{,3}", "a{", "}", "]", "\\q", "(?<=a)b", "(a)\\1"]) {
      expect(() => linearRegExp(source, "u")).toThrow();
    }
  });

  it("knows the cases an audit found", () => {
    expect(linearRegExp("^\\S+$", "u").test("a\u00a0b")).toBe(false);
    expect(linearRegExp("^\\s$", "u").test("\u00a0")).toBe(true);
    expect(linearRegExp("^.$", "u").test("\r")).toBe(false);
    expect(linearRegExp("^\\u0041$", "u").test("A")).toBe(true);
    expect(linearRegExp("^\\cJ$", "u").test("\n")).toBe(true);
    expect(linearRegExp("^[\\b]$", "u").test("\b")).toBe(true);
  });
});
