/**
 * Hostile requests: huge arrays, deep and cyclic structures, getters and Proxies. None
 * may crash, hang or be read through a getter; deep `==` errs past depth 64.
 */
import { describe, expect, it } from "vitest";
import { decisionShape, policy, SYSTEMS } from "../spec/systems.js";

function deep(depth: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

function deepArray(depth: number): unknown {
  let value: unknown = [1];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

function cyclic(): Record<string, unknown> {
  const o: Record<string, unknown> = { k: 1 };
  o.a = o;
  return o;
}

function throwingProxy(): unknown {
  const trap = () => {
    throw new Error("trap");
  };
  return new Proxy({}, { get: trap, getOwnPropertyDescriptor: trap, getPrototypeOf: trap, ownKeys: trap, has: trap });
}

let arrays: { big: unknown[]; big2: unknown[]; roles: string[] } | undefined;

/** Million-element arrays, built once: building them costs more than deciding. */
function huge() {
  if (arrays === undefined) {
    const big: unknown[] = Array.from({ length: 1_000_000 }, (_, i) => i);
    big.push("needle");
    arrays = { big, big2: [...big], roles: Array.from({ length: 1_000_000 }, (_, i) => `r${i}`) };
  }
  return arrays;
}

// The million-element cases run on the reference and on the engine (cold, then warm);
// the other engine modes read arrays the same way.
describe.each(SYSTEMS.filter((s) => s.name === "reference interpreter" || s.name === "compiled engine"))("huge requests — $name", (system) => {
  it("handles an array of a million elements in `in`, `contains` and `==`", async () => {
    const decide = await system.load(policy("p", { when: ['"needle" in env.big', "env.big contains 999999", "env.big == env.big2", 'subject.roles contains "admin"'] }));
    const { big, big2, roles } = huge();
    const d = decide({ roles: [...roles, "admin"] }, "tool:x", "a", { big, big2 });
    expect(decisionShape(d)).toEqual({ effect: "allow", policy: "p", errors: false });
  });

  it("handles a subject with a million roles in a role target", async () => {
    const decide = await system.load(policy("p", { subject: "role admin" }));
    const { roles } = huge();
    expect(decide({ roles }, "x", "a").effect).toBe("notapplicable");
    expect(decide({ roles: [...roles, "admin"] }, "x", "a").effect).toBe("allow");
  });
});

describe.each(SYSTEMS)("hostile requests — $name", (system) => {
  it("errs, without a stack overflow, comparing objects nested 10,000 deep", async () => {
    const decide = await system.load(policy("p", { effect: "deny", when: ["env.d == env.d2"] }) + policy("q", { when: "env.e == env.e2" }));
    const d = decide({}, "x", "a", { d: deep(10_000), d2: deep(10_000), e: deepArray(10_000), e2: deepArray(10_000) });
    expect(decisionShape(d)).toEqual({ effect: "deny", policy: "p", errors: true });
  });

  it("compares structures nested below the depth limit", async () => {
    const decide = await system.load(policy("p", { when: "env.d == env.d2" }));
    expect(decide({}, "x", "a", { d: deep(20), d2: deep(20) }).allowed).toBe(true);
    expect(decide({}, "x", "a", { d: deep(20, 1), d2: deep(20, 2) }).allowed).toBe(false);
  });

  it("does not hang comparing cyclic structures", async () => {
    const decide = await system.load(policy("p", { effect: "deny", when: "env.c == env.c2" }) + policy("q", { when: "env.c != env.c2" }));
    const d = decide({}, "x", "a", { c: cyclic(), c2: cyclic() });
    expect(decisionShape(d)).toEqual({ effect: "deny", policy: "p", errors: true });
  });

  it("does not hang on a cyclic array in `in` and `contains`", async () => {
    const decide = await system.load(policy("p", { when: ["env.c in env.list", "env.list contains env.c"] }));
    const list: unknown[] = [1];
    list.push(list);
    const d = decide({}, "x", "a", { c: list, list });
    expect(d.allowed).toBe(false);
  });

  it("handles subjects and env nested 10,000 deep (cache keys, snapshots)", async () => {
    const decide = await system.load(policy("p", { subject: "role admin", when: "subject.org == env.org" }) + policy("q", { when: "subject.org has a" }));
    const d = decide({ roles: ["admin"], org: deep(10_000) }, "x", "a", { org: deep(10_000) });
    expect(decisionShape(d)).toEqual({ effect: "allow", policy: "q", errors: true });
    const cyclicSubject = { roles: ["admin"], org: cyclic() };
    expect(decisionShape(decide(cyclicSubject, "x", "a", { org: cyclic() }))).toEqual({ effect: "allow", policy: "q", errors: true });
  });

  it("handles an env with 100,000 keys and a resource id of a million characters", async () => {
    const decide = await system.load(policy("p", { resource: '"tool:*"', when: "env.k99999 == 99999" }));
    const env = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]));
    expect(decide({}, `tool:${"x".repeat(1_000_000)}`, "a", env).allowed).toBe(true);
  });

  it("never calls a getter, and treats it as missing", async () => {
    let calls = 0;
    const getter = () => {
      calls++;
      return ["admin"];
    };
    const subject = Object.defineProperty({ id: "alice" }, "roles", { get: getter, enumerable: true });
    const env = Object.defineProperty({}, "hour", { get: getter, enumerable: true });
    const decide = await system.load(policy("admins", { subject: "role admin" }) + policy("night", { effect: "deny", when: "env.hour == 3" }) + policy("has", { when: "env has hour", priority: -1 }));
    const d = decide(subject, "x", "a", env);
    expect(decisionShape(d)).toEqual({ effect: "deny", policy: "night", errors: true });
    expect(calls).toBe(0);
  });

  it("never calls a throwing getter", async () => {
    const subject = Object.defineProperty({}, "id", {
      get() {
        throw new Error("boom");
      },
      enumerable: true,
    });
    const decide = await system.load(policy("u", { subject: "user alice" }) + policy("c", { effect: "deny", when: "subject.id == 1" }));
    expect(decisionShape(decide(subject, "x", "a"))).toEqual({ effect: "deny", policy: "c", errors: true });
  });

  it("treats a throwing Proxy inside env as an error, and a deny on it applies", async () => {
    const decide = await system.load(policy("a") + policy("d", { effect: "deny", when: "env.p.x == 1" }));
    expect(decisionShape(decide({}, "x", "a", { p: throwingProxy() }))).toEqual({ effect: "deny", policy: "d", errors: true });
  });

  it("treats a throwing Proxy as a subject attribute as an error, not a crash", async () => {
    const decide = await system.load(policy("a", { subject: "role admin" }) + policy("d", { effect: "deny", subject: "group banned" }));
    const d = decide({ roles: throwingProxy(), groups: throwingProxy() }, "x", "a");
    expect(d.allowed).toBe(false);
    expect(d.errors.length).toBeGreaterThan(0);
  });
});
