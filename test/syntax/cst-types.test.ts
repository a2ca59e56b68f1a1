/**
 * src/syntax/cst-types.ts is generated from the grammar; this test fails when it is
 * stale. Regenerate with `UPDATE_CST_TYPES=1 npx vitest run test/syntax/cst-types.test.ts`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateCstDts } from "../../src/syntax/chevrotain.js";
import { parser } from "../../src/syntax/parser.js";

const FILE = new URL("../../src/syntax/cst-types.ts", import.meta.url);
const HEADER =
  "// Generated from the grammar in parser.ts by test/syntax/cst-types.test.ts — do not edit.\n" +
  "// Regenerate: UPDATE_CST_TYPES=1 npx vitest run test/syntax/cst-types.test.ts\n";

describe("generated CST types", () => {
  it("match the grammar", () => {
    const expected =
      HEADER +
      generateCstDts(parser.getGAstProductions(), { includeVisitorInterface: false }).replace(
        "CstNode, ICstVisitor, IToken",
        "CstNode, IToken",
      );
    if (process.env.UPDATE_CST_TYPES === "1") writeFileSync(FILE, expected);
    expect(readFileSync(FILE, "utf8")).toBe(expected);
  });
});
