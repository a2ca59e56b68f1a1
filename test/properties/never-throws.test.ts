// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written in policy text.
/**
 * Never-throws property: every entry point of the engine (evaluate, isAllowed,
 * forSubject and its function, explain, couldAllow, resourceClass) and of the reference interpreter
 * returns normally on arbitrary junk — prototypes, Proxies that throw, getters,
 * symbols, bigints, cyclic objects — and always returns a well-formed Decision.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkPolicySet } from "../../src/check/check-set.js";
import { compile } from "../../src/engine.js";
import { couldAllowReference, evaluateReference, explainReference } from "../../src/evaluate/index.js";
import type { Decision } from "../../src/model/decision.js";
import { parse } from "../../src/syntax/parse.js";
import { policySetArbitrary } from "../arbitraries/policy-set.js";
import { actionArbitrary, envArbitrary, type Junk, junkArbitrary, resourceArbitrary, subjectArbitrary } from "../arbitraries/request.js";
import { runs } from "../helpers/property-scale.js";
import { outcome } from "../helpers/same-as-reference.js";

function wellFormed(d: Decision): void {
  expect(typeof d.allowed).toBe("boolean");
  expect(["allow", "deny", "notapplicable"]).toContain(d.effect);
  expect(d.allowed).toBe(d.effect === "allow");
  expect(d.policy === null || typeof d.policy === "string").toBe(true);
  expect(Array.isArray(d.errors)).toBe(true);
  for (const e of d.errors) {
    expect(e.policy === null || typeof e.policy === "string").toBe(true);
    expect(typeof e.message).toBe("string");
  }
}

/** A request part: good values from the request arbitraries, or junk. */
function part(good: fc.Arbitrary<unknown>): fc.Arbitrary<Junk> {
  return fc.oneof(
    { weight: 1, arbitrary: good.map((v) => ({ label: `good ${fc.stringify(v)}`, make: () => v, toString: () => fc.stringify(v) }) as Junk) },
    { weight: 1, arbitrary: junkArbitrary },
  );
}

const requestParts = fc.tuple(part(subjectArbitrary), part(resourceArbitrary), part(actionArbitrary), part(envArbitrary));

