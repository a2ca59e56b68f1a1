/**
 * Branches of lexer.ts's malformed-string report the other tests leave out: a backslash
 * as the last character of an unterminated string, and a well-formed `\uXXXX` escape
 * passed over before the real problem (reported at its own column, UTF-16 units).
 */
import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.js";

/** `[code, line, column, message]` of each diagnostic. */
function diagnostics(text: string): [string, number, number, string][] {
  return parse(text, "t.mcpolicy").diagnostics.map((d) => [d.code, d.line, d.column, d.message]);
}

/** A policy whose subject names the user written as `user` (raw policy text). */
function withUser(user: string): string {
  return `policy p { allow subject user ${user} action * resource * }`;
}

describe("lexer: malformed strings", () => {
  it("a string whose line ends in a backslash is unterminated, reported at its opening quote", () => {
    const text = `policy p {\n  allow\n  subject user "ab\\\n  action *\n  resource *\n}\n`;
    expect(diagnostics(text)).toEqual([["E0104", 3, 16, "unterminated string"]]);
    expect(parse(text).ast.declarations).toEqual([]);
  });

  it("a valid `\\uXXXX` is skipped whole: the bad escape after it is reported at its own column", () => {
    // `"\u0041\q"`: the quote at column 31, `\u0041` at 32–37, `\q` at 38.
    expect(diagnostics(withUser(String.raw`"\u0041\q"`))).toEqual([["E0105", 1, 38, "invalid escape `\\q` in string"]]);
  });

  it("`\\u0022` (an escaped quote) does not end the string for the report", () => {
    expect(diagnostics(withUser(String.raw`"\u0022\x"`))).toEqual([["E0105", 1, 38, "invalid escape `\\x` in string"]]);
  });

  it("a valid `\\uXXXX` in a string that runs to the end of the line: unterminated, at the opening quote", () => {
    const text = `policy p { allow subject user "\\u00e9x\n action * resource * }`;
    expect(diagnostics(text)).toEqual([["E0104", 1, 31, "unterminated string"]]);
  });
});
