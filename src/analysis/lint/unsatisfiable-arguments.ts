/**
 * W0811 unsatisfiable-arguments: a policy whose conditions read only `env.arguments`
 * (and literals) and that no value of the arguments makes apply — `x == 1 and x == 2`,
 * `n > 10 and n < 5`, one condition against another. Such an allow grants nothing; such
 * a deny denies nothing, which is worse: its author believes something is refused.
 * Decided by the witness search behind `couldAllow` (src/evaluate/partial-witness.ts):
 * reported only when it proves it; conditions it only samples (several globs on one
 * path) never are.
 */
import { type ReportedDiagnostic, diagnosticAt } from "../../errors.js";
import { searchApplying } from "../../evaluate/partial-witness.js";
import type { Request } from "../../evaluate/request.js";
import type { Expr } from "../../model/ast.js";
import { someExpr } from "../../model/expr-walk.js";
import type { LintRule } from "./rule.js";

/** Whatever the request, these conditions see only their arguments: any request will do. */
const ANY_REQUEST: Request = { subject: {}, resource: { id: "" }, resourceId: "", action: "", env: {} };

/** Whether an expression reads nothing but `env.arguments` (and literals), and reads them. */
function readsOnlyArguments(expr: Expr): boolean {
  let reads = false;
  const other = someExpr(expr, (node) => {
    if (node.kind === "Has" && node.left.kind === "Path" && node.left.root === "env" && node.left.members.length === 0) {
      // `env has arguments` reads the arguments; `env has hour` reads the env.
      reads ||= node.member === "arguments";
      return node.member !== "arguments";
    }
    if (node.kind === "Matches" && node.pattern.value.includes("${")) return true;
    if (node.kind !== "Path") return false;
    if (node.root !== "env" || node.members[0] !== "arguments") return !isEnvHasOperand(expr, node);
    reads = true;
    return false;
  });
  return reads && !other;
}

/** The bare `env` of an `env has arguments` (already judged by its Has node). */
function isEnvHasOperand(root: Expr, path: Expr): boolean {
  return someExpr(root, (node) => node.kind === "Has" && node.left === path && node.member === "arguments");
}

export const unsatisfiableArguments: LintRule = {
  name: "unsatisfiable-arguments",
  description: "policies whose conditions on env.arguments no arguments satisfy together",
  check: ({ set }) => {
    const out: ReportedDiagnostic[] = [];
    for (const policy of set.policies) {
      if (policy.conditions.length === 0 || !policy.conditions.every((c) => readsOnlyArguments(c.expr))) continue;
      if (searchApplying(policy, ANY_REQUEST).outcome !== "never") continue;
      const name = policy.name.value;
      out.push(
        diagnosticAt(policy.name.span, "W0811", `policy \`${name}\` can never apply: no env.arguments satisfy its conditions together`, {
          severity: "warning",
          help:
            policy.effect === "deny"
              ? "this deny refuses nothing; check its conditions (a value cannot be two constants at once, nor above and below a bound)"
              : "this allow grants nothing; check its conditions (a value cannot be two constants at once, nor above and below a bound)",
        }),
      );
    }
    return out;
  },
};
