/**
 * Partial evaluation: could the decision be `allow` for SOME value of `env.arguments`
 * (absent included), everything else as given? Used to filter MCP tool lists.
 *
 * Expressions that do not touch `env.arguments` are evaluated exactly by the reference
 * evaluator. The rest is abstracted as the set of outcomes it could have — true,
 * false, an error, or another (non-boolean) value — propagated only where needed:
 * `false and X` is false, `true or X` is true, `X and false` cannot be true.
 *
 * That pass proves "never" when no allow could apply, or a deny applies whatever the
 * arguments above the best allow; it is sound but, alone, imprecise (each test is
 * judged on its own: `x == 1 and x == 2` is "maybe"). Whatever it leaves open goes to
 * the witness search (partial-witness.ts), which finds arguments that are allowed, or
 * proves that none are when the conditions stay within its fragment; outside it the
 * answer stays "maybe" (couldAllow true: sound).
 */
import type { Condition, Expr } from "../model/ast.js";
import type { PolicySet } from "../model/policy-set.js";
import { applyBinary, applyHas, applyMatches, evaluateExpr } from "./expressions.js";
import { matchResourcePlanned, matchSubjectPlanned, type PlannedPolicy, planFor } from "./partial-plan.js";
import { SubjectFacts } from "./subject-facts.js";
import { touchesArguments } from "./arguments-touch.js";
import type { ArgumentsShape } from "../model/arguments-search.js";
import { type ArgumentsSearch, searchArguments } from "./partial-witness.js";
import { evaluateSet } from "./decide.js";
import { type Request, validateRequest } from "./request.js";
import { plainEntries } from "./values.js";
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
 * Which `env.arguments` make the decision `allow`: an example, a proof that none do,
 * or unknown.
 *
 * First the abstract pass: allows are tried from the highest priority down; those whose
 * conditions could all be true may decide. A deny that applies whatever the arguments
 * at the top one's priority or above outranks them all: never. Then the witness search
 * (partial-witness.ts) over the allows that may decide — down to the first that applies
 * whatever the arguments (lower ones cannot matter) — and the denies that could outrank
 * one of them.
 */
export function searchArgumentsSet(
  set: PolicySet,
  subject: unknown,
  resource: unknown,
  action: unknown,
  env: unknown,
  shape: ArgumentsShape = "any",
): ArgumentsSearch {
  const request = validateRequest(subject, resource, action, env);
  if (!request.ok) return NEVER;
  // One possible value: decide it, whatever the conditions (the search would only sample them).
  if (shape === "empty") return decideWithEmptyArguments(set, request.value);
  const view = planFor(set).forAction(request.value.action);
  const subjectFacts = new SubjectFacts(request.value.subject, set.roles);
  const allows: PlannedPolicy[] = [];
  for (const planned of view.allows) {
    if (!couldApply(planned, request.value, subjectFacts)) continue;
    allows.push(planned);
    if (!planned.policy.conditions.some((condition) => touches(condition.expr))) break;
  }
  const top = allows[0];
  const lowest = allows[allows.length - 1];
  if (top === undefined || lowest === undefined) return NEVER;
  const denies: PlannedPolicy[] = [];
  for (const deny of view.denies) {
    if (deny.policy.priority < lowest.policy.priority) break;
    if (!mayApply(deny, request.value, subjectFacts)) continue;
    if (deny.policy.priority >= top.policy.priority && appliesWhatever(deny, request.value)) return NEVER;
    denies.push(deny);
  }
  try {
    return searchArguments(
      allows.map((planned) => planned.policy),
      denies.map((planned) => planned.policy),
      request.value,
      shape,
    );
  } catch {
    // The abstract pass said "maybe" and the search could not tell: stay sound.
    return UNKNOWN;
  }
}

const NEVER: ArgumentsSearch = { outcome: "never" };
const UNKNOWN: ArgumentsSearch = { outcome: "unknown" };

/** An allow (action target true): could every test be true? */
function couldApply(planned: PlannedPolicy, request: Request, subject: SubjectFacts): boolean {
  if (!isTrue(matchSubjectPlanned(planned, subject))) return false;
  if (!isTrue(matchResourcePlanned(planned, request))) return false;
  return planned.policy.conditions.every((condition) => possibleTest(condition, request).true);
}

/** A deny (action target not false): are its subject and resource targets not false? */
function mayApply(planned: PlannedPolicy, request: Request, subject: SubjectFacts): boolean {
  return !isFalse(matchSubjectPlanned(planned, subject)) && !isFalse(matchResourcePlanned(planned, request));
}

/** A deny whose targets are not false: is no test possibly false, i.e. does it apply for all arguments? */
function appliesWhatever(planned: PlannedPolicy, request: Request): boolean {
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

export { touchesArguments };

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

/** The `empty` shape: `env.arguments` is exactly `{}`, so evaluating that one request is the answer. */
function decideWithEmptyArguments(set: PolicySet, request: Request): ArgumentsSearch {
  const entries = plainEntries(request.env);
  if (!entries.ok) return UNKNOWN;
  const env: Record<string, unknown> = Object.create(null);
  for (const [key, value] of entries.value) if (key !== "arguments") env[key] = value;
  env.arguments = {};
  const { decision } = evaluateSet(set, request.subject, request.resource, request.action, env);
  return decision.allowed ? { outcome: "allowed", arguments: {} } : NEVER;
}
