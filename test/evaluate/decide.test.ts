import { describe, expect, it } from "vitest";
import { evaluateReference } from "../../src/evaluate/index.js";
import type { PolicySet } from "../../src/model/policy-set.js";
import { allow, cmp, deny, lit, path, patterns, policySet, role, unless, when } from "./builders.js";

const alice = { id: "alice", roles: ["dev"] };
const decide = (set: PolicySet, subject: unknown = alice, env?: unknown, resource: unknown = "doc:1", action: unknown = "read") =>
  evaluateReference(set, subject, resource, action, env);
const missing = path("subject.missing");
const erring = when(missing);

describe("applies (spec §5 steps 1–2)", () => {
  it("an allow applies iff every test is true", () => {
    expect(decide(policySet([allow("a")])).effect).toBe("allow");
    expect(decide(policySet([allow("a", { conditions: [when(lit(true)), when(lit(false))] })])).effect).toBe(
      "notapplicable",
    );
  });

  it("an unless holds when its condition is false", () => {
    expect(decide(policySet([allow("a", { conditions: [unless(lit(false))] })])).effect).toBe("allow");
    expect(decide(policySet([allow("a", { conditions: [unless(lit(true))] })])).effect).toBe("notapplicable");
  });

  it("an erroring allow does not apply", () => {
    const decision = decide(policySet([allow("a", { conditions: [erring] })]));
    expect(decision).toEqual({
      allowed: false,
      effect: "notapplicable",
      policy: null,
      errors: [{ policy: "a", message: "missing attribute subject.missing" }],
    });
  });

  it("an erroring deny applies (fail closed)", () => {
    const set = policySet([allow("ok"), deny("d", { conditions: [erring] })]);
    expect(decide(set)).toEqual({
      allowed: false,
      effect: "deny",
      policy: "d",
      errors: [{ policy: "d", message: "missing attribute subject.missing" }],
    });
  });

  it("an erroring unless counts toward deny too", () => {
    const set = policySet([allow("ok"), deny("d", { conditions: [unless(missing)] })]);
    expect(decide(set).effect).toBe("deny");
  });

  it("an erroring deny does not apply when another of its tests is plainly false", () => {
    const set = policySet([allow("ok"), deny("d", { conditions: [erring, when(lit(false))] })]);
    const decision = decide(set);
    expect(decision.effect).toBe("allow");
    // Its targets are not false and its priority equals the decision's: the error is reported.
    expect(decision.errors).toEqual([{ policy: "d", message: "missing attribute subject.missing" }]);
  });

  it("a condition whose value is not a boolean is an error", () => {
    const decision = decide(policySet([allow("a", { conditions: [when(lit("yes"))] })]));
    expect(decision.effect).toBe("notapplicable");
    expect(decision.errors[0]?.message).toContain("must be a boolean, got string");
    expect(decide(policySet([allow("ok"), deny("d", { conditions: [unless(lit(1))] })])).effect).toBe("deny");
  });

  it("a policy whose target is false is done: its conditions are not evaluated and report nothing", () => {
    const set = policySet([allow("ok"), deny("d", { action: patterns("write"), conditions: [erring] })]);
    expect(decide(set)).toEqual({ allowed: true, effect: "allow", policy: "ok", errors: [] });
  });

  it("a deny whose subject target errs applies: `roles: \"suspended\"` does not dodge `role suspended`", () => {
    const set = policySet([allow("ok"), deny("suspended", { subject: role("suspended") })]);
    const decision = decide(set, { id: "eve", roles: "suspended" });
    expect(decision.effect).toBe("deny");
    expect(decision.policy).toBe("suspended");
    expect(decision.errors[0]?.message).toContain("malformed subject.roles: must be an array of strings");
  });

  it("an allow whose subject target errs does not apply", () => {
    const decision = decide(policySet([allow("admins", { subject: role("admin") })]), { roles: "admin" });
    expect(decision.effect).toBe("notapplicable");
    expect(decision.errors).toHaveLength(1);
  });

  it("a deny with an erring target and a false target does not apply and reports nothing", () => {
    const set = policySet([
      allow("ok"),
      deny("d", { subject: role("suspended"), action: patterns("write") }),
    ]);
    expect(decide(set, { roles: "suspended" })).toEqual({ allowed: true, effect: "allow", policy: "ok", errors: [] });
  });

  it("evaluates every condition of a policy whose targets are not false, even after a false one", () => {
    const set = policySet([allow("a", { conditions: [when(lit(false)), erring] })]);
    expect(decide(set).errors).toEqual([{ policy: "a", message: "missing attribute subject.missing" }]);
  });
});

