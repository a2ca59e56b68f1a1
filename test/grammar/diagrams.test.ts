import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { renderDiagrams } from "../../src/syntax/diagrams.js";

describe("grammar/diagrams.html", () => {
  it("is what the parser's grammar renders to today (run `npm run generate` when this fails)", async () => {
    const committed = await readFile(new URL("../../grammar/diagrams.html", import.meta.url), "utf8");
    expect(committed).toBe(renderDiagrams());
  });

  it("draws every rule of the grammar", () => {
    const html = renderDiagrams();
    for (const rule of ["file", "roleDecl", "policy", "clause", "expr", "andExpr", "notExpr", "test", "operand", "path", "list", "literal"]) {
      expect(html).toContain(`"name": "${rule}"`);
    }
  });
});
