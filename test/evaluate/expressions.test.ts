import { describe, expect, it } from "vitest";
import { and, cmp, contains, has, isIn, list, lit, matches, not, or, path } from "./builders.js";
import { expectError, expectValue, value } from "./helpers.js";

const none = {};

describe("== and != (spec §4.2)", () => {
  it("does not coerce: `1 == \"1\"` is false", () => {
    expectValue(cmp(lit(1), "==", lit("1")), none, false);
    expectValue(cmp(lit(1), "!=", lit("1")), none, true);
    expectValue(cmp(lit(null), "==", lit(false)), none, false);
    expectValue(cmp(lit(0), "==", lit(false)), none, false);
  });

  it("compares primitives by ===, so -0 == 0", () => {
    expectValue(cmp(path("env.z"), "==", lit(0)), { env: { z: -0 } }, true);
    expectValue(cmp(lit(null), "==", lit(null)), none, true);
    expectValue(cmp(lit("a"), "==", lit("a")), none, true);
  });

  it("compares arrays element-wise", () => {
    expectValue(cmp(path("subject.tags"), "==", list("a", "b")), { subject: { tags: ["a", "b"] } }, true);
    expectValue(cmp(path("subject.tags"), "==", list("b", "a")), { subject: { tags: ["a", "b"] } }, false);
    expectValue(cmp(path("subject.tags"), "==", list("a")), { subject: { tags: ["a", "b"] } }, false);
  });

  it("compares objects by the same key set, in any order, with equal values", () => {
    const env = { a: { x: 1, y: [1, { z: null }] }, b: { y: [1, { z: null }], x: 1 }, c: { x: 1 }, d: { x: 1, y: undefined } };
    expectValue(cmp(path("env.a"), "==", path("env.b")), { env }, true);
    expectValue(cmp(path("env.a"), "==", path("env.c")), { env }, false);
    expectValue(cmp(path("env.c"), "!=", path("env.a")), { env }, true);
  });

  it("never confuses an array and an object with index keys", () => {
    const env = { arr: ["x"], obj: { "0": "x" } };
    expectValue(cmp(path("env.arr"), "==", path("env.obj")), { env }, false);
  });

  it("ignores getters inside compared objects (they count as missing)", () => {
    const withGetter = {
      x: 1,
      get y() {
        return 2;
      },
    };
    expectValue(cmp(path("env.a"), "==", path("env.b")), { env: { a: withGetter, b: { x: 1 } } }, true);
  });

  it("errs when an operand holds a value that is not JSON, anywhere inside", () => {
    expectError(cmp(path("env.a"), "==", path("env.b")), { env: { a: { x: Number.NaN }, b: { x: 1 } } }, "NaN");
    expectError(cmp(path("env.a"), "==", lit(1)), { env: { a: [1, undefined] } }, "undefined");
    expectError(cmp(path("env.a"), "==", lit(1)), { env: { a: { d: new Date(0) } } }, "non-plain");
    // A sparse array has a hole: not a JSON array.
    expectError(cmp(path("env.a"), "==", lit(1)), { env: { a: Object.assign(new Array(3), { 0: 1, 2: 3 }) } }, "hole");
  });

  it("errs on structures nested deeper than 64, including cycles", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 65; i++) deep = [deep];
    expectError(cmp(path("env.a"), "==", lit(1)), { env: { a: deep } }, "nested deeper than 64");
    let ok: unknown = 1;
    for (let i = 0; i < 64; i++) ok = [ok];
    expectValue(cmp(path("env.a"), "==", path("env.b")), { env: { a: ok, b: ok } }, true);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expectError(cmp(path("env.a"), "==", lit(1)), { env: { a: cycle } }, "nested deeper than 64");
  });

  it("does not blow up on wide shared structures (a DAG compared in linear time)", () => {
    let left: unknown = { leaf: 1 };
    let right: unknown = { leaf: 1 };
    for (let i = 0; i < 60; i++) {
      left = { a: left, b: left };
      right = { a: right, b: right };
    }
    const started = Date.now();
    expectValue(cmp(path("env.l"), "==", path("env.r")), { env: { l: left, r: right } }, true);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("errs on a 100,000-deep chain without overflowing the stack", () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) deep = { d: deep };
    expectError(cmp(path("env.a"), "==", lit(1)), { env: { a: deep } }, "nested deeper than 64");
  });
});

describe("< <= > >= (spec §4.2)", () => {
  it("compares two numbers", () => {
    expectValue(cmp(lit(1), "<", lit(2)), none, true);
    expectValue(cmp(lit(2), "<=", lit(2)), none, true);
    expectValue(cmp(lit(2), ">", lit(2)), none, false);
    expectValue(cmp(lit(-1.5), ">=", lit(-2)), none, true);
  });

  it("compares two strings by code units", () => {
    expectValue(cmp(lit("a"), "<", lit("b")), none, true);
    expectValue(cmp(lit("Z"), "<", lit("a")), none, true);
    expectValue(cmp(lit("\uffff"), "<", lit("\u{10000}")), none, false);
  });

  it("errs on anything else, naming both kinds", () => {
    expectError(cmp(lit("a"), "<", lit(1)), none, "expected a number or string on both sides of `<`, got string and number");
    expectError(cmp(lit(null), ">=", lit(1)), none, "got null and number");
    expectError(cmp(lit(true), ">", lit(false)), none, "got boolean and boolean");
    expectError(cmp(list(1), "<=", list(2)), none, "got array and array");
  });
});

