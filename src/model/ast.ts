/**
 * The abstract syntax tree of `.mcpolicy` sources (spec §3).
 *
 * Every node is a discriminated union member on `kind` and carries its `span`;
 * structural equality (tests, round trips) ignores spans — see `stripSpans`.
 * The AST is plain JSON-serializable data (see grammar/ast.schema.json).
 */
import type { Span } from "./span.js";

/** A name as written: `IDENT` or a JSON string, decoded. */
export interface Name {
  readonly kind: "Name";
  readonly value: string;
  readonly span: Span;
}

/** One source file (or API string) after parsing. Declarations keep source order. */
export interface SourceFile {
  readonly kind: "SourceFile";
  readonly name: string;
  readonly declarations: readonly Declaration[];
  readonly span: Span;
}

export type Declaration = RoleDecl | Policy;

/** `role NAME [includes A, B]`. */
export interface RoleDecl {
  readonly kind: "RoleDecl";
  readonly name: Name;
  readonly includes: readonly Name[];
  readonly span: Span;
}

export type Effect = "allow" | "deny";

/**
 * `policy NAME { ... }`, clauses normalized: exactly one effect, subject, action and
 * resource target (checked by the static checks; a partial policy from error recovery is
 * never handed to the evaluator). `conditions` keeps the source order of when/unless.
 */
export interface Policy {
  readonly kind: "Policy";
  readonly name: Name;
  readonly effect: Effect;
  /** Integer, default 0. */
  readonly priority: number;
  readonly subject: SubjectTarget;
  readonly action: PatternTarget;
  readonly resource: PatternTarget;
  readonly conditions: readonly Condition[];
  readonly span: Span;
}

/** `subject *` or `subject user a, b or role c or group d`. */
export type SubjectTarget = AnySubject | SubjectMatchers;

export interface AnySubject {
  readonly kind: "AnySubject";
  readonly span: Span;
}

export interface SubjectMatchers {
  readonly kind: "SubjectMatchers";
  /** Alternatives joined by `or`; at least one. */
  readonly alternatives: readonly SubjectAlternative[];
  readonly span: Span;
}

export type SubjectAttribute = "user" | "role" | "group";

export interface SubjectAlternative {
  readonly kind: "SubjectAlternative";
  readonly attribute: SubjectAttribute;
  /** At least one. */
  readonly names: readonly Name[];
  readonly span: Span;
}

/** `action`/`resource` clause: bare `*` (anything) or a list of glob strings. */
export type PatternTarget = AnyPattern | PatternList;

export interface AnyPattern {
  readonly kind: "AnyPattern";
  readonly span: Span;
}

export interface PatternList {
  readonly kind: "PatternList";
  /** At least one. Decoded string values; may contain `${subject.PATH}` (resource only). */
  readonly patterns: readonly Pattern[];
  readonly span: Span;
}

export interface Pattern {
  readonly kind: "Pattern";
  readonly value: string;
  readonly span: Span;
}

/** `when E` holds when E is true; `unless E` holds when E is false. */
export interface Condition {
  readonly kind: "Condition";
  readonly mode: "when" | "unless";
  readonly expr: Expr;
  readonly span: Span;
}

export type Expr =
  | LiteralExpr
  | ListExpr
  | PathExpr
  | NotExpr
  | AndExpr
  | OrExpr
  | CompareExpr
  | InExpr
  | ContainsExpr
  | MatchesExpr
  | HasExpr;

export type LiteralValue = string | number | boolean | null;

export interface LiteralExpr {
  readonly kind: "Literal";
  readonly value: LiteralValue;
  readonly span: Span;
}

/** `[lit, lit, ...]`: only literals may appear in a list. */
export interface ListExpr {
  readonly kind: "List";
  readonly items: readonly LiteralExpr[];
  readonly span: Span;
}

export type PathRoot = "subject" | "resource" | "action" | "env";

/** `subject.a["b"].c` → root "subject", members ["a", "b", "c"]. `action` has no members. */
export interface PathExpr {
  readonly kind: "Path";
  readonly root: PathRoot;
  readonly members: readonly string[];
  readonly span: Span;
}

export interface NotExpr {
  readonly kind: "Not";
  readonly operand: Expr;
  readonly span: Span;
}

/** `a and b and c` is one node with three operands (left to right). */
export interface AndExpr {
  readonly kind: "And";
  readonly operands: readonly Expr[];
  readonly span: Span;
}

export interface OrExpr {
  readonly kind: "Or";
  readonly operands: readonly Expr[];
  readonly span: Span;
}

export type CompareOp = "==" | "!=" | "<" | "<=" | ">" | ">=";

export interface CompareExpr {
  readonly kind: "Compare";
  readonly op: CompareOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

/** `x in L`. */
export interface InExpr {
  readonly kind: "In";
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

/** `L contains x`. */
export interface ContainsExpr {
  readonly kind: "Contains";
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

/** `s matches "glob"`; the glob may contain `${subject.PATH}`. */
export interface MatchesExpr {
  readonly kind: "Matches";
  readonly left: Expr;
  readonly pattern: Pattern;
  readonly span: Span;
}

/** `p has name` / `p has "name"`. */
export interface HasExpr {
  readonly kind: "Has";
  readonly left: Expr;
  readonly member: string;
  readonly span: Span;
}
