/**
 * Condition expressions (spec §4.2), evaluated left to right with short-circuiting.
 * Every operator's error rule is spelled out where the operator is; `has` never errs.
 */
import type { CompareOp, Expr } from "../model/ast.js";
import { includesLinear } from "../model/find-substring.js";
import type { JsonValue } from "../model/request.js";
import { notBooleanMessage, operatorMessage } from "../syntax/expr-text.js";
import { resolvePath } from "./paths.js";
import { matchPattern } from "./patterns.js";
import type { Request } from "./request.js";
import { fail, ok, type Result } from "./result.js";
import { isPlainObject, jsonEquals, kindOf, readOwn, snapshot } from "./values.js";

/** How `matches` matches a string against a pattern (the reference's `matchPattern` by default). */
export type PatternMatcher = (input: string, pattern: string, subject: object) => Result<boolean>;

/**
 * The value of an expression: a JSON value (booleans for tests), or an error. `match`
 * may replace `matchPattern` by an equivalent that memoizes (couldAllow's witness search).
 */
export function evaluateExpr(expr: Expr, request: Request, match: PatternMatcher = matchPattern): Result<unknown> {
  switch (expr.kind) {
    case "Literal":
      return ok(expr.value);
    case "List":
      return ok(expr.items.map((item) => item.value));
    case "Path":
      return resolvePath(expr.root, expr.members, request);
    case "Not": {
      const operand = evaluateExpr(expr.operand, request, match);
      if (!operand.ok) return operand;
      if (typeof operand.value !== "boolean") return notBoolean("not", expr.operand, operand.value);
      return ok(!operand.value);
    }
    case "And":
    case "Or": {
      // `false and E` / `true or E`: E is not evaluated; an earlier error wins.
      const stop = expr.kind === "Or";
      const keyword = expr.kind === "Or" ? "or" : "and";
      for (const operand of expr.operands) {
        const value = evaluateExpr(operand, request, match);
        if (!value.ok) return value;
        if (typeof value.value !== "boolean") return notBoolean(keyword, operand, value.value);
        if (value.value === stop) return ok(stop);
      }
      return ok(!stop);
    }
    case "Compare":
    case "In":
    case "Contains": {
      const left = evaluateExpr(expr.left, request, match);
      if (!left.ok) return left;
      const right = evaluateExpr(expr.right, request, match);
      if (!right.ok) return right;
      const value = applyBinary(expr.kind === "Compare" ? expr.op : expr.kind === "In" ? "in" : "contains", left.value, right.value);
      // Spec §5: the message names the path — the operator's type errors quote the test.
      return value.ok ? value : fail(operatorMessage(value.message, expr));
    }
    case "Matches": {
      const left = evaluateExpr(expr.left, request, match);
      if (!left.ok) return left;
      if (typeof left.value !== "string") return fail(operatorMessage(notStringMessage(left.value), expr));
      return applyMatches(left.value, expr.pattern.value, request, match);
    }
    case "Has": {
      // Never an error: whatever keeps us from an own property gives false.
      const left = evaluateExpr(expr.left, request, match);
      return ok(left.ok && applyHas(left.value, expr.member));
    }
  }
}

export type BinaryOperator = CompareOp | "in" | "contains";

/** A binary operator on two operand values (both already evaluated, left first). */
export function applyBinary(op: BinaryOperator, a: unknown, b: unknown): Result<boolean> {
  switch (op) {
    case "==":
    case "!=": {
      const equal = deepEquals(a, b);
      if (!equal.ok) return equal;
      return ok(op === "==" ? equal.value : !equal.value);
    }
    case "in":
      if (kindName(b) !== "array") return fail(`expected an array on the right of \`in\`, got ${kindName(b)}`);
      return member(a, b);
    case "contains":
      if (kindName(a) === "array") return member(b, a);
      if (typeof a === "string") {
        if (typeof b !== "string") {
          return fail(`expected a string on the right of \`contains\` after a string, got ${kindName(b)}`);
        }
        return ok(includesLinear(a, b));
      }
      return fail(`expected an array or a string on the left of \`contains\`, got ${kindName(a)}`);
  }
  if (!((typeof a === "number" && typeof b === "number") || (typeof a === "string" && typeof b === "string"))) {
    return fail(`expected a number or string on both sides of \`${op}\`, got ${kindName(a)} and ${kindName(b)}`);
  }
  // Strings compare by UTF-16 code units, which is what `<` on JS strings does.
  switch (op) {
    case "<":
      return ok(a < b);
    case "<=":
      return ok(a <= b);
    case ">":
      return ok(a > b);
    case ">=":
      return ok(a >= b);
  }
}

/** `s matches "glob"`: `s` must be a string; the glob may interpolate the subject. */
export function applyMatches(
  value: unknown,
  pattern: string,
  request: Request,
  match: PatternMatcher = matchPattern,
): Result<boolean> {
  if (typeof value !== "string") return fail(notStringMessage(value));
  return match(value, pattern, request.subject);
}

/** `p has name`: `p` is a plain object with an own data property `name`; never errs. */
export function applyHas(value: unknown, name: string): boolean {
  if (!isPlainObject(value)) return false;
  const read = readOwn(value, name);
  return read.ok && read.value.found;
}

/** `==` on two operand values: both must be whole JSON values nested at most 64 deep. */
function deepEquals(a: unknown, b: unknown): Result<boolean> {
  const left = snapshot(a);
  if (!left.ok) return fail(`cannot compare ${left.message}`);
  const right = snapshot(b);
  if (!right.ok) return fail(`cannot compare ${right.message}`);
  return ok(jsonEquals(left.value, right.value));
}

/** `x in list`: true when an element equals `x` (as `==`). */
function member(value: unknown, list: unknown): Result<boolean> {
  const needle = snapshot(value);
  if (!needle.ok) return fail(`cannot compare ${needle.message}`);
  const haystack = snapshot(list);
  if (!haystack.ok) return fail(`cannot compare ${haystack.message}`);
  return ok((haystack.value as readonly JsonValue[]).some((element) => jsonEquals(element, needle.value)));
}

function notBoolean(keyword: string, operand: Expr, value: unknown): Result<never> {
  return fail(notBooleanMessage(`\`${keyword}\` needs a boolean`, kindName(value), operand));
}

function notStringMessage(value: unknown): string {
  return `expected a string on the left of \`matches\`, got ${kindName(value)}`;
}

/** The JSON kind of an operand value for messages ("string", "array", …). */
export function kindName(value: unknown): string {
  const kind = kindOf(value);
  return kind.ok ? kind.value : kind.message;
}
