/**
 * equalCopies' pair memo (src/compile/values.ts), made once a comparison has visited 64
 * containers so that a DAG compares in linear time: one shared object compared with many
 * distinct but equal copies, and with one that differs deep inside. And an array whose
 * `length` a Proxy reports as a string: `length` is a writable, non-configurable data
 * property, so the Proxy invariants let a trap give it any value. Each decision as the
 * reference interpreter's; no such array is ever read as the one it pretends to be.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { expectSameAsReference, outcome } from "../helpers/same-as-reference.js";

const engine = compile(`policy dag { allow subject * action "eq" resource * when subject.a == subject.b }`);
const shape = () => ({ k: [1, { m: [2, { n: "x" }] }] });

describe("== over a shared sub-object and its copies, past the pair memo's threshold", () => {
  it("is true when every copy equals the shared object", () => {
    const shared = shape();
    const subject = { a: Array.from({ length: 100 }, () => shared), b: Array.from({ length: 100 }, shape) };
    expect(engine.evaluate(subject, "r", "eq").effect).toBe("allow");
    expectSameAsReference(engine, subject, "r", "eq");
    // Either side shared.
    expect(engine.evaluate({ a: subject.b, b: subject.a }, "r", "eq").effect).toBe("allow");
  });

  it("is false when one late copy differs deep inside, though the shared one was found equal before", () => {
    const shared = shape();
    const copies = Array.from({ length: 100 }, shape);
    (copies[99] as { k: [number, { m: [number, { n: string }] }] }).k[1].m[1].n = "y";
    const subject = { a: Array.from({ length: 100 }, () => shared), b: copies };
    expect(engine.evaluate(subject, "r", "eq").effect).toBe("notapplicable");
    expectSameAsReference(engine, subject, "r", "eq");
  });
});

describe("an array whose length is reported as a string", () => {
  const lying = () =>
    new Proxy(["admin"], {
      getOwnPropertyDescriptor(target, key) {
        if (key === "length") return { value: "1", writable: true, enumerable: false, configurable: false };
        return Reflect.getOwnPropertyDescriptor(target, key);
      },
    });
  const set = compile(`policy a { allow subject * action "a" resource * when subject.tags == ["admin"] }
policy b { allow subject * action "b" resource * when "admin" in subject.tags }
policy c { allow subject role admin action "c" resource * }
policy d { allow subject * action "d" resource * when subject.tags contains "admin" }
policy e { allow subject * action "e" resource * when env.tags == ["admin"] }
policy f { allow subject * action "f" resource * when env.tags contains "admin" }`);

  it("is no array of strings, no JSON value: nothing allowed through it, every entry point as the reference", () => {
    expect(Object.getOwnPropertyDescriptor(lying(), "length")?.value).toBe("1");
    const subject = { id: "u", tags: lying(), roles: lying() };
    const env = { tags: lying() };
    for (const action of ["a", "b", "c", "d", "e", "f"]) {
      const decision = set.evaluate(subject, "r", action, env);
      expect(decision.allowed, action).toBe(false);
      expect(decision.errors.length, action).toBeGreaterThan(0);
      expectSameAsReference(set, subject, "r", action, env);
      expect(outcome(set.forSubject(subject)("r", action, env))).toEqual(outcome(decision));
    }
    // The same values as plain arrays are allowed: the errors are the lying length's.
    const plain = { id: "u", tags: ["admin"], roles: ["admin"] };
    for (const action of ["a", "b", "c", "d", "e", "f"]) {
      expect(set.evaluate(plain, "r", action, { tags: ["admin"] }).allowed, action).toBe(true);
    }
  });
});
