/**
 * Tests added by mutation testing of the front end (lexer and nesting limit): each pins
 * spec behaviour that a plausible bug changed without any other test noticing.
 */
import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.js";
import { policyWith, where } from "./helpers.js";

describe("strings: every raw control character is an error (spec §2: exactly a JSON string)", () => {
  // JSON forbids U+0000–U+001F raw; U+001F is the last of them, U+0020 (space) is fine.
  it("rejects a raw U+001F, the last control character, at its position", () => {
    const result = parse(policyWith('when env.x == "a\u001fb"'));
    expect(where(result.diagnostics)).toEqual(["E0106 6:19"]);
    expect(result.diagnostics[0]?.message).toBe("raw control character U+001F in string");
    expect(result.ast.declarations).toEqual([]);
  });

  it("accepts U+0020 and the escaped form of U+001F", () => {
    expect(parse(policyWith('when env.x == "a b"')).diagnostics).toEqual([]);
    expect(parse(policyWith(String.raw`when env.x == "a\u001fb"`)).diagnostics).toEqual([]);
  });
});

describe("strings: `\\u` takes exactly four hexadecimal digits (spec §2: JSON escapes)", () => {
  // A string the lexer wrongly accepted would decode to "" in silence: a wrong policy.
  it.each([
    ["three digits then a letter", String.raw`"\u004g"`, String.raw`\u004`],
    ["three digits then an upper-case non-hex letter", String.raw`"\u004G"`, String.raw`\u004`],
    ["a `G` among the digits", String.raw`"\u00G1"`, String.raw`\u00`],
    ["a `g` among the digits", String.raw`"\u0g41"`, String.raw`\u0`],
  ])("rejects %s", (_what, literal, written) => {
    const result = parse(policyWith(`when env.x == ${literal}`));
    expect(result.diagnostics.map((d) => [d.code, d.line, d.column, d.message])).toEqual([
      ["E0105", 6, 18, `invalid escape \`${written}\` in string`],
    ]);
    expect(result.ast.declarations).toEqual([]);
  });

  it("accepts every hexadecimal digit, in either case", () => {
    const result = parse(policyWith(String.raw`when env.x == "\u0aBc\uDeF0\u0123\u4567\u89AF"`));
    expect(result.diagnostics).toEqual([]);
  });
});

describe("expression nesting (spec §3: depth = enclosing `(` plus `not`)", () => {
  // A `not` inside parentheses ends with them: `(not a) and (not b) …` is depth 2 at most,
  // however many siblings there are.
  it("closes the `not`s inside a parenthesis at its `)`", () => {
    const siblings = Array.from({ length: 100 }, () => "(not env.a)").join(" and ");
    expect(parse(policyWith(`when ${siblings}`)).diagnostics).toEqual([]);
    const nested = Array.from({ length: 100 }, () => "(not not (not env.a))").join(" or ");
    expect(parse(policyWith(`when ${nested}`)).diagnostics).toEqual([]);
  });

  it("still counts `not`s inside open parentheses", () => {
    // 32 × `(not ` is 64 levels; one more `not` inside is 65.
    const ok = `${"(not ".repeat(32)}env.a${")".repeat(32)}`;
    expect(parse(policyWith(`when ${ok}`)).diagnostics).toEqual([]);
    const deep = `${"(not ".repeat(32)}not env.a${")".repeat(32)}`;
    expect(parse(policyWith(`when ${deep}`)).diagnostics.map((d) => d.code)).toEqual(["E0403"]);
  });
});
