/**
 * Robustness of `mcpolicy/testing` (docs/testing.md, docs/api.md): a wrong argument is a
 * TypeError that says what was expected, before anything runs — never a stack overflow
 * or "cannot read properties of undefined" — and `loadTestFile` never throws.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/index.js";
import {
  assertAlwaysDecided,
  assertAlwaysDenied,
  assertNeverAllowed,
  checkInvariant,
  expectDecision,
  expectListed,
  junitReport,
  loadAttributeSchema,
  loadTestFile,
  requestArbitraries,
  runPolicyTests,
} from "../../src/testing/index.js";
import { deepArray, deepObject, hostileValues, INTERNAL_ERROR, throwingProxy, thrown } from "../helpers/hostile-values.js";

const engine = compile(`policy read { allow subject * action "tools/call" resource "tool:*" when env.x == 1 }`);
const request = { subject: {}, resource: "tool:x", action: "tools/call", env: { x: 1 } };

/** A TypeError whose message matches `message` and is none of JavaScript's own. */
function expectTypeError(run: () => unknown, message: RegExp, label = ""): void {
  const caught = thrown(run);
  expect(caught, label).toBeInstanceOf(TypeError);
  expect((caught as Error).message, label).toMatch(message);
  expect((caught as Error).message, label).not.toMatch(INTERNAL_ERROR);
}

describe("expectDecision and expectListed check their arguments", () => {
  const odd: [string, unknown][] = [
    ["a number", 5],
    ["an object", { name: "read" }],
    ["a null-prototype object", Object.create(null)],
    ["a 100,000-deep object", deepObject(100_000)],
    ["a 100,000-deep array", deepArray(100_000)],
    ["an object with a throwing getter", { get toJSON() { throw new Error("getter"); } }],
    ["a throwing Proxy", throwingProxy({})],
  ];

  it("a policy that is not a name (nor null) is a TypeError, not a test that can never pass", () => {
    // The request is allowed by `read`: with a string, the check passes.
    expectDecision(engine, request, "allow", "read");
    expectDecision(engine, { ...request, env: { x: 2 } }, "notapplicable", null);
    for (const [label, policy] of odd) {
      expectTypeError(() => expectDecision(engine, request, "allow", policy as string), /expectDecision\(\): the policy must be a policy name/, label);
    }
  });

  it("an effect or `listed` of any odd value is a TypeError naming it, never a stack overflow", () => {
    for (const [label, value] of odd) {
      expectTypeError(() => expectDecision(engine, request, value as "allow"), /expectDecision\(\): the effect must be "allow", "deny" or "notapplicable", got /, label);
      expectTypeError(() => expectListed(engine, request, value as boolean), /expectListed\(\): `listed` must be true or false, got /, label);
    }
  });
});

describe("invariants (checkInvariant, assert*) check their options", () => {
  it("a sparse action or resource list is refused as a list of strings", () => {
    const sparse: string[] = [];
    sparse[3] = "tools/call";
    for (const key of ["action", "resource"] as const) {
      expectTypeError(
        () => checkInvariant(engine, { never: "deny" }, { runs: 5, seed: 1, [key]: sparse }),
        new RegExp(`\`invariant\\.${key}\` must be a string or a non-empty list of strings`),
        key,
      );
    }
  });

  it("options that are not a plain object are a TypeError (a Map's entries are no options)", () => {
    for (const options of [new Map([["runs", 5]]), new Date(0), [], null, "runs"]) {
      expectTypeError(() => assertNeverAllowed(engine, options as never), /options must be a plain object/, String(options));
      expectTypeError(() => runPolicyTests(engine, [], options as never), /runPolicyTests\(\) options must be a plain object/, String(options));
    }
    // A null-prototype object is a plain object.
    const options = Object.assign(Object.create(null), { runs: 5, seed: 1, where: "env.x == 2" });
    expect(() => assertNeverAllowed(engine, options)).not.toThrow();
  });

  it("too few arguments: the error names the function called", () => {
    const assertions = { assertNeverAllowed, assertAlwaysDenied, assertAlwaysDecided };
    for (const [name, assertion] of Object.entries(assertions)) {
      expectTypeError(() => (assertion as (...args: unknown[]) => void)(), new RegExp(`^${name}\\(\\) expects a policy engine`), name);
      expectTypeError(() => assertion(engine, null as never), new RegExp(`^${name}\\(\\) options must be a plain object`), name);
    }
  });

  it("a schema that throws when read: one `invalid attribute schema:` prefix", () => {
    const caught = thrown(() => requestArbitraries(engine, throwingProxy({})));
    expect(caught).toBeInstanceOf(TypeError);
    expect((caught as Error).message).toMatch(/^invalid attribute schema: /);
    expect((caught as Error).message).not.toMatch(/invalid attribute schema: invalid attribute schema/);
  });
});

describe("loadTestFile never throws (docs/testing.md)", () => {
  const file = { examples: [{ name: "e", ...request, expect: "allow" }] };

  it("a text that is not a string places nothing (1:1), as no text", () => {
    const bad = { examples: [{ name: "e", ...request, expect: "maybe" }] };
    for (const [label, text] of hostileValues()) {
      if (typeof text === "string" || text === undefined) continue;
      const result = loadTestFile(bad, "t.json", text as string);
      expect(result.file, label).toBe(null);
      expect(result.diagnostics.map((d) => [d.line, d.column]), label).toEqual([[1, 1]]);
      expect(loadTestFile(file, "t.json", text as string).diagnostics, label).toEqual([]);
    }
  });

  it("a hole among the cases is a bad case, not skipped", () => {
    const examples: unknown[] = [file.examples[0]];
    examples[2] = { name: "f", ...request, expect: "allow" };
    const result = loadTestFile({ examples }, "t.json");
    expect(result.file).toBe(null);
    expect(result.diagnostics.map((d) => d.message)).toEqual(["`examples[1]` must be an object"]);
    const invariants: unknown[] = [];
    invariants[1] = { name: "i", never: "allow" };
    expect(loadTestFile({ invariants }, "t.json").diagnostics.map((d) => d.message)).toEqual(["`invariants[0]` must be an object"]);
  });

  it("any value as the file, the name or the text: diagnostics, no throw", () => {
    for (const [label, value] of hostileValues()) {
      for (const run of [() => loadTestFile(value, "t.json"), () => loadTestFile(file, value as string), () => loadTestFile({ examples: value }, "t.json")]) {
        expect(thrown(run), label).toBeUndefined();
      }
      // Not even a Proxy whose traps throw (its error becomes the diagnostic).
      expect(loadTestFile(throwingProxy({}), "t.json").diagnostics.map((d) => d.message)).toEqual(["the test file cannot be read: trap getPrototypeOf"]);
    }
  });
});

describe("junitReport and loadAttributeSchema", () => {
  it("junitReport of something that is not a report: a TypeError that says so", () => {
    for (const value of [undefined, null, {}, { results: "x" }, 5]) {
      expectTypeError(() => junitReport(value as never), /junitReport\(\) expects a TestReport/, String(value));
    }
    expect(junitReport({ seed: 1, results: [], coverage: [], durationMs: 0 })).toMatch(/^<\?xml/);
  });

  it("loadAttributeSchema of any value: diagnostics, never a throw", () => {
    for (const [label, value] of hostileValues()) {
      const result = thrown(() => loadAttributeSchema(value));
      expect(result, label).toBeUndefined();
      expect(thrown(() => loadAttributeSchema({ subject: value })), label).toBeUndefined();
    }
  });
});
