/**
 * Expression nesting limit (spec §3): depth = enclosing `(` plus `not`, at most 64.
 *
 * Checked on the token stream, without recursion, BEFORE the recursive-descent parser
 * sees it, so 100,000 `(` or `not` is one diagnostic and never a stack overflow. It runs
 * on one declaration's tokens at a time; declaration keywords reset it anyway.
 *
 * A `not` stays open until its operand test ends: at `and`, `or`, or the `)` closing its
 * parenthesis level. Clause and declaration keywords end any expression. A condition
 * that goes too deep is cut from the token stream whole (from its `when`/`unless` to the
 * next clause), so the parser does not report a cascade of errors about the cut; the
 * policy still drops out because of the nesting diagnostic inside it.
 *
 * A keyword right after `.` or `has` is a member name (`env.when`, `p has not`), not a
 * keyword: it neither opens a level nor ends one (else `env.when` would reset the count
 * and let any depth through to the recursive parser).
 */
import type { IToken, TokenType } from "chevrotain";
import { diagnosticAt } from "../errors.js";
import { SOURCE_LIMITS } from "../model/limits.js";
import { CODES } from "./codes.js";
import { spanOf } from "./lexer.js";
import type { LineIndex } from "./lines.js";
import type { DiagnosticSink } from "./sink.js";
import {
  Allow,
  And,
  Deny,
  Dot,
  Has,
  LCurly,
  LParen,
  Not,
  Or,
  Policy,
  Priority,
  RCurly,
  Role,
  RParen,
  Unless,
  When,
} from "./tokens.js";

/** Tokens that can never be inside an expression, so any expression has ended. */
const EXPRESSION_END = new Set<TokenType>([When, Unless, Allow, Deny, Priority, Policy, Role, LCurly, RCurly]);

export function limitNesting(tokens: IToken[], lines: LineIndex, sink: DiagnosticSink): IToken[] {
  const max = SOURCE_LIMITS.maxExpressionDepth;
  let out: IToken[] | undefined;
  let depth = 0;
  // `not`s open at each parenthesis level; the last entry is the innermost level.
  const nots: number[] = [0];
  // Where the current expression began (its `when`/`unless`), in `tokens`.
  let expressionStart = -1;
  let kept = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as IToken;
    const type = token.tokenType;
    if (isMember(tokens, i)) continue;
    if (type === LParen) {
      nots.push(0);
      depth++;
    } else if (type === Not) {
      nots[nots.length - 1] = (nots[nots.length - 1] as number) + 1;
      depth++;
    } else if (type === RParen) {
      if (nots.length > 1) depth -= 1 + (nots.pop() as number);
      continue;
    } else if (type === And || type === Or) {
      depth -= nots[nots.length - 1] as number;
      nots[nots.length - 1] = 0;
      continue;
    } else if (endsExpression(tokens, i)) {
      depth = 0;
      nots.length = 1;
      nots[0] = 0;
      expressionStart = type === When || type === Unless ? i : -1;
      continue;
    } else {
      continue;
    }
    if (depth <= max) continue;
    reportTooDeep(token, lines, sink);
    // Cut from the condition's start (or this token) to the next token that ends it.
    const cutFrom = expressionStart >= 0 ? expressionStart : i;
    let resume = i + 1;
    while (resume < tokens.length && !endsExpression(tokens, resume)) resume++;
    out ??= [];
    for (let k = kept; k < cutFrom; k++) out.push(tokens[k] as IToken);
    kept = resume;
    i = resume - 1;
    depth = 0;
    nots.length = 1;
    nots[0] = 0;
    expressionStart = -1;
  }
  if (out === undefined) return tokens;
  for (let k = kept; k < tokens.length; k++) out.push(tokens[k] as IToken);
  return out;
}

/**
 * Reports the token that went one level too deep. A function of its own, not a closure
 * in the loop: a closure there capturing the loop's `token` makes V8 allocate a scope
 * object for every token, used or not.
 */
function reportTooDeep(token: IToken, lines: LineIndex, sink: DiagnosticSink): void {
  const max = SOURCE_LIMITS.maxExpressionDepth;
  sink.add(token.startOffset, () =>
    diagnosticAt(spanOf(token, lines), CODES.nestingTooDeep, `expression nested too deeply (more than ${max} levels)`, {
      help: "nesting counts every enclosing `(` and `not`; split the condition into several `when` clauses",
    }),
  );
}

/** Whether tokens[i] is a member name (after `.` or `has`), whatever its token type. */
function isMember(tokens: readonly IToken[], i: number): boolean {
  const type = (tokens[i] as IToken).tokenType;
  if (i === 0 || type === LParen || type === RParen) return false;
  const previous = (tokens[i - 1] as IToken).tokenType;
  return previous === Dot || previous === Has;
}

/** Whether tokens[i] ends any expression: a clause or declaration keyword (not a member). */
function endsExpression(tokens: readonly IToken[], i: number): boolean {
  return EXPRESSION_END.has((tokens[i] as IToken).tokenType) && !isMember(tokens, i);
}
