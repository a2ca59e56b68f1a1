/**
 * CST → AST: the typed visitor that gives the grammar its meaning.
 *
 * - `a and b and c` is one `And` with three operands; parentheses are not nodes (a
 *   compound node's span still covers them).
 * - Strings are decoded as JSON, numbers become JS numbers.
 * - Policy blocks come out as `PolicyClauses` (every clause as written); the static
 *   checks decide which become AST policies.
 * - A node that error recovery left incomplete makes its whole declaration drop out
 *   (the parse error has been reported already), so no partial tree goes further.
 */
import type { IToken } from "chevrotain";
import type { CheckedDeclaration, EffectClause, PolicyClauses, PriorityClause } from "../check/policy-clauses.js";
import type {
  CompareOp,
  Condition,
  Expr,
  LiteralExpr,
  Name,
  PathRoot,
  Pattern,
  PatternTarget,
  RoleDecl,
  SubjectAlternative,
  SubjectAttribute,
  SubjectTarget,
} from "../model/ast.js";
import type {
  AndExprCstNode,
  ClauseCstNode,
  ExprCstNode,
  DeclarationCstNode,
  ListCstNode,
  LiteralCstNode,
  NameCstNode,
  NotExprCstNode,
  OperandCstNode,
  PathCstNode,
  PatternsCstNode,
  PolicyCstNode,
  RoleDeclCstNode,
  SubjectAltCstNode,
  TestCstNode,
} from "./cst-types.js";
import type { LineIndex } from "./lines.js";
import { False, NumberLiteral, StringLiteral, True } from "./tokens.js";

/** A policy block being filled in, clause by clause. */
interface Clauses extends PolicyClauses {
  readonly effects: EffectClause[];
  readonly priorities: PriorityClause[];
  readonly subjects: SubjectTarget[];
  readonly actions: PatternTarget[];
  readonly resources: PatternTarget[];
  readonly conditions: Condition[];
}

/** Thrown inside the converter when recovery left a hole; caught per declaration. */
class Incomplete {}
const INCOMPLETE = new Incomplete();

/** An expression with the extent it occupies in the source (parentheses included). */
interface Extent {
  readonly expr: Expr;
  readonly start: number;
  readonly end: number;
}

/**
 * A child of a CST node: chevrotain's children are plain objects, so read own keys only
 * (a polluted `Object.prototype` must not add children).
 */
function own<C extends object, K extends keyof C>(children: C, key: K): C[K] | undefined {
  return Object.hasOwn(children, key) ? children[key] : undefined;
}

/** The last item; out-of-range reads of arrays would consult `Object.prototype`. */
function lastOf<T>(items: readonly T[]): T {
  if (items.length === 0) throw INCOMPLETE;
  return items[items.length - 1] as T;
}

function need<T>(value: T | undefined): T {
  if (value === undefined) throw INCOMPLETE;
  return value;
}

/** A token from the input (not one invented by recovery, which has no offset). */
function tok(tokens: IToken[] | undefined, index = 0): IToken {
  const t = tokens?.[index];
  if (t === undefined || Number.isNaN(t.startOffset) || t.isInsertedInRecovery === true) throw INCOMPLETE;
  return t;
}

const end = (t: IToken): number => t.startOffset + t.image.length;

/** Decodes a JSON string literal; a malformed one (already reported) decodes to "". */
export function decodeString(image: string): string {
  if (image.length >= 2 && image.charCodeAt(0) === 0x22 && image.charCodeAt(image.length - 1) === 0x22) {
    if (!image.includes("\\")) return image.slice(1, -1);
    try {
      const value: unknown = JSON.parse(image);
      if (typeof value === "string") return value;
    } catch {
      // reported by the lexer
    }
  }
  return "";
}

export class CstToAst {
  readonly #lines: LineIndex;

  constructor(lines: LineIndex) {
    this.#lines = lines;
  }

  /** One declaration, or null when error recovery left it incomplete. */
  declaration(node: DeclarationCstNode): CheckedDeclaration | null {
    try {
      const c = node.children;
      if (own(c, "roleDecl") !== undefined) return this.roleDecl(need(own(c, "roleDecl")?.[0]));
      return this.policy(need(own(c, "policy")?.[0]));
    } catch (e) {
      if (e !== INCOMPLETE) throw e;
      return null;
    }
  }

