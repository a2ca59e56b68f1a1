/**
 * Tests found by mutation testing the reference interpreter (src/evaluate/): each pins a
 * behaviour of spec §4.2 that a plausible bug in expressions.ts or values.ts survived before.
 */
import { describe, expect, it } from "vitest";
import { evaluateReference } from "../../src/evaluate/index.js";
import { setFromText } from "./from-text.js";

const decide = (source: string, env: unknown, subject: unknown = { id: "alice" }) =>
  evaluateReference(setFromText(source), subject, "doc:1", "read", env);

describe("`!=` on an operand that is not a whole JSON value (spec §4.2)", () => {
  // `==` / `!=` are "never an error apart from errors in the operands": an operand with a
  // non-JSON value inside errs for `!=` exactly as for `==` — it is not "unequal".
  const source = "policy p { allow subject * action * resource * when env.a != 1 }";

  it("errs, so an allow guarded by `!=` does not apply", () => {
    for (const a of [{ x: Number.NaN }, [undefined], { x: () => 1 }]) {
      const decision = decide(source, { a });
      expect(decision.effect).toBe("notapplicable");
      expect(decision.errors).toHaveLength(1);
    }
  });

  it("errs on a structure nested deeper than 64, and on a cycle", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 65; i++) deep = [deep];
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    for (const a of [deep, cycle]) {
      const decision = decide(source, { a });
      expect(decision.effect).toBe("notapplicable");
      expect(decision.errors).toHaveLength(1);
    }
  });
});

describe("`==` on arrays of different lengths (spec §4.2)", () => {
  // "arrays element-wise": a proper prefix is not equal, whichever side is shorter.
  const source = (cond: string) => `policy p { allow subject * action * resource * when ${cond} }`;

  it("a shorter array on the left is not equal to a longer one", () => {
    const env = { short: ["a"], long: ["a", "b"], empty: [] };
    expect(decide(source("env.short == env.long"), env).effect).toBe("notapplicable");
    expect(decide(source("env.empty == env.long"), env).effect).toBe("notapplicable");
    expect(decide(source("env.short != env.long"), env).effect).toBe("allow");
    expect(decide(source('env.short == ["a", "b"]'), env).effect).toBe("notapplicable");
  });

  it("a nested prefix is not equal either, nor is a longer array a member of a list holding its prefix", () => {
    const env = { a: { x: [1] }, b: { x: [1, 2] }, list: [[1]], needle: [1, 2] };
    expect(decide(source("env.a == env.b"), env).effect).toBe("notapplicable");
    expect(decide(source("env.needle in env.list"), env).effect).toBe("notapplicable");
    expect(decide(source("env.list contains env.needle"), env).effect).toBe("notapplicable");
  });
});