describe("the decision (spec §5 steps 3–4)", () => {
  it("with no applying policy, the decision is notapplicable and not allowed", () => {
    expect(decide(policySet([]))).toEqual({ allowed: false, effect: "notapplicable", policy: null, errors: [] });
  });

  it("the highest priority among applying policies decides", () => {
    const set = policySet([deny("d", { priority: 5 }), allow("a", { priority: 10 })]);
    expect(decide(set)).toEqual({ allowed: true, effect: "allow", policy: "a", errors: [] });
  });

  it("any deny at the highest priority wins over allows there", () => {
    const set = policySet([allow("a1", { priority: 3 }), deny("d", { priority: 3 }), allow("a2", { priority: 3 })]);
    expect(decide(set)).toEqual({ allowed: false, effect: "deny", policy: "d", errors: [] });
  });

  it("the deciding policy is the first in set order among those of the winning effect at that priority", () => {
    const set = policySet([
      allow("low", { priority: 1 }),
      allow("first", { priority: 2 }),
      deny("lowdeny", { priority: -1 }),
      allow("second", { priority: 2 }),
    ]);
    expect(decide(set).policy).toBe("first");
    const denies = policySet([deny("d1"), allow("a"), deny("d2")]);
    expect(decide(denies).policy).toBe("d1");
  });

  it("handles negative priorities", () => {
    const set = policySet([deny("d", { priority: -5 }), allow("a", { priority: -4 })]);
    expect(decide(set).effect).toBe("allow");
  });
});

describe("errors (spec §5)", () => {
  it("lists errors of policies at priority ≥ the decision's, not of lower ones", () => {
    const set = policySet([allow("top", { priority: 10 }), deny("below", { priority: 5, conditions: [erring] })]);
    expect(decide(set)).toEqual({ allowed: true, effect: "allow", policy: "top", errors: [] });
  });

  it("lists errors of higher-priority policies that did not apply", () => {
    const set = policySet([allow("a"), allow("high", { priority: 9, conditions: [erring] })]);
    const decision = decide(set);
    expect(decision.effect).toBe("allow");
    expect(decision.policy).toBe("a");
    expect(decision.errors).toEqual([{ policy: "high", message: "missing attribute subject.missing" }]);
  });

  it("lists errors at any priority for notapplicable", () => {
    const set = policySet([allow("x", { priority: -100, conditions: [erring] })]);
    expect(decide(set).errors).toHaveLength(1);
  });

  it("is [] when nothing erred", () => {
    expect(decide(policySet([allow("a", { conditions: [when(cmp(path("subject.id"), "==", lit("alice")))] })])).errors).toEqual([]);
  });

  it("lists each erring test with its policy name, in set and test order", () => {
    const set = policySet([
      allow("p1", { conditions: [when(path("subject.x")), unless(path("subject.y"))] }),
      allow("p2", { conditions: [when(path("env.z"))] }),
    ]);
    expect(decide(set).errors).toEqual([
      { policy: "p1", message: "missing attribute subject.x" },
      { policy: "p1", message: "missing attribute subject.y" },
      { policy: "p2", message: "missing attribute env.z" },
    ]);
  });
});

describe("malformed requests (spec §5)", () => {
  const set = policySet([allow("everything")]);
  const malformed = (subject: unknown, resource: unknown, action: unknown, env?: unknown) => {
    const decision = evaluateReference(set, subject, resource, action, env);
    expect(decision.allowed).toBe(false);
    expect(decision.effect).toBe("deny");
    expect(decision.policy).toBeNull();
    expect(decision.errors).toHaveLength(1);
    expect(decision.errors[0]?.policy).toBeNull();
    expect(decision.errors[0]?.message).toMatch(/^malformed request/);
  };

  it("a subject that is not a plain object", () => {
    for (const subject of [null, undefined, "alice", 1, [], new Date(), new (class User {})(), () => 1]) {
      malformed(subject, "doc", "read");
    }
  });

  it("a resource that is neither a string nor a plain object with a string id", () => {
    for (const resource of [null, undefined, 1, [], {}, { id: 1 }, { name: "x" }, new (class R { id = "x" })()]) {
      malformed({}, resource, "read");
    }
    const getter = {
      get id() {
        return "x";
      },
    };
    malformed({}, getter, "read");
  });

  it("an action that is not a string", () => {
    for (const action of [null, undefined, 1, ["read"], { id: "read" }]) malformed({}, "doc", action);
  });

  it("an env that is neither undefined nor a plain object", () => {
    for (const env of [null, "x", 1, [], new Map()]) malformed({}, "doc", "read", env);
  });

  it("a subject Proxy whose traps throw", () => {
    const hostile = new Proxy(
      {},
      {
        getPrototypeOf() {
          throw new Error("boom");
        },
      },
    );
    malformed(hostile, "doc", "read");
  });

  it("accepts a resource object with a string id and other attributes", () => {
    expect(evaluateReference(set, {}, { id: "doc", owner: "x" }, "read", undefined).allowed).toBe(true);
    expect(evaluateReference(set, {}, Object.assign(Object.create(null), { id: "doc" }), "read", {}).allowed).toBe(true);
  });
});

describe("evaluation sees the request as it is at each call", () => {
  it("reflects a role revoked between calls", () => {
    const set = policySet([allow("admins", { subject: role("admin") })]);
    const subject = { roles: ["admin"] };
    expect(decide(set, subject).allowed).toBe(true);
    subject.roles = [];
    expect(decide(set, subject).allowed).toBe(false);
  });
});
