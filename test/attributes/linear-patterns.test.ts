/**
 * Schema `pattern`s run on RE2 (src/schema/linear-regexp.ts): with ajv's default engine
 * `^(a+)+$` took seconds on a 30-character request string once `validateRequests` was
 * on; request data must never be able to hang evaluation.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { PolicyError } from "../../src/errors.js";

const POLICY = 'policy p { allow subject * action * resource * when subject.id == "x" }';
const withPattern = (pattern: string) =>
  compile(POLICY, { schema: { subject: { type: "object", properties: { id: { type: "string", pattern } } } }, validateRequests: true });

function cpuMs(run: () => void): number {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

describe("schema patterns", () => {
  it("match in linear time: a catastrophic-backtracking pattern costs about what a simple one does", () => {
    const evil = withPattern("^(a+)+$");
    const simple = withPattern("^a+$");
    const input = { id: `${"a".repeat(20_000)}!` };
    // Warm both, then compare in the same run (a ratio, with a wide margin).
    evil.evaluate(input, "r", "x");
    simple.evaluate(input, "r", "x");
    const evilMs = cpuMs(() => {
      for (let i = 0; i < 20; i++) expect(evil.evaluate(input, "r", "x").errors[0]?.message).toMatch(/must match pattern/);
    });
    const simpleMs = cpuMs(() => {
      for (let i = 0; i < 20; i++) simple.evaluate(input, "r", "x");
    });
    expect(evilMs).toBeLessThan(Math.max(simpleMs, 1) * 50);
  });

  it("validate as before: matches, misses, unicode classes", () => {
    const engine = withPattern("^\\p{L}[\\p{L}0-9_-]*$");
    expect(engine.evaluate({ id: "héllo_1" }, "r", "x").errors).toEqual([]);
    expect(engine.evaluate({ id: "1abc" }, "r", "x").errors[0]?.message).toMatch(/must match pattern/);
    // Unanchored: found anywhere, as JSON Schema says.
    expect(withPattern("b").evaluate({ id: "abc" }, "r", "x").errors).toEqual([]);
  });

  it("refuse lookaround and backreferences (no linear-time engine runs them) when the schema is loaded", () => {
    for (const pattern of ["^(?=a)", "(a)\\1"]) {
      let error: unknown;
      try {
        withPattern(pattern);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(PolicyError);
      expect((error as PolicyError).diagnostics[0]?.code).toBe("E0751");
    }
  });

  it("refuse a repetition count above 1,000 with a message that says what to use instead", () => {
    let error: unknown;
    try {
      withPattern("^.{0,4096}$");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PolicyError);
    const [diagnostic] = (error as PolicyError).diagnostics;
    expect(diagnostic?.code).toBe("E0751");
    expect(diagnostic?.message).toContain("repetition counts up to 1,000");
    expect(diagnostic?.message).toContain("maxLength");
    // Up to 1,000 is fine, and so is the suggested form.
    expect(withPattern("^a{1000}$").evaluate({ id: "a".repeat(1000) }, "r", "x").errors).toEqual([]);
    const bounded = compile(POLICY, {
      schema: { subject: { type: "object", properties: { id: { type: "string", maxLength: 4096, pattern: "^[a-z]*$" } } } },
      validateRequests: true,
    });
    expect(bounded.evaluate({ id: "x".repeat(4096) }, "r", "x").errors).toEqual([]);
    expect(bounded.evaluate({ id: "x".repeat(4097) }, "r", "x").errors[0]?.message).toMatch(/must NOT have more than 4096 characters/);
  });
});

