/**
 * Issue 6 §5: coverage lists "which policies were never decisive in any test". A failing
 * invariant prints its shrunk counterexample with the policy that decided it; that
 * policy decided a tested request, so the coverage lines printed under it must not call
 * it "never decisive". Shrinking can move the decision to another policy (here the
 * generated subject first carries `vip`, the shrunk one does not).
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { loadTestFile, runPolicyTests } from "../../src/testing/index.js";

const engine = compile(`
policy vip { allow priority 1 subject * action "a" resource "r" when subject has vip }
policy base { allow subject * action "a" resource "r" }
`);
const schema = {
  subject: { type: "object", properties: { id: { type: "string" }, vip: { type: "boolean" } }, required: ["id"] },
  actions: ["a"],
  resources: [{ id: "r" }],
};
const loaded = loadTestFile({ invariants: [{ name: "nothing is allowed", never: "allow" }] }, "t.test.json");

describe("issue 6: coverage and the shrunk counterexample", () => {
  it("the policy deciding a printed counterexample is never listed as never decisive", () => {
    if (loaded.file === null) throw new Error("test file did not load");
    const moved: number[] = [];
    for (let seed = 1; seed <= 40; seed++) {
      const report = runPolicyTests(engine, [loaded.file], { schema, runs: 100, seed });
      const result = report.results[0];
      expect(result?.ok).toBe(false);
      const c = result?.counterexample as { subject: object; resource: string; action: string };
      const decider = engine.evaluate(c.subject, c.resource, c.action).policy;
      const decisive = report.coverage.find((p) => p.policy === decider)?.decisive ?? 0;
      if (decider === "base") moved.push(seed);
      expect({ seed, decider, decisive: decisive > 0 }).toEqual({ seed, decider, decisive: true });
    }
    // Shrinking drops the optional `vip`, so counterexamples end up decided by `base`.
    expect(moved.length).toBeGreaterThan(0);
  });
});
