/**
 * One policy against one request (spec §5 steps 1–2): each test is true, false or an
 * error — the three targets, each `when`, and the negation of each `unless`. Targets
 * come first; when one is false the policy is done and its conditions are not
 * evaluated. Otherwise every condition is evaluated (no short-circuit between tests),
 * because whether `errors` is empty depends on every test of such a policy.
 */
import type { Condition, Policy, RoleDecl } from "../model/ast.js";
import { notBooleanMessage } from "../syntax/expr-text.js";
import { evaluateExpr, kindName } from "./expressions.js";
import type { Request } from "./request.js";
import { fail, ok, type Result } from "./result.js";
import { SubjectFacts } from "./subject-facts.js";
import { matchAction, matchResource, matchSubject } from "./targets.js";

export interface ConditionOutcome {
  readonly condition: Condition;
  /** The value of the expression itself. */
  readonly value: Result<unknown>;
  /** The test: the value for `when`, its negation for `unless`; non-booleans err. */
  readonly test: Result<boolean>;
}

export interface PolicyOutcome {
  readonly policy: Policy;
  readonly targets: {
    readonly subject: Result<boolean>;
    readonly action: Result<boolean>;
    readonly resource: Result<boolean>;
  };
  /** Some target is false: the policy is done. */
  readonly targetsFalse: boolean;
  /** `null` when a target is false (conditions are skipped). */
  readonly conditions: readonly ConditionOutcome[] | null;
  /** `allow`: every test true. `deny`: no test false. */
  readonly applies: boolean;
  /** Messages of the tests that erred, in test order. */
  readonly errors: readonly string[];
}

/** Evaluates every test of a policy; `facts`, the subject's target fields, read once per request. */
export function evaluatePolicy(
  policy: Policy,
  request: Request,
  roles: ReadonlyMap<string, RoleDecl>,
  facts: SubjectFacts = new SubjectFacts(request.subject, roles),
): PolicyOutcome {
  const targets = {
    subject: matchSubject(policy.subject, request.subject, roles, facts),
    action: matchAction(policy.action, request.action),
    resource: matchResource(policy.resource, request.resourceId, request.subject),
  };
  const targetTests = [targets.subject, targets.action, targets.resource];
  const targetsFalse = targetTests.some((test) => test.ok && !test.value);
  const conditions = targetsFalse ? null : policy.conditions.map((condition) => evaluateCondition(condition, request));
  const tests = [...targetTests, ...(conditions ?? []).map((outcome) => outcome.test)];
  const applies =
    policy.effect === "allow"
      ? tests.every((test) => test.ok && test.value)
      : !tests.some((test) => test.ok && !test.value);
  const errors = tests.flatMap((test) => (test.ok ? [] : [test.message]));
  return { policy, targets, targetsFalse, conditions, applies, errors };
}

function evaluateCondition(condition: Condition, request: Request): ConditionOutcome {
  const value = evaluateExpr(condition.expr, request);
  let test: Result<boolean>;
  if (!value.ok) test = value;
  else if (typeof value.value !== "boolean") {
    test = fail(notBooleanMessage(`a \`${condition.mode}\` condition must be a boolean`, kindName(value.value), condition.expr));
  } else test = ok(condition.mode === "when" ? value.value : !value.value);
  return { condition, value, test };
}
