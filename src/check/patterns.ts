/**
 * Every glob of a policy block with where it is used: `action` and `resource` patterns,
 * and the glob after each `matches`.
 */
import type { Pattern } from "../model/ast.js";
import type { PolicyClauses } from "./policy-clauses.js";
import { forEachExpr } from "./walk.js";

export type GlobUse = "action" | "resource" | "matches";

export function forEachGlob(policy: PolicyClauses, visit: (pattern: Pattern, use: GlobUse) => void): void {
  for (const target of policy.actions) {
    if (target.kind === "PatternList") for (const p of target.patterns) visit(p, "action");
  }
  for (const target of policy.resources) {
    if (target.kind === "PatternList") for (const p of target.patterns) visit(p, "resource");
  }
  for (const condition of policy.conditions) {
    forEachExpr(condition.expr, (expr) => {
      if (expr.kind === "Matches") visit(expr.pattern, "matches");
    });
  }
}
