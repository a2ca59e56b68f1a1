/**
 * Differential property: the compiled engine decides exactly as the reference
 * interpreter (effect, deciding policy, whether errors occurred) on random policy sets
 * and random requests — with the cache cold, warm, disabled and tiny, through
 * `forSubject`, and after the caller mutates the subject between calls.
 *
 * Run counts scale with MCPOLICY_PROPERTY_SCALE (default 1: CI size).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkPolicySet } from "../../src/check/check-set.js";
import { compile } from "../../src/engine.js";
import { evaluateReference } from "../../src/evaluate/index.js";
import type { Decision } from "../../src/model/decision.js";
import type { PolicyEngine } from "../../src/model/engine.js";
import type { PolicySet } from "../../src/model/policy-set.js";
import { parse } from "../../src/syntax/parse.js";
import { type GeneratedSet, policySetArbitrary } from "../arbitraries/policy-set.js";
import {
  actionArbitrary,
  envArbitrary,
  mutationArbitrary,
  plainSubjectArbitrary,
  requestBatchArbitrary,
  resourceArbitrary,
} from "../arbitraries/request.js";
import { runs } from "../helpers/property-scale.js";


interface Systems {
  readonly set: PolicySet;
  readonly engine: PolicyEngine;
  readonly uncached: PolicyEngine;
  readonly tiny: PolicyEngine;
}

function build(generated: GeneratedSet): Systems {
  const parsed = generated.sources.map((s) => parse(s.text, s.name));
  const checked = checkPolicySet(parsed.map((p) => p.ast));
  const problems = [...parsed.flatMap((p) => p.diagnostics), ...checked.diagnostics].filter(
    (d) => d.severity === "error",
  );
  if (problems.length > 0) throw new Error(`generated set does not check: ${JSON.stringify(problems)}`);
  return {
    set: checked.set,
    engine: compile(generated.sources),
    uncached: compile(generated.sources, { maxSubjects: 0 }),
    tiny: compile(generated.sources, { maxSubjects: 1 }),
  };
}

/** The compared part of a decision: effect, deciding policy, whether errors occurred. */
function key(d: Decision): string {
  return `${d.effect} policy=${d.policy} errors=${d.errors.length > 0} allowed=${d.allowed}`;
}

/** Fails with both whole decisions (errors included) when the compared parts differ. */
function same(label: string, got: Decision, want: Decision): void {
  if (key(got) !== key(want)) {
    expect.fail(`${label}:\n  engine:    ${JSON.stringify(got)}\n  reference: ${JSON.stringify(want)}`);
  }
}

function reference(s: Systems, subject: unknown, resource: unknown, action: unknown, env: unknown) {
  const d = evaluateReference(s.set, subject, resource, action, env);
  expect(d.allowed).toBe(d.effect === "allow");
  return d;
}

