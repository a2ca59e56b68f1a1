/**
 * Compiled conditions, from mutation testing the compiled engine (second round): a chain
 * of `matches` is fused into one closure only when every operand reads the very same
 * path — the same root and the same members, no more and no fewer.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { expectSameAsReference } from "../helpers/same-as-reference.js";

describe("`matches` chains on different paths are not fused", () => {
  const engine = compile(`
policy roots { allow subject * action "roots" resource * when env.p matches "a" or resource.p matches "b" }
policy longer { allow subject * action "longer" resource * when env.a.b matches "x" or env.a matches "q" }
policy shorter { allow subject * action "shorter" resource * when env.a matches "q" and env.a.b matches "x" }
`);

  it("env.p and resource.p", () => {
    const resource = { id: "r", p: "b" };
    for (const env of [{ p: "b" }, { p: "a" }, { p: "z" }]) {
      expect(engine.evaluate({}, resource, "roots", env).allowed).toBe(true);
      expect(engine.evaluate({}, { id: "r", p: "z" }, "roots", env).allowed).toBe(env.p === "a");
      expectSameAsReference(engine, {}, resource, "roots", env);
    }
  });

  it("env.a.b, then env.a", () => {
    const env = { a: { b: "q" } };
    const got = engine.evaluate({}, "r", "longer", env);
    expect(got.effect).toBe("notapplicable");
    expect(got.errors).not.toEqual([]);
    expectSameAsReference(engine, {}, "r", "longer", env);
    expect(engine.evaluate({}, "r", "longer", { a: { b: "x" } }).allowed).toBe(true);
  });

  it("env.a, then env.a.b", () => {
    for (const env of [{ a: "q" }, { a: { b: "x" } }]) {
      const got = engine.evaluate({}, "r", "shorter", env);
      expect(got.effect).toBe("notapplicable");
      expect(got.errors).not.toEqual([]);
      expectSameAsReference(engine, {}, "r", "shorter", env);
    }
  });
});

describe("a condition that reads the subject and the action is not cached per subject", () => {
  it("decides each action afresh for one subject", () => {
    const engine = compile(`policy both { allow subject * action * resource * when subject.x == 1 and action == "b" }`);
    const subject = { x: 1 };
    const decide = engine.forSubject(subject);
    for (let i = 0; i < 2; i++) {
      expect(decide("r", "a").effect).toBe("notapplicable");
      expect(decide("r", "b").effect).toBe("allow");
      expect(engine.evaluate(subject, "r", "a").effect).toBe("notapplicable");
      expect(engine.evaluate(subject, "r", "b").effect).toBe("allow");
    }
    expectSameAsReference(engine, subject, "r", "b");
  });
});
