import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { renderDiagrams } from "../../src/syntax/diagrams.js";
import { parser } from "../../src/syntax/parser.js";

describe("grammar/diagrams.html", () => {
  it("is what the parser's grammar renders to today (run `npm run generate` when this fails)", async () => {
    const committed = await readFile(new URL("../../grammar/diagrams.html", import.meta.url), "utf8");
    expect(committed).toBe(renderDiagrams());
  });

  it("draws a diagram for every rule of the parser", () => {
    const html = renderDiagrams();
    const rules = Object.keys(parser.getGAstProductions());
    for (const rule of ["roleDecl", "policy", "expr", "path", "literal"]) expect(rules).toContain(rule);
    for (const rule of rules) expect(html).toContain(`"name": "${rule}"`);
  });
});
