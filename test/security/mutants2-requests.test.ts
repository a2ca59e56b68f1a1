/**
 * Request values, from mutation testing the compiled engine (second round): each test
 * failed with one surviving mutant of src/compile/request-reads.ts, paths.ts or values.ts.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { expectSameAsReference } from "../helpers/same-as-reference.js";

describe("the per-decision memo of request paths", () => {
  it("is per root object: a path first read by a decision re-entered from a trap is read again from the outer env", () => {
    const engine = compile(`
policy both { allow subject * action "call" resource * when env.trigger == 1 and env.x == "outer" }
`);
    const subject = { id: "s" };
    const inner: string[] = [];
    // Reading `trigger` decides another request that reads `x` from another env; the
    // outer decision reads its own `x` only after that.
    const env = new Proxy(
      { trigger: 1, x: "outer" },
      {
        getOwnPropertyDescriptor(target, key) {
          if (key === "trigger") inner.push(engine.evaluate(subject, "r", "call", { trigger: 1, x: "inner" }).effect);
          return Reflect.getOwnPropertyDescriptor(target, key);
        },
      },
    );
    for (let i = 0; i < 3; i++) expect(engine.evaluate(subject, "r", "call", env).effect).toBe("allow");
    expect(inner).toEqual(["notapplicable", "notapplicable", "notapplicable"]);
    expectSameAsReference(engine, subject, "r", "call", { trigger: 1, x: "outer" });
  });
});

describe("values that are not JSON err wherever they are read", () => {
  const engine = compile(`
policy one { allow subject * action "one" resource * when env.n != 1 }
policy two { allow subject * action "two" resource * when env.a.n != 1 }
policy deep { allow subject * action "three" resource * when env.a.b.n != 1 }
policy guard { deny subject * action "guard" resource * when env.n < 5 }
policy "resource-one" { allow subject * action "res" resource * when resource.n != 1 }
`);
  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])("%d", (n) => {
    const cases: [string, unknown][] = [
      ["one", { n }],
      ["two", { a: { n } }],
      ["three", { a: { b: { n } } }],
      ["guard", { n }],
    ];
    for (const [action, env] of cases) {
      const got = engine.evaluate({}, "r", action, env);
      expect(got.errors, action).not.toEqual([]);
      expect(got.effect, action).toBe(action === "guard" ? "deny" : "notapplicable");
      expectSameAsReference(engine, {}, "r", action, env);
    }
    const resource = { id: "r", n };
    expect(engine.evaluate({}, resource, "res").effect).toBe("notapplicable");
    expectSameAsReference(engine, {}, resource, "res");
  });
});

describe("a two-member path reads through plain objects only", () => {
  const engine = compile(`policy two { allow subject * action "a" resource * when env.a.n != 1 }`);
  class Box {
    n = 2;
  }
  it.each([
    ["an array with an own `n`", Object.assign([], { n: 2 })],
    ["a class instance with an own `n`", new Box()],
    ["a Map", new Map([["n", 2]])],
  ])("%s errs", (_, a) => {
    const got = engine.evaluate({}, "r", "a", { a });
    expect(got.effect).toBe("notapplicable");
    expect(got.errors).not.toEqual([]);
    expectSameAsReference(engine, {}, "r", "a", { a });
  });

  it("a null-prototype object is plain", () => {
    const a = Object.assign(Object.create(null), { n: 2 });
    expect(engine.evaluate({}, "r", "a", { a }).effect).toBe("allow");
    expectSameAsReference(engine, {}, "r", "a", { a });
  });
});

describe("nesting depth counts every path to a shared part", () => {
  const engine = compile(`policy some { allow subject * action "a" resource * when env.v != null }`);
  const nest = (inner: unknown, levels: number): unknown => {
    let value = inner;
    for (let i = 0; i < levels; i++) value = [value];
    return value;
  };

  it.each([
    [3, "allow"],
    [4, "notapplicable"],
  ])("a 60-deep part met first at depth 2, then again %i levels deeper: %s", (extra, effect) => {
    const shared = nest(1, 60);
    const v = [shared, nest(shared, extra)];
    const got = engine.evaluate({}, "r", "a", { v });
    expect(got.effect).toBe(effect);
    expectSameAsReference(engine, {}, "r", "a", { v });
  });
});

describe("equality and holes", () => {
  const engine = compile(`
policy same { allow subject * action "eq" resource * when env.a == env.b }
policy some { allow subject * action "some" resource * when env.v != null }
`);
  it("objects with more keys on one side are not equal (either side)", () => {
    for (const [a, b] of [
      [{ x: 1 }, { x: 1, y: 2 }],
      [{ x: 1, y: 2 }, { x: 1 }],
      [{ x: 1 }, { x: 1 }],
    ]) {
      expect(engine.evaluate({}, "r", "eq", { a, b }).allowed).toBe(JSON.stringify(a) === JSON.stringify(b));
      expectSameAsReference(engine, {}, "r", "eq", { a, b });
    }
  });

  it("an array with a hole is not a JSON value", () => {
    // biome-ignore lint/suspicious/noSparseArray: the hole is the point
    for (const v of [[1, , 3], { list: [, 1] }]) {
      const got = engine.evaluate({}, "r", "some", { v });
      expect(got.effect).toBe("notapplicable");
      expect(got.errors).not.toEqual([]);
      expectSameAsReference(engine, {}, "r", "some", { v });
    }
  });
});

describe("one object compared with itself", () => {
  it("still errs when it nests too deep (identity proves equality of primitives only)", () => {
    const engine = compile(`policy self { allow subject * action "a" resource * when env.v == env.v }`);
    let v: unknown = 1;
    for (let i = 0; i < 70; i++) v = [v];
    const got = engine.evaluate({}, "r", "a", { v });
    expect(got.effect).toBe("notapplicable");
    expect(got.errors).not.toEqual([]);
    expectSameAsReference(engine, {}, "r", "a", { v });
    expect(engine.evaluate({}, "r", "a", { v: [[1]] }).effect).toBe("allow");
  });
});

describe("`has` on a subject part whose read throws", () => {
  it("is false, not an error, and not true", () => {
    const engine = compile(`
policy present { allow subject * action "a" resource * when subject.org has x }
policy top { allow subject * action "b" resource * when subject has x }
`);
    const throwing = () =>
      new Proxy(
        { x: 1, id: "s" },
        {
          getOwnPropertyDescriptor(target, key) {
            if (key === "x") throw new Error("no");
            return Reflect.getOwnPropertyDescriptor(target, key);
          },
        },
      );
    for (let i = 0; i < 3; i++) {
      const nested = engine.evaluate({ org: throwing() }, "r", "a");
      expect(nested.effect).toBe("notapplicable");
      expect(nested.errors).toEqual([]);
      expectSameAsReference(engine, { org: throwing() }, "r", "a");
      const top = engine.evaluate(throwing(), "r", "b");
      expect(top.effect).toBe("notapplicable");
      expectSameAsReference(engine, throwing(), "r", "b");
    }
  });
});

describe("`contains` on a string", () => {
  it("errs for a number on the right, as for any non-string", () => {
    const engine = compile(`policy has1 { allow subject * action "a" resource * when env.s contains env.n }`);
    for (const n of [1, true, null]) {
      const got = engine.evaluate({}, "r", "a", { s: "a1 true null", n });
      expect(got.effect).toBe("notapplicable");
      expect(got.errors).not.toEqual([]);
      expectSameAsReference(engine, {}, "r", "a", { s: "a1 true null", n });
    }
    expect(engine.evaluate({}, "r", "a", { s: "a1", n: "1" }).effect).toBe("allow");
  });
});
