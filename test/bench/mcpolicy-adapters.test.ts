import { describe, expect, it } from "vitest";
import {
  coldAdapter,
  evaluateAdapter,
  forSubjectAdapter,
  freshObjectAdapter,
  neverSeen,
  referenceAdapter,
} from "../../bench/engines/mcpolicy.js";
import { expectedDecisions } from "../../bench/workload/expected.js";
import { generateWorkload } from "../../bench/workload/generate.js";
import { toMcpolicy } from "../../bench/workload/to-mcpolicy.js";
import { compile } from "../../src/engine.js";

describe("the benchmark adapters of our engine", () => {
  it("gives every cold call a subject the cache has never seen", () => {
    const w = generateWorkload(100);
    const engine = compile(toMcpolicy(w.policySet));
    const user = w.world.users[0];
    const tool = w.world.tools[0];
    if (user === undefined || tool === undefined) throw new Error("empty world");
    engine.evaluate(user, tool, "call", { hour: 12 });
    engine.evaluate(user, tool, "call", { hour: 12 });
    const before = engine.cachedSubjects;
    // The cache admits content on its second sight: a first pass caches nothing, and a
    // second pass over the same 50 adds 50 entries, so they were 50 distinct contents.
    for (let k = 0; k < 50; k++) engine.evaluate(neverSeen(user, k), tool, "call", { hour: 12 });
    expect(engine.cachedSubjects).toBe(before);
    for (let k = 0; k < 50; k++) engine.evaluate(neverSeen(user, k), tool, "call", { hour: 12 });
    expect(engine.cachedSubjects).toBe(before + 50);
  });

  it("never changes a decision by making a subject never-seen", () => {
    const w = generateWorkload(100);
    const engine = compile(toMcpolicy(w.policySet));
    const { decisions } = expectedDecisions(w.policySet, w.requests);
    const got = w.requests
      .slice(0, 2000)
      .map((r, k) => engine.evaluate(neverSeen(r.subject, k), r.resource, r.action, r.env).allowed);
    expect(got).toEqual(decisions.slice(0, 2000));
  });

  it("agrees with the expected decisions through every adapter", async () => {
    const w = generateWorkload(10);
    const { decisions } = expectedDecisions(w.policySet, w.requests);
    const adapters = [evaluateAdapter(), freshObjectAdapter(), forSubjectAdapter(), coldAdapter(), referenceAdapter()];
    for (const adapter of adapters) {
      await adapter.setup(w.policySet);
      const got = w.requests.slice(0, 500).map((req) => {
        const prepared = adapter.prepareSubject?.(req.subject);
        return adapter.decide(req, prepared as never);
      });
      expect({ engine: adapter.name, got }).toEqual({
        engine: adapter.name,
        got: decisions.slice(0, 500),
      });
    }
  });
});
