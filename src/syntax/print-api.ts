/**
 * The printers as the package exports them. The internal printers trust their input
 * (every AST they see was parsed or validated); a caller's value may be anything, so
 * here a value the printer cannot walk — not an AST node, a cycle, nesting past the
 * stack — is a TypeError that says what was expected, never a bare internal error.
 */
import type { Expr, SourceFile } from "../model/ast.js";
import { type PrintOptions, printExpr as printExprTrusted, printSourceFile as printSourceFileTrusted } from "./printer.js";

/** Canonical text of a SourceFile (from `parse` or `sourceFileFromJson`). */
export function printSourceFile(ast: SourceFile, options?: PrintOptions): string {
  return guarded("printSourceFile", "a SourceFile (from parse or sourceFileFromJson)", () => printSourceFileTrusted(ast, options));
}

/** Canonical text of one expression of the AST. */
export function printExpr(expr: Expr): string {
  return guarded("printExpr", "an expression node of the AST", () => printExprTrusted(expr));
}

function guarded(name: string, expected: string, print: () => string): string {
  let text: unknown;
  try {
    text = print();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new TypeError(`${name} expects ${expected}: ${detail}`);
  }
  // A node of no known kind falls through the printer's switch without text.
  if (typeof text !== "string") throw new TypeError(`${name} expects ${expected}`);
  return text;
}
