/**
 * Visits every expression node under a condition, with an explicit stack rather than
 * recursion: an AST from JSON is not depth-limited by the parser.
 */
import type { Expr } from "../model/ast.js";

export function forEachExpr(root: Expr, visit: (expr: Expr) => void): void {
  const stack: Expr[] = [root];
  for (let expr = stack.pop(); expr !== undefined; expr = stack.pop()) {
    visit(expr);
    switch (expr.kind) {
      case "Not":
        stack.push(expr.operand);
        break;
      case "And":
      case "Or":
        for (let i = expr.operands.length - 1; i >= 0; i--) stack.push(expr.operands[i] as Expr);
        break;
      case "Compare":
      case "In":
      case "Contains":
        stack.push(expr.right, expr.left);
        break;
      case "Matches":
      case "Has":
        stack.push(expr.left);
        break;
      default:
        break;
    }
  }
}
