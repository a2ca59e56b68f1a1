/**
 * Railroad diagrams of the grammar, generated from the parser itself (chevrotain's
 * serialized grammar), so they can never drift from what is parsed. The committed copy
 * is grammar/diagrams.html (`npm run generate`); a test fails when it is stale.
 */
import { createSyntaxDiagramsCode } from "./chevrotain.js";
import { parser } from "./parser.js";

/** The HTML page of railroad diagrams for every grammar rule. */
export function renderDiagrams(): string {
  return createSyntaxDiagramsCode(parser.getSerializedGastProductions());
}
