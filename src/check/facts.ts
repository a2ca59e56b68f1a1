/**
 * What several rules need to know about one policy block, gathered in one pass over its
 * targets and conditions (iterative: an AST from JSON is not depth-limited): every glob
 * with where it is used, and every path on `action` that has members.
 */
import type { Expr, PathExpr, Pattern } from "../model/ast.js";
import type { PolicyClauses } from "./policy-clauses.js";

export type GlobUse = "action" | "resource" | "matches";

export interface Glob {
  readonly pattern: Pattern;
  readonly use: GlobUse;
}

export interface PolicyFacts {
  /** Action patterns, resource patterns, then `matches` globs in source order. */
  readonly globs: readonly Glob[];
  /** `action.x` / `action["x"]` paths (each one an error). */
  readonly actionMemberPaths: readonly PathExpr[];
}

/** Shared by the (many) policies with no `action` member path: one list less per policy. */
const NO_PATHS: readonly PathExpr[] = [];

export function gatherFacts(policy: PolicyClauses): PolicyFacts {
  const globs: Glob[] = [];
  let actionMemberPaths: PathExpr[] | undefined;
  for (const target of policy.actions) {
    if (target.kind === "PatternList") for (const pattern of target.patterns) globs.push({ pattern, use: "action" });
  }
  for (const target of policy.resources) {
    if (target.kind === "PatternList") for (const pattern of target.patterns) globs.push({ pattern, use: "resource" });
  }
  if (policy.conditions.length === 0) return { globs: exact(globs), actionMemberPaths: NO_PATHS };
  const stack: Expr[] = [];
  for (let c = policy.conditions.length - 1; c >= 0; c--) stack.push((policy.conditions[c] as { expr: Expr }).expr);
  for (let expr = stack.pop(); expr !== undefined; expr = stack.pop()) {
    switch (expr.kind) {
      case "Path":
        if (expr.root === "action" && expr.members.length > 0) {
          actionMemberPaths ??= [];
          actionMemberPaths.push(expr);
        }
        break;
      case "Matches":
        stack.push(expr.left);
        globs.push({ pattern: expr.pattern, use: "matches" });
        break;
      case "Has":
        stack.push(expr.left);
        break;
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
      default:
        break;
    }
  }
  return { globs: exact(globs), actionMemberPaths: actionMemberPaths ?? NO_PATHS };
}

/**
 * The list without spare capacity: the facts of every policy stay alive while the rules
 * run, and a list pushed to from `[]` reserves 17 slots that the GC copies along.
 */
function exact<T>(list: T[]): T[] {
  return list.length > 0 ? list.slice() : list;
}
