import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { evaluateReference } from "../../src/evaluate/index.js";
import { SPEC_EXAMPLE } from "../fixtures/spec-example.js";

// The example of spec §8, plus a top-priority deny for suspended subjects.
const SET = `${SPEC_EXAMPLE}
policy suspended {
  deny
  priority 1000
  subject role suspended
  action *
  resource *
}
`;

const engine = compile([{ name: "example.mcpolicy", text: SET }]);

describe("evaluate", () => {
  it("allows through a role hierarchy", () => {
    const d = engine.evaluate({ id: "bob", roles: ["editor"] }, "tool:read_file", "tools/call");
    expect(d).toEqual({ allowed: true, effect: "allow", policy: "read-tools", errors: [] });
  });

  it("is not applicable when no policy applies", () => {
    const d = engine.evaluate({ id: "bob", roles: ["viewer"], groups: [] }, "tool:write_file", "tools/call", {
      hour: 12,
    });
    expect(d).toEqual({ allowed: false, effect: "notapplicable", policy: null, errors: [] });
  });

  it("lets a higher-priority deny win and names it", () => {
    const d = engine.evaluate({ id: "ann", roles: ["admin"], groups: [] }, "tool:write_file", "tools/call", {
      hour: 3,
    });
    expect(d.allowed).toBe(true); // admins has priority 100 > 50
    const e = engine.evaluate({ id: "ann", roles: ["admin", "suspended"] }, "tool:write_file", "tools/call", {
      hour: 12,
    });
    expect(e).toMatchObject({ allowed: false, effect: "deny", policy: "suspended" });
  });

  it("matches interpolated values literally", () => {
    const subject = { id: "alice", roles: ["editor"] };
    const env = (path: string) => ({ hour: 12, arguments: { path } });
    expect(engine.isAllowed(subject, "tool:write_file", "tools/call", env("/home/alice/notes"))).toBe(true);
    expect(engine.isAllowed(subject, "tool:write_file", "tools/call", env("/home/bob/notes"))).toBe(false);
    for (const id of ["*", "**", "{alice,bob}", "a,b", "?", "[a]", "al*"]) {
      const weird = { id, roles: ["editor"] };
      expect(engine.isAllowed(weird, "tool:write_file", "tools/call", env("/home/alice/notes")), id).toBe(false);
      expect(engine.isAllowed(weird, "tool:write_file", "tools/call", env(`/home/${id}/notes`)), id).toBe(true);
    }
  });

  it("fails closed: an interpolation that cannot apply is an error and the allow does not apply", () => {
    const d = engine.evaluate({ id: "a/b", roles: ["editor"] }, "tool:write_file", "tools/call", {
      hour: 12,
      arguments: { path: "/home/a/b/x" },
    });
    expect(d.allowed).toBe(false);
    expect(d.errors.length).toBeGreaterThan(0);
  });

  it("denies when a deny's condition errs (missing env.hour)", () => {
    const d = engine.evaluate({ id: "ann", roles: ["viewer"] }, "tool:write_x", "tools/call", {});
    expect(d).toMatchObject({ allowed: false, effect: "deny", policy: "no-writes-after-hours" });
    expect(d.errors[0]?.message).toContain("env.hour");
  });

  it("does not let a malformed roles field dodge a role deny", () => {
    const d = engine.evaluate({ id: "x", roles: "suspended" }, "tool:read_file", "tools/call");
    expect(d).toMatchObject({ allowed: false, effect: "deny", policy: "suspended" });
    expect(d.errors.some((e) => e.message.includes("roles"))).toBe(true);
  });

  it("never reads prototypes: __proto__ and constructor keys are plain data or missing", () => {
    const parsed = JSON.parse('{"id":"x","__proto__":{"roles":["admin"]}}');
    expect(engine.isAllowed(parsed, "tool:x", "tools/call")).toBe(false);
    const polluted = Object.create({ roles: ["admin"] });
    expect(engine.evaluate(polluted, "tool:x", "tools/call").effect).toBe("deny"); // not a plain object
    const env = JSON.parse('{"__proto__":{"hour":12}}');
    const d = engine.evaluate({ roles: ["viewer"] }, "tool:write_x", "tools/call", env);
    expect(d.effect).toBe("deny"); // env.hour is missing: the deny errs and applies
  });

  it("treats a getter as a missing attribute and never calls it", () => {
    let called = false;
    const subject = Object.defineProperty({}, "roles", {
      get: () => {
        called = true;
        return ["admin"];
      },
      enumerable: true,
    });
    expect(engine.isAllowed(subject, "tool:x", "tools/call")).toBe(false);
    expect(called).toBe(false);
  });

  it("answers a malformed request with a deny listing every problem", () => {
    const d = engine.evaluate(null, 5, 7, "env");
    expect(d.allowed).toBe(false);
    expect(d.effect).toBe("deny");
    expect(d.policy).toBeNull();
    expect(d.errors.map((e) => e.message.split(":")[0])).toEqual([
      "malformed subject",
      "malformed resource",
      "malformed action",
      "malformed env",
    ]);
    expect(engine.evaluate({}, { id: 3 }, "a").errors[0]?.message).toContain("`id`");
    expect(engine.evaluate([], "r", "a").effect).toBe("deny");
  });

  it("never throws, even for throwing proxies", () => {
    const hostile = new Proxy(
      {},
      {
        getPrototypeOf: () => {
          throw new Error("boom");
        },
      },
    );
    expect(engine.evaluate(hostile, "r", "a").allowed).toBe(false);
    expect(engine.evaluate({ roles: ["viewer"] }, hostile, "tools/call").allowed).toBe(false);
    expect(engine.evaluate({ roles: ["viewer"] }, "tool:write_x", "tools/call", hostile).allowed).toBe(false);
    expect(engine.forSubject(hostile)("r", "a").allowed).toBe(false);
  });

  it("agrees with the reference interpreter on the example", () => {
    const subjects = [
      { id: "alice", roles: ["editor"], groups: ["oncall"] },
      { roles: ["admin"] },
      { id: "x" },
      { roles: ["viewer", 1] },
    ];
    const resources = ["tool:read_file", "tool:write_file", { id: "tool:execute_sh" }];
    for (const subject of subjects) {
      for (const resource of resources) {
        for (const env of [undefined, { hour: 3 }, { hour: 12, arguments: { path: "/home/alice/x" } }]) {
          const want = evaluateReference(engine.policySet, subject, resource, "tools/call", env);
          const got = engine.evaluate(subject, resource, "tools/call", env);
          expect({ ...got, errors: got.errors.length > 0 }).toEqual({ ...want, errors: want.errors.length > 0 });
        }
      }
    }
  });
});

