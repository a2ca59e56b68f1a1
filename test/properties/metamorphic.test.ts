/**
 * Metamorphic properties from spec §5, checked on both evaluators (a bug they share
 * would slip through the differential test, not through these):
 * - the effect and whether errors occurred do not depend on the order of sources;
 * - a policy whose action target is false changes nothing, however its other tests err, however its conditions err;
 * - an allow below every other priority only turns notapplicable into allow;
 * - a deny above every other priority decides every well-formed request, with no errors.
 * Generated priorities lie in [-1, 5] (see ../arbitraries/policy-set.ts).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkPolicySet } from "../../src/check/check-set.js";
import { compile } from "../../src/engine.js";
import { evaluateReference } from "../../src/evaluate/index.js";
import type { Decision } from "../../src/model/decision.js";
import { parse } from "../../src/syntax/parse.js";
import { type GeneratedSet, policySetArbitrary } from "../arbitraries/policy-set.js";
import { type RequestBatch, requestBatchArbitrary } from "../arbitraries/request.js";
import { runs } from "../helpers/property-scale.js";


type Sources = GeneratedSet["sources"];
type Decider = (subject: unknown, resource: unknown, action: unknown, env: unknown) => Decision;

function deciders(sources: Sources): [string, Decider][] {
  const set = checkPolicySet(sources.map((s) => parse(s.text, s.name).ast)).set;
  const engine = compile(sources);
  return [
    ["reference", (s, r, a, e) => evaluateReference(set, s, r, a, e)],
    ["engine", (s, r, a, e) => engine.evaluate(s, r, a, e)],
  ];
}

function decisions(sources: Sources, batch: RequestBatch): Map<string, Decision[]> {
  return new Map(
    deciders(sources).map(([name, decide]) => [
      name,
      batch.requests.map((r) => decide(batch.subjects[r.subject % batch.subjects.length], r.resource, r.action, r.env)),
    ]),
  );
}

const summary = (d: Decision) => `${d.effect} errors=${d.errors.length > 0}`;
const malformed = (d: Decision) => d.effect === "deny" && d.policy === null;

const NEVER = (name: string) =>
  `policy ${name} {\n  deny\n  priority 5\n  subject role admin or user "nobody"\n  action "no/such/action"\n  resource "x:\${subject.missing}"\n  when env.missing.deeper == 1\n}\n`;

describe("metamorphic properties of decisions", () => {
  it("reordering sources changes neither the effect nor whether errors occurred", () => {
    fc.assert(
      fc.property(policySetArbitrary, requestBatchArbitrary, (generated, batch) => {
        const before = decisions(generated.sources, batch);
        const after = decisions([...generated.sources].reverse(), batch);
        for (const [name, list] of before) expect((after.get(name) ?? []).map(summary), name).toEqual(list.map(summary));
      }),
      { numRuns: runs(150) },
    );
  });

  it("a policy whose action target is false changes nothing, however its other tests err", () => {
    fc.assert(
      fc.property(policySetArbitrary, requestBatchArbitrary, (generated, batch) => {
        const before = decisions(generated.sources, batch);
        const after = decisions([...generated.sources, { name: "never.mcpolicy", text: NEVER("never_applies") }], batch);
        const key = (d: Decision) => `${summary(d)} policy=${d.policy}`;
        for (const [name, list] of before) expect((after.get(name) ?? []).map(key), name).toEqual(list.map(key));
      }),
      { numRuns: runs(150) },
    );
  });

  it("an allow below every priority only turns notapplicable into allow", () => {
    fc.assert(
      fc.property(policySetArbitrary, requestBatchArbitrary, (generated, batch) => {
        const before = decisions(generated.sources, batch);
        const floor = "policy floor_allow {\n  allow\n  priority -2\n  subject *\n  action *\n  resource *\n}\n";
        const after = decisions([...generated.sources, { name: "floor.mcpolicy", text: floor }], batch);
        for (const [name, list] of before) {
          const changed = after.get(name) ?? [];
          list.forEach((d, i) => {
            const now = changed[i] as Decision;
            if (d.effect === "notapplicable") {
              expect(now.effect, name).toBe("allow");
              expect(now.policy, name).toBe("floor_allow");
              // Errors at any priority are reported for notapplicable; at priority ≥ -2 for this allow: all of them.
              expect(now.errors.length > 0, name).toBe(d.errors.length > 0);
            } else {
              expect(summary(now), name).toBe(summary(d));
              expect(now.policy, name).toBe(d.policy);
            }
          });
        }
      }),
      { numRuns: runs(150) },
    );
  });

  it("a deny above every priority decides every well-formed request, without errors", () => {
    fc.assert(
      fc.property(policySetArbitrary, requestBatchArbitrary, (generated, batch) => {
        const ceiling = "policy ceiling_deny {\n  deny\n  priority 6\n  subject *\n  action *\n  resource *\n}\n";
        const after = decisions([{ name: "ceiling.mcpolicy", text: ceiling }, ...generated.sources], batch);
        for (const [name, list] of after) {
          for (const d of list) {
            if (malformed(d)) continue;
            expect({ effect: d.effect, policy: d.policy, errors: d.errors.length > 0 }, name).toEqual({ effect: "deny", policy: "ceiling_deny", errors: false });
          }
        }
      }),
      { numRuns: runs(150) },
    );
  });
});
