import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { parse } from "../../src/syntax/parse.js";
import { expectedDecisions } from "../../bench/workload/expected.js";
import { generateWorkload } from "../../bench/workload/generate.js";
import { toMcpolicy, toMcpolicyPolicy } from "../../bench/workload/to-mcpolicy.js";

describe("the .mcpolicy translation of the workload", () => {
  it("writes an unconditional allow as a role, an action and a resource glob", () => {
    const text = toMcpolicyPolicy({
      id: "p0",
      effect: "allow",
      role: "role7",
      action: "call",
      area: "files",
      condition: null,
    });
    expect(text).toBe('policy "p0" {\n  allow\n  subject role "role7"\n  action "call"\n  resource "tool:files/*"\n}');
  });

  it("writes the clearance condition as a comparison of subject and resource", () => {
    const text = toMcpolicyPolicy({
      id: "p1",
      effect: "allow",
      role: "role2",
      action: "list",
      area: "git",
      condition: { type: "clearanceGteSensitivity" },
    });
    expect(text).toContain("when subject.clearance >= resource.sensitivity");
  });

  it("writes a deny with an hour limit as a condition on env", () => {
    const text = toMcpolicyPolicy({
      id: "p2",
      effect: "deny",
      role: "role7",
      action: "call",
      area: "files",
      condition: { type: "hourLt", value: 8 },
    });
    expect(text).toMatch(/^policy "p2" \{\n {2}deny\n/);
    expect(text).toContain("when env.hour < 8");
  });

  for (const n of [10, 100, 1000, 10_000]) {
    it(`compiles through the parser and decides every request as expected at N=${n}`, () => {
      const w = generateWorkload(n);
      const engine = compile(toMcpolicy(w.policySet));
      expect(engine.policySet.policies).toHaveLength(n);
      const { decisions } = expectedDecisions(w.policySet, w.requests);
      const got = w.requests.map((r) => engine.evaluate(r.subject, r.resource, r.action, r.env).allowed);
      const first = got.findIndex((g, i) => g !== decisions[i]);
      expect(first).toBe(-1);
    });
  }

  it("is source text the parser reads cleanly, one policy per generic rule, in set order", () => {
    const w = generateWorkload(100);
    const text = toMcpolicy(w.policySet);
    expect(parse(text).diagnostics).toEqual([]);
    const lines = text.split("\n");
    const policies = compile(text).policySet.policies;
    expect(policies.map((p) => [p.name.value, p.effect])).toEqual(w.policySet.policies.map((r) => [r.id, r.effect]));
    // Each compiled policy carries the position of its name in the translated text.
    for (const p of policies) {
      const line = lines[p.name.span.start.line - 1];
      expect(line).toBe(`policy ${JSON.stringify(p.name.value)} {`);
    }
  });
});
