/**
 * A policy block as written: every clause it holds, in source order, before the
 * "exactly one" rules have run. The parser produces these; the static checks read them;
 * only a block that passes becomes an AST `Policy` (which has exactly one of each).
 */
import type {
  Condition,
  Effect,
  Name,
  PatternTarget,
  Policy,
  RoleDecl,
  SubjectTarget,
} from "../model/ast.js";
import type { Span } from "../model/span.js";

export interface EffectClause {
  readonly effect: Effect;
  readonly span: Span;
}

export interface PriorityClause {
  readonly value: number;
  /** The literal as written (absent for a policy that came from the JSON AST). */
  readonly text?: string;
  readonly span: Span;
}

export interface PolicyClauses {
  readonly kind: "PolicyClauses";
  readonly name: Name;
  readonly span: Span;
  readonly effects: readonly EffectClause[];
  readonly priorities: readonly PriorityClause[];
  readonly subjects: readonly SubjectTarget[];
  readonly actions: readonly PatternTarget[];
  readonly resources: readonly PatternTarget[];
  readonly conditions: readonly Condition[];
}

/** What the static checks run over: role declarations and policy blocks, in source order. */
export type CheckedDeclaration = RoleDecl | PolicyClauses;

/** The clauses of a normalized policy (a policy from the JSON AST, or re-checked). */
export function clausesOf(policy: Policy): PolicyClauses {
  return {
    kind: "PolicyClauses",
    name: policy.name,
    span: policy.span,
    effects: [{ effect: policy.effect, span: policy.span }],
    priorities: [{ value: policy.priority, span: policy.span }],
    subjects: [policy.subject],
    actions: [policy.action],
    resources: [policy.resource],
    conditions: policy.conditions,
  };
}

/** The normalized policy, or null when a clause is missing or repeated. */
export function policyOf(clauses: PolicyClauses): Policy | null {
  const { effects, subjects, actions, resources, priorities } = clauses;
  if (effects.length !== 1 || subjects.length !== 1 || actions.length !== 1 || resources.length !== 1 || priorities.length > 1) {
    return null;
  }
  return {
    kind: "Policy",
    name: clauses.name,
    effect: (effects[0] as EffectClause).effect,
    priority: priorities.length > 0 ? (priorities[0] as PriorityClause).value : 0,
    subject: subjects[0] as SubjectTarget,
    action: actions[0] as PatternTarget,
    resource: resources[0] as PatternTarget,
    conditions: clauses.conditions,
    span: clauses.span,
  };
}
