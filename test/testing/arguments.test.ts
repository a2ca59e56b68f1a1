/**
 * The `mcpolicy/testing` helpers check their arguments: a typo in an option, a `runs`
 * that is not a sane count or something that is not an engine is a TypeError at once —
 * never a vacuous pass (`runs: "1000"` used to run nothing and pass), never an endless
 * run (`runs: 1e12`).
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import {
  assertNeverAllowed,
  checkInvariant,
  expectDecision,
  loadAttributeSchema,
  loadTestFile,
  requestArbitraries,
  runPolicyTests,
} from "../../src/testing/index.js";
import { collectHints } from "../../src/analysis/hints.js";

const engine = compile("policy a { deny subject * action * resource * }");

describe("mcpolicy/testing arguments", () => {
  it("rejects a runs count that is not a positive integer up to 10,000,000", () => {
    for (const runs of [-5, 0, 1.5, "1000", 1e12, 10_000_001, Number.NaN]) {
      // The bound is said: "a positive integer" was wrong for 1e12 and 10,000,001.
      expect(() => assertNeverAllowed(engine, { runs } as never)).toThrow(/`invariant.runs` must be an integer from 1 to 10000000$/);
    }
    expect(() => assertNeverAllowed(engine, { runs: 50, seed: 1 })).not.toThrow();
  });

  it("rejects an unknown option with a suggestion, and a seed that is not an integer", () => {
    expect(() => assertNeverAllowed(engine, { wehre: "env.x == 1" } as never)).toThrow(/unknown option `wehre`; did you mean `where`\?/);
    expect(() => checkInvariant(engine, { never: "allow" }, { sed: 1 } as never)).toThrow(/did you mean `seed`\?/);
    expect(() => assertNeverAllowed(engine, { seed: "7" } as never)).toThrow(/option `seed` must be a safe integer/);
    // 2^60 is an integer: the message says which ones are taken.
    expect(() => assertNeverAllowed(engine, { seed: 2 ** 60 })).toThrow(/option `seed` must be a safe integer \(at most 2\^53 − 1 in magnitude\)$/);
    expect(() => runPolicyTests(engine, [], { seed: 2 ** 60 })).toThrow(/option `seed` must be a safe integer \(at most 2\^53 − 1 in magnitude\)$/);
    expect(() => assertNeverAllowed(engine, null as never)).toThrow(/options must be a plain object/);
  });

  it("rejects something that is not an engine, a request or an effect", () => {
    expect(() => assertNeverAllowed({} as never)).toThrow(/expects a policy engine/);
    expect(() => requestArbitraries(null as never)).toThrow(/expects a policy engine/);
    expect(() => expectDecision(engine, null as never, "deny")).toThrow(/expects a request/);
    expect(() => expectDecision(engine, { subject: {}, resource: "x", action: "a" }, "denied" as never)).toThrow(
      /the effect must be "allow", "deny" or "notapplicable"/,
    );
    expect(() => expectDecision(engine, { subject: {}, resource: "x", action: "a" }, "deny")).not.toThrow();
  });

  it("runPolicyTests rejects bad arguments before running anything", () => {
    const schema = loadAttributeSchema({}).schema;
    const hints = collectHints(engine.policySet);
    expect(() => runPolicyTests(engine, schema as never, hints, null as never)).toThrow(/expects an array of test files/);
    expect(() => runPolicyTests({} as never, schema as never, hints, [])).toThrow(/expects a policy engine/);
    expect(() => runPolicyTests(engine, schema as never, hints, [], { runs: 1e12 })).toThrow(/option `runs` must be an integer from 1/);
    expect(() => runPolicyTests(engine, schema as never, hints, [], { seed: 0.5 })).toThrow(/option `seed` must be a safe integer/);
    expect(runPolicyTests(engine, schema as never, hints, [], { runs: 10, seed: 1 }).results).toEqual([]);
  });
});

describe("runPolicyTests as documented", () => {
  const allowing = compile('policy bad { allow subject * action "tools/call" resource "tool:delete" when env.amount > 5000 }');
  const loaded = loadTestFile({ invariants: [{ name: "nobody deletes", resource: "tool:delete", never: "allow" }] }, "x.test.json");
  const file = loaded.file as NonNullable<typeof loaded.file>;

  it("runs test files without hints: (engine, files, options) and (engine, schema, undefined, files, options)", () => {
    const short = runPolicyTests(allowing, [file], { runs: 200, seed: 1 });
    expect(short.results[0]?.ok).toBe(false);
    expect(short.results[0]?.message).toMatch(/^expected never allow, got allow by `bad`/);
    const schema = { env: { type: "object", properties: { amount: { type: "number" } }, required: ["amount"] } };
    expect(runPolicyTests(allowing, [file], { schema, runs: 200, seed: 1 }).results[0]?.ok).toBe(false);
    expect(runPolicyTests(allowing, schema, undefined, [file], { runs: 200, seed: 1 }).results[0]?.ok).toBe(false);
    expect(runPolicyTests(allowing, undefined, undefined, [file], { runs: 200, seed: 1 }).results[0]?.ok).toBe(false);
  });

  it("checks every argument with a TypeError that says what is wrong", () => {
    const schema = loadAttributeSchema({}).schema;
    // `{}` used to fail mid-run with "list is not iterable"
    expect(() => runPolicyTests(allowing, schema as never, {}, [file])).toThrow(/expects the policies' hints \(or leave them out/);
    expect(() => runPolicyTests(allowing, [file], { sed: 1 } as never)).toThrow(/unknown option `sed`; did you mean `seed`\?/);
    expect(() => runPolicyTests(allowing, [{}] as never)).toThrow(/files\[0\] is not a test file/);
    // Look-alikes of a loaded file hold cases nobody checked (a review found one passing without testing).
    for (const lookAlike of [{ name: "x", examples: [{ bogus: 1 }], invariants: [] }, { ...file }, structuredClone(file)]) {
      expect(() => runPolicyTests(allowing, [lookAlike] as never)).toThrow(/files\[0\] is not a test file/);
    }
    expect(() => runPolicyTests(allowing, [file], { schema: 5 } as never)).toThrow(/expects the attribute schema as an object/);
    expect(() => runPolicyTests(allowing, [file], { schema: { env: { type: "nope" } } })).toThrow(/invalid attribute schema/);
    expect(() => runPolicyTests(allowing, [file], null as never)).toThrow(/options must be a plain object/);
    expect(() => runPolicyTests(null as never, [file])).toThrow(/expects a policy engine/);
  });
});

describe("checkInvariant", () => {
  it("returns the seed it drew, and that seed replays the same counterexample", () => {
    const allowing = compile('policy bad { allow subject * action "tools/call" resource "tool:*" when env.n > 5 }');
    const first = checkInvariant(allowing, { never: "allow" }, { runs: 200 });
    expect(first.ok).toBe(false);
    expect(Number.isSafeInteger(first.seed)).toBe(true);
    const again = checkInvariant(allowing, { never: "allow" }, { runs: 200, seed: first.seed as number });
    expect(again.seed).toBe(first.seed);
    expect(again.counterexample).toEqual(first.counterexample);
  });
});
