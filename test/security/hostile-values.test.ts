/**
 * Request values built to make the compiled engine read differently from the spec's
 * path-by-path reading (and from the reference interpreter): Proxies that throw on one
 * key or lie in `get`, structures shared many times over, values nested just under the
 * depth bound below a path. Each case once let a deny be dodged, failed the whole
 * request, or took exponential time.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { evaluateReference } from "../../src/evaluate/index.js";
import { expectSameAsReference, outcome } from "../helpers/same-as-reference.js";

/** A Proxy over `target` whose descriptor (and so every own-data read) of `key` throws. */
function throwingOn(target: object, key: string): object {
  return new Proxy(target, {
    getOwnPropertyDescriptor(t, k) {
      if (k === key) throw new Error("trap");
      return Reflect.getOwnPropertyDescriptor(t, k);
    },
  });
}

/** Both decision paths (evaluate, forSubject) agree with the reference and give `want`. */
function expectDecision(text: string, subject: unknown, resource: unknown, action: string, env: unknown, want: { effect: string; policy: string | null }) {
  const engine = compile(text);
  const reference = evaluateReference(engine.policySet, subject, resource, action, env);
  expect(outcome(reference)).toMatchObject(want);
  expect(outcome(engine.evaluate(subject, resource, action, env))).toEqual(outcome(reference));
  // Twice: the second call goes through whatever the first one cached.
  expect(outcome(engine.evaluate(subject, resource, action, env))).toEqual(outcome(reference));
  expect(outcome(engine.forSubject(subject)(resource, action, env))).toEqual(outcome(reference));
}

const DENY_SUSPENDED = `
policy d { deny priority 10 subject role suspended action * resource * }
policy a { allow subject * action * resource * }`;

describe("a subject attribute that throws errs alone", () => {
  it("a deny on a role still applies when the set also reads the whole subject and another key throws", () => {
    const text = `${DENY_SUSPENDED}
policy w { allow priority -1 subject * action "never" resource * when subject == env.x }`;
    const subject = throwingOn({ roles: ["suspended"], junk: 1 }, "junk");
    expectDecision(text, subject, "r", "read", undefined, { effect: "deny", policy: "d" });
  });

  it("a deny on a role still applies when the subject's keys cannot be listed", () => {
    const text = `${DENY_SUSPENDED}
policy w { allow priority -1 subject * action "never" resource * when subject == env.x }`;
    const subject = new Proxy(
      { roles: ["suspended"] },
      {
        ownKeys() {
          throw new Error("trap");
        },
      },
    );
    expectDecision(text, subject, "r", "read", undefined, { effect: "deny", policy: "d" });
    // The whole subject errs where it is compared: this allow errs and does not apply.
    const compared = `policy w { allow subject * action * resource * when subject == env.x }`;
    expectDecision(compared, subject, "r", "read", { x: { roles: ["suspended"] } }, { effect: "notapplicable", policy: null });
  });

  it("`has` still sees a key whose sibling throws", () => {
    const text = `
policy d { deny priority 10 subject * action * resource * when subject.org has flagged }
policy a { allow subject * action * resource * }
policy b { allow priority -1 subject * action "other" resource * when subject.org.name == "x" }`;
    const org = throwingOn({ flagged: true, name: "n" }, "name");
    expectDecision(text, { org }, "r", "read", undefined, { effect: "deny", policy: "d" });
  });

  it("a throwing attribute errs in its own test, not the whole request", () => {
    const text = `
policy top { allow priority 10 subject * action * resource * }
policy low { allow subject * action * resource * when subject.dept == "x" }`;
    const subject = throwingOn({ dept: "y" }, "dept");
    expectDecision(text, subject, "r", "a", undefined, { effect: "allow", policy: "top" });
    for (const key of ["roles", "id", "groups"]) {
      const targets = `
policy deny_them { deny priority 5 subject role x or user y or group z action * resource * }
policy a { allow subject * action * resource * }`;
      expectDecision(targets, throwingOn({ roles: [], id: "u", groups: [] }, key), "r", "a", undefined, {
        effect: "deny",
        policy: "deny_them",
      });
    }
  });
});

describe("arrays are read through own data properties only", () => {
  it("a Proxy whose `get` lies cannot hide an element from `contains`, `in` or `==`", () => {
    const arr = () => new Proxy(["root"], { get: (t, k) => (k === "0" ? "nobody" : Reflect.get(t, k)) });
    const deny = (condition: string) => `
policy d { deny priority 20 subject * action * resource * when ${condition} }
policy a { allow subject * action * resource * }`;
    expectDecision(deny('env.arr contains "root"'), {}, "r", "x", { arr: arr() }, { effect: "deny", policy: "d" });
    expectDecision(deny('"root" in env.arr'), {}, "r", "x", { arr: arr() }, { effect: "deny", policy: "d" });
    expectDecision(deny('env.arr == ["root"]'), {}, "r", "x", { arr: arr() }, { effect: "deny", policy: "d" });
  });

  it("a Proxy whose `get` throws errs in its test, not the whole request", () => {
    const arr = new Proxy(["root"], {
      get(t, k) {
        if (k === "0") throw new Error("trap");
        return Reflect.get(t, k);
      },
    });
    const text = `
policy d { deny priority 20 subject * action "other" resource * when env.arr contains "root" }
policy low { allow subject * action * resource * }`;
    expectDecision(text, {}, "r", "x", { arr }, { effect: "allow", policy: "low" });
  });
});

describe("the depth bound counts from the compared value", () => {
  it("a value 64 deep below a path compares, also when the set reads its parent whole", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 64; i++) deep = [deep];
    const text = `
policy a { allow subject * action * resource * when subject.a.b == env.y }
policy w { allow priority -1 subject * action "never" resource * when subject.a == env.x }`;
    expectDecision(text, { a: { b: deep } }, "r", "read", { y: deep }, { effect: "allow", policy: "a" });
    // One level more errs.
    expectDecision(text, { a: { b: [deep] } }, "r", "read", { y: [deep] }, { effect: "notapplicable", policy: null });
  });
});

describe("shared structures take linear time", () => {
  it("`==`, `in` and `contains` on a value shared 2^40 times over", () => {
    let shared: unknown = [1];
    for (let i = 0; i < 40; i++) shared = [shared, shared];
    let other: unknown = [1];
    for (let i = 0; i < 40; i++) other = [other, other];
    const engine = compile(`
policy eq { allow subject * action "eq" resource * when env.a == env.b }
policy one { allow subject * action "one" resource * when env.a == 1 }
policy "in" { allow subject * action "in" resource * when env.a in env.list }
policy "has" { allow subject * action "has" resource * when env.list contains env.a }
policy subj { allow subject * action "subj" resource * when subject.a == env.b }`);
    const started = performance.now();
    for (const action of ["eq", "one", "in", "has", "subj"]) {
      const env = { a: shared, b: other, list: [other] };
      expectSameAsReference(engine, { a: shared }, "r", action, env);
    }
    expect(engine.evaluate({}, "r", "eq", { a: shared, b: other }).allowed).toBe(true);
    expect(engine.evaluate({ a: shared }, "r", "subj", { b: other }).allowed).toBe(true);
    // Seconds of slack for a busy machine; the exponential walk took years.
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