describe("in and contains (spec §4.2)", () => {
  it("`x in L` is membership by ==", () => {
    expectValue(isIn(lit("b"), list("a", "b")), none, true);
    expectValue(isIn(lit(1), list("1")), none, false);
    expectValue(isIn(path("env.o"), path("env.l")), { env: { o: { k: [1] }, l: [{ k: [1] }] } }, true);
  });

  it("`x in L` errs unless L is an array", () => {
    expectError(isIn(lit("a"), lit("abc")), none, "expected an array on the right of `in`, got string");
    expectError(isIn(lit("a"), path("env.o")), { env: { o: { a: 1 } } }, "got object");
  });

  it("`L contains x` is membership on an array", () => {
    expectValue(contains(path("subject.groups"), lit("oncall")), { subject: { groups: ["oncall"] } }, true);
    expectValue(contains(list(1, 2), lit(3)), none, false);
  });

  it("`s contains x` is a substring test on a string, x a string", () => {
    expectValue(contains(lit("hello"), lit("ell")), none, true);
    expectValue(contains(lit("hello"), lit("")), none, true);
    expectError(contains(lit("hello"), lit(1)), none, "got number");
  });

  it("`L contains x` errs on anything else", () => {
    expectError(contains(lit(1), lit(1)), none, "expected an array or a string on the left of `contains`, got number");
    expectError(contains(path("env.o"), lit("a")), { env: { o: { a: 1 } } }, "got object");
  });
});

describe("matches (spec §4.2)", () => {
  it("matches a string against a glob", () => {
    expectValue(matches(lit("/home/alice/a.txt"), "/home/*/*.txt"), none, true);
    expectValue(matches(lit("/home/alice/x/a.txt"), "/home/*/*.txt"), none, false);
    expectValue(matches(lit("/home/alice/x/a.txt"), "/home/**"), none, true);
  });

  it("errs when the left side is not a string", () => {
    expectError(matches(lit(1), "*"), none, "expected a string on the left of `matches`, got number");
    expectError(matches(path("env.p"), "*"), { env: { p: ["a"] } }, "got array");
  });
});

describe("has (spec §4.2)", () => {
  it("is true when the value is a plain object with the own property", () => {
    expectValue(has(path("subject"), "id"), { subject: { id: "a" } }, true);
    expectValue(has(path("subject.org"), "id"), { subject: { org: { id: null } } }, true);
  });

  it("never errs: a missing path, a non-object or an array give false", () => {
    expectValue(has(path("subject.org"), "id"), { subject: {} }, false);
    expectValue(has(path("subject.org.unit"), "id"), { subject: { org: "x" } }, false);
    expectValue(has(path("subject.roles"), "length"), { subject: { roles: [] } }, false);
    expectValue(has(path("subject.roles"), "0"), { subject: { roles: ["a"] } }, false);
    expectValue(has(lit("str"), "length"), none, false);
    expectValue(has(path("subject"), "constructor"), { subject: {} }, false);
    expectValue(has(path("subject"), "__proto__"), { subject: {} }, false);
  });

  it("is false for a getter and for a Proxy that throws", () => {
    const subject = {
      get g() {
        return 1;
      },
      p: new Proxy(
        {},
        {
          getPrototypeOf() {
            throw new Error("boom");
          },
        },
      ),
    };
    expectValue(has(path("subject"), "g"), { subject }, false);
    expectValue(has(path("subject.p"), "x"), { subject }, false);
  });

  it("sees `__proto__` when it is an own property from JSON.parse", () => {
    expectValue(has(path("subject"), "__proto__"), { subject: JSON.parse('{"__proto__": 1}') }, true);
  });
});

describe("not, and, or (spec §4.2)", () => {
  it("need booleans", () => {
    expectValue(not(lit(false)), none, true);
    expectError(not(lit(1)), none, "`not` needs a boolean, got number");
    expectError(and(lit(true), lit("x")), none, "`and` needs a boolean, got string");
    expectError(or(lit(false), lit(null)), none, "`or` needs a boolean, got null");
  });

  it("short-circuit: `false and E` is false and `true or E` is true without evaluating E", () => {
    expectValue(and(lit(false), path("subject.missing")), none, false);
    expectValue(or(lit(true), path("subject.missing")), none, true);
    expectValue(and(lit(false), lit(1)), none, false);
  });

  it("propagate an error met first: `E and false` errs if E does", () => {
    expectError(and(path("subject.missing"), lit(false)), none, "missing attribute subject.missing");
    expectError(or(path("subject.missing"), lit(true)), none, "missing attribute subject.missing");
  });

  it("evaluate left to right", () => {
    expectError(and(lit(true), path("subject.first"), path("subject.second")), none, "subject.first");
    expectValue(and(lit(true), lit(true), lit(true)), none, true);
    expectValue(or(lit(false), lit(false), lit(true)), none, true);
    expectValue(or(lit(false), lit(false)), none, false);
  });

  it("evaluate the left operand of a comparison first", () => {
    expectError(cmp(path("subject.a"), "==", path("subject.b")), none, "subject.a");
    expect(value(isIn(path("subject.a"), lit("x")), none).ok).toBe(false);
  });
});