describe("no entry point ever throws", () => {
  it("on junk requests against random policy sets", () => {
    fc.assert(
      fc.property(policySetArbitrary, fc.array(requestParts, { minLength: 1, maxLength: 4 }), (generated, requests) => {
        const engine = compile(generated.sources);
        const uncached = compile(generated.sources, { maxSubjects: 0 });
        const set = checkPolicySet(generated.sources.map((s) => parse(s.text, s.name).ast)).set;
        for (const [s, r, a, e] of requests) {
          const args = () => [s.make(), r.make(), a.make(), e.make()] as const;
          wellFormed(engine.evaluate(...args()));
          wellFormed(engine.evaluate(...args()));
          wellFormed(uncached.evaluate(...args()));
          expect(typeof engine.isAllowed(...args())).toBe("boolean");
          const [subject, resource, action, env] = args();
          const decide = engine.forSubject(subject);
          wellFormed(decide(resource, action, env));
          wellFormed(engine.explain(...args()).decision);
          expect(typeof engine.couldAllow(...args())).toBe("boolean");
          const cls = engine.resourceClass(r.make());
          expect(cls === null || Number.isSafeInteger(cls)).toBe(true);
          wellFormed(evaluateReference(set, ...args()));
          wellFormed(explainReference(set, ...args()).decision);
          expect(typeof couldAllowReference(set, ...args())).toBe("boolean");
        }
      }),
      { numRuns: runs(250) },
    );
  });

  it("on junk requests against random policy sets, the compiled engine and the reference interpreter agree", () => {
    // Junk inside otherwise good requests (a throwing Proxy as `subject.org`, getters, inherited
    // attributes) meets every construct the set generator makes: paths below the subject,
    // `has`, interpolation, conditions the subject alone decides.
    fc.assert(
      fc.property(policySetArbitrary, fc.array(requestParts, { minLength: 1, maxLength: 4 }), (generated, requests) => {
        const engine = compile(generated.sources);
        const set = checkPolicySet(generated.sources.map((s) => parse(s.text, s.name).ast)).set;
        for (const [s, r, a, e] of requests) {
          const args = () => [s.make(), r.make(), a.make(), e.make()] as const;
          const want = outcome(evaluateReference(set, ...args()));
          expect(outcome(engine.evaluate(...args()))).toEqual(want);
          // Again: through the cache, or the remembered object.
          const [subject, resource, action, env] = args();
          expect(outcome(engine.evaluate(subject, resource, action, env))).toEqual(want);
          expect(outcome(engine.evaluate(subject, resource, action, env))).toEqual(want);
          expect(outcome(engine.forSubject(subject)(resource, action, env))).toEqual(want);
        }
      }),
      { numRuns: runs(300) },
    );
  });

  it("on junk, the compiled engine and the reference interpreter still agree", () => {
    const text = [
      "role admin includes editor",
      'policy a { allow subject role editor action * resource "tool:*" when env.hour >= 8 }',
      'policy b { deny priority 1 subject group banned or user "mallory" action "tools/call" resource * unless subject.org has id }',
      'policy c { allow priority 1 subject * action * resource "file:/home/${subject.id}/**" when env.arguments.path matches "/home/${subject.org.id}/*" }',
      'policy d { allow priority 2 subject user alice action * resource * when subject.tags == env.tags and "x" in subject.tags }',
    ].join("\n");
    // The same set, and with policies that read the whole subject and compare request arrays.
    const whole = [
      text,
      'policy e { deny priority 3 subject role suspended action "tools/call" resource * }',
      'policy f { allow priority -1 subject * action "never" resource * when subject == env.whole }',
      'policy g { deny priority 2 subject * action * resource "tool:x" when env.tags contains "x" or subject.org has name }',
    ].join("\n");
    // `has` on members whose read throws (a Proxy's trap) must be false in both: an allow
    // on it must not apply, a deny's `unless` on it must not be dodged.
    const hasProbe = [
      "policy h1 { allow priority 5 subject * action * resource * when subject has org and subject.org has name }",
      "policy h2 { deny priority 5 subject * action * resource * unless subject has roles }",
      "policy h3 { allow priority 4 subject * action * resource * when subject has id }",
    ].join("\n");
    const pairs = [text, whole, hasProbe].map((source) => ({ engine: compile(source), set: checkPolicySet([parse(source).ast]).set }));
    fc.assert(
      fc.property(requestParts, ([s, r, a, e]) => {
        const args = () => [s.make(), r.make(), a.make(), e.make()] as const;
        for (const { engine, set } of pairs) {
          expect(outcome(engine.evaluate(...args()))).toEqual(outcome(evaluateReference(set, ...args())));
        }
      }),
      { numRuns: runs(1500) },
    );
  });

  it("compile and loadPolicies never throw anything but PolicyError", async () => {
    const { PolicyError } = await import("../../src/errors.js");
    const { loadPolicies } = await import("../../src/engine.js");
    await fc.assert(
      fc.asyncProperty(junkArbitrary, async (junk) => {
        try {
          compile(junk.make() as never);
        } catch (error) {
          expect(error).toBeInstanceOf(PolicyError);
        }
        const value = junk.make();
        // Strings and lists could name real directories (even "" is the working directory).
        // (Array.isArray itself throws on a revoked Proxy: that one is not a list.)
        let listLike: boolean;
        try {
          listLike = Array.isArray(value);
        } catch {
          listLike = false;
        }
        if (typeof value === "string" || listLike) return;
        try {
          await loadPolicies(value as never);
        } catch (error) {
          expect(error).toBeInstanceOf(PolicyError);
        }
      }),
      { numRuns: runs(150) },
    );
  });
});
