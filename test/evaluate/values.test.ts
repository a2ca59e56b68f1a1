import { describe, expect, it } from "vitest";
import { describeValue, isPlainObject, jsonEquals, kindOf, snapshot } from "../../src/evaluate/values.js";
import type { JsonValue } from "../../src/model/request.js";

const equal = (a: unknown, b: unknown) => {
  const left = snapshot(a);
  const right = snapshot(b);
  if (!left.ok || !right.ok) throw new Error("not JSON");
  return jsonEquals(left.value as JsonValue, right.value as JsonValue);
};

describe("plain objects and JSON kinds (spec §4)", () => {
  it("accepts prototype Object.prototype or null only", () => {
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject(Object.create(null))).toBe(true);
    expect(isPlainObject([])).toBe(false);
    expect(isPlainObject(new (class A {})())).toBe(false);
    expect(isPlainObject(Object.create({}))).toBe(false);
    expect(isPlainObject(null)).toBe(false);
  });

  it("classifies JSON values and names what is not one", () => {
    expect(kindOf("s")).toEqual({ ok: true, value: "string" });
    expect(kindOf(-0)).toEqual({ ok: true, value: "number" });
    expect(kindOf(null)).toEqual({ ok: true, value: "null" });
    expect(kindOf(Number.NaN)).toEqual({ ok: false, message: "NaN" });
    expect(describeValue(undefined)).toBe("undefined");
    expect(describeValue([])).toBe("an array");
    expect(describeValue("x")).toBe("a string");
  });

  it("never throws on a revoked Proxy", () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(kindOf(proxy).ok).toBe(false);
    expect(isPlainObject(proxy)).toBe(false);
    expect(snapshot({ a: proxy }).ok).toBe(false);
  });
});

describe("snapshots and deep equality (spec §4.2)", () => {
  it("keeps a `__proto__` key as an ordinary own key", () => {
    const a = JSON.parse('{"__proto__": {"x": 1}}');
    expect(equal(a, JSON.parse('{"__proto__": {"x": 1}}'))).toBe(true);
    expect(equal(a, {})).toBe(false);
    expect(equal(a, { x: 1 })).toBe(false);
  });

  it("compares objects regardless of key order and null prototypes", () => {
    expect(equal({ a: 1, b: 2 }, Object.assign(Object.create(null), { b: 2, a: 1 }))).toBe(true);
  });

  it("counts non-enumerable own data properties as keys, and skips accessors", () => {
    const hidden = Object.defineProperty({ a: 1 }, "b", { value: 2, enumerable: false });
    expect(equal(hidden, { a: 1, b: 2 })).toBe(true);
    const accessor = Object.defineProperty({ a: 1 }, "b", { get: () => 2, enumerable: true });
    expect(equal(accessor, { a: 1 })).toBe(true);
  });

  it("ignores symbol keys and extra non-index properties of arrays", () => {
    const tagged = Object.assign([1, 2], { extra: true });
    expect(equal(tagged, [1, 2])).toBe(true);
    expect(equal({ a: 1, [Symbol("s")]: 2 }, { a: 1 })).toBe(true);
  });

  it("measures nesting through shared sub-structures", () => {
    let chain: unknown = 1;
    for (let i = 0; i < 60; i++) chain = [chain];
    // Reached once at depth 1 and once at depth 6: 65 containers deep on the second path.
    const shared = { near: chain, far: [[[[[chain]]]]] };
    expect(snapshot(shared).ok).toBe(false);
    expect(snapshot({ near: chain, far: [[[chain]]] }).ok).toBe(true);
  });
});