describe("the compiled engine decides as the reference interpreter", () => {
  it("on random sets and requests: cold, warm, cache disabled, cache of one, forSubject", () => {
    fc.assert(
      fc.property(policySetArbitrary, requestBatchArbitrary, (generated, batch) => {
        const s = build(generated);
        // Four passes: the cache admits content on its second sight, and remembers the
        // object itself once it comes back, so the last passes take the identity path.
        for (const pass of ["cold", "warm", "cached", "known"]) {
          for (const r of batch.requests) {
            const subject = batch.subjects[r.subject % batch.subjects.length];
            const want = reference(s, subject, r.resource, r.action, r.env);
            same(`evaluate (${pass})`, s.engine.evaluate(subject, r.resource, r.action, r.env), want);
            same("evaluate, cache disabled", s.uncached.evaluate(subject, r.resource, r.action, r.env), want);
            same("evaluate, cache of one", s.tiny.evaluate(subject, r.resource, r.action, r.env), want);
            same("forSubject", s.engine.forSubject(subject)(r.resource, r.action, r.env), want);
            expect(s.engine.isAllowed(subject, r.resource, r.action, r.env), "isAllowed").toBe(want.allowed);
            if (pass === "cold") same("explain", s.engine.explain(subject, r.resource, r.action, r.env).decision, want);
          }
        }
        // Equal content in fresh objects decides the same (a cache keyed by content).
        for (const r of batch.requests) {
          const subject = structuredClone(batch.subjects[r.subject % batch.subjects.length]);
          same(
            "evaluate, cloned subject",
            s.engine.evaluate(subject, r.resource, r.action, r.env),
            reference(s, subject, r.resource, r.action, r.env),
          );
        }
      }),
      { numRuns: runs(700) },
    );
  });

  it("after the subject is mutated between calls; forSubject keeps the subject as it was", () => {
    fc.assert(
      fc.property(
        policySetArbitrary,
        plainSubjectArbitrary,
        fc.array(mutationArbitrary, { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(resourceArbitrary, actionArbitrary, envArbitrary), { minLength: 1, maxLength: 4 }),
        (generated, original, mutations, requests) => {
          const s = build(generated);
          const subject = structuredClone(original);
          // Three rounds first, so the object is cached and remembered before it changes.
          for (let round = 0; round < 3; round++) {
            for (const [resource, action, env] of requests) {
              same(
                "before",
                s.engine.evaluate(subject, resource, action, env),
                reference(s, subject, resource, action, env),
              );
              same(
                "before, cache of one",
                s.tiny.evaluate(subject, resource, action, env),
                reference(s, subject, resource, action, env),
              );
            }
          }
          const snapshot = structuredClone(subject);
          const specialized = s.engine.forSubject(subject);
          for (const mutation of mutations) {
            mutation.apply(subject);
            for (const [resource, action, env] of requests) {
              const want = reference(s, subject, resource, action, env);
              same(`evaluate after ${mutation.name}`, s.engine.evaluate(subject, resource, action, env), want);
              same(`cache of one after ${mutation.name}`, s.tiny.evaluate(subject, resource, action, env), want);
              // Specialized now, on an object the engine remembers with its plan from before.
              same(`forSubject now, after ${mutation.name}`, s.engine.forSubject(subject)(resource, action, env), want);
              same(
                `forSubject after ${mutation.name}`,
                specialized(resource, action, env),
                reference(s, snapshot, resource, action, env),
              );
            }
          }
        },
      ),
      { numRuns: runs(300) },
    );
  });

  it("never gives one resource class to two ids that some request tells apart", () => {
    fc.assert(
      fc.property(policySetArbitrary, requestBatchArbitrary, (generated, batch) => {
        const s = build(generated);
        const engine = compile(generated.sources);
        const ids = batch.requests
          .map((r) => (typeof r.resource === "string" ? r.resource : null))
          .filter((id): id is string => id !== null);
        for (const x of ids) {
          for (const y of ids) {
            const cls = engine.resourceClass(x);
            if (cls === null || cls !== engine.resourceClass(y)) continue;
            for (const r of batch.requests) {
              const subject = batch.subjects[r.subject % batch.subjects.length];
              same(
                `${x} ~ ${y}`,
                s.engine.evaluate(subject, y, r.action, r.env),
                reference(s, subject, x, r.action, r.env),
              );
            }
          }
        }
      }),
      { numRuns: runs(300) },
    );
  });

  it("on many requests against one larger set with a shared warm cache", () => {
    fc.assert(
      fc.property(
        fc.array(policySetArbitrary, { minLength: 3, maxLength: 3 }),
        fc.array(requestBatchArbitrary, { minLength: 20, maxLength: 20 }),
        (sets, batches) => {
          // Rename policies per part so the union of three sets is one valid set.
          const sources = sets.flatMap((g, k) =>
            g.sources.map((src) => ({
              name: `${k}-${src.name}`,
              text: src.text
                .replace(/policy ("?)p(\d+)/g, `policy $1k${k}p$2`)
                .replace(/^role .*$/gm, k === 0 ? "$&" : ""),
            })),
          );
          const s = build({ sources, policyCount: 0 });
          for (const batch of batches) {
            for (const r of batch.requests) {
              const subject = batch.subjects[r.subject % batch.subjects.length];
              const want = reference(s, subject, r.resource, r.action, r.env);
              same("evaluate", s.engine.evaluate(subject, r.resource, r.action, r.env), want);
              same("evaluate", s.tiny.evaluate(subject, r.resource, r.action, r.env), want);
            }
          }
        },
      ),
      { numRuns: runs(25) },
    );
  });
});
