/** Which condition expressions depend on `env.arguments` (what `couldAllow` treats as unknown). */
import type { Expr } from "../model/ast.js";

/** Whether an expression reads `env.arguments` (or the whole `env`, which holds it). */
export function touchesArguments(expr: Expr): boolean {
  switch (expr.kind) {
    case "Literal":
    case "List":
      return false;
    case "Path":
      return expr.root === "env" && (expr.members.length === 0 || expr.members[0] === "arguments");
    case "Not":
      return touchesArguments(expr.operand);
    case "And":
    case "Or":
      return expr.operands.some(touchesArguments);
    case "Compare":
    case "In":
    case "Contains":
      return touchesArguments(expr.left) || touchesArguments(expr.right);
    case "Matches":
      return touchesArguments(expr.left);
    case "Has":
      // `env has hour` reads only `env.hour`; `env has arguments` depends on them.
      if (expr.left.kind === "Path" && expr.left.root === "env" && expr.left.members.length === 0) {
        return expr.member === "arguments";
      }
      return touchesArguments(expr.left);
  }
}