  #span(start: number, endOffset: number) {
    return this.#lines.span(start, endOffset);
  }

  roleDecl(node: RoleDeclCstNode): RoleDecl {
    const c = node.children;
    const keyword = tok(own(c, "Kw_role"));
    const name = this.name(need(own(c, "name")?.[0]));
    const includes = (own(c, "includes") ?? []).map((n) => this.name(n));
    if (own(c, "Kw_includes") !== undefined && includes.length === 0) throw INCOMPLETE;
    const last = includes.length > 0 ? lastOf(includes) : name;
    return { kind: "RoleDecl", name, includes, span: this.#span(keyword.startOffset, last.span.end.offset) };
  }

  name(node: NameCstNode): Name {
    const c = node.children;
    const t = own(c, "Identifier")?.[0] ?? tok(own(c, "StringLiteral"));
    if (Number.isNaN(t.startOffset) || t.isInsertedInRecovery === true) throw INCOMPLETE;
    const value = own(c, "Identifier") !== undefined ? t.image : decodeString(t.image);
    return { kind: "Name", value, span: this.#span(t.startOffset, end(t)) };
  }

  policy(node: PolicyCstNode): PolicyClauses {
    const c = node.children;
    const keyword = tok(own(c, "Kw_policy"));
    const name = this.name(need(own(c, "name")?.[0]));
    tok(own(c, "LCurly"));
    const close = tok(own(c, "RCurly"));
    const into: Clauses = {
      kind: "PolicyClauses",
      name,
      span: this.#span(keyword.startOffset, end(close)),
      effects: [],
      priorities: [],
      subjects: [],
      actions: [],
      resources: [],
      conditions: [],
    };
    for (const clause of own(c, "clause") ?? []) this.#clause(clause, into);
    return into;
  }

  #clause(node: ClauseCstNode, into: Clauses): void {
    const c = node.children;
    const effect = own(c, "Kw_allow") ?? own(c, "Kw_deny");
    if (effect !== undefined) {
      const t = tok(effect);
      into.effects.push({ effect: own(c, "Kw_allow") !== undefined ? "allow" : "deny", span: this.#span(t.startOffset, end(t)) });
    } else if (own(c, "Kw_priority") !== undefined) {
      const keyword = tok(own(c, "Kw_priority"));
      const number = tok(own(c, "NumberLiteral"));
      into.priorities.push({
        value: Number(number.image),
        text: number.image,
        span: this.#span(keyword.startOffset, end(number)),
      });
    } else if (own(c, "Kw_subject") !== undefined) {
      const keyword = tok(own(c, "Kw_subject"));
      if (own(c, "Star") !== undefined) {
        const star = tok(own(c, "Star"));
        into.subjects.push({ kind: "AnySubject", span: this.#span(keyword.startOffset, end(star)) });
      } else {
        const alternatives = (own(c, "subjectAlt") ?? []).map((a) => this.#subjectAlt(a));
        const last = lastOf(alternatives);
        into.subjects.push({
          kind: "SubjectMatchers",
          alternatives,
          span: this.#span(keyword.startOffset, last.span.end.offset),
        });
      }
    } else if (own(c, "Kw_action") !== undefined) {
      into.actions.push(this.#patterns(tok(own(c, "Kw_action")), need(own(c, "actionPatterns")?.[0])));
    } else if (own(c, "Kw_resource") !== undefined) {
      into.resources.push(this.#patterns(tok(own(c, "Kw_resource")), need(own(c, "resourcePatterns")?.[0])));
    } else if (own(c, "Kw_when") !== undefined || own(c, "Kw_unless") !== undefined) {
      const keyword = tok(own(c, "Kw_when") ?? own(c, "Kw_unless"));
      const expr = this.expr(need(own(c, "expr")?.[0]));
      into.conditions.push({
        kind: "Condition",
        mode: own(c, "Kw_when") !== undefined ? "when" : "unless",
        expr: expr.expr,
        span: this.#span(keyword.startOffset, expr.end),
      });
    } else {
      throw INCOMPLETE;
    }
  }

  #subjectAlt(node: SubjectAltCstNode): SubjectAlternative {
    const c = node.children;
    const keyword = tok(own(c, "Kw_user") ?? own(c, "Kw_role") ?? own(c, "Kw_group"));
    const attribute: SubjectAttribute = own(c, "Kw_user") !== undefined ? "user" : own(c, "Kw_role") !== undefined ? "role" : "group";
    const names = (own(c, "name") ?? []).map((n) => this.name(n));
    const last = lastOf(names);
    return { kind: "SubjectAlternative", attribute, names, span: this.#span(keyword.startOffset, last.span.end.offset) };
  }

  #patterns(keyword: IToken, node: PatternsCstNode): PatternTarget {
    const c = node.children;
    if (own(c, "Star") !== undefined) {
      const star = tok(own(c, "Star"));
      return { kind: "AnyPattern", span: this.#span(keyword.startOffset, end(star)) };
    }
    const patterns = (own(c, "StringLiteral") ?? []).map((t) => this.#pattern(t));
    const last = lastOf(patterns);
    return { kind: "PatternList", patterns, span: this.#span(keyword.startOffset, last.span.end.offset) };
  }

  #pattern(t: IToken): Pattern {
    if (Number.isNaN(t.startOffset) || t.isInsertedInRecovery === true) throw INCOMPLETE;
    return { kind: "Pattern", value: decodeString(t.image), span: this.#span(t.startOffset, end(t)) };
  }

  expr(node: ExprCstNode): Extent {
    const operands = (own(node.children, "andExpr") ?? []).map((a) => this.#andExpr(a));
    return this.#join("Or", operands);
  }

  #andExpr(node: AndExprCstNode): Extent {
    return this.#join(
      "And",
      (own(node.children, "notExpr") ?? []).map((n) => this.#notExpr(n)),
    );
  }

  #join(kind: "And" | "Or", operands: Extent[]): Extent {
    const last = lastOf(operands);
    const first = operands[0] as Extent;
    if (operands.length === 1) return first;
    const expr: Expr = {
      kind,
      operands: operands.map((o) => o.expr),
      span: this.#span(first.start, last.end),
    };
    return { expr, start: first.start, end: last.end };
  }

  #notExpr(node: NotExprCstNode): Extent {
    const c = node.children;
    let inner = this.#test(need(own(c, "test")?.[0]));
    const nots = own(c, "Kw_not") ?? [];
    for (let i = nots.length - 1; i >= 0; i--) {
      const keyword = tok(nots, i);
      const expr: Expr = { kind: "Not", operand: inner.expr, span: this.#span(keyword.startOffset, inner.end) };
      inner = { expr, start: keyword.startOffset, end: inner.end };
    }
    return inner;
  }

  #test(node: TestCstNode): Extent {
    const c = node.children;
    const left = this.#operand(need(own(c, "operand")?.[0]));
    const start = left.start;
    const at = (endOffset: number) => this.#span(start, endOffset);
    if (own(c, "CompareOperator") !== undefined) {
      const op = tok(own(c, "CompareOperator")).image as CompareOp;
      const right = this.#operand(need(own(c, "right")?.[0]));
      return { expr: { kind: "Compare", op, left: left.expr, right: right.expr, span: at(right.end) }, start, end: right.end };
    }
    if (own(c, "Kw_in") !== undefined || own(c, "Kw_contains") !== undefined) {
      tok(own(c, "Kw_in") ?? own(c, "Kw_contains"));
      const right = this.#operand(need(own(c, "right")?.[0]));
      const kind = own(c, "Kw_in") !== undefined ? "In" : "Contains";
      return { expr: { kind, left: left.expr, right: right.expr, span: at(right.end) }, start, end: right.end };
    }
    if (own(c, "Kw_matches") !== undefined) {
      tok(own(c, "Kw_matches"));
      const pattern = this.#pattern(tok(own(c, "StringLiteral")));
      const stop = pattern.span.end.offset;
      return { expr: { kind: "Matches", left: left.expr, pattern, span: at(stop) }, start, end: stop };
    }
    if (own(c, "Kw_has") !== undefined) {
      tok(own(c, "Kw_has"));
      const t = own(c, "Word") !== undefined ? tok(own(c, "Word")) : tok(own(c, "StringLiteral"));
      const member = own(c, "Word") !== undefined ? t.image : decodeString(t.image);
      return { expr: { kind: "Has", left: left.expr, member, span: at(end(t)) }, start, end: end(t) };
    }
    return left;
  }

  #operand(node: OperandCstNode): Extent {
    const c = node.children;
    const literal = own(c, "StringLiteral") ?? own(c, "NumberLiteral") ?? own(c, "Kw_true") ?? own(c, "Kw_false") ?? own(c, "Kw_null");
    if (literal !== undefined) {
      const expr = this.#literalToken(tok(literal));
      return { expr, start: expr.span.start.offset, end: expr.span.end.offset };
    }
    if (own(c, "path") !== undefined) return this.#path(need(own(c, "path")?.[0]));
    if (own(c, "list") !== undefined) return this.#list(need(own(c, "list")?.[0]));
    const open = tok(own(c, "LParen"));
    const inner = this.expr(need(own(c, "expr")?.[0]));
    const close = tok(own(c, "RParen"));
    return { expr: inner.expr, start: open.startOffset, end: end(close) };
  }

  #path(node: PathCstNode): Extent {
    const c = node.children;
    const rootToken = tok(own(c, "Kw_subject") ?? own(c, "Kw_resource") ?? own(c, "Kw_action") ?? own(c, "Kw_env"));
    const root = rootToken.image as PathRoot;
    // `.name` and `["name"]` steps sit in separate CST arrays; source order is offset order.
    const steps: { offset: number; value: string }[] = [];
    for (const t of own(c, "Word") ?? []) {
      if (Number.isNaN(t.startOffset) || t.isInsertedInRecovery === true) throw INCOMPLETE;
      steps.push({ offset: t.startOffset, value: t.image });
    }
    for (const t of own(c, "StringLiteral") ?? []) {
      if (Number.isNaN(t.startOffset) || t.isInsertedInRecovery === true) throw INCOMPLETE;
      steps.push({ offset: t.startOffset, value: decodeString(t.image) });
    }
    if ((own(c, "Dot")?.length ?? 0) !== (own(c, "Word")?.length ?? 0)) throw INCOMPLETE;
    if ((own(c, "RSquare")?.length ?? 0) !== (own(c, "StringLiteral")?.length ?? 0)) throw INCOMPLETE;
    if (own(c, "Word") !== undefined && own(c, "StringLiteral") !== undefined) steps.sort((a, b) => a.offset - b.offset);
    let stop = end(rootToken);
    for (const t of own(c, "Word") ?? []) stop = Math.max(stop, end(t));
    for (const t of own(c, "RSquare") ?? []) {
      if (Number.isNaN(t.startOffset) || t.isInsertedInRecovery === true) throw INCOMPLETE;
      stop = Math.max(stop, end(t));
    }
    const expr: Expr = {
      kind: "Path",
      root,
      members: steps.map((s) => s.value),
      span: this.#span(rootToken.startOffset, stop),
    };
    return { expr, start: rootToken.startOffset, end: stop };
  }

  #list(node: ListCstNode): Extent {
    const c = node.children;
    const open = tok(own(c, "LSquare"));
    const items = (own(c, "literal") ?? []).map((l) => this.#literal(l));
    const close = tok(own(c, "RSquare"));
    const stop = end(close);
    return { expr: { kind: "List", items, span: this.#span(open.startOffset, stop) }, start: open.startOffset, end: stop };
  }

  #literal(node: LiteralCstNode): LiteralExpr {
    const c = node.children;
    return this.#literalToken(
      tok(own(c, "StringLiteral") ?? own(c, "NumberLiteral") ?? own(c, "Kw_true") ?? own(c, "Kw_false") ?? own(c, "Kw_null")),
    );
  }

  /** A literal from its token: the token type decides the value's type. */
  #literalToken(t: IToken): LiteralExpr {
    const type = t.tokenType;
    const value =
      type === StringLiteral
        ? decodeString(t.image)
        : type === NumberLiteral
          ? Number(t.image)
          : type === True
            ? true
            : type === False
              ? false
              : null;
    return { kind: "Literal", value, span: this.#span(t.startOffset, end(t)) };
  }
}
