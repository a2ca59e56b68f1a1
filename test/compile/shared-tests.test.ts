import { describe, expect, it } from "vitest";
import { CompiledSet } from "../../src/compile/compiled-set.js";
import { compile } from "../../src/engine.js";

const SET = `
policy a { allow subject role r action "call" resource "t:a" when env.hour < 8 unless subject.banned == true }
policy b { deny subject role r action "call" resource "t:b" when env.hour < 8 unless subject.banned == true }
policy c { allow subject role r action "call" resource "t:c" when env.hour  <  8 }
policy d { allow subject role r action "call" resource "t:d" when env.hour < 9 }
policy e { allow subject role r action "call" resource "t:e" when env.x == -0 }
policy f { allow subject role r action "call" resource "t:f" when env.x == 0 }
`;

describe("conditions shared between policies", () => {
  const compiled = new CompiledSet(compile(SET).policySet);
  const byName = new Map(compiled.policies.map((p) => [p.name, p]));
  const tests = (name: string) => byName.get(name)?.tests ?? [];

  it("compiles a repeated condition once, whatever its spacing", () => {
    expect(tests("a")).toBe(tests("b"));
    expect(tests("c")[0]).toBe(tests("a")[0]);
    expect(tests("d")[0]).not.toBe(tests("a")[0]);
  });

  it("shares `== -0` with `== 0`, which no operator tells apart", () => {
    expect(tests("e")[0]).toBe(tests("f")[0]);
    const engine = compile(SET);
    for (const x of [0, -0, 1]) {
      expect(engine.isAllowed({ roles: ["r"] }, "t:e", "call", { x })).toBe(x === 0);
      expect(engine.isAllowed({ roles: ["r"] }, "t:f", "call", { x })).toBe(x === 0);
    }
  });

  it("decides every policy as its own conditions say", () => {
    const engine = compile(SET);
    const subject = { roles: ["r"], banned: false };
    expect(engine.evaluate(subject, "t:a", "call", { hour: 7 }).policy).toBe("a");
    expect(engine.evaluate(subject, "t:b", "call", { hour: 7 }).effect).toBe("deny");
    expect(engine.evaluate({ roles: ["r"], banned: true }, "t:a", "call", { hour: 7 }).effect).toBe("notapplicable");
    expect(engine.evaluate(subject, "t:d", "call", { hour: 8 }).policy).toBe("d");
    expect(engine.evaluate(subject, "t:c", "call", { hour: 8 }).effect).toBe("notapplicable");
  });
});
