/**
 * The arbitraries behind the differential test are only worth something if they make
 * valid policy sets and requests that exercise every outcome. These tests check that.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkPolicySet } from "../../src/check/check-set.js";
import { evaluateReference } from "../../src/evaluate/index.js";
import { parse } from "../../src/syntax/parse.js";
import { policySetArbitrary } from "../arbitraries/policy-set.js";
import { requestBatchArbitrary } from "../arbitraries/request.js";

describe("the generators of the differential test", () => {
  it("make policy sets that parse and check without diagnostics", () => {
    fc.assert(
      fc.property(policySetArbitrary, (generated) => {
        const parsed = generated.sources.map((s) => parse(s.text, s.name));
        const checked = checkPolicySet(parsed.map((p) => p.ast));
        const errors = [...parsed.flatMap((p) => p.diagnostics), ...checked.diagnostics].filter((d) => d.severity === "error");
        expect(errors, generated.sources.map((s) => s.text).join("\n---\n")).toEqual([]);
        expect(checked.set.policies.length).toBe(generated.policyCount);
      }),
      { numRuns: 200 },
    );
  });

  it("make requests whose decisions cover every effect, with and without errors", () => {
    const seen = new Map<string, number>();
    const sample = fc.sample(fc.tuple(policySetArbitrary, requestBatchArbitrary), { numRuns: 300, seed: 42 });
    for (const [generated, batch] of sample) {
      const parsed = generated.sources.map((s) => parse(s.text, s.name));
      const { set } = checkPolicySet(parsed.map((p) => p.ast));
      for (const r of batch.requests) {
        const d = evaluateReference(set, batch.subjects[r.subject % batch.subjects.length], r.resource, r.action, r.env);
        const key = `${d.effect}${d.policy === null ? "" : "+policy"}${d.errors.length > 0 ? "+errors" : ""}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
    }
    const total = [...seen.values()].reduce((a, b) => a + b, 0);
    for (const key of ["allow+policy", "allow+policy+errors", "deny+policy", "deny+policy+errors", "deny+errors", "notapplicable", "notapplicable+errors"]) {
      expect((seen.get(key) ?? 0) / total, `${key} in ${JSON.stringify([...seen])}`).toBeGreaterThan(0.02);
    }
  });
});
