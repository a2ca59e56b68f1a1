/**
 * Branches of deepFrozen (src/compile/subject-reads.ts), the test of whether a subject
 * read whole (`subject != null`) can be remembered by identity: a frozen subject with
 * more nodes or more depth than it walks, a frozen non-plain object inside (a Date, whose
 * time a frozen Date still lets change), a getter, a function. Whatever it answers, every
 * call must decide as the reference interpreter decides on the subject as it is then.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { evaluateReference } from "../../src/evaluate/index.js";
import { outcome } from "../helpers/same-as-reference.js";

const SET = `
policy "break-glass" {
  allow subject * action "call" resource *
  when subject != null and subject has break_glass and subject.break_glass == true
}
policy "whole" {
  allow subject * action "read" resource *
  when subject != null
}`;

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (descriptor !== undefined && "value" in descriptor) deepFreeze(descriptor.value);
    }
    Object.freeze(value);
  }
  return value;
}

/** Each call, `forSubject` too, against the reference on the subject as it is at that call. */
function expectAsReference(engine: ReturnType<typeof compile>, subject: object, between: () => void = () => {}) {
  const decisions: string[] = [];
  for (let i = 0; i < 4; i++) {
    for (const action of ["call", "read"]) {
      const want = evaluateReference(engine.policySet, subject, "r", action, undefined);
      expect(outcome(engine.evaluate(subject, "r", action))).toEqual(outcome(want));
      decisions.push(want.effect);
    }
    between();
  }
  return decisions;
}

describe("subjects read whole that deepFrozen does not trust", () => {
  it("a frozen subject with a frozen Date inside: the Date's time may still change", () => {
    const engine = compile(SET);
    const since = new Date(0);
    const subject = deepFreeze({ id: "a", break_glass: true, since });
    expect(Object.isFrozen(since)).toBe(true);
    const effects = expectAsReference(engine, subject, () => since.setTime(since.getTime() + 1000));
    // A Date is no JSON value: the conditions reading it fail, nothing is allowed.
    expect(effects.every((e) => e !== "allow")).toBe(true);
  });

  it("a frozen subject holding a function", () => {
    const engine = compile(SET);
    const subject = deepFreeze({ id: "a", break_glass: true, f: () => 1 });
    expect(expectAsReference(engine, subject).every((e) => e !== "allow")).toBe(true);
  });

  it("a frozen subject with a getter answering differently each time: never read", () => {
    const engine = compile(SET);
    let n = 0;
    const subject = deepFreeze(
      Object.defineProperty({ id: "a", break_glass: true }, "mood", { get: () => ++n, enumerable: true }),
    );
    expectAsReference(engine, subject);
    expect(n).toBe(0);
  });

  // The key (16,384 characters at most) holds about 2,000 objects: more, and the subject
  // is never remembered at all. Under a symbol key they are not in the key (policies read
  // string keys only), but deepFrozen walks them: its own bounds are what stop it.
  it("a frozen subject of more than 10,000 objects under a symbol key", () => {
    const engine = compile(SET);
    const subject = deepFreeze({ id: "a", break_glass: true, [Symbol("items")]: Array.from({ length: 10_001 }, () => ({})) });
    expect(expectAsReference(engine, subject)).toEqual(Array(8).fill("allow"));
  });

  it("a frozen subject nested deeper than a value may be, under a symbol key", () => {
    const engine = compile(SET);
    let deep: object = {};
    for (let i = 0; i < 70; i++) deep = { deep };
    const subject = deepFreeze({ id: "a", break_glass: true, [Symbol("deep")]: deep });
    expect(expectAsReference(engine, subject)).toEqual(Array(8).fill("allow"));
  });

  it("a subject nested deeper than a value may be, read whole: nothing allowed", () => {
    const engine = compile(SET);
    let deep: object = {};
    for (let i = 0; i < 70; i++) deep = { deep };
    const subject = deepFreeze({ id: "a", break_glass: true, deep });
    expect(expectAsReference(engine, subject).every((e) => e !== "allow")).toBe(true);
  });
});
