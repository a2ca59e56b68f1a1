/**
 * The differential check of single requests: the compiled engine's decision against the
 * reference interpreter's, on what the spec fixes — effect, deciding policy, and whether
 * errors occurred (which errors beyond that is informative, spec §5).
 */
import { expect } from "vitest";
import { evaluateReference } from "../../src/evaluate/index.js";
import type { Decision } from "../../src/model/decision.js";
import type { PolicyEngine } from "../../src/model/engine.js";

/** What two evaluators must agree on. */
export function outcome(decision: Decision): { effect: string; policy: string | null; errors: boolean } {
  return { effect: decision.effect, policy: decision.policy, errors: decision.errors.length > 0 };
}

/** Asserts that `engine` decides the request as the reference interpreter does on its policy set. */
export function expectSameAsReference(
  engine: PolicyEngine,
  subject: unknown,
  resource: unknown,
  action: unknown,
  env?: unknown,
): void {
  const want = evaluateReference(engine.policySet, subject, resource, action, env);
  expect(outcome(engine.evaluate(subject, resource, action, env))).toEqual(outcome(want));
}
