/**
 * Partial evaluation: could the decision be `allow` for SOME value of `env.arguments`
 * (absent included), everything else as given? Used to filter MCP tool lists.
 *
 * Expressions that do not touch `env.arguments` are evaluated exactly by the reference
 * evaluator. The rest is abstracted as the set of outcomes it could have — true,
 * false, an error, or another (non-boolean) value — propagated only where needed:
 * `false and X` is false, `true or X` is true, `X and false` cannot be true.
 *
 * Soundness (never false when some arguments give allow): the decision is allow iff
 * some allow A applies and no deny of priority ≥ A's applies. For fixed arguments that
 * needs, for that A, every test possibly true, and, for every such deny, some test
 * possibly false. Checking those per policy and per test independently of each other
 * over-approximates the joint condition, so it is sound (and can be imprecise when
 * tests are correlated through the same argument).
 */
import type { Condition, Expr } from "../model/ast.js";
import type { PolicySet } from "../model/policy-set.js";
import { applyBinary, applyHas, applyMatches, evaluateExpr } from "./expressions.js";
import {
  matchResourcePlanned,
  matchSubjectPlanned,
  type PlannedPolicy,
  planFor,
  SubjectFacts,
} from "./partial-plan.js";
import { type Request, validateRequest } from "./request.js";
import { ok, type Result } from "./result.js";

/** Which outcomes a test or an expression could have, over all arguments. */
interface Possible {
  readonly true: boolean;
  readonly false: boolean;
  readonly error: boolean;
  /** A value that is not a boolean (only expressions, never tests). */
  readonly other: boolean;
}

/** An exactly known value, or only the set of what it could be. */
type Abstract =
  | { readonly kind: "known"; readonly result: Result<unknown> }
  | ({ readonly kind: "possible" } & Possible);

const ANYTHING: Abstract = { kind: "possible", true: true, false: true, error: true, other: true };

/**
 * `couldAllow`: whether some `env.arguments` makes the decision `allow`.
 *
 * Only the highest-priority allow that could apply matters: a deny that certainly
 * applies at priority ≥ it also outranks every lower allow. So allows are tried from
 * the highest priority down until one could apply, then only denies of at least that
 * priority are asked whether they apply whatever the arguments. Each policy stops at
 * its first test that rules it out (a target is usually that test).
 */
export function couldAllowSet(
  set: PolicySet,
  subject: unknown,
  resource: unknown,
  action: unknown,
  env: unknown,
): boolean {
  const request = validateRequest(subject, resource, action, env);
  if (!request.ok) return false;
  const view = planFor(set).forAction(request.value.action);
  const subjectFacts = new SubjectFacts(request.value.subject);
  const allow = view.allows.find((planned) => couldApply(planned, request.value, subjectFacts));
  if (allow === undefined) return false;
  for (const deny of view.denies) {
    if (deny.policy.priority < allow.policy.priority) break;
    if (appliesWhatever(deny, request.value, subjectFacts)) return false;
  }
  return true;
}

/** An allow (action target true): could every test be true? */
function couldApply(planned: PlannedPolicy, request: Request, subject: SubjectFacts): boolean {
  if (!isTrue(matchSubjectPlanned(planned, subject))) return false;
  if (!isTrue(matchResourcePlanned(planned, request))) return false;
  return planned.policy.conditions.every((condition) => possibleTest(condition, request).true);
}

/** A deny (action target not false): is no test possibly false, i.e. does it apply for all arguments? */
function appliesWhatever(planned: PlannedPolicy, request: Request, subject: SubjectFacts): boolean {
  if (isFalse(matchSubjectPlanned(planned, subject))) return false;
  if (isFalse(matchResourcePlanned(planned, request))) return false;
  return planned.policy.conditions.every((condition) => !possibleTest(condition, request).false);
}

const isTrue = (result: Result<boolean>) => result.ok && result.value;
const isFalse = (result: Result<boolean>) => result.ok && !result.value;

/** The possible outcomes of a condition's test (a non-boolean errs; `unless` negates). */
export function possibleTest(condition: Condition, request: Request): Possible {
  const value = possibleOf(abstractEval(condition.expr, request));
  const error = value.error || value.other;
  return condition.mode === "when"
    ? { true: value.true, false: value.false, error, other: false }
    : { true: value.false, false: value.true, error, other: false };
}

