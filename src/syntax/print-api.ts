/**
 * The printers as the package exports them. The internal printers trust their input
 * (every AST they see was parsed or validated); a caller's value may be anything, so
 * here a value the printer cannot walk — not an AST node, a cycle, nesting past the
 * stack — is a TypeError that says what was expected, never a bare internal error.
 */
import { isWellFormed } from "../check/well-formed.js";
import type { Expr, SourceFile } from "../model/ast.js";
import { sourceFileFromJson } from "../schema/ast-json.js";
import { type PrintOptions, printExpr as printExprTrusted, printSourceFile as printSourceFileTrusted } from "./printer.js";

/** Canonical text of a SourceFile (from `parse` or `sourceFileFromJson`). */
export function printSourceFile(ast: SourceFile, options?: PrintOptions): string {
  const expected = "a SourceFile (from parse or sourceFileFromJson)";
  // Anything parse or sourceFileFromJson did not make is checked as the JSON form first:
  // the printer would otherwise write what it does not understand as text of another
  // meaning (a literal 10n as `true`, an operator string copied verbatim).
  const file = isWellFormed(ast) ? ast : validated("printSourceFile", expected, ast);
  return guarded("printSourceFile", expected, () => printSourceFileTrusted(file, options));
}

/** Canonical text of one expression of the AST. */
export function printExpr(expr: Expr): string {
  const expected = "an expression node of the AST";
  const file = validated("printExpr", expected, {
    kind: "SourceFile",
    declarations: [
      {
        kind: "Policy",
        name: { kind: "Name", value: "p" },
        effect: "allow",
        priority: 0,
        subject: { kind: "AnySubject" },
        action: { kind: "AnyPattern" },
        resource: { kind: "AnyPattern" },
        conditions: [{ kind: "Condition", mode: "when", expr }],
      },
    ],
  });
  const policy = file.declarations[0];
  const checked = policy?.kind === "Policy" ? policy.conditions[0]?.expr : undefined;
  if (checked === undefined) throw new TypeError(`printExpr expects ${expected}`);
  return guarded("printExpr", expected, () => printExprTrusted(checked));
}

/** The JSON form of `value`, validated (schema and static rules), or a TypeError naming the first problem. */
function validated(name: string, expected: string, value: unknown): SourceFile {
  const result = sourceFileFromJson(value);
  const problem = result.diagnostics.find((d) => d.severity === "error");
  if (result.ast === null || problem !== undefined) {
    throw new TypeError(`${name} expects ${expected}${problem !== undefined ? `: ${problem.message}` : ""}`);
  }
  return result.ast;
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
