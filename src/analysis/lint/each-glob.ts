/**
 * Every glob of a policy set, as the lint rules about glob text read them: the `action`
 * and `resource` patterns, and the pattern after each `matches`.
 */
import type { Expr, Policy } from "../../model/ast.js";
import { someExpr } from "../../model/expr-walk.js";
import type { PolicySet } from "../../model/policy-set.js";
import type { Span } from "../../model/span.js";

/** Where a glob sits, as the rules' messages name it. */
export type GlobClause = "action" | "resource" | "`matches`";

export function eachGlob(set: PolicySet, visit: (policy: Policy, pattern: string, span: Span, clause: GlobClause) => void): void {
  for (const policy of set.policies) {
    if (policy.action.kind === "PatternList") for (const p of policy.action.patterns) visit(policy, p.value, p.span, "action");
    if (policy.resource.kind === "PatternList") for (const p of policy.resource.patterns) visit(policy, p.value, p.span, "resource");
    for (const condition of policy.conditions) {
      someExpr(condition.expr, (node: Expr) => {
        if (node.kind === "Matches") visit(policy, node.pattern.value, node.pattern.span, "`matches`");
        return false;
      });
    }
  }
}
