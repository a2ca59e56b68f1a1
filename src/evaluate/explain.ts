/**
 * Explanations: the reference evaluation laid out per policy (targets, conditions,
 * applies, decisive) with a one-paragraph summary of why the decision came out so.
 */
import type { Policy } from "../model/ast.js";
import type { ConditionExplanation, Explanation, PolicyExplanation, TestOutcome } from "../model/explain.js";
import type { PolicySet } from "../model/policy-set.js";
import { printExpr } from "../syntax/printer.js";
import type { Evaluation } from "./decide.js";
import type { ConditionOutcome, PolicyOutcome } from "./policy-outcome.js";
import type { Result } from "./result.js";

const SKIPPED: TestOutcome = { status: "skipped" };

/** Builds the explanation of an evaluation of `set`. */
export function explainEvaluation(set: PolicySet, evaluation: Evaluation): Explanation {
  const { decision, outcomes } = evaluation;
  const policies =
    outcomes === null
      ? set.policies.map((policy) => skippedPolicy(policy))
      : outcomes.map((outcome, index) => explainPolicy(outcome, index === evaluation.decisive));
  return { decision, policies, summary: summarize(evaluation) };
}

function explainPolicy(outcome: PolicyOutcome, decisive: boolean): PolicyExplanation {
  const { policy } = outcome;
  return {
    ...header(policy),
    targets: {
      subject: testOutcome(outcome.targets.subject),
      action: testOutcome(outcome.targets.action),
      resource: testOutcome(outcome.targets.resource),
    },
    conditions:
      outcome.conditions === null
        ? policy.conditions.map((condition) => conditionExplanation(condition, SKIPPED))
        : outcome.conditions.map((condition) => conditionExplanation(condition.condition, valueOutcome(condition))),
    applies: outcome.applies,
    decisive,
  };
}

function skippedPolicy(policy: Policy): PolicyExplanation {
  return {
    ...header(policy),
    targets: { subject: SKIPPED, action: SKIPPED, resource: SKIPPED },
    conditions: policy.conditions.map((condition) => conditionExplanation(condition, SKIPPED)),
    applies: false,
    decisive: false,
  };
}

function header(policy: Policy) {
  return {
    policy: policy.name.value,
    ...(policy.span.source !== undefined ? { source: policy.span.source } : {}),
    line: policy.span.start.line,
    column: policy.span.start.column,
    effect: policy.effect,
    priority: policy.priority,
  };
}

function conditionExplanation(condition: Policy["conditions"][number], outcome: TestOutcome): ConditionExplanation {
  return {
    mode: condition.mode,
    text: printExpr(condition.expr),
    outcome,
    line: condition.span.start.line,
    column: condition.span.start.column,
  };
}

function testOutcome(result: Result<boolean>): TestOutcome {
  if (!result.ok) return { status: "error", message: result.message };
  return { status: result.value ? "true" : "false" };
}

/** The expression's own value; a non-boolean value is the test's error. */
function valueOutcome(condition: ConditionOutcome): TestOutcome {
  if (condition.value.ok && typeof condition.value.value === "boolean") {
    return { status: condition.value.value ? "true" : "false" };
  }
  return { status: "error", message: condition.test.ok ? "not a boolean" : condition.test.message };
}

function summarize(evaluation: Evaluation): string {
  const { decision, outcomes } = evaluation;
  if (outcomes === null) return `denied: ${decision.errors[0]?.message ?? "malformed request"}.`;
  const parts: string[] = [];
  const deciding = outcomes[evaluation.decisive];
  if (deciding === undefined) {
    const considered = outcomes.filter((outcome) => !outcome.targetsFalse).map((outcome) => `\`${outcome.policy.name.value}\``);
    parts.push(
      considered.length === 0
        ? "not allowed: no policy applies (no policy's targets match the request)."
        : `not allowed: no policy applies (targets matched for ${considered.join(", ")}, but a test did not hold).`,
    );
  } else {
    const { policy } = deciding;
    const verb = decision.effect === "allow" ? "allowed" : "denied";
    let sentence = `${verb} by \`${policy.name.value}\` (priority ${policy.priority})`;
    if (policy.effect === "deny" && deciding.errors.length > 0) {
      sentence += `, which applies because a test erred and errors count toward deny: ${deciding.errors[0]}`;
    }
    const overridden = outcomes.filter(
      (outcome) => outcome.applies && outcome.policy.effect !== policy.effect && outcome !== deciding,
    );
    if (overridden.length > 0) {
      const names = overridden.map((outcome) => `\`${outcome.policy.name.value}\` (priority ${outcome.policy.priority})`);
      sentence += `; it overrides ${names.join(", ")}`;
    }
    parts.push(`${sentence}.`);
  }
  if (decision.errors.length > 0) {
    const count = decision.errors.length;
    const first = decision.errors[0];
    parts.push(
      `${count} evaluation error${count === 1 ? "" : "s"}${first === undefined ? "" : `, first in \`${first.policy}\`: ${first.message}`}.`,
    );
  }
  return parts.join(" ");
}
