/**
 * Branches of src/source.ts (code frames) and src/syntax/printer.ts (formatNumber) the
 * other tests do not reach: a line out of range, the caret one line past the end, DEL
 * made visible, a long line cut next to a surrogate pair, a BOM; non-finite numbers.
 */
import { describe, expect, it } from "vitest";
import { codeFrame } from "../../src/source.js";
import { parse } from "../../src/syntax/parse.js";
import { formatNumber } from "../../src/syntax/printer.js";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe("codeFrame branches", () => {
  it("is empty for a line out of range (past the end-of-input line) or not an integer", () => {
    for (const line of [0, -1, 5, 1.5, Number.NaN]) expect([line, codeFrame("a\nb\n", line, 1)]).toEqual([line, ""]);
  });

  it("puts a caret below the last line for the position just past it (end of input)", () => {
    const frame = codeFrame("ab\ncd", 3, 1);
    expect(frame).toBe("  2 | cd\n    | ^\n");
  });

  it("shows DEL as a control picture, the caret after it", () => {
    const frame = codeFrame("a\u007fb", 1, 3);
    expect(frame).toBe("> 1 | a\u2421b\n    |   ^\n");
  });

  it("never cuts a surrogate pair when it reads a window of a long line", () => {
    const line = "😀".repeat(2000);
    for (const column of [1002, 1003, 2001, 3000]) {
      const frame = codeFrame(line, 1, column);
      expect(frame).toContain("^");
      expect([column, LONE_SURROGATE.test(frame)]).toEqual([column, false]);
    }
  });

  it("reads a text starting with a BOM as if the BOM were not there", () => {
    expect(codeFrame("\uFEFFab", 1, 2)).toBe(codeFrame("ab", 1, 2));
  });
});

describe("formatNumber branches", () => {
  it("prints non-finite numbers as words that do not parse as numbers", () => {
    expect(formatNumber(Number.NaN)).toBe("NaN");
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe("Infinity");
    expect(formatNumber(Number.NEGATIVE_INFINITY)).toBe("-Infinity");
    for (const word of ["NaN", "Infinity", "-Infinity"]) {
      const parsed = parse(`policy p {\n allow\n subject *\n action *\n resource *\n when env.x == ${word}\n}\n`, "n");
      expect([word, parsed.diagnostics.some((d) => d.severity === "error"), parsed.ast.declarations.length]).toEqual([word, true, 0]);
    }
  });
});
