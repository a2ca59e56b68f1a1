/**
 * The decision (spec §5 steps 3–4 and the result): every policy is evaluated plainly,
 * then the highest priority among the applying policies decides; any deny there wins.
 */
import type { Decision, EvaluationError } from "../model/decision.js";
import { addError } from "../model/error-list.js";
import type { PolicySet } from "../model/policy-set.js";
import { evaluatePolicy, type PolicyOutcome } from "./policy-outcome.js";
import { validateRequest } from "./request.js";
import { SubjectFacts } from "./subject-facts.js";

export interface Evaluation {
  readonly decision: Decision;
  /** Every policy's outcome in set order; `null` for a malformed request. */
  readonly outcomes: readonly PolicyOutcome[] | null;
  /** Index into `outcomes` of the deciding policy, or -1. */
  readonly decisive: number;
}

/** Evaluates a request against a checked policy set. */
export function evaluateSet(set: PolicySet, subject: unknown, resource: unknown, action: unknown, env: unknown): Evaluation {
  const request = validateRequest(subject, resource, action, env);
  if (!request.ok) {
    return {
      decision: { allowed: false, effect: "deny", policy: null, errors: [{ policy: null, message: request.message }] },
      outcomes: null,
      decisive: -1,
    };
  }
  // The subject's id, roles and groups are read once for every policy, not once per policy.
  const facts = new SubjectFacts(request.value.subject, set.roles);
  const outcomes = set.policies.map((policy) => evaluatePolicy(policy, request.value, set.roles, facts));
  return decide(outcomes);
}

/** Steps 3–4 and the errors rule, given every policy's outcome. */
export function decide(outcomes: readonly PolicyOutcome[]): Evaluation {
  const applying = outcomes.filter((outcome) => outcome.applies);
  let decisive = -1;
  let effect: Decision["effect"] = "notapplicable";
  let priority = Number.NEGATIVE_INFINITY;
  if (applying.length > 0) {
    priority = applying.reduce((max, outcome) => Math.max(max, outcome.policy.priority), priority);
    const top = applying.filter((outcome) => outcome.policy.priority === priority);
    effect = top.some((outcome) => outcome.policy.effect === "deny") ? "deny" : "allow";
    decisive = outcomes.findIndex(
      (outcome) => outcome.applies && outcome.policy.priority === priority && outcome.policy.effect === effect,
    );
  }
  // Errors of every policy whose targets are not false and whose priority is at least
  // the decision's (any priority when nothing applies); past a bound only counted.
  const errors: EvaluationError[] = [];
  for (const outcome of outcomes) {
    if (outcome.targetsFalse || outcome.policy.priority < priority) continue;
    for (const message of outcome.errors) addError(errors, { policy: outcome.policy.name.value, message });
  }
  const deciding = outcomes[decisive];
  return {
    decision: {
      allowed: effect === "allow",
      effect,
      policy: deciding === undefined ? null : deciding.policy.name.value,
      errors,
    },
    outcomes,
    decisive,
  };
}
