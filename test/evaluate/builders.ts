/**
 * Hand-built ASTs for the reference interpreter's tests (spans are a dummy): the
 * evaluator is tested without the parser, so a parser bug cannot hide an evaluator bug.
 */
import type {
  CompareOp,
  Condition,
  Effect,
  Expr,
  LiteralExpr,
  LiteralValue,
  PathRoot,
  PatternTarget,
  Policy,
  RoleDecl,
  SubjectAlternative,
  SubjectTarget,
} from "../../src/model/ast.js";
import type { PolicySet } from "../../src/model/policy-set.js";
import type { Span } from "../../src/model/span.js";

export const span: Span = { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };

const name = (value: string) => ({ kind: "Name" as const, value, span });

// Subject targets.
export const anySubject: SubjectTarget = { kind: "AnySubject", span };
const alternative = (attribute: SubjectAlternative["attribute"], names: string[]): SubjectAlternative => ({
  kind: "SubjectAlternative",
  attribute,
  names: names.map(name),
  span,
});
export const user = (...names: string[]): SubjectTarget => anyOf(alternative("user", names));
export const role = (...names: string[]): SubjectTarget => anyOf(alternative("role", names));
export const group = (...names: string[]): SubjectTarget => anyOf(alternative("group", names));
/** `user a or role b …`: joins the alternatives of several targets. */
export function anyOf(...parts: (SubjectAlternative | SubjectTarget)[]): SubjectTarget {
  const alternatives = parts.flatMap((part) =>
    part.kind === "SubjectAlternative" ? [part] : part.kind === "SubjectMatchers" ? part.alternatives : [],
  );
  return { kind: "SubjectMatchers", alternatives, span };
}

// Pattern targets.
export const anything: PatternTarget = { kind: "AnyPattern", span };
export const patterns = (...values: string[]): PatternTarget => ({
  kind: "PatternList",
  patterns: values.map((value) => ({ kind: "Pattern", value, span })),
  span,
});

// Expressions.
export const lit = (value: LiteralValue): LiteralExpr => ({ kind: "Literal", value, span });
export const list = (...values: LiteralValue[]): Expr => ({ kind: "List", items: values.map(lit), span });
/** `path("subject.a.b")`, or `path("env", "file-name")` for members that are not identifiers. */
export function path(text: string, ...more: string[]): Expr {
  const [root, ...members] = text.split(".");
  return { kind: "Path", root: root as PathRoot, members: [...members, ...more], span };
}
export const not = (operand: Expr): Expr => ({ kind: "Not", operand, span });
export const and = (...operands: Expr[]): Expr => ({ kind: "And", operands, span });
export const or = (...operands: Expr[]): Expr => ({ kind: "Or", operands, span });
export const cmp = (left: Expr, op: CompareOp, right: Expr): Expr => ({ kind: "Compare", op, left, right, span });
export const isIn = (left: Expr, right: Expr): Expr => ({ kind: "In", left, right, span });
export const contains = (left: Expr, right: Expr): Expr => ({ kind: "Contains", left, right, span });
export const matches = (left: Expr, pattern: string): Expr => ({
  kind: "Matches",
  left,
  pattern: { kind: "Pattern", value: pattern, span },
  span,
});
export const has = (left: Expr, member: string): Expr => ({ kind: "Has", left, member, span });

export const when = (expr: Expr): Condition => ({ kind: "Condition", mode: "when", expr, span });
export const unless = (expr: Expr): Condition => ({ kind: "Condition", mode: "unless", expr, span });

export interface PolicyParts {
  effect?: Effect;
  priority?: number;
  subject?: SubjectTarget;
  action?: PatternTarget;
  resource?: PatternTarget;
  conditions?: Condition[];
}

/** A policy; targets default to `*`, effect to `allow`. */
export function policy(policyName: string, parts: PolicyParts = {}): Policy {
  return {
    kind: "Policy",
    name: name(policyName),
    effect: parts.effect ?? "allow",
    priority: parts.priority ?? 0,
    subject: parts.subject ?? anySubject,
    action: parts.action ?? anything,
    resource: parts.resource ?? anything,
    conditions: parts.conditions ?? [],
    span,
  };
}

export const allow = (policyName: string, parts: PolicyParts = {}) => policy(policyName, { ...parts, effect: "allow" });
export const deny = (policyName: string, parts: PolicyParts = {}) => policy(policyName, { ...parts, effect: "deny" });

/** A checked-looking policy set; `roles` maps a role to the roles it includes. */
export function policySet(policies: Policy[], roles: Record<string, string[]> = {}): PolicySet {
  const declarations = new Map<string, RoleDecl>();
  for (const [roleName, includes] of Object.entries(roles)) {
    declarations.set(roleName, { kind: "RoleDecl", name: name(roleName), includes: includes.map(name), span });
  }
  return {
    sources: [{ kind: "SourceFile", name: "test", declarations: [...declarations.values(), ...policies], span }],
    policies,
    roles: declarations,
  };
}
