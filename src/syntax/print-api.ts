/**
 * The printers as the package exports them. The internal printers trust their input
 * (every AST they see was parsed or validated); a caller's value may be anything, so
 * here a value the printer cannot walk — not an AST node, a cycle, nesting past the
 * stack — is a TypeError that says what was expected, never a bare internal error.
 */
import { isIncomplete } from "../check/incomplete.js";
import { isWellFormed } from "../check/well-formed.js";
import type { Expr, SourceFile } from "../model/ast.js";
import { sourceFileFromJson } from "../schema/ast-json.js";
import { type PrintOptions, printExpr as printExprTrusted, printSourceFile as printSourceFileTrusted } from "./printer.js";

/** Canonical text of a SourceFile (from `parse` or `sourceFileFromJson`). */
export function printSourceFile(ast: SourceFile, options?: PrintOptions): string {
  const expected = "a SourceFile (from parse or sourceFileFromJson)";
  // Its text would lack the declarations with errors: written back, a deny with a typo is lost.
  if (isIncomplete(ast)) {
    throw new TypeError(`printSourceFile expects ${expected} without errors: this one lacks the declarations parse reported errors for`);
  }
  // Anything parse or sourceFileFromJson did not make is checked as the JSON form first:
  // the printer would otherwise write what it does not understand as text of another
  // meaning (a literal 10n as `true`, an operator string copied verbatim).
  const file = isWellFormed(ast) ? ast : validated("printSourceFile", expected, "", "", ast);
  return guarded("printSourceFile", expected, () => printSourceFileTrusted(file, options));
}

/** Canonical text of one expression of the AST. */
export function printExpr(expr: Expr): string {
  const expected = "an expression node of the AST";
  // An absent `expr` would be no member of the wrapper below, not a bad expression.
  if (expr === undefined) throw new TypeError(`printExpr expects ${expected}, got undefined`);
  const file = validated("printExpr", expected, EXPR_POINTER, WRAPPER_DECLARATION, {
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

/** Where printExpr's expression sits in the SourceFile it is validated in. */
const EXPR_POINTER = "/declarations/0/conditions/0/expr";
/**
 * How a static rule broken inside printExpr's expression names the declaration it falls
 * in: the wrapper policy, which the caller never gave and which holds nothing else.
 */
const WRAPPER_DECLARATION = ", in `/declarations/0` (policy `p`)";

/**
 * The JSON form of `value`, validated (schema and static rules), or a TypeError naming the
 * first problem, with JSON pointers made relative to `root` (the caller's own value) and
 * the mention of a `wrapper` around it left out.
 */
function validated(name: string, expected: string, root: string, wrapper: string, value: unknown): SourceFile {
  const result = sourceFileFromJson(value);
  const problem = result.diagnostics.find((d) => d.severity === "error");
  if (result.ast === null || problem !== undefined) {
    const about = problem === undefined ? "" : relativePointers(problem.message, root);
    const message = problem === undefined ? "" : `: ${wrapper === "" ? about : about.replace(wrapper, "")}`;
    throw new TypeError(`${name} expects ${expected}${message}`);
  }
  return result.ast;
}

/** "at `/declarations/0/conditions/0/expr/left`" → "at `/left`" (the root itself is `/`). */
function relativePointers(message: string, root: string): string {
  if (root === "") return message;
  return message.replaceAll(`\`${root}\``, "`/`").replaceAll(`\`${root}/`, "`/");
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
