/**
 * An expression as evaluation messages quote it (spec §5: an error's message names the
 * path): the canonical text, on one line, cut when long. Both evaluators use it, so
 * `evaluate` and `explain` word an error the same way.
 */
import type { Expr } from "../model/ast.js";
import { printExpr } from "./printer.js";
import { shorten } from "./shorten.js";

/** Printed once per expression: a condition may err on every request, and may be long. */
const TEXTS = new WeakMap<Expr, string>();

export function exprText(expr: Expr): string {
  let text = TEXTS.get(expr);
  if (text === undefined) {
    text = shorten(printExpr(expr), 80);
    TEXTS.set(expr, text);
  }
  return text;
}

/** A type error of an operator, located: `… in `subject.level >= 3``. */
export function operatorMessage(message: string, expr: Expr): string {
  return `${message} in \`${exprText(expr)}\``;
}

/**
 * A value that had to be a boolean and was not, with the expression it came from:
 * "`and` needs a boolean, got …" for an operand, "a `when` condition must be a boolean,
 * got …" for a whole condition (`requirement` is the text before ", got").
 */
export function notBooleanMessage(requirement: string, kind: string, operand: Expr): string {
  return `${requirement}, got ${kind} from \`${exprText(operand)}\``;
}
