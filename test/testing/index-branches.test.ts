/**
 * Branches of src/testing/index.ts and listed.ts the rest of the suite does not reach:
 * argument checks (a TypeError naming what is wrong, whatever the value), the messages
 * of expectDecision and expectListed, a schema without `subject`, and listedProblem with
 * an engine that has no argumentsFor (a wrapper) or whose argumentsFor throws.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import type { PolicyEngine } from "../../src/model/engine.js";
import { checkInvariant, expectDecision, expectListed, requestArbitraries, runPolicyTests } from "../../src/testing/index.js";
import { listedProblem } from "../../src/testing/listed.js";

const engine = compile('policy p { allow subject role admin action "tools/call" resource "tool:x" when env.arguments.n < 3 }\n');
const ADMIN = { id: "a", roles: ["admin"] };

describe("argument checks", () => {
  it("checkInvariant refuses a rule that is not an object", () => {
    for (const rule of [null, "allow", 3]) {
      expect(() => checkInvariant(engine, rule as never)).toThrow(new TypeError("checkInvariant() expects a rule { never } or { always }"));
    }
  });

  it("names an unknown key without a suggestion when none is close", () => {
    expect(() => checkInvariant(engine, { zzzzzzzz: "allow" } as never)).toThrow(/^checkInvariant\(\): unknown key `zzzzzzzz` in the rule$/);
  });

  it("expectDecision and expectListed print values JSON cannot", () => {
    const request = { subject: ADMIN, resource: "tool:x", action: "tools/call", env: { arguments: { n: 1 } } };
    expect(() => expectDecision(engine, request, Symbol("allow") as never)).toThrow(
      'expectDecision(): the effect must be "allow", "deny" or "notapplicable", got Symbol(allow)',
    );
    expect(() => expectListed(engine, request, undefined as never)).toThrow("expectListed(): `listed` must be true or false, got undefined");
  });

  it("runPolicyTests refuses extra arguments after (engine, files, options)", () => {
    expect(() => (runPolicyTests as (...a: unknown[]) => unknown)(engine, [], {}, {})).toThrow(
      "runPolicyTests() expects (engine, files, options?) or (engine, schema, hints, files, options?)",
    );
  });
});

describe("messages", () => {
  it("expectDecision says `by no policy` and names no policy for a default decision", () => {
    const request = { subject: { id: "u", roles: [] }, resource: "tool:x", action: "tools/call", env: {} };
    expect(() => expectDecision(engine, request, "notapplicable", null)).not.toThrow();
    expect(() => expectDecision(engine, request, "allow", null)).toThrow(/^expected allow by no policy, got notapplicable\n/);
    expect(() => expectDecision(engine, request, "allow", "p")).toThrow(/^expected allow by `p`, got notapplicable\n/);
  });

  it("checkInvariant runs its default number of requests when `runs` is not given", () => {
    const result = checkInvariant(engine, { never: "deny" }, { seed: 1, action: "tools/call", resource: "tool:x" });
    expect(result.ok).toBe(true);
  });
});

describe("requestArbitraries", () => {
  it("generates object subjects from a schema without a `subject` section", () => {
    const arbs = requestArbitraries(engine, { env: { type: "object" } });
    const subjects = fc.sample(arbs.subject, { numRuns: 30, seed: 1 });
    for (const s of subjects) expect(typeof s === "object" && s !== null && !Array.isArray(s)).toBe(true);
  });
});

describe("listedProblem", () => {
  const request = { subject: ADMIN, resource: "tool:x", action: "tools/call", env: {} };

  it("says a request whose action is no string is malformed", () => {
    expect(listedProblem(engine, { ...request, action: 7 }, true)).toMatch(/^expected listed, got hidden: the request is malformed \(malformed action/);
  });

  it("gives allowed arguments when the engine finds them", () => {
    expect(listedProblem(engine, request, false)).toMatch(/^expected hidden, got listed: allowed with env\.arguments = /);
  });

  it("falls back to the undecided message for a wrapper without argumentsFor, or whose argumentsFor throws", () => {
    const wrapper = { couldAllow: engine.couldAllow.bind(engine), evaluate: engine.evaluate.bind(engine) } as unknown as PolicyEngine;
    const undecided = "expected hidden, got listed: some env.arguments may be allowed (not decided exactly: see couldAllow in docs/mcp.md)";
    expect(listedProblem(wrapper, request, false)).toBe(undecided);
    const throwing = {
      ...wrapper,
      argumentsFor: () => {
        throw new Error("boom");
      },
    } as unknown as PolicyEngine;
    expect(listedProblem(throwing, request, false)).toBe(undecided);
    const none = { ...wrapper, argumentsFor: () => ({ outcome: "allowed" }) } as unknown as PolicyEngine;
    expect(listedProblem(none, request, false)).toBe("expected hidden, got listed: allowed with env.arguments = (none)");
  });
});
