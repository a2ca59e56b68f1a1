/** Walking a condition expression. */
import type { Expr } from "./ast.js";

/** Whether `test` holds for `expr` or any expression inside it. */
export function someExpr(expr: Expr, test: (node: Expr) => boolean): boolean {
  if (test(expr)) return true;
  switch (expr.kind) {
    case "Literal":
    case "List":
    case "Path":
      return false;
    case "Not":
      return someExpr(expr.operand, test);
    case "And":
    case "Or":
      return expr.operands.some((operand) => someExpr(operand, test));
    case "Compare":
    case "In":
    case "Contains":
      return someExpr(expr.left, test) || someExpr(expr.right, test);
    case "Matches":
    case "Has":
      return someExpr(expr.left, test);
  }
}
