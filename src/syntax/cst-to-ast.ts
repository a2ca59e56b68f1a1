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

/** A policy block being filled in, clause by clause (lists grow through `append`). */
interface Clauses extends PolicyClauses {
  effects: EffectClause[];
  priorities: PriorityClause[];
  subjects: SubjectTarget[];
  actions: PatternTarget[];
  resources: PatternTarget[];
  conditions: Condition[];
}

/**
 * `list` with `item` added. A clause list mostly holds one item: `[item]` is an array of
 * exactly one slot, where pushing onto `[]` reserves 17. These lists (and `conditions`
 * in the AST) live until the whole source is parsed, so every slot is copied by the
 * young-generation GC; a list of several items is trimmed by `exact` at the end.
 */
function append<T>(list: T[], item: T): T[] {
  if (list.length === 0) return [item];
  list.push(item);
  return list;
}

/** The list without spare capacity (see `append`). */
function exact<T>(list: T[]): T[] {
  return list.length > 1 ? list.slice() : list;
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
 * A CST node's children, each possibly missing (error recovery leaves holes). Read as
 * plain properties: a polluted `Object.prototype` cannot add children, because the
 * parser's `children` objects do not inherit from it (see cst-node.ts).
 */
function childrenOf<C extends object>(node: { readonly children: C }): Partial<C> {
  return node.children;
}

// Not frozen: a frozen array takes slower paths in `for…of`; it is read-only by type.
const NONE: readonly never[] = [];

/** The children under one key, or none (one shared empty list, not a new one per read). */
function all<T>(items: T[] | undefined): readonly T[] {
  return items ?? NONE;
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

/**
 * Whether recovery invented the token (it has no offset, and chevrotain marks it with an
 * own `isInsertedInRecovery`). Read as an own property: a polluted `Object.prototype`
 * must not make every token look invented, which would drop every declaration.
 */
function invented(t: IToken): boolean {
  return Number.isNaN(t.startOffset) || (Object.hasOwn(t, "isInsertedInRecovery") && t.isInsertedInRecovery === true);
}

/** A token from the input (not one invented by recovery, which has no offset). */
function tok(tokens: readonly IToken[] | undefined, index = 0): IToken {
  const t = tokens?.[index];
  if (t === undefined || invented(t)) throw INCOMPLETE;
  return t;
}

const end = (t: IToken): number => t.startOffset + t.image.length;
const imageOf = (t: IToken): string => t.image;
const exprOf = (extent: Extent): Expr => extent.expr;

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

/**
 * A path's members when it has `["name"]` steps: `.name` and `["name"]` steps sit in
 * separate CST arrays, each in source order; merged by offset.
 */
function mergedSteps(words: readonly IToken[], strings: readonly IToken[]): string[] {
  const members: string[] = [];
  let w = 0;
  let k = 0;
  while (w < words.length || k < strings.length) {
    const word = words[w];
    const string = strings[k];
    if (string === undefined || (word !== undefined && word.startOffset < string.startOffset)) {
      members.push((word as IToken).image);
      w++;
    } else {
      members.push(decodeString(string.image));
      k++;
    }
  }
  return members;
}

export class CstToAst {
  readonly #lines: LineIndex;

  constructor(lines: LineIndex) {
    this.#lines = lines;
  }

  // The converters handed to `map`, made once per converter: an arrow written at each
  // call would be a new closure (and a scope object for `this`) per node.
  readonly #toName = (node: NameCstNode): Name => this.name(node);
  readonly #toSubjectAlt = (node: SubjectAltCstNode): SubjectAlternative => this.#subjectAlt(node);
  readonly #toPattern = (t: IToken): Pattern => this.#pattern(t);
  readonly #toAndExpr = (node: AndExprCstNode): Extent => this.#andExpr(node);
  readonly #toNotExpr = (node: NotExprCstNode): Extent => this.#notExpr(node);
  readonly #toLiteral = (node: LiteralCstNode): LiteralExpr => this.#literal(node);

  /** One declaration, or null when error recovery left it incomplete. */
  declaration(node: DeclarationCstNode): CheckedDeclaration | null {
    try {
      const c = childrenOf(node);
      if (c.roleDecl !== undefined) return this.roleDecl(need(c.roleDecl?.[0]));
      return this.policy(need(c.policy?.[0]));
    } catch (e) {
      if (e !== INCOMPLETE) throw e;
      return null;
    }
  }

  #span(start: number, endOffset: number) {
    return this.#lines.span(start, endOffset);
  }

  roleDecl(node: RoleDeclCstNode): RoleDecl {
    const c = childrenOf(node);
    const keyword = tok(c.Kw_role);
    const name = this.name(need(c.name?.[0]));
    const includes = all(c.includes).map(this.#toName);
    if (c.Kw_includes !== undefined && includes.length === 0) throw INCOMPLETE;
    const last = includes.length > 0 ? lastOf(includes) : name;
    return { kind: "RoleDecl", name, includes, span: this.#span(keyword.startOffset, last.span.end.offset) };
  }

  name(node: NameCstNode): Name {
    const c = childrenOf(node);
    const t = c.Identifier?.[0] ?? tok(c.StringLiteral);
    if (invented(t)) throw INCOMPLETE;
    const value = c.Identifier !== undefined ? t.image : decodeString(t.image);
    return { kind: "Name", value, span: this.#span(t.startOffset, end(t)) };
  }

  policy(node: PolicyCstNode): PolicyClauses {
    const c = childrenOf(node);
    const keyword = tok(c.Kw_policy);
    const name = this.name(need(c.name?.[0]));
    tok(c.LCurly);
    const close = tok(c.RCurly);
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
    for (const clause of all(c.clause)) this.#clause(clause, into);
    // Only `conditions` goes on into the AST; the other lists are read by the checks.
    into.conditions = exact(into.conditions);
    return into;
  }

  #clause(node: ClauseCstNode, into: Clauses): void {
    const c = childrenOf(node);
    const effect = c.Kw_allow ?? c.Kw_deny;
    if (effect !== undefined) {
      const t = tok(effect);
      into.effects = append(into.effects, { effect: c.Kw_allow !== undefined ? "allow" : "deny", span: this.#span(t.startOffset, end(t)) });
    } else if (c.Kw_priority !== undefined) {
      const keyword = tok(c.Kw_priority);
      const number = tok(c.NumberLiteral);
      into.priorities = append(into.priorities, {
        value: Number(number.image),
        text: number.image,
        span: this.#span(keyword.startOffset, end(number)),
      });
    } else if (c.Kw_subject !== undefined) {
      const keyword = tok(c.Kw_subject);
      if (c.Star !== undefined) {
        const star = tok(c.Star);
        into.subjects = append(into.subjects, { kind: "AnySubject", span: this.#span(keyword.startOffset, end(star)) });
      } else {
        const alternatives = all(c.subjectAlt).map(this.#toSubjectAlt);
        const last = lastOf(alternatives);
        into.subjects = append(into.subjects, {
          kind: "SubjectMatchers",
          alternatives,
          span: this.#span(keyword.startOffset, last.span.end.offset),
        });
      }
    } else if (c.Kw_action !== undefined) {
      into.actions = append(into.actions, this.#patterns(tok(c.Kw_action), need(c.actionPatterns?.[0])));
    } else if (c.Kw_resource !== undefined) {
      into.resources = append(into.resources, this.#patterns(tok(c.Kw_resource), need(c.resourcePatterns?.[0])));
    } else if (c.Kw_when !== undefined || c.Kw_unless !== undefined) {
      const keyword = tok(c.Kw_when ?? c.Kw_unless);
      const expr = this.expr(need(c.expr?.[0]));
      into.conditions = append(into.conditions, {
        kind: "Condition",
        mode: c.Kw_when !== undefined ? "when" : "unless",
        expr: expr.expr,
        span: this.#span(keyword.startOffset, expr.end),
      });
    } else {
      throw INCOMPLETE;
    }
  }

  #subjectAlt(node: SubjectAltCstNode): SubjectAlternative {
    const c = childrenOf(node);
    const keyword = tok(c.Kw_user ?? c.Kw_role ?? c.Kw_group);
    const attribute: SubjectAttribute = c.Kw_user !== undefined ? "user" : c.Kw_role !== undefined ? "role" : "group";
    const names = all(c.name).map(this.#toName);
    const last = lastOf(names);
    return { kind: "SubjectAlternative", attribute, names, span: this.#span(keyword.startOffset, last.span.end.offset) };
  }

  #patterns(keyword: IToken, node: PatternsCstNode): PatternTarget {
    const c = childrenOf(node);
    if (c.Star !== undefined) {
      const star = tok(c.Star);
      return { kind: "AnyPattern", span: this.#span(keyword.startOffset, end(star)) };
    }
    const patterns = all(c.StringLiteral).map(this.#toPattern);
    const last = lastOf(patterns);
    return { kind: "PatternList", patterns, span: this.#span(keyword.startOffset, last.span.end.offset) };
  }

  #pattern(t: IToken): Pattern {
    if (invented(t)) throw INCOMPLETE;
    return { kind: "Pattern", value: decodeString(t.image), span: this.#span(t.startOffset, end(t)) };
  }

  expr(node: ExprCstNode): Extent {
    const operands = all(childrenOf(node).andExpr).map(this.#toAndExpr);
    return this.#join("Or", operands);
  }

  #andExpr(node: AndExprCstNode): Extent {
    return this.#join(
      "And",
      all(childrenOf(node).notExpr).map(this.#toNotExpr),
    );
  }

  #join(kind: "And" | "Or", operands: Extent[]): Extent {
    const last = lastOf(operands);
    const first = operands[0] as Extent;
    if (operands.length === 1) return first;
    const expr: Expr = {
      kind,
      operands: operands.map(exprOf),
      span: this.#span(first.start, last.end),
    };
    return { expr, start: first.start, end: last.end };
  }

  #notExpr(node: NotExprCstNode): Extent {
    const c = childrenOf(node);
    let inner = this.#test(need(c.test?.[0]));
    const nots = all(c.Kw_not);
    for (let i = nots.length - 1; i >= 0; i--) {
      const keyword = tok(nots, i);
      const expr: Expr = { kind: "Not", operand: inner.expr, span: this.#span(keyword.startOffset, inner.end) };
      inner = { expr, start: keyword.startOffset, end: inner.end };
    }
    return inner;
  }

  #test(node: TestCstNode): Extent {
    const c = childrenOf(node);
    const left = this.#operand(need(c.operand?.[0]));
    const start = left.start;
    if (c.CompareOperator !== undefined) {
      const op = tok(c.CompareOperator).image as CompareOp;
      const right = this.#operand(need(c.right?.[0]));
      return { expr: { kind: "Compare", op, left: left.expr, right: right.expr, span: this.#span(start, right.end) }, start, end: right.end };
    }
    if (c.Kw_in !== undefined || c.Kw_contains !== undefined) {
      tok(c.Kw_in ?? c.Kw_contains);
      const right = this.#operand(need(c.right?.[0]));
      const kind = c.Kw_in !== undefined ? "In" : "Contains";
      return { expr: { kind, left: left.expr, right: right.expr, span: this.#span(start, right.end) }, start, end: right.end };
    }
    if (c.Kw_matches !== undefined) {
      tok(c.Kw_matches);
      const pattern = this.#pattern(tok(c.StringLiteral));
      const stop = pattern.span.end.offset;
      return { expr: { kind: "Matches", left: left.expr, pattern, span: this.#span(start, stop) }, start, end: stop };
    }
    if (c.Kw_has !== undefined) {
      tok(c.Kw_has);
      const t = c.Word !== undefined ? tok(c.Word) : tok(c.StringLiteral);
      const member = c.Word !== undefined ? t.image : decodeString(t.image);
      return { expr: { kind: "Has", left: left.expr, member, span: this.#span(start, end(t)) }, start, end: end(t) };
    }
    return left;
  }

  #operand(node: OperandCstNode): Extent {
    const c = childrenOf(node);
    const literal = c.StringLiteral ?? c.NumberLiteral ?? c.Kw_true ?? c.Kw_false ?? c.Kw_null;
    if (literal !== undefined) {
      const expr = this.#literalToken(tok(literal));
      return { expr, start: expr.span.start.offset, end: expr.span.end.offset };
    }
    if (c.path !== undefined) return this.#path(need(c.path?.[0]));
    if (c.list !== undefined) return this.#list(need(c.list?.[0]));
    const open = tok(c.LParen);
    const inner = this.expr(need(c.expr?.[0]));
    const close = tok(c.RParen);
    return { expr: inner.expr, start: open.startOffset, end: end(close) };
  }

  #path(node: PathCstNode): Extent {
    const c = childrenOf(node);
    const rootToken = tok(c.Kw_subject ?? c.Kw_resource ?? c.Kw_action ?? c.Kw_env);
    const root = rootToken.image as PathRoot;
    const words = all(c.Word);
    const strings = all(c.StringLiteral);
    for (const t of words) if (invented(t)) throw INCOMPLETE;
    for (const t of strings) if (invented(t)) throw INCOMPLETE;
    if ((c.Dot?.length ?? 0) !== words.length) throw INCOMPLETE;
    if ((c.RSquare?.length ?? 0) !== strings.length) throw INCOMPLETE;
    let stop = end(rootToken);
    for (const t of words) stop = Math.max(stop, end(t));
    for (const t of all(c.RSquare)) {
      if (invented(t)) throw INCOMPLETE;
      stop = Math.max(stop, end(t));
    }
    const expr: Expr = {
      kind: "Path",
      root,
      members: strings.length === 0 ? words.map(imageOf) : mergedSteps(words, strings),
      span: this.#span(rootToken.startOffset, stop),
    };
    return { expr, start: rootToken.startOffset, end: stop };
  }

  #list(node: ListCstNode): Extent {
    const c = childrenOf(node);
    const open = tok(c.LSquare);
    const items = all(c.literal).map(this.#toLiteral);
    const close = tok(c.RSquare);
    const stop = end(close);
    return { expr: { kind: "List", items, span: this.#span(open.startOffset, stop) }, start: open.startOffset, end: stop };
  }

  #literal(node: LiteralCstNode): LiteralExpr {
    const c = childrenOf(node);
    return this.#literalToken(
      tok(c.StringLiteral ?? c.NumberLiteral ?? c.Kw_true ?? c.Kw_false ?? c.Kw_null),
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