function possibleOf(value: Abstract): Possible {
  if (value.kind === "possible") return value;
  const { result } = value;
  if (!result.ok) return { true: false, false: false, error: true, other: false };
  return {
    true: result.value === true,
    false: result.value === false,
    error: false,
    other: typeof result.value !== "boolean",
  };
}

/** Whether an expression reads `env.arguments` (or the whole `env`, which holds it). */
export function touchesArguments(expr: Expr): boolean {
  switch (expr.kind) {
    case "Literal":
    case "List":
      return false;
    case "Path":
      return expr.root === "env" && (expr.members.length === 0 || expr.members[0] === "arguments");
    case "Not":
      return touchesArguments(expr.operand);
    case "And":
    case "Or":
      return expr.operands.some(touchesArguments);
    case "Compare":
    case "In":
    case "Contains":
      return touchesArguments(expr.left) || touchesArguments(expr.right);
    case "Matches":
      return touchesArguments(expr.left);
    case "Has":
      // `env has hour` reads only `env.hour`; `env has arguments` depends on them.
      if (expr.left.kind === "Path" && expr.left.root === "env" && expr.left.members.length === 0) {
        return expr.member === "arguments";
      }
      return touchesArguments(expr.left);
  }
}

/** `touchesArguments`, computed once per expression node (AST nodes are never changed). */
const touching = new WeakMap<Expr, boolean>();
function touches(expr: Expr): boolean {
  let known = touching.get(expr);
  if (known === undefined) {
    known = touchesArguments(expr);
    touching.set(expr, known);
  }
  return known;
}

function abstractEval(expr: Expr, request: Request): Abstract {
  if (!touches(expr)) return { kind: "known", result: evaluateExpr(expr, request) };
  switch (expr.kind) {
    case "Literal":
    case "List":
    case "Path":
      return ANYTHING;
    case "Not": {
      const operand = possibleOf(abstractEval(expr.operand, request));
      return exactIfSingle({
        true: operand.false,
        false: operand.true,
        error: operand.error || operand.other,
        other: false,
      });
    }
    case "And":
    case "Or": {
      // Left to right: `stop` (false for and, true for or) ends the chain; errors and
      // non-booleans end it with an error; the other boolean goes on.
      const stop = expr.kind === "Or";
      let reachesEnd = true;
      let stops = false;
      let error = false;
      for (const operand of expr.operands) {
        const value = possibleOf(abstractEval(operand, request));
        if (stop ? value.true : value.false) stops = true;
        if (value.error || value.other) error = true;
        if (!(stop ? value.false : value.true)) {
          reachesEnd = false;
          break;
        }
      }
      const endsTrue = stop ? stops : reachesEnd;
      const endsFalse = stop ? reachesEnd : stops;
      return exactIfSingle({ true: endsTrue, false: endsFalse, error, other: false });
    }
    case "Compare":
    case "In":
    case "Contains": {
      const left = abstractEval(expr.left, request);
      if (left.kind === "known" && !left.result.ok) return left;
      const right = abstractEval(expr.right, request);
      if (left.kind === "known" && right.kind === "known" && left.result.ok) {
        if (!right.result.ok) return right;
        const op = expr.kind === "Compare" ? expr.op : expr.kind === "In" ? "in" : "contains";
        return { kind: "known", result: applyBinary(op, left.result.value, right.result.value) };
      }
      return { kind: "possible", true: true, false: true, error: true, other: false };
    }
    case "Matches": {
      const left = abstractEval(expr.left, request);
      if (left.kind === "known") {
        return left.result.ok
          ? { kind: "known", result: applyMatches(left.result.value, expr.pattern.value, request) }
          : left;
      }
      return { kind: "possible", true: true, false: true, error: true, other: false };
    }
    case "Has": {
      // `has` never errs; on an unknown value it may go either way.
      const left = abstractEval(expr.left, request);
      if (left.kind === "known")
        return { kind: "known", result: ok(left.result.ok && applyHas(left.result.value, expr.member)) };
      return { kind: "possible", true: true, false: true, error: false, other: false };
    }
  }
}

/** A set holding exactly one boolean is that boolean, known. */
function exactIfSingle(possible: Possible): Abstract {
  if (possible.true && !possible.false && !possible.error && !possible.other) {
    return { kind: "known", result: ok(true) };
  }
  if (possible.false && !possible.true && !possible.error && !possible.other) {
    return { kind: "known", result: ok(false) };
  }
  return { kind: "possible", ...possible };
}
