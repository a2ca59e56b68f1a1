/**
 * Issue 3 item 5 (acceptance): `engine.explain` says, for each policy, whether each target
 * matched, each condition's value or error, and how the decision was reached. Its
 * account must be the decision `evaluate` gives — effect, deciding policy and whether
 * errors occurred (spec §5) — on every input, and must hold together by §5's own rules:
 * `applies` follows from the outcomes it lists (step 2), the decisive policy is the first
 * in set order of the winning effect at the highest applying priority (steps 3–4), and
 * `errors` is non-empty exactly when an outcome it lists erred in a policy whose targets
 * are not false, at a priority at least the decision's.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Decision, Explanation, PolicyExplanation, TestOutcome } from "../../src/index.js";
import { compile } from "../../src/index.js";
import { policySetArbitrary } from "../arbitraries/policy-set.js";
import { requestBatchArbitrary } from "../arbitraries/request.js";
import { runs } from "../helpers/property-scale.js";

const key = (d: Decision) => `${d.effect} policy=${d.policy} errors=${d.errors.length > 0} allowed=${d.allowed}`;

/** Every test of a policy in §5 order (targets, then each `when` and negated `unless`), as true/false/error/skipped. */
function tests(p: PolicyExplanation): string[] {
  const flip = (o: TestOutcome) => (o.status === "true" ? "false" : o.status === "false" ? "true" : o.status);
  return [
    p.targets.subject.status,
    p.targets.action.status,
    p.targets.resource.status,
    ...p.conditions.map((c) => (c.mode === "unless" ? flip(c.outcome) : c.outcome.status)),
  ];
}

/** §5 step 2, from the outcomes the explanation lists. */
function appliesByOutcomes(p: PolicyExplanation): boolean {
  const t = tests(p);
  return p.effect === "allow" ? t.every((s) => s === "true") : !t.includes("false") && !t.includes("skipped");
}

const targetsFalse = (p: PolicyExplanation) =>
  [p.targets.subject, p.targets.action, p.targets.resource].some((o) => o.status === "false");

const erred = (p: PolicyExplanation) => tests(p).includes("error");

/** Checks one explanation against §5 and against the decision `evaluate` gave. */
function holdsTogether(x: Explanation, evaluated: Decision, label: string): void {
  const d = x.decision;
  expect(key(d), `${label}: explain vs evaluate`).toBe(key(evaluated));
  expect(d.allowed, label).toBe(d.effect === "allow");
  if (d.policy === null && d.effect === "deny") return; // a malformed request: no policy was looked at
  for (const p of x.policies) {
    expect(p.applies, `${label}: applies of ${p.policy} from ${tests(p)}`).toBe(appliesByOutcomes(p));
  }
  const applying = x.policies.filter((p) => p.applies);
  const decisive = x.policies.filter((p) => p.decisive);
  if (applying.length === 0) {
    expect(d.effect, label).toBe("notapplicable");
    expect(decisive, label).toEqual([]);
    expect(d.errors.length > 0, `${label}: errors`).toBe(x.policies.some((p) => !targetsFalse(p) && erred(p)));
    return;
  }
  const top = Math.max(...applying.map((p) => p.priority));
  const atTop = applying.filter((p) => p.priority === top);
  const effect = atTop.some((p) => p.effect === "deny") ? "deny" : "allow";
  const winner = atTop.find((p) => p.effect === effect);
  expect(d.effect, label).toBe(effect);
  expect(d.policy, label).toBe(winner?.policy);
  expect(
    decisive.map((p) => p.policy),
    label,
  ).toEqual([winner?.policy]);
  const mustErr = x.policies.some((p) => p.priority >= top && !targetsFalse(p) && erred(p));
  expect(d.errors.length > 0, `${label}: errors`).toBe(mustErr);
}

describe("issue 3 · explain agrees with evaluate and with itself", () => {
  it("on random sets and requests, cold and warm", () => {
    fc.assert(
      fc.property(policySetArbitrary, requestBatchArbitrary, (generated, batch) => {
        const engine = compile(generated.sources);
        for (const pass of ["cold", "warm", "known"]) {
          for (const r of batch.requests) {
            const subject = batch.subjects[r.subject % batch.subjects.length];
            const evaluated = engine.evaluate(subject, r.resource, r.action, r.env);
            holdsTogether(engine.explain(subject, r.resource, r.action, r.env), evaluated, pass);
          }
        }
      }),
      { numRuns: runs(250) },
    );
  });
});
