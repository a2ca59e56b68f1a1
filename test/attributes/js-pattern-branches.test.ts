/**
 * Branches of src/schema/js-pattern.ts the differential property does not reach: `\S`
 * inside a class (rejected: RE2 has no equivalent), a lead surrogate escape not followed
 * by a trail one, and surrogate escapes that JavaScript does not pair (only two `\uXXXX`
 * escapes form a pair with the `u` flag, never a `\u{…}` escape).
 */
import { describe, expect, it } from "vitest";
import { translateJsPattern } from "../../src/schema/js-pattern.js";
import { linearRegExp } from "../../src/schema/linear-regexp.js";

/** Ours against `new RegExp(pattern, "u")`, input by input. */
function agree(pattern: string, inputs: readonly string[]): void {
  const js = new RegExp(pattern, "u");
  const ours = linearRegExp(pattern, "u");
  for (const input of inputs) expect([pattern, input, ours.test(input)]).toEqual([pattern, input, js.test(input)]);
}

const SURROGATE_INPUTS = ["😀", "\uD83D", "\uDE00", "\uDE00\uD83D", "\uD83DA", "A", ""];

describe("js-pattern branches", () => {
  it("rejects `\\S` inside a character class, at load time", () => {
    expect(translateJsPattern("^[\\S]$")).toEqual({ ok: false, message: "`\\S` inside a character class is not supported" });
    expect(() => linearRegExp("^[a\\S]+$", "u")).toThrow(/`\\S` inside a character class is not supported/);
    // Outside a class it is supported.
    agree("^\\S+$", ["ab", "a b", "a\u00a0b", ""]);
  });

  it("a lead surrogate escape followed by a non-trail `\\u` escape stays a lone surrogate", () => {
    expect(translateJsPattern("\\uD800\\u0041")).toEqual({ ok: true, re2: "\\x{D800}\\x{41}" });
    agree("^\\uD800\\u0041$", ["\uD800A", "A", "\uD800", "\uD800\uDC00A"]);
  });

  it("pairs two `\\uXXXX` escapes into one code point, as JavaScript does", () => {
    expect(translateJsPattern("\\uD83D\\uDE00")).toEqual({ ok: true, re2: "\\x{1F600}" });
    agree("^\\uD83D\\uDE00$", SURROGATE_INPUTS);
  });

  it("does not pair a `\\u{…}` escape with a neighbouring `\\uXXXX` (JavaScript matches no astral character there)", () => {
    for (const pattern of ["^\\uD83D\\u{DE00}$", "^\\u{D83D}\\uDE00$", "^\\u{D83D}\\u{DE00}$"]) {
      expect(new RegExp(pattern, "u").test("😀")).toBe(false);
      agree(pattern, SURROGATE_INPUTS);
    }
  });
});
