/**
 * Branches of print-api.ts's guard the other tests leave out: whatever the internal
 * printer throws (an Error or any other value, here from print options it cannot read)
 * becomes a TypeError that says what was expected, never escapes as is.
 */
import { describe, expect, it } from "vitest";
import type { PrintOptions } from "../../src/syntax/printer.js";
import { parse } from "../../src/syntax/parse.js";
import { printSourceFile } from "../../src/syntax/print-api.js";

const EXPECTED = "printSourceFile expects a SourceFile (from parse or sourceFileFromJson)";
const { ast } = parse("policy p { allow subject * action * resource * }");

describe("printSourceFile: what the printer throws", () => {
  it("an Error (comments of the wrong shape) becomes a TypeError carrying its message", () => {
    let caught: unknown;
    try {
      printSourceFile(ast, { comments: {} } as unknown as PrintOptions);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TypeError);
    expect((caught as TypeError).message.startsWith(`${EXPECTED}: `)).toBe(true);
    expect((caught as TypeError).message.length).toBeGreaterThan(EXPECTED.length + 2);
  });

  it("a thrown non-Error is named by its string form", () => {
    const options = {
      get comments(): never {
        throw 42;
      },
    } as unknown as PrintOptions;
    expect(() => printSourceFile(ast, options)).toThrow(new TypeError(`${EXPECTED}: 42`));
  });

  it("with readable options it prints as before", () => {
    expect(printSourceFile(ast, {})).toBe("policy p {\n  allow\n  subject *\n  action *\n  resource *\n}\n");
  });
});
