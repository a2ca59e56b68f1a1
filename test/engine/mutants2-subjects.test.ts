// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written in policy text.
/**
 * Subjects over time (docs/engine.md, "Subjects over time"), from mutation testing the
 * compiled engine (second round): each test failed with one surviving mutant of
 * src/compile/subject-reads.ts — the cache key taking a getter for a present value, and
 * the frozen-subject shortcuts trusting an object whose inner parts can still change.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { expectSameAsReference } from "../helpers/same-as-reference.js";

describe("the cache key reads own data properties only", () => {
  it("a getter is missing, unlike an own `undefined`, also once the first subject is cached", () => {
    const engine = compile(`policy present { allow subject * action "a" resource * when subject has x }`);
    // An own data property `x` (whatever its value) is there; the snapshot keeps it.
    for (let i = 0; i < 3; i++) expect(engine.evaluate({ x: undefined }, "r", "a").effect).toBe("allow");
    const getter = Object.defineProperty({}, "x", { get: () => undefined, enumerable: true });
    expect(engine.evaluate(getter, "r", "a").effect).toBe("notapplicable");
    expectSameAsReference(engine, getter, "r", "a");
    expectSameAsReference(engine, { x: undefined }, "r", "a");
  });

  it("the same with a nested read (`subject.org has x`)", () => {
    const engine = compile(`policy present { allow subject * action "a" resource * when subject.org has x }`);
    for (let i = 0; i < 3; i++) expect(engine.evaluate({ org: { x: undefined } }, "r", "a").effect).toBe("allow");
    const org = Object.defineProperty({}, "x", { get: () => undefined, enumerable: true });
    expect(engine.evaluate({ org }, "r", "a").effect).toBe("notapplicable");
    expectSameAsReference(engine, { org }, "r", "a");
  });
});

describe("a remembered subject object is re-read where a condition interpolates it", () => {
  it("a change of the interpolated attribute is seen (`matches` with ${subject.x})", () => {
    const engine = compile(
      `policy mine { allow subject * action "a" resource * when env.p matches "\${subject.x}/*" }`,
    );
    const subject: Record<string, unknown> = { id: "s", x: "a" };
    for (let i = 0; i < 4; i++) expect(engine.evaluate(subject, "r", "a", { p: "a/1" }).effect).toBe("allow");
    subject.x = "b";
    expect(engine.evaluate(subject, "r", "a", { p: "a/1" }).effect).toBe("notapplicable");
    expect(engine.evaluate(subject, "r", "a", { p: "b/1" }).effect).toBe("allow");
    expectSameAsReference(engine, subject, "r", "a", { p: "a/1" });
  });
});

describe("a frozen subject is trusted for good only when what it holds is frozen too", () => {
  it("top-level reads: a frozen array holding a mutable object is re-read", () => {
    const engine = compile(`policy tagged { allow subject * action "a" resource * when subject.tags contains env.tag }`);
    const inner = { k: 1 };
    const subject = Object.freeze({ tags: Object.freeze([inner]) });
    const env = { tag: { k: 1 } };
    for (let i = 0; i < 4; i++) expect(engine.evaluate(subject, "r", "a", env).effect).toBe("allow");
    inner.k = 2;
    expect(engine.evaluate(subject, "r", "a", env).effect).toBe("notapplicable");
    expectSameAsReference(engine, subject, "r", "a", env);
  });

  it("whole-subject reads (`subject != null`): a frozen subject with a mutable part is re-read", () => {
    const engine = compile(
      `policy gold { allow subject * action "a" resource * when subject != null and subject.org.tier == "gold" }`,
    );
    const org = { tier: "gold" };
    const subject = Object.freeze({ id: "a", org });
    for (let i = 0; i < 4; i++) expect(engine.evaluate(subject, "r", "a").effect).toBe("allow");
    org.tier = "silver";
    expect(engine.evaluate(subject, "r", "a").effect).toBe("notapplicable");
    expectSameAsReference(engine, subject, "r", "a");
  });

  it("whole-subject reads: a deep-frozen subject still decides as the reference", () => {
    const engine = compile(
      `policy gold { allow subject * action "a" resource * when subject != null and subject.org.tier == "gold" }`,
    );
    const subject = Object.freeze({ id: "a", org: Object.freeze({ tier: "gold" }) });
    for (let i = 0; i < 4; i++) expect(engine.evaluate(subject, "r", "a").effect).toBe("allow");
  });
});