describe("subjects over time", () => {
  it("sees a role revoked between calls (the cache is keyed by content, never stale)", () => {
    const subject = { id: "ann", roles: ["admin"] };
    expect(engine.isAllowed(subject, "tool:x", "tools/call")).toBe(true);
    expect(engine.isAllowed(subject, "tool:x", "tools/call")).toBe(true);
    subject.roles.pop();
    expect(engine.isAllowed(subject, "tool:x", "tools/call")).toBe(false);
    subject.roles.push("admin");
    expect(engine.isAllowed(subject, "tool:x", "tools/call")).toBe(true);
    subject.roles = ["suspended", "admin"];
    expect(engine.isAllowed(subject, "tool:x", "tools/call")).toBe(false);
  });

  it("sees a role element turned into a getter after the subject was cached", () => {
    const subject = { id: "ann", roles: ["admin"] };
    expect(engine.isAllowed(subject, "tool:x", "tools/call")).toBe(true);
    let called = false;
    Object.defineProperty(subject.roles, 0, {
      get: () => {
        called = true;
        return "admin";
      },
    });
    const d = engine.evaluate(subject, "tool:x", "tools/call");
    const reference = evaluateReference(engine.policySet, subject, "tool:x", "tools/call", undefined);
    expect([d.effect, d.policy, d.errors.length > 0]).toEqual([reference.effect, reference.policy, true]);
    expect(d.allowed).toBe(false);
    expect(called).toBe(false);
  });

  it("never serves a cached subject's plan to a subject whose role is a getter", () => {
    const cached = compile(SET, { maxSubjects: 10 });
    expect(cached.isAllowed({ roles: ["admin"] }, "tool:x", "tools/call")).toBe(true);
    const roles: string[] = [];
    Object.defineProperty(roles, 0, { get: () => "admin", enumerable: true });
    const subject = { roles };
    expect(cached.isAllowed(subject, "tool:x", "tools/call")).toBe(false);
    const d = cached.evaluate(subject, "tool:x", "tools/call");
    const reference = evaluateReference(cached.policySet, subject, "tool:x", "tools/call", undefined);
    expect([d.effect, d.policy, d.errors.length > 0]).toEqual([reference.effect, reference.policy, true]);
  });

  it("returns the same frozen Decision for repeated error-free outcomes", () => {
    const subject = { id: "ann", roles: ["admin"] };
    const first = engine.evaluate(subject, "tool:x", "tools/call");
    expect(engine.evaluate({ id: "bob", roles: ["admin"] }, "tool:y", "tools/list")).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.errors)).toBe(true);
  });

  it("sees a condition-only attribute change on a cached subject object", () => {
    const lazy = compile(`policy p { allow subject role r action * resource "tool:a/*" when subject.level > 2 }`);
    const subject = { roles: ["r"], level: 3 };
    expect(lazy.isAllowed(subject, "tool:a/x", "call")).toBe(true);
    expect(lazy.isAllowed(subject, "tool:a/x", "call")).toBe(true);
    subject.level = 1;
    expect(lazy.evaluate(subject, "tool:a/x", "call").effect).toBe("notapplicable");
    Object.defineProperty(subject, "level", { get: () => 3 });
    const d = lazy.evaluate(subject, "tool:a/x", "call");
    expect([d.effect, d.errors.length > 0]).toEqual(["notapplicable", true]);
  });

  it("decides condition-free candidates by priority, then deny over allow, then set order", () => {
    const text = `
policy a { allow subject role r action "call" resource "tool:a/*" }
policy b { deny subject role r action "call" resource * }
policy c { allow priority 5 subject role s action "call" resource "tool:a/*" }
policy d { allow subject role r action "call" resource "tool:a/*" }`;
    const fixed = compile(text);
    const cases: [unknown, string][] = [
      [{ roles: ["r"] }, "tool:a/x"],
      [{ roles: ["r"] }, "tool:a/"],
      [{ roles: ["r"] }, "tool:a/x/y"],
      [{ roles: ["r", "s"] }, "tool:a/x"],
      [{ roles: ["s"] }, "tool:b/x"],
      [{ roles: ["r"] }, "tool:b"],
    ];
    for (const [subject, resource] of cases) {
      for (let round = 0; round < 2; round++) {
        const d = fixed.evaluate(subject, resource, "call");
        const reference = evaluateReference(fixed.policySet, subject, resource, "call", undefined);
        expect([d.effect, d.policy, d.errors.length]).toEqual([
          reference.effect,
          reference.policy,
          reference.errors.length,
        ]);
      }
    }
  });

  it("keeps deciding a deep-frozen subject correctly once it is remembered", () => {
    const subject = Object.freeze({ id: "ann", roles: Object.freeze(["admin"]) });
    for (let i = 0; i < 3; i++) expect(engine.evaluate(subject, "tool:x", "tools/call").policy).toBe("admins");
    const shallow = Object.freeze({ id: "ann", roles: ["admin"] });
    for (let i = 0; i < 3; i++) expect(engine.isAllowed(shallow, "tool:x", "tools/call")).toBe(true);
    shallow.roles.pop();
    expect(engine.isAllowed(shallow, "tool:x", "tools/call")).toBe(false);
  });

  it("never trusts a frozen Proxy subject: its traps run on every call", () => {
    let reads = 0;
    const target = Object.freeze({ id: "ann", roles: Object.freeze(["admin"]) });
    const subject = new Proxy(target, {
      getOwnPropertyDescriptor(t, key) {
        reads++;
        return Reflect.getOwnPropertyDescriptor(t, key);
      },
    });
    for (let i = 0; i < 3; i++) expect(engine.isAllowed(subject, "tool:x", "tools/call")).toBe(true);
    const before = reads;
    engine.isAllowed(subject, "tool:x", "tools/call");
    expect(reads).toBeGreaterThan(before);
  });

  it("sees nested attributes change between calls", () => {
    const subject = { id: "alice", roles: ["editor"] };
    const env = { hour: 12, arguments: { path: "/home/alice/x" } };
    expect(engine.isAllowed(subject, "tool:write_file", "tools/call", env)).toBe(true);
    subject.id = "bob";
    expect(engine.isAllowed(subject, "tool:write_file", "tools/call", env)).toBe(false);
  });

  it("forSubject keeps the subject as it was at the call, at any depth", () => {
    const subject = { id: "alice", roles: ["editor"], groups: ["oncall"] };
    const decide = engine.forSubject(subject);
    subject.roles.length = 0;
    subject.groups.pop();
    subject.id = "mallory";
    const env = { hour: 3, arguments: { path: "/home/alice/x" } };
    expect(decide("tool:write_file", "tools/call", env).allowed).toBe(true);
    expect(engine.isAllowed(subject, "tool:write_file", "tools/call", env)).toBe(false);
  });

  it("shares specializations between equal subjects but not between engines", () => {
    const a = compile(SET, { maxSubjects: 10 });
    const b = compile(SET.replace("priority 1000", "priority -1"), { maxSubjects: 10 });
    const subject = { roles: ["admin", "suspended"] };
    expect(a.isAllowed(subject, "x", "y")).toBe(false);
    expect(b.isAllowed({ roles: ["admin", "suspended"] }, "x", "y")).toBe(true);
    // Cached on the second sight of the content (Doorkeeper), then shared.
    expect(a.cachedSubjects).toBe(0);
    a.isAllowed({ roles: ["admin", "suspended"] }, "z", "y");
    expect(a.cachedSubjects).toBe(1);
    a.isAllowed({ roles: ["suspended", "admin"].reverse() }, "z", "y");
    expect(a.cachedSubjects).toBe(1);
  });

  it("does not cache a subject seen only once", () => {
    const engine = compile(SET, { maxSubjects: 100 });
    for (let i = 0; i < 50; i++) engine.isAllowed({ id: `u${i}`, roles: [`r${i}`] }, "x", "y");
    expect(engine.cachedSubjects).toBe(0);
    for (let i = 0; i < 50; i++) engine.isAllowed({ id: `u${i}`, roles: [`r${i}`] }, "x", "y");
    expect(engine.cachedSubjects).toBe(50);
  });

  it("bounds the cache by maxSubjects and works with it disabled", () => {
    const small = compile(SET, { maxSubjects: 3 });
    for (let round = 0; round < 2; round++)
      for (let i = 0; i < 50; i++) small.isAllowed({ id: `u${i}`, roles: [`r${i}`] }, "x", "y");
    expect(small.cachedSubjects).toBe(3);
    const none = compile(SET, { maxSubjects: 0 });
    const subject = { roles: ["admin"] };
    expect(none.isAllowed(subject, "x", "y")).toBe(true);
    subject.roles = [];
    expect(none.isAllowed(subject, "x", "y")).toBe(false);
    expect(none.cachedSubjects).toBe(0);
  });

  it("bounds the cache by the characters of its keys too (1,024 per subject on average)", () => {
    const engine = compile(SET, { maxSubjects: 100 });
    // Keys of ≈ 10,000 characters: 100 of them held ≈ 1 MB of keys, as much again in plans.
    const big = (i: number) => ({ id: `u${i}-${"x".repeat(10_000)}`, roles: ["admin"] });
    for (let round = 0; round < 2; round++) for (let i = 0; i < 50; i++) engine.isAllowed(big(i), "x", "y");
    expect(engine.cachedSubjects).toBeGreaterThan(0);
    expect(engine.cachedSubjects).toBeLessThanOrEqual((100 * 1024) / 10_000);
    // Ordinary subjects still fill it to maxSubjects.
    for (let round = 0; round < 2; round++) for (let i = 0; i < 150; i++) engine.isAllowed({ id: `u${i}`, roles: [`r${i}`] }, "x", "y");
    expect(engine.cachedSubjects).toBe(100);
    // With room for one subject, the largest key still fits.
    const one = compile(SET, { maxSubjects: 1 });
    const largest = { id: "x".repeat(16_000), roles: ["admin"] };
    for (let round = 0; round < 2; round++) one.isAllowed(largest, "x", "y");
    expect(one.cachedSubjects).toBe(1);
  });
});

describe("explain and couldAllow", () => {
  it("explains with the same decision as evaluate", () => {
    const subject = { id: "alice", roles: ["editor"] };
    const explanation = engine.explain(subject, "tool:read_file", "tools/call");
    expect(explanation.decision).toEqual(engine.evaluate(subject, "tool:read_file", "tools/call"));
    expect(explanation.policies).toHaveLength(engine.policySet.policies.length);
  });

  it("says whether some arguments could allow a call", () => {
    const subject = { id: "alice", roles: ["editor"] };
    expect(engine.couldAllow(subject, "tool:write_file", "tools/call", { hour: 12 })).toBe(true);
    expect(engine.couldAllow({ roles: [] }, "tool:write_file", "tools/call", { hour: 12 })).toBe(false);
  });
});
